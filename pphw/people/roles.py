"""Who a signed-in user is, worked out once per request, and which rows that lets them see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet

from pphw.statements import record_rows

# The session key that holds whose record a delegate has chosen to act on.
ACT_FOR_SESSION_KEY = "pphw_act_for"


@dataclass(frozen=True)
class Acting:
    """One person's record that the user may open as a delegate, while the access lasts."""

    delegation_id: int
    person_id: int
    person_name: str
    relationship: str
    scope: str

    @property
    def may_help(self) -> bool:
        return self.scope == "help"

    @property
    def for_words(self) -> str:
        """How history says who the delegate acted for: "for Isla, as her friend"."""
        return f"for {self.person_name}, as {self.relationship}"


@dataclass(frozen=True)
class Roles:
    """Who the user is in this request.

    ``person_id`` is the record the ``me`` pages show: the user's own, or the
    one they chose to act on as a delegate (``acting``). ``own_person_id`` is
    their own record, if they have one; ``delegations`` every record they may
    act on today.
    """

    team_ids: frozenset[int] = field(default_factory=frozenset)
    lead_team_ids: frozenset[int] = field(default_factory=frozenset)
    person_id: int | None = None
    own_person_id: int | None = None
    acting: Acting | None = None
    delegations: tuple[Acting, ...] = ()

    @property
    def is_staff_member(self) -> bool:
        return bool(self.team_ids)

    @property
    def is_lead(self) -> bool:
        return bool(self.lead_team_ids)

    @property
    def is_person(self) -> bool:
        return self.person_id is not None

    @property
    def is_delegate(self) -> bool:
        """The ``me`` pages show someone else's record, for whom the user is a delegate."""
        return self.acting is not None

    @property
    def may_change(self) -> bool:
        """The person, or a delegate who may "see and help"."""
        return self.is_person and (self.acting is None or self.acting.may_help)

    @property
    def has_choice(self) -> bool:
        """More than one record to move between without signing out."""
        return len(self.delegations) + (self.own_person_id is not None) > 1


def roles_for(user) -> Roles:
    """The user's teams and person record, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_pphw_roles", None)
    if cached is not None:
        return cached
    from pphw.people.models import Membership, Person

    team_ids, lead_ids = set(), set()
    for team_id, role in record_rows("user-memberships", Membership, _memberships, user.pk):
        team_ids.add(team_id)
        if role == Membership.Role.LEAD:
            lead_ids.add(team_id)
    person_id = own_id = acting = None
    delegations: tuple[Acting, ...] = ()
    if not team_ids:
        # Staff are never also "the person" of a record, nor anyone's delegate.
        own_id = person_id = Person.objects.filter(user=user).values_list("pk", flat=True).first()
        delegations = _delegations_of(user)
        # Checked on every request: ended or expired access gives nothing at once.
        chosen = getattr(user, "_pphw_act_for", None)
        acting = next((d for d in delegations if d.person_id == chosen), None)
        if acting is not None:
            person_id = acting.person_id
    roles = Roles(frozenset(team_ids), frozenset(lead_ids), person_id, own_id, acting, delegations)
    user._pphw_roles = roles
    return roles


def _memberships(user_id: int) -> QuerySet:
    # Every staff request reads these: the statement is built once per process.
    from pphw.people.models import Membership

    return Membership.objects.filter(user_id=user_id).values_list("team_id", "role")


def _delegations_of(user) -> tuple[Acting, ...]:
    """The records ``user`` may act on today as a delegate, in one query."""
    from pphw.people.models import Delegation

    rows = (
        Delegation.objects.active()
        .filter(delegate=user, person__closed_on__isnull=True)
        .exclude(person__user=user)
        .order_by("person__given_name", "person_id", "scope")
        .values_list(
            "pk",
            "person_id",
            "person__given_name",
            "person__preferred_name",
            "relationship",
            "scope",
        )
    )
    seen, found = set(), []
    for pk, person_id, given, preferred, relationship, scope in rows:
        if person_id in seen:
            continue  # two grants for one record: "help" sorts first and counts
        seen.add(person_id)
        found.append(Acting(pk, person_id, preferred or given, relationship, scope))
    return tuple(found)


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
