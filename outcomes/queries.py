"""Which outcomes a page shows, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from outcomes.models import Outcome, Step
from outcomes.vocabulary import Lifecycle, StepStatus
from pphw.people.models import Person

# The order a practitioner reads them in: what is being worked on first.
STATUS_ORDER = [
    Lifecycle.ACTIVE,
    Lifecycle.PROPOSED,
    Lifecycle.ON_HOLD,
    Lifecycle.COMPLETED,
    Lifecycle.CANCELLED,
]


@dataclass
class OutcomeGroup:
    status: str
    label: str
    outcomes: list[Outcome]


def outcome_groups_for_person(person: Person) -> tuple[list[OutcomeGroup], list[Outcome]]:
    """The person's current outcomes grouped by status, each with a summary of its steps,
    and their outcomes entered in error, newest first.

    One query whatever the number of outcomes and steps. Each outcome carries
    ``steps_total`` and ``steps_done`` (steps not entered in error) and its next
    open step, ``next_step`` and ``next_step_due``; the outcome's own page lists
    every step. (Listing every step of every outcome here made the record of a
    person with 30 outcomes several times slower to render than anything else.)
    """
    open_steps = Step.objects.unfinished().filter(outcome=OuterRef("pk")).order_by("order", "id")
    current = Q(steps__entered_in_error=False)
    outcomes = (
        person.outcomes.all()
        .order_by("next_review_due", "id")
        .annotate(
            steps_total=Count("steps", filter=current),
            steps_done=Count("steps", filter=current & Q(steps__status=StepStatus.DONE)),
            next_step=Subquery(open_steps.values("what")[:1]),
            next_step_due=Subquery(open_steps.values("due_on")[:1]),
        )
    )
    by_status: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_status.setdefault(outcome.lifecycle_status, []).append(outcome)
    groups = [
        OutcomeGroup(status=status, label=Lifecycle(status).label, outcomes=by_status[status])
        for status in STATUS_ORDER
        if status in by_status
    ]
    in_error = sorted(
        by_status.get(Lifecycle.ENTERED_IN_ERROR, []), key=lambda outcome: outcome.pk, reverse=True
    )
    return groups, in_error
