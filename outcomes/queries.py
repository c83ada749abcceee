"""Which outcomes a page shows, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from outcomes.models import Outcome, Step
from outcomes.vocabulary import Lifecycle
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


def outcome_groups_for_person(person: Person) -> list[OutcomeGroup]:
    """The person's current outcomes grouped by status, each with its current steps.

    Two queries whatever the number of outcomes and steps; steps are on
    ``outcome.current_steps``.
    """
    outcomes = (
        person.outcomes.current()
        .order_by("next_review_due", "id")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.current().order_by("order", "id"),
                to_attr="current_steps",
            )
        )
    )
    by_status: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_status.setdefault(outcome.lifecycle_status, []).append(outcome)
    return [
        OutcomeGroup(status=status, label=Lifecycle(status).label, outcomes=by_status[status])
        for status in STATUS_ORDER
        if status in by_status
    ]


def outcomes_entered_in_error(person: Person) -> list[Outcome]:
    return list(
        person.outcomes.filter(lifecycle_status=Lifecycle.ENTERED_IN_ERROR)
        # With person_id: the related manager reads it on every row it returns.
        .only("pk", "statement", "person_id")
        .order_by("-id")
    )
