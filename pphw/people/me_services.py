"""Writes a person makes to their own record.

Every write records the person as the author in history. Edits to versioned
records go through the shared version guard, so a practitioner's change made
in the meantime is never silently overwritten (and vice versa).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max

from conversations.models import Preparation
from outcomes.models import Outcome, Reflection, Step
from outcomes.vocabulary import StepStatus, StepWho
from pphw.people.models import Person, User
from pphw.versioning import save_versioned


class ClosedOutcome(Exception):
    """The outcome is no longer being worked on, so nothing new can be added to it."""


@transaction.atomic
def outcome_reword(
    *, outcome: Outcome, by: User, statement: str, why_it_matters: str, expected_version: int
) -> Outcome:
    """The person rewords their outcome. Raises VersionConflict if it changed meanwhile."""
    outcome.statement = statement
    outcome.why_it_matters = why_it_matters
    return save_versioned(
        outcome, expected_version=expected_version, user=by, reason="Reworded by the person"
    )


@transaction.atomic
def own_step_add(
    *, outcome: Outcome, by: User, what: str, due_on: datetime.date | None = None
) -> Step:
    """A small step the person adds for themselves, at the end of the outcome's list."""
    if not outcome.is_open:
        raise ClosedOutcome
    last = outcome.steps.aggregate(last=Max("order"))["last"]
    step = Step(
        outcome=outcome,
        what=what,
        due_on=due_on,
        who=StepWho.PERSON,
        who_name="",
        added_by_person=True,
        order=(last or 0) + 1,
    )
    step._history_user = by
    step._change_reason = "Added by the person"
    step.save()
    return step


@transaction.atomic
def own_step_complete(*, step: Step, by: User, expected_version: int) -> Step:
    """The person marks a step they are doing as done (today)."""
    step.set_status(StepStatus.DONE)
    return save_versioned(
        step, expected_version=expected_version, user=by, reason="Marked done by the person"
    )


@transaction.atomic
def reflection_add(*, outcome: Outcome, by: User, text: str, rating: int | None) -> Reflection:
    reflection = Reflection(outcome=outcome, author=by, text=text, rating=rating)
    reflection._history_user = by
    reflection.save()
    return reflection


def open_preparation(person: Person) -> Preparation | None:
    """The latest preparation note not yet talked about in a conversation, if any."""
    return person.preparations.filter(conversation__isnull=True).first()


@transaction.atomic
def preparation_save(
    *,
    person: Person,
    by: User,
    talk_about: str,
    matters_most: str,
    going_well: str,
    preparation: Preparation | None = None,
    expected_version: int | None = None,
) -> Preparation:
    """Update the open preparation note (through the version guard), or start a new one."""
    if preparation is None:
        preparation = Preparation(person=person)
    preparation.talk_about = talk_about
    preparation.matters_most = matters_most
    preparation.going_well = going_well
    if preparation.pk:
        return save_versioned(
            preparation, expected_version=expected_version or 0, user=by, reason=""
        )
    preparation._history_user = by
    preparation.save()
    return preparation


RECENT_FOR_STAFF = 5


def person_contributions(person: Person) -> dict:
    """What the person wrote themselves, for staff pages: three queries at most.

    The latest preparation note (talked about or not), their recent reflections
    across all current outcomes, and the state of their own login.
    """
    reflections = list(
        Reflection.objects.filter(outcome__person=person, entered_in_error=False)
        .exclude(outcome__lifecycle_status="entered-in-error")
        .select_related("outcome")
        .order_by("-created_at", "-id")[:RECENT_FOR_STAFF]
    )
    login = None
    if person.user_id is not None:
        login = User.objects.filter(pk=person.user_id).first()
    return {
        "latest_preparation": person.preparations.select_related("conversation")
        .order_by("-created_at", "-id")
        .first(),
        "recent_reflections": reflections,
        "own_login": login,
    }
