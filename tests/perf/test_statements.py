"""Statements built once per process (pphw/statements.py): the rows are the QuerySet's own."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from outcomes.models import Outcome, Step
from outcomes.queries import outcome_steps
from pphw import statements
from pphw.statements import AnyOf, Days, Ids, StatementShapeError, record_rows, statement_rows
from reviews.journey import outcome_reviews
from tests.factories import (
    OutcomeFactory,
    PersonFactory,
    ReviewFactory,
    ServiceFactory,
    StepFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _outcomes(person_id: int):
    return (
        Outcome.objects.filter(person_id=person_id)
        .order_by("id")
        .values_list("pk", "statement", "next_review_due", "created_at")
    )


def test_the_rows_are_those_the_queryset_reads_for_each_record(team, monkeypatch):
    first, second = PersonFactory(team=team), PersonFactory(team=team)
    OutcomeFactory.create_batch(2, person=first)
    OutcomeFactory(person=second)
    monkeypatch.setattr(statements, "_built", {})
    built = []
    build = statements._build
    monkeypatch.setattr(statements, "_build", lambda qs, *a: built.append(qs) or build(qs, *a))

    for person in (first, second, first):
        assert record_rows("test-outcomes", Outcome, _outcomes, person.pk) == list(
            _outcomes(person.pk)
        )
    assert record_rows("test-outcomes", Outcome, _outcomes, 0) == []
    # Built once, for the first record; the others ran the same SQL with their own id.
    assert len(built) == 1


def test_one_statement_per_call(person):
    OutcomeFactory(person=person)
    record_rows("test-outcomes", Outcome, _outcomes, person.pk)
    with CaptureQueriesContext(connection) as queries:
        record_rows("test-outcomes", Outcome, _outcomes, person.pk)
    assert len(queries.captured_queries) == 1


def test_a_queryset_without_the_id_is_refused():
    with pytest.raises(StatementShapeError):
        record_rows("test-no-id", Outcome, lambda _id: Outcome.objects.values_list("pk"), 1)


def test_the_outcome_page_reads_models_with_their_relations(person, practitioner):
    outcome = OutcomeFactory(person=person)
    service = ServiceFactory()
    with_service = StepFactory(outcome=outcome, service=service)
    plain = StepFactory(outcome=outcome, entered_in_error=True)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner)

    steps = outcome_steps(outcome)
    assert [step.pk for step in steps] == list(
        Step.objects.filter(outcome=outcome).values_list("pk", flat=True)
    )
    by_pk = {step.pk: step for step in steps}
    with CaptureQueriesContext(connection) as queries:
        assert by_pk[with_service.pk].service.name == service.name
        assert by_pk[plain.pk].service is None
        assert by_pk[plain.pk].entered_in_error
        assert by_pk[plain.pk].outcome is outcome
        (review,) = outcome_reviews(outcome)
    assert len(queries.captured_queries) == 1  # the reviews' statement only
    with CaptureQueriesContext(connection) as queries:
        assert review.reviewed_by.username == practitioner.username
        assert review.outcome_id == outcome.pk
    assert queries.captured_queries == []


def _in_teams_on_days(teams: Ids, days: Days):
    return (
        Outcome.objects.filter(AnyOf(F("person__team_id"), teams))
        .filter(AnyOf(F("next_review_due"), days))
        .order_by("id")
        .values_list("pk", "next_review_due")
    )


def test_lists_of_any_length_run_one_statement_built_once(monkeypatch):
    north, south, east = TeamFactory(), TeamFactory(), TeamFactory()
    today = datetime.date(2026, 12, 1)
    later = today + datetime.timedelta(days=7)
    made = {
        (team, day): OutcomeFactory(person=PersonFactory(team=team), next_review_due=day)
        for team in (north, south, east)
        for day in (today, later)
    }
    monkeypatch.setattr(statements, "_built", {})
    built = []
    build = statements._build
    monkeypatch.setattr(statements, "_build", lambda qs, *a: built.append(qs) or build(qs, *a))

    asks = [
        ([north.pk], [today]),
        ([north.pk, south.pk], [today, later]),
        ([east.pk, north.pk, south.pk], [later]),
        ([], [today]),
        ([north.pk], []),
    ]
    for team_ids, days in asks:
        expected = sorted(
            (outcome.pk, outcome.next_review_due)
            for (team, day), outcome in made.items()
            if team.pk in team_ids and day in days
        )
        rows = statement_rows(
            "test-teams-days", Outcome, _in_teams_on_days, teams=Ids(team_ids), days=Days(days)
        )
        assert rows == expected
        assert rows == list(
            Outcome.objects.filter(person__team_id__in=team_ids, next_review_due__in=days)
            .order_by("id")
            .values_list("pk", "next_review_due")
        )
    assert len(built) == 1


def test_a_queryset_without_one_of_the_lists_is_refused():
    def teams_only(teams: Ids, days: Days):
        return Outcome.objects.filter(AnyOf(F("person__team_id"), teams)).values_list("pk")

    with pytest.raises(StatementShapeError, match="days"):
        statement_rows("test-teams-only", Outcome, teams_only, teams=Ids([1]), days=Days([]))
