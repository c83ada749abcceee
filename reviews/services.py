"""Writes for reviews: a review, its step updates and the outcome's new state, together."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format

from outcomes.models import Outcome, Step
from outcomes.services import step_create, step_set_status
from outcomes.vocabulary import Lifecycle, StepStatus
from pphw.people.models import User
from pphw.versioning import save_versioned
from reviews.models import Review
from reviews.summaries import counts_refresh, summary_refresh

STEP_UPDATE_STATUSES = {StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.NOT_GOING_AHEAD}


@transaction.atomic
def review_record(
    *,
    outcome: Outcome,
    by: User,
    expected_version: int,
    review_fields: dict[str, Any],
    step_updates: Sequence[tuple[Step, int, str]] = (),
    new_steps: Sequence[dict[str, Any]] = (),
    close_outcome: bool = False,
) -> Review:
    """Record a review of ``outcome`` and everything it changes, all or nothing.

    ``step_updates`` holds (step, version the form saw, new status); a step marked
    done is dated on the review's date. ``new_steps`` holds the fields of small steps
    agreed at the review. The outcome takes the review's progress and its next review
    date (one interval after the review when none is given), or is closed as completed.

    Raises ``ValidationError`` for any broken rule and ``VersionConflict`` when the
    outcome or a step was changed since ``expected_version``; nothing is written then.
    """
    if not outcome.is_open:
        raise ValidationError("This outcome is closed, so it cannot be reviewed.")
    review = Review(outcome=outcome, reviewed_by=by, **review_fields)
    if close_outcome:
        review.next_review_due = None
    elif review.next_review_due is None and review.reviewed_on:
        review.next_review_due = review.reviewed_on + datetime.timedelta(
            days=outcome.review_interval_days
        )
    review.full_clean()
    if review.conversation is not None and review.conversation.person_id != outcome.person_id:
        raise ValidationError({"conversation": "Choose one of this person's conversations."})

    when = date_format(review.reviewed_on, "j F Y")
    reason = f"Review on {when}"
    changed_steps = _check_step_updates(outcome, step_updates)
    added_steps = _check_new_steps(outcome, new_steps)

    outcome.achievement_status = review.achievement_status
    if close_outcome:
        outcome.lifecycle_status = Lifecycle.COMPLETED
        outcome.next_review_due = None
    else:
        outcome.next_review_due = review.next_review_due
    save_versioned(outcome, expected_version=expected_version, user=by, reason=reason)

    review._history_user = by
    review.save()
    summary_refresh([outcome.pk])
    for step, version, status in changed_steps:
        step_set_status(
            step=step, by=by, status=status, expected_version=version, on=review.reviewed_on
        )
    for fields in added_steps:
        step_create(outcome=outcome, by=by, **fields)
    counts_refresh(outcome_ids=[outcome.pk])
    return review


def _check_step_updates(
    outcome: Outcome, updates: Sequence[tuple[Step, int, str]]
) -> list[tuple[Step, int, str]]:
    """The updates that change something, once each is known to be allowed."""
    changed = []
    for step, version, status in updates:
        if step.outcome_id != outcome.pk or step.entered_in_error:
            raise ValidationError("A small step does not belong to this outcome.")
        if status not in STEP_UPDATE_STATUSES:
            raise ValidationError(f"“{status}” is not a status a review can give a small step.")
        if step.status != status:
            changed.append((step, version, status))
    return changed


def _check_new_steps(outcome: Outcome, new_steps: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate every new step before anything is written."""
    for fields in new_steps:
        Step(outcome=outcome, **fields).full_clean(exclude=["outcome", "order"])
    return list(new_steps)
