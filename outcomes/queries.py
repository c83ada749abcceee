"""Which outcomes a page shows, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from outcomes.models import Outcome, Step
from outcomes.vocabulary import OPEN_LIFECYCLES, Lifecycle, StepStatus
from pphw.people.access import LARGEST_ID
from pphw.people.models import Person
from pphw.statements import AnyOf, Ids, record_models, record_rows, statement_models

# The order a practitioner reads them in: what is being worked on first.
STATUS_ORDER = [
    Lifecycle.ACTIVE,
    Lifecycle.PROPOSED,
    Lifecycle.ON_HOLD,
    Lifecycle.COMPLETED,
    Lifecycle.CANCELLED,
]


@dataclass
class OutcomeCard:
    """One outcome as the record's outcomes section shows it: plain values, no model."""

    pk: int
    statement: str
    category: str
    achievement_status: str
    next_review_due: date | None
    lifecycle_status: str
    steps_total: int
    steps_done: int
    next_step: str | None
    next_step_due: date | None
    review_overdue: bool = False

    @property
    def is_open(self) -> bool:
        return self.lifecycle_status in OPEN_LIFECYCLES

    # As the model's own get_FOO_display.
    def get_category_display(self) -> str:
        return str(_CATEGORY_LABELS.get(self.category, self.category))

    def get_achievement_status_display(self) -> str:
        return str(_ACHIEVEMENT_LABELS.get(self.achievement_status, self.achievement_status))


_CATEGORY_LABELS = dict(Outcome._meta.get_field("category").flatchoices)
_ACHIEVEMENT_LABELS = dict(Outcome._meta.get_field("achievement_status").flatchoices)


@dataclass
class OutcomeGroup:
    status: str
    label: str
    outcomes: list[OutcomeCard]


def _person_outcome_cards(person_id: int) -> QuerySet:
    open_steps = Step.objects.unfinished().filter(outcome=OuterRef("pk")).order_by("order", "id")
    current = Q(steps__entered_in_error=False)
    return (
        Outcome.objects.filter(person_id=person_id)
        .order_by("next_review_due", "id")
        .annotate(
            steps_total=Count("steps", filter=current),
            steps_done=Count("steps", filter=current & Q(steps__status=StepStatus.DONE)),
            next_step=Subquery(open_steps.values("what")[:1]),
            next_step_due=Subquery(open_steps.values("due_on")[:1]),
        )
        .values_list(
            "pk",
            "statement",
            "category",
            "achievement_status",
            "next_review_due",
            "lifecycle_status",
            "steps_total",
            "steps_done",
            "next_step",
            "next_step_due",
        )
    )


def outcome_groups_for_person(
    person: Person,
) -> tuple[list[OutcomeGroup], list[OutcomeCard]]:
    """The person's current outcomes grouped by status, each with a summary of its steps,
    and their outcomes entered in error, newest first.

    One statement whatever the number of outcomes and steps, read as plain rows
    (``pphw.statements``). Each outcome carries ``steps_total`` and ``steps_done``
    (steps not entered in error) and its next open step, ``next_step`` and
    ``next_step_due``; the outcome's own page lists every step. (Listing every
    step of every outcome here made the record of a person with 30 outcomes
    several times slower to render than anything else.)
    """
    by_status: dict[str, list[OutcomeCard]] = {}
    for row in record_rows("person-outcome-cards", Outcome, _person_outcome_cards, person.pk):
        card = OutcomeCard(*row)
        by_status.setdefault(card.lifecycle_status, []).append(card)
    groups = [
        OutcomeGroup(status=status, label=Lifecycle(status).label, outcomes=by_status[status])
        for status in STATUS_ORDER
        if status in by_status
    ]
    in_error = sorted(
        by_status.get(Lifecycle.ENTERED_IN_ERROR, []), key=lambda outcome: outcome.pk, reverse=True
    )
    return groups, in_error


def _outcome_page(outcome: int, teams: Ids) -> QuerySet:
    # Staff see the people of their teams (pphw.people.roles.visible_filter), as one
    # list parameter, so that the statement is the same for any number of teams. The
    # outcome's id is a value of its own: PostgreSQL then keeps one plan for it.
    return Outcome.objects.filter(AnyOf(F("person__team_id"), teams), pk=outcome).annotate(
        conversation_held_on=F("conversation__held_on")
    )


def outcome_for_staff(pk: int, team_ids) -> Outcome | None:
    """The outcome ``pk`` with its person and the day of the conversation it came from
    (``conversation_held_on``), if a person of ``team_ids`` holds it; else None.

    One statement, built once per process (``pphw.statements``): the outcome's page
    reads it on every request.
    """
    if not 0 < pk <= LARGEST_ID or not team_ids:
        return None
    found = statement_models(
        "outcome-page",
        Outcome,
        "person",
        _outcome_page,
        annotations=("conversation_held_on",),
        outcome=pk,
        prepare=True,
        teams=Ids(sorted(team_ids)),
    )
    return found[0] if found else None


def _outcome_steps(outcome_id: int) -> QuerySet:
    # In the steps' own order (Step.Meta.ordering), as the outcome's page lists them.
    return Step.objects.filter(outcome_id=outcome_id)


def outcome_steps(outcome: Outcome) -> list[Step]:
    """Every step of ``outcome``, those entered in error too, each with its local service.

    One statement, built once per process (``pphw.statements``); the rows are made
    into the models the page's forms and buttons expect.
    """
    steps = record_models("outcome-steps", Step, "service", _outcome_steps, outcome.pk)
    for step in steps:
        step.outcome = outcome
    return steps
