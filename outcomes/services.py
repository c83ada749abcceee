"""Writes to outcomes and their small steps.

Every write records the acting user in history; edits go through the version
guard (:func:`pphw.versioning.save_versioned`) so that no change silently
overwrites another.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from conversations.models import Conversation
from conversations.services import refiling_wording
from outcomes.models import Outcome, Reflection, Step
from outcomes.vocabulary import OPEN_LIFECYCLES, StepStatus, StepWho
from pphw.audit.models import RecordAccess
from pphw.entered_in_error import RecordEnteredInError
from pphw.people.models import Person, Refiling, User
from pphw.people.services import refiling_record
from pphw.people.signals import care_records_changed, record_shown_changed
from pphw.versioning import save_versioned

__all__ = [
    "OutcomeClosed",
    "RecordEnteredInError",
    "outcome_create",
    "outcome_mark_entered_in_error",
    "outcome_move",
    "outcome_reword",
    "outcome_update",
    "reflection_add",
    "step_create",
    "step_mark_entered_in_error",
    "step_move",
    "step_set_status",
    "step_update",
]


# The pages whose address names an outcome, one of its steps or one of its
# reviews: a look at one of them is a look at the outcome. (A look at the move
# page itself stays in both people's logs: it is the trace of the move.)
OUTCOME_PAGES = (
    "outcomes:detail",
    "outcomes:edit",
    "outcomes:history",
    "outcomes:entered_in_error",
    "outcomes:step_create",
    "reviews:create",
)
STEP_PAGES = (
    "outcomes:step_edit",
    "outcomes:step_status",
    "outcomes:step_move",
    "outcomes:step_entered_in_error",
)
REVIEW_PAGES = ("reviews:detail",)


class OutcomeClosed(Exception):
    """The outcome is no longer being worked on, so the person cannot add to it."""


@transaction.atomic
def outcome_create(
    *, person: Person, by: User, conversation: Conversation | None = None, **fields
) -> Outcome:
    """Record a personal outcome and schedule its first review one interval from today."""
    if conversation is not None and conversation.person_id != person.pk:
        raise ValueError("The conversation belongs to someone else.")
    outcome = Outcome(person=person, conversation=conversation, **fields)
    outcome.schedule_next_review()
    outcome._history_user = by
    outcome.save()
    care_records_changed.send(Outcome, outcome_ids=[outcome.pk])
    return outcome


@transaction.atomic
def outcome_update(
    *, outcome: Outcome, by: User, expected_version: int, reason: str = "", **fields
) -> Outcome:
    """Change ``outcome``'s ``fields`` through the version guard.

    A new review interval moves the next review date by the difference, so the
    date stays counted from the same starting point; an outcome re-opened
    without a review date gets one from today.
    """
    if outcome.is_entered_in_error:
        raise RecordEnteredInError("This outcome was entered in error.")
    # Read from the database: a bound model form has already set the new value.
    stored = Outcome.objects.filter(pk=outcome.pk).values("review_interval_days").first()
    old_interval = stored["review_interval_days"] if stored else outcome.review_interval_days
    for name, value in fields.items():
        setattr(outcome, name, value)
    if outcome.next_review_due is not None and old_interval != outcome.review_interval_days:
        outcome.next_review_due += datetime.timedelta(
            days=outcome.review_interval_days - old_interval
        )
    if outcome.lifecycle_status in OPEN_LIFECYCLES and outcome.next_review_due is None:
        outcome.schedule_next_review()
    save_versioned(outcome, expected_version=expected_version, user=by, reason=reason)
    care_records_changed.send(Outcome, outcome_ids=[outcome.pk])
    return outcome


@transaction.atomic
def outcome_reword(
    *, outcome: Outcome, by: User, statement: str, why_it_matters: str, expected_version: int
) -> Outcome:
    """The person rewords their outcome. Raises VersionConflict if it changed meanwhile."""
    if outcome.is_entered_in_error:
        raise RecordEnteredInError("This outcome was entered in error.")
    outcome.statement = statement
    outcome.why_it_matters = why_it_matters
    save_versioned(
        outcome, expected_version=expected_version, user=by, reason="Reworded by the person"
    )
    if outcome.person_id is not None:
        team_id = Person.objects.filter(pk=outcome.person_id).values_list("team_id", flat=True)
        record_shown_changed.send(Outcome, team_ids=list(team_id))
    return outcome


@transaction.atomic
def outcome_mark_entered_in_error(
    *, outcome: Outcome, by: User, reason: str, expected_version: int
) -> Outcome:
    """Take a wrongly created outcome (and its steps) out of working lists; never delete it."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to mark an outcome entered in error.")
    if outcome.is_entered_in_error:
        raise RecordEnteredInError("This outcome was already entered in error.")
    outcome.mark_entered_in_error(reason=reason)
    save_versioned(
        outcome, expected_version=expected_version, user=by, reason=f"Entered in error: {reason}"
    )
    for step in outcome.steps.current().select_for_update():
        step.mark_entered_in_error(reason="Its outcome was entered in error.")
        save_versioned(
            step,
            expected_version=step.version,
            user=by,
            reason=f"Its outcome was entered in error: {reason}",
        )
    care_records_changed.send(Outcome, outcome_ids=[outcome.pk])
    return outcome


@transaction.atomic
def step_create(
    *, outcome: Outcome, by: User, by_person: bool = False, reason: str = "", **fields
) -> Step:
    """Add a small step at the end of the outcome's list.

    The outcome is locked while the step is numbered, so two steps added at
    once never share a place. A step the person adds for themselves
    (``by_person``) is theirs to do, is marked as added by them, and can only
    be added to an outcome still being worked on (raises :class:`OutcomeClosed`).
    ``reason`` is the history's change reason (a delegate's says for whom).
    """
    locked = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if locked.is_entered_in_error:
        raise RecordEnteredInError("This outcome was entered in error; no steps can be added.")
    if by_person and not locked.is_open:
        raise OutcomeClosed("This outcome is closed, so no steps can be added.")
    last = locked.steps.aggregate(last=Max("order"))["last"]
    step = Step(outcome=outcome, order=0 if last is None else last + 1, **fields)
    if by_person:
        step.who, step.who_name, step.added_by_person = StepWho.PERSON, "", True
        step._change_reason = "Added by the person"
    if reason:
        step._change_reason = reason
    if step.status == StepStatus.DONE and step.done_on is None:
        step.done_on = timezone.localdate()
    step._history_user = by
    step.save()
    if step.done_on is not None:
        care_records_changed.send(
            Step, outcome_ids=[outcome.pk], days=[step.done_on], outcomes=False
        )
    return step


@transaction.atomic
def outcome_move(
    *,
    outcome: Outcome,
    by: User,
    to_person: Person | None,
    reason: str,
    expected_version: int,
) -> Refiling:
    """Move an outcome recorded against the wrong person, with its steps, reviews and
    reflections, to the right person; or withdraw it when the right person is not known.

    From then on nothing of it is shown to the person it was wrongly filed
    against: not their record, history, plan, downloads or "who looked". A link
    to a conversation of the wrong person is dropped. Raises VersionConflict if
    the outcome changed since ``expected_version``.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to move an outcome.")
    from_person = outcome.person
    if to_person is not None and to_person.pk == from_person.pk:
        raise ValueError("The outcome is already on this person's record.")
    looks = RecordAccess.objects.filter(person=from_person).filter(
        Q(url_name__in=OUTCOME_PAGES, object_pk=outcome.pk)
        | Q(url_name__in=STEP_PAGES, object_pk__in=outcome.steps.values("pk"))
        | Q(url_name__in=REVIEW_PAGES, object_pk__in=outcome.reviews.values("pk"))
    )
    wording = refiling_wording(to_person, reason)
    to_person_id = to_person.pk if to_person is not None else None
    outcome.person = to_person
    if outcome.conversation_id is not None and outcome.conversation.person_id != to_person_id:
        outcome.conversation = None
    save_versioned(outcome, expected_version=expected_version, user=by, reason=wording)
    for review in outcome.reviews.filter(conversation__isnull=False).select_related("conversation"):
        if review.conversation.person_id != to_person_id:
            review.conversation = None
            review._history_user = by
            review._change_reason = "Its conversation belongs to another person's record."
            review.save()
    care_records_changed.send(
        Outcome,
        outcome_ids=[outcome.pk],
        team_ids=[from_person.team_id] if from_person is not None else [],
    )
    return refiling_record(
        kind=Refiling.Kind.OUTCOME,
        record_id=outcome.pk,
        from_person=from_person,
        to_person=to_person,
        by=by,
        reason=reason,
        looks=list(looks.values_list("pk", flat=True)),
    )


def _stored_done_on(step: Step) -> datetime.date | None:
    """The date the step was done as stored (a bound form may have changed the instance)."""
    return Step.objects.filter(pk=step.pk).values_list("done_on", flat=True).first()


def _step_counted(step: Step, done_before: datetime.date | None) -> None:
    """Tell the report's counts about a step written: the days it was and is done on."""
    days = [day for day in (done_before, step.done_on) if day is not None]
    if days:
        care_records_changed.send(Step, outcome_ids=[step.outcome_id], days=days, outcomes=False)


def _refuse_if_in_error(step: Step) -> None:
    if step.is_entered_in_error:
        raise RecordEnteredInError("This small step was entered in error.")


@transaction.atomic
def step_update(*, step: Step, by: User, expected_version: int, reason: str = "", **fields) -> Step:
    """Change ``step``'s ``fields`` through the version guard; a done step keeps a date."""
    _refuse_if_in_error(step)
    done_before = _stored_done_on(step)
    for name, value in fields.items():
        setattr(step, name, value)
    if step.status == StepStatus.DONE and step.done_on is None:
        step.done_on = timezone.localdate()
    elif step.status != StepStatus.DONE:
        step.done_on = None
    save_versioned(step, expected_version=expected_version, user=by, reason=reason)
    _step_counted(step, done_before)
    return step


@transaction.atomic
def step_set_status(
    *,
    step: Step,
    by: User,
    status: str,
    expected_version: int,
    on: datetime.date | None = None,
    reason: str = "",
) -> Step:
    """Mark a step planned, in progress, done (recording the date) or not going ahead."""
    _refuse_if_in_error(step)
    if status not in StepStatus.values:
        raise ValueError(f"Unknown step status {status!r}.")
    done_before = _stored_done_on(step)
    step.set_status(status, on=on)
    save_versioned(step, expected_version=expected_version, user=by, reason=reason)
    _step_counted(step, done_before)
    return step


@transaction.atomic
def step_move(*, step: Step, by: User, direction: str, expected_version: int) -> Step:
    """Swap a step with its neighbour above (``"up"``) or below (``"down"``).

    The list is renumbered 0, 1, 2, ... first so that equal order numbers
    cannot stop a move. The moved step is guarded by its version; the
    neighbour is saved with a reason so both moves read plainly in history.
    """
    _refuse_if_in_error(step)
    if direction not in ("up", "down"):
        raise ValueError(f"Unknown direction {direction!r}.")
    siblings = list(
        Step.objects.current()
        .filter(outcome_id=step.outcome_id)
        .select_for_update()
        .order_by("order", "id")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == step.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return step
    siblings[index], siblings[other] = siblings[other], siblings[index]
    moved_word = "Moved up" if direction == "up" else "Moved down"
    for position, sibling in enumerate(siblings):
        if sibling.pk == step.pk:
            step.order = position
            save_versioned(step, expected_version=expected_version, user=by, reason=moved_word)
        elif sibling.order != position:
            sibling.order = position
            sibling._history_user = by
            sibling._change_reason = (
                f"Moved {'down' if direction == 'up' else 'up'} to make room for another step"
                if sibling.pk == siblings[index].pk
                else "Renumbered"
            )
            sibling.save()
    return step


@transaction.atomic
def step_mark_entered_in_error(*, step: Step, by: User, reason: str, expected_version: int) -> Step:
    """Take a wrongly added step out of working lists; it stays in history."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to mark a small step entered in error.")
    _refuse_if_in_error(step)
    done_before = _stored_done_on(step)
    step.mark_entered_in_error(reason=reason)
    save_versioned(
        step, expected_version=expected_version, user=by, reason=f"Entered in error: {reason}"
    )
    _step_counted(step, done_before)
    return step


@transaction.atomic
def reflection_add(*, outcome: Outcome, by: User, text: str, rating: int | None) -> Reflection:
    """The person's note on how an outcome is going, with an optional rating."""
    if outcome.is_entered_in_error:
        raise RecordEnteredInError("This outcome was entered in error.")
    reflection = Reflection(outcome=outcome, author=by, text=text, rating=rating)
    reflection._history_user = by
    reflection.save()
    return reflection
