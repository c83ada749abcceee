"""Who a signed-in user is, worked out once per request."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Roles:
    team_ids: frozenset[int] = field(default_factory=frozenset)
    lead_team_ids: frozenset[int] = field(default_factory=frozenset)
    person_id: int | None = None

    @property
    def is_staff_member(self) -> bool:
        return bool(self.team_ids)

    @property
    def is_lead(self) -> bool:
        return bool(self.lead_team_ids)

    @property
    def is_person(self) -> bool:
        return self.person_id is not None


def roles_for(user) -> Roles:
    """The user's teams and person record, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_pphw_roles", None)
    if cached is not None:
        return cached
    from pphw.people.models import Membership, Person

    team_ids, lead_ids = set(), set()
    for team_id, role in Membership.objects.filter(user=user).values_list("team_id", "role"):
        team_ids.add(team_id)
        if role == Membership.Role.LEAD:
            lead_ids.add(team_id)
    person_id = None
    if not team_ids:
        # Staff are never also "the person" of a record; only look when not staff.
        person_id = Person.objects.filter(user=user).values_list("pk", flat=True).first()
    roles = Roles(frozenset(team_ids), frozenset(lead_ids), person_id)
    user._pphw_roles = roles
    return roles
