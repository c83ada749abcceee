"""The one place that decides who sees and changes what.

Staff see the people of the teams they belong to, and everything about them.
A person sees only their own record, through the ``me`` pages. Anything the
user may not see answers 404, so that its existence does not leak; where a
role may read but not write, the read-write helpers raise 403.

Every view fetches care records through these helpers or scoped querysets.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from pphw.people.models import Person, Team
from pphw.people.roles import Roles, roles_for


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


def can_write(user) -> bool:
    """Practitioners and leads may change the records of their teams."""
    return roles_for(user).is_staff_member


def _require_write(user) -> None:
    if not can_write(user):
        raise PermissionDenied("You may read this record but not change it.")


# --- teams -------------------------------------------------------------------


def teams_for_user(user) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=roles_for(user).team_ids)


def lead_teams_for_user(user) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=roles_for(user).lead_team_ids)


# --- people ------------------------------------------------------------------


def people_for_user(user) -> QuerySet[Person]:
    """The people whose records a staff user may see: those of their teams."""
    return Person.objects.filter(team_id__in=roles_for(user).team_ids)


def get_person_for_user(user, pk) -> Person:
    return get_object_or_404(people_for_user(user).select_related("team", "key_worker"), pk=pk)


def get_rw_person_for_user(user, pk) -> Person:
    person = get_person_for_user(user, pk)
    _require_write(user)
    return person


def own_person(user) -> Person:
    """The person record of a signed-in person (404 for anyone else)."""
    person_id = roles_for(user).person_id
    if person_id is None:
        raise Http404("No such page.")
    return get_object_or_404(Person.objects.select_related("team", "key_worker"), pk=person_id)


# --- conversations, outcomes, steps, reviews ---------------------------------


def conversations_for_user(user):
    from conversations.models import Conversation

    return Conversation.objects.filter(person__team_id__in=roles_for(user).team_ids)


def get_conversation_for_user(user, pk):
    return get_object_or_404(
        conversations_for_user(user).select_related("person", "person__team", "practitioner"),
        pk=pk,
    )


def get_rw_conversation_for_user(user, pk):
    conversation = get_conversation_for_user(user, pk)
    _require_write(user)
    return conversation


def outcomes_for_user(user):
    from outcomes.models import Outcome

    return Outcome.objects.filter(person__team_id__in=roles_for(user).team_ids)


def get_outcome_for_user(user, pk):
    return get_object_or_404(
        outcomes_for_user(user).select_related("person", "person__team", "conversation"), pk=pk
    )


def get_rw_outcome_for_user(user, pk):
    outcome = get_outcome_for_user(user, pk)
    _require_write(user)
    return outcome


def steps_for_user(user):
    from outcomes.models import Step

    return Step.objects.filter(outcome__person__team_id__in=roles_for(user).team_ids)


def get_step_for_user(user, pk):
    return get_object_or_404(
        steps_for_user(user).select_related("outcome", "outcome__person"), pk=pk
    )


def get_rw_step_for_user(user, pk):
    step = get_step_for_user(user, pk)
    _require_write(user)
    return step


def reviews_for_user(user):
    from reviews.models import Review

    return Review.objects.filter(outcome__person__team_id__in=roles_for(user).team_ids)


def get_review_for_user(user, pk):
    return get_object_or_404(
        reviews_for_user(user).select_related("outcome", "outcome__person", "reviewed_by"),
        pk=pk,
    )


# --- a person's own records ---------------------------------------------------


def own_outcomes(user):
    from outcomes.models import Outcome

    person_id = roles_for(user).person_id
    if person_id is None:
        raise Http404("No such page.")
    return Outcome.objects.filter(person_id=person_id).current()


def get_own_outcome(user, pk):
    return get_object_or_404(own_outcomes(user).select_related("person"), pk=pk)


def own_steps(user):
    from outcomes.models import Step

    person_id = roles_for(user).person_id
    if person_id is None:
        raise Http404("No such page.")
    return Step.objects.filter(outcome__person_id=person_id).current()


def get_own_step(user, pk):
    return get_object_or_404(own_steps(user).select_related("outcome"), pk=pk)


def get_own_rw_step(user, pk):
    """A step the person may change: one of theirs (``who`` is the person) on an outcome of theirs.

    Another person's step, or one on an outcome entered in error, answers 404;
    a step of their own record that someone else is doing answers 403.
    """
    from outcomes.vocabulary import StepWho

    step = get_object_or_404(
        own_steps(user)
        .exclude(outcome__lifecycle_status="entered-in-error")
        .select_related("outcome"),
        pk=pk,
    )
    if step.who != StepWho.PERSON:
        raise PermissionDenied("Only steps that you are doing can be changed here.")
    return step
