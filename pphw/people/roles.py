"""Who a signed-in user is, worked out once per request, and which rows that lets them see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Q


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


def visible_filter(user, person_path: str) -> Q | None:
    """The rows about people that ``user`` may see, or None when they may see none.

    ``person_path`` leads from the model to the person the row is about (``""``
    for a person, ``"person"`` for an outcome, ``"outcome__person"`` for a
    step). Staff see the people of their teams; a person sees their own record.
    """
    roles = roles_for(user)
    prefix = f"{person_path}__" if person_path else ""
    own = f"{person_path}_id" if person_path else "pk"
    condition = None
    if roles.team_ids:
        condition = Q(**{f"{prefix}team_id__in": roles.team_ids})
    if roles.person_id is not None:
        mine = Q(**{own: roles.person_id})
        condition = mine if condition is None else condition | mine
    return condition


class PersonScopedQuerySet(models.QuerySet):
    """A QuerySet of rows about one person each, that knows who may see them.

    Subclasses name the path from their model to the person in ``person_path``.
    """

    person_path = "person"

    @classmethod
    def person_of(cls, obj):
        """The person ``obj`` is about, following ``person_path``."""
        for name in filter(None, cls.person_path.split("__")):
            obj = getattr(obj, name)
        return obj

    def visible_to(self, user):
        condition = visible_filter(user, self.person_path)
        if condition is None:
            return self.none()
        return self.filter(condition)


def second_factor_required(user) -> bool:
    """Whether ``user`` must sign in with a second factor (``MFA_REQUIRED``).

    Required of everyone who can open care records or administer the site:
    practitioners, team leads and staff admins. People who use support may
    turn it on for themselves.
    """
    if not getattr(settings, "MFA_REQUIRED", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or roles_for(user).is_staff_member)
