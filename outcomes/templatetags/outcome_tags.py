"""Outcome sections for other apps' pages."""

from __future__ import annotations

from django import template
from django.db.models import F, QuerySet
from django.utils import timezone

from outcomes.models import Outcome, Step
from outcomes.queries import OutcomeCard, outcome_groups_for_person
from outcomes.vocabulary import OPEN_LIFECYCLES
from pphw.people.models import Person
from pphw.statements import AnyOf, BeforeAll, Days, Ids, statement_rows

register = template.Library()


@register.inclusion_tag("outcomes/_person_outcomes.html")
def person_outcomes(person: Person) -> dict:
    """The person's outcomes by status, and those entered in error: one query.

    Open outcomes whose review date has passed are flagged as overdue, in words.
    """
    today = timezone.localdate()
    groups, in_error = outcome_groups_for_person(person)
    overdue = 0
    for group in groups:
        for outcome in group.outcomes:
            outcome.review_overdue = bool(
                not person.is_closed
                and outcome.is_open
                and outcome.next_review_due
                and outcome.next_review_due < today
            )
            overdue += outcome.review_overdue
    return {
        "person": person,
        "outcome_groups": groups,
        "outcomes_in_error": in_error,
        "overdue_count": overdue,
        # The rendered section is kept per process under every value it shows
        # (docs/architecture.md, "Rendered parts kept in memory"): an edit changes the key.
        "section_key": repr(
            (
                overdue,
                [(group.status, [_card_values(o) for o in group.outcomes]) for group in groups],
                [(o.pk, o.statement) for o in in_error],
            )
        ),
    }


def _card_values(outcome: OutcomeCard) -> tuple:
    """Every value an outcome's card on the record shows (outcomes/_person_outcomes.html)."""
    return (
        outcome.pk,
        outcome.statement,
        outcome.category,
        outcome.achievement_status,
        outcome.next_review_due,
        outcome.review_overdue,
        outcome.steps_total,
        outcome.steps_done,
        outcome.next_step,
        outcome.next_step_due,
    )


@register.inclusion_tag("outcomes/_service_steps.html", takes_context=True)
def service_steps(context, service) -> dict:
    """The open small steps of the user's teams that use a local service: one query."""
    steps = (
        Step.objects.visible_to(context["request"].user)
        .unfinished()
        .filter(service=service, outcome__lifecycle_status__in=OPEN_LIFECYCLES)
        .select_related("outcome__person")
        .order_by("due_on", "id")[:50]
    )
    return {"service": service, "steps": list(steps)}


@register.simple_tag
def people_with_overdue_reviews(people) -> set[int]:
    """Of ``people`` (a page of a caseload), the ids of those with a review overdue: one query.

    A closed record has no review overdue. The people are at hand, so that is
    checked here rather than by a join, and the query reads only the index of open
    outcomes by person (the page's people) and date (checked entry by entry).
    """
    ids = [person.pk for person in people if person.closed_on is None]
    if not ids:
        return set()
    rows = statement_rows(
        "people-overdue",
        Outcome,
        _overdue,
        # At most a page of people: one plan serves every page, so it is prepared too.
        prepare=True,
        people=Ids(ids),
        today=Days([timezone.localdate()]),
    )
    return {person_id for (person_id,) in rows}


def _overdue(people: Ids, today: Days) -> QuerySet:
    # Built once per process (pphw.statements): the people and today are list parameters.
    return (
        Outcome.objects.open()
        .filter(AnyOf(F("person_id"), people), BeforeAll(F("next_review_due"), today))
        .order_by()
        .values_list("person_id")
        .distinct()
    )
