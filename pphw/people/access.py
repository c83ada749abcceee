"""The access policy: who may open which page, and what a stranger is told.

Which rows a user may see is answered by the QuerySets (``visible_to(user)``,
built on :mod:`pphw.people.roles`); this module turns that into answers. Staff
see the people of the teams they belong to, and everything about them. A
person sees only their own record, through the ``me`` pages. Anything the user
may not see answers 404, so that its existence does not leak; where a role may
read a record but not make a change, the answer is 403.

Every view fetches care records through :func:`get_for_user` or
:func:`get_rw_for_user` with a QuerySet of the model it wants, but for the two
pages staff open most, which read their record by a statement built once per
process under the same rule (the people of the staff member's teams): a
person's record (:func:`staff_person`) and an outcome
(``outcomes.queries.outcome_for_staff``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F, Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from pphw.people.models import Person, Team
from pphw.people.roles import Roles, roles_for
from pphw.statements import AnyOf, Ids, statement_models

# The largest id a row can have (a bigint): a larger one in a URL names no row.
LARGEST_ID = 2**63 - 1

READ_ONLY = "You may read this record but not change it."
CLOSED = (
    "This record is closed: it is kept for its retention period and can no longer be "
    "changed. A member of staff can reopen it if support starts again."
)


def roles(user) -> Roles:
    return roles_for(user)


def require_staff_member(user) -> Roles:
    """Staff pages: a signed-in user with no team membership gets 404."""
    user_roles = roles_for(user)
    if not user_roles.is_staff_member:
        raise Http404("No such page.")
    return user_roles


def require_lead(user) -> Roles:
    """Team reports: people get 404, practitioners 403."""
    user_roles = require_staff_member(user)
    if not user_roles.is_lead:
        raise PermissionDenied("Only team leads can open team reports.")
    return user_roles


def require_person(user) -> Roles:
    """A person's own pages: anyone who is not the person of a record gets 404."""
    user_roles = roles_for(user)
    if not user_roles.is_person:
        raise Http404("No such page.")
    return user_roles


NOT_FOR_DELEGATES = (
    "You are looking at {name}'s plan for them. Only {name} can do this: "
    "switch back to your own pages to do it for yourself."
)
SEE_ONLY = "You may see {name}'s plan, but {name} has not asked you to help change it."
OWN_WORDS_ONLY = "Only {name} can change the words of their own outcomes."


def require_self(user) -> Roles:
    """Pages only the person themselves may use (who has access, who has looked).

    404 for anyone who is not the person of a record; 403 for a delegate.
    """
    user_roles = require_person(user)
    if user_roles.acting is not None:
        raise PermissionDenied(NOT_FOR_DELEGATES.format(name=user_roles.acting.person_name))
    return user_roles


def require_may_help(user) -> Roles:
    """A change on the ``me`` pages: the person, or a delegate who may "see and help" (else 403)."""
    user_roles = require_person(user)
    if not user_roles.may_change:
        raise PermissionDenied(SEE_ONLY.format(name=user_roles.acting.person_name))
    return user_roles


def require_own_words(user) -> Roles:
    """The person's own words (outcome statements, how it is going): never a delegate's."""
    user_roles = require_person(user)
    if user_roles.acting is not None:
        raise PermissionDenied(OWN_WORDS_ONLY.format(name=user_roles.acting.person_name))
    return user_roles


def can_write(user) -> bool:
    """Practitioners and leads may change the records of their teams."""
    return roles_for(user).is_staff_member


def require(allowed: bool, message: str = READ_ONLY) -> None:
    """Refuse with 403 a change the user may see but not make."""
    if not allowed:
        raise PermissionDenied(message)


def get_for_user(user, queryset: QuerySet, pk) -> Model:
    """The row ``pk`` of ``queryset`` if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def get_rw_for_user(user, queryset: QuerySet, pk) -> Model:
    """As :func:`get_for_user`, and 403 when the user may only read it or it is closed."""
    obj = get_for_user(user, queryset, pk)
    require(can_write(user))
    require_open(queryset.person_of(obj))
    return obj


def _staff_person(person: int, teams: Ids) -> QuerySet:
    # Staff see the people of their teams (roles.visible_filter), as one list parameter,
    # so that the statement is the same for any number of teams. The person's id is a
    # value of its own: PostgreSQL then keeps one plan for it.
    return Person.objects.filter(AnyOf(F("team_id"), teams), pk=person)


def staff_person(user, pk: int, *, write: bool = False) -> Person:
    """The person ``pk`` with their team, key worker and login, for a member of staff
    whose teams hold them (404 otherwise; 403 for a change by a read-only role or to
    a closed record, with ``write``): one statement, built once per process."""
    user_roles = require_staff_member(user)
    found = []
    if 0 < pk <= LARGEST_ID and user_roles.team_ids:
        found = statement_models(
            "staff-person",
            Person,
            ("team", "key_worker", "user"),
            _staff_person,
            person=pk,
            prepare=True,
            teams=Ids(sorted(user_roles.team_ids)),
        )
    if not found:
        raise Http404("No such person.")
    person = found[0]
    if write:
        require(can_write(user))
        require_open(person)
    return person


def require_open(person: Person) -> None:
    """Refuse with 403 any change to a closed record (reopening it is its own action)."""
    require(person is not None and not person.is_closed, CLOSED)


def teams_for_user(user) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=roles_for(user).team_ids)


def lead_teams_for_user(user) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=roles_for(user).lead_team_ids)


def own_person(user) -> Person:
    """The person record of a signed-in person (404 for anyone else)."""
    person_id = require_person(user).person_id
    return get_object_or_404(
        Person.objects.select_related("team", "key_worker", "user"), pk=person_id
    )


def require_account_admin(user) -> None:
    """Pages that change someone else's sign-in (resetting a second factor).

    Staff admins who may remove authenticator devices; anyone else gets 404.
    """
    if not (user.is_staff and user.has_perm("otp_totp.delete_totpdevice")):
        raise Http404("No such page.")
