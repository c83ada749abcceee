"""Statements built once per process (pphw/statements.py): the rows are the QuerySet's own."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Max, Min
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outcomes.models import Outcome, Step
from outcomes.queries import outcome_for_staff, outcome_steps
from pphw import statements
from pphw.people.models import Person
from pphw.statements import (
    AnyOf,
    BeforeAll,
    Days,
    Ids,
    StatementShapeError,
    record_rows,
    replace_rows,
    statement_rows,
)
from reviews.journey import outcome_reviews
from reviews.models import ReportOutcomes, ReportPerson
from tests.factories import (
    ConversationFactory,
    OutcomeFactory,
    PersonFactory,
    ReviewFactory,
    ServiceFactory,
    StepFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

# Statements are prepared on PostgreSQL only; elsewhere they run as plain SQL.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


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


@pytest.fixture
def unprepared():
    """This connection with no statement prepared on it, as a new one has."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection._pphw_prepared = None


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@postgresql_only
def test_a_record_statement_is_prepared_once_per_connection_and_run_by_name(
    team, unprepared, monkeypatch
):
    first, second = PersonFactory(team=team), PersonFactory(team=team)
    OutcomeFactory.create_batch(2, person=first)
    monkeypatch.setattr(statements, "_built", {})
    expected = {person.pk: list(_outcomes(person.pk)) for person in (first, second)}
    with CaptureQueriesContext(connection) as queries:
        for person in (first, second, first):
            assert (
                record_rows("test-outcomes", Outcome, _outcomes, person.pk) == expected[person.pk]
            )
    sent = [query["sql"] for query in queries.captured_queries]
    assert len(sent) == 3
    assert sent[0].startswith("PREPARE pphw_") and "(bigint) AS SELECT" in sent[0]
    name = sent[0].split()[1]
    assert sent[1:] == [f"EXECUTE {name}({second.pk})", f"EXECUTE {name}({first.pk})"]
    assert name in _prepared_names()
    # A rolled-back transaction keeps it, as PostgreSQL does.
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record_rows("test-outcomes", Outcome, _outcomes, first.pk)
        1 / 0  # noqa: B018
    assert record_rows("test-outcomes", Outcome, _outcomes, first.pk) == list(_outcomes(first.pk))


@postgresql_only
def test_a_new_connection_prepares_its_statements_again(person, unprepared):
    OutcomeFactory(person=person)
    record_rows("test-outcomes", Outcome, _outcomes, person.pk)
    # What the server holds goes with its session: a new connection holds none.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection._pphw_prepared = (object(), connection._pphw_prepared[1])
    with CaptureQueriesContext(connection) as queries:
        assert record_rows("test-outcomes", Outcome, _outcomes, person.pk) == list(
            _outcomes(person.pk)
        )
    assert queries.captured_queries[0]["sql"].startswith("PREPARE pphw_")


@postgresql_only
def test_a_statement_whose_preparing_failed_is_run_unprepared_on_that_connection(
    person, unprepared
):
    OutcomeFactory(person=person)
    record_rows("test-outcomes", Outcome, _outcomes, person.pk)
    # The server holds it but this process has lost the record of it: preparing again fails.
    connection._pphw_prepared = (connection.connection, {})
    with pytest.raises(DatabaseError), transaction.atomic():
        record_rows("test-outcomes", Outcome, _outcomes, person.pk)
    with CaptureQueriesContext(connection) as queries:
        assert record_rows("test-outcomes", Outcome, _outcomes, person.pk) == list(
            _outcomes(person.pk)
        )
    assert queries.captured_queries[0]["sql"].startswith("SELECT ")


@postgresql_only
def test_statements_are_not_prepared_when_turned_off(person, unprepared, settings):
    settings.PREPARED_STATEMENTS = False
    OutcomeFactory(person=person)
    with CaptureQueriesContext(connection) as queries:
        assert record_rows("test-outcomes", Outcome, _outcomes, person.pk) == list(
            _outcomes(person.pk)
        )
    assert queries.captured_queries[0]["sql"].startswith("SELECT ")
    assert _prepared_names() == set()


def test_each_parameter_is_prepared_with_the_type_of_its_value():
    assert [
        statements._type(value)
        for value in (
            True,
            7,
            "words",
            datetime.datetime(2026, 12, 8, 9, 30, tzinfo=datetime.UTC),
            datetime.date(2026, 12, 8),
            1.5,
            [3, 4],
            [datetime.date(2026, 1, 1)],
            [],
            b"bytes",
        )
    ] == [
        "boolean",
        "bigint",
        "text",
        "timestamptz",
        "date",
        "double precision",
        "bigint[]",
        "date[]",
        "unknown",
        "unknown",
    ]


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


def test_the_outcome_page_reads_its_outcome_if_one_of_the_teams_holds_it(
    person, other_person, monkeypatch
):
    """One statement built once for any teams; the person and the conversation's day come
    with the outcome; another team's outcome, a withdrawn one or an id past any row's
    is not found."""
    talk = ConversationFactory(person=person, held_on=datetime.date(2026, 5, 4))
    outcome = OutcomeFactory(person=person, conversation=talk)
    elsewhere = OutcomeFactory(person=other_person)
    withdrawn = OutcomeFactory(person=person)
    Outcome.objects.filter(pk=withdrawn.pk).update(person=None)
    monkeypatch.setattr(statements, "_built", {})
    built = []
    build = statements._build
    monkeypatch.setattr(statements, "_build", lambda qs, *a: built.append(qs) or build(qs, *a))

    found = outcome_for_staff(outcome.pk, {person.team_id})
    with CaptureQueriesContext(connection) as queries:
        assert found == outcome and found.statement == outcome.statement
        assert found.person.full_name == person.full_name
        assert found.conversation_held_on == datetime.date(2026, 5, 4)
    assert queries.captured_queries == []
    both = {person.team_id, other_person.team_id}
    assert outcome_for_staff(elsewhere.pk, both) == elsewhere
    assert outcome_for_staff(elsewhere.pk, {person.team_id}) is None
    assert outcome_for_staff(withdrawn.pk, both) is None
    assert outcome_for_staff(outcome.pk, set()) is None
    assert outcome_for_staff(2**63, both) is None
    assert len(built) == 1


def test_each_users_teams_are_read_by_one_statement_built_once(
    practitioner, lead, stranger, team, monkeypatch
):
    """Whoever asks, the same statement reads their teams and roles, as they are now."""
    from pphw.people.models import Membership
    from pphw.people.roles import roles_for

    monkeypatch.setattr(statements, "_built", {})
    built = []
    build = statements._build
    monkeypatch.setattr(statements, "_build", lambda qs, *a: built.append(qs) or build(qs, *a))

    def fresh(user):
        user.__dict__.pop("_pphw_roles", None)
        return roles_for(user)

    mine = fresh(practitioner)
    assert mine.team_ids == {team.pk} and not mine.is_lead
    assert fresh(lead).lead_team_ids == {team.pk}
    assert fresh(stranger).team_ids.isdisjoint({team.pk})
    second = TeamFactory()
    Membership.objects.create(user=practitioner, team=second, role=Membership.Role.LEAD)
    assert fresh(practitioner).team_ids == {team.pk, second.pk}
    assert fresh(practitioner).lead_team_ids == {second.pk}
    Membership.objects.filter(user=practitioner).delete()
    assert not fresh(practitioner).is_staff_member
    assert [qs.model for qs in built] == [Membership]


def test_a_record_is_read_with_its_team_key_worker_and_login_for_staff_of_its_team(
    person, person_user, practitioner, other_person, stranger, monkeypatch
):
    """One statement built once for any teams, each relation made as select_related
    makes it (None for none); 404 for another team's record or an id past any row's,
    403 for a change to a closed record."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from pphw.people.access import staff_person

    monkeypatch.setattr(statements, "_built", {})
    built = []
    build = statements._build
    monkeypatch.setattr(statements, "_build", lambda qs, *a: built.append(qs) or build(qs, *a))
    person.refresh_from_db()
    team_name = person.team.name
    found = staff_person(practitioner, person.pk)
    with CaptureQueriesContext(connection) as queries:
        assert found == person and found.version == person.version
        assert found.team.name == team_name
        assert found.key_worker == practitioner and found.user == person_user
    assert queries.captured_queries == []
    assert staff_person(stranger, other_person.pk).key_worker is None
    for user, pk in ((practitioner, other_person.pk), (stranger, person.pk), (stranger, 2**63)):
        with pytest.raises(Http404):
            staff_person(user, pk)
    Person.objects.filter(pk=person.pk).update(closed_on=datetime.date(2026, 1, 5))
    assert staff_person(practitioner, person.pk).is_closed
    with pytest.raises(PermissionDenied):
        staff_person(practitioner, person.pk, write=True)
    # The record's own statement; the users' teams are read by one of their own.
    assert [qs.model for qs in built].count(Person) == 1


def test_the_people_with_a_review_overdue_are_read_by_one_statement_built_once(team, monkeypatch):
    """Before today only (not today), open outcomes only, and never a closed record."""
    from outcomes.templatetags.outcome_tags import people_with_overdue_reviews
    from outcomes.vocabulary import Lifecycle

    today = timezone.localdate()
    overdue, due_today, completed, closed, none = (PersonFactory(team=team) for _ in range(5))
    OutcomeFactory(person=overdue, next_review_due=today - datetime.timedelta(days=1))
    OutcomeFactory(person=due_today, next_review_due=today)
    OutcomeFactory(
        person=completed,
        next_review_due=today - datetime.timedelta(days=9),
        lifecycle_status=Lifecycle.COMPLETED,
    )
    OutcomeFactory(person=closed, next_review_due=today - datetime.timedelta(days=9))
    Person.objects.filter(pk=closed.pk).update(closed_on=today)
    closed.refresh_from_db()
    monkeypatch.setattr(statements, "_built", {})
    built = []
    build = statements._build
    monkeypatch.setattr(statements, "_build", lambda qs, *a: built.append(qs) or build(qs, *a))
    people = [overdue, due_today, completed, closed, none]
    assert people_with_overdue_reviews(people) == {overdue.pk}
    assert people_with_overdue_reviews(people[1:]) == set()
    assert people_with_overdue_reviews([closed]) == set()
    assert len(built) == 1


def test_before_all_is_before_every_day_given(team):
    early, late = datetime.date(2026, 3, 1), datetime.date(2026, 6, 1)
    outcomes = [
        OutcomeFactory(person=PersonFactory(team=team), next_review_due=day)
        for day in (early, late)
    ]

    def due(days: Days):
        return Outcome.objects.filter(BeforeAll(F("next_review_due"), days)).values_list("pk")

    ask = statement_rows
    assert ask("test-before", Outcome, due, days=Days([late])) == [(outcomes[0].pk,)]
    assert ask("test-before", Outcome, due, days=Days([early])) == []
    assert ask(
        "test-before", Outcome, due, days=Days([late + datetime.timedelta(days=1), late])
    ) == [(outcomes[0].pk,)]


def test_a_single_day_is_put_in_the_place_of_its_stand_in(team, monkeypatch):
    """A day compared with a date column (not a list) is a parameter of the statement
    built once: each call gets the rows of its own day, from the same SQL."""
    monkeypatch.setattr(statements, "_built", {})
    early, late = datetime.date(2026, 3, 1), datetime.date(2026, 6, 1)
    outcomes = [
        OutcomeFactory(person=PersonFactory(team=team), next_review_due=day)
        for day in (early, late)
    ]

    def due(teams: Ids, until: datetime.date):
        return (
            Outcome.objects.filter(AnyOf(F("person__team_id"), teams), next_review_due__lte=until)
            .order_by("pk")
            .values_list("pk")
        )

    ask = statement_rows
    teams = Ids([team.pk])
    assert ask("test-until", Outcome, due, teams=teams, until=early) == [(outcomes[0].pk,)]
    assert ask("test-until", Outcome, due, teams=teams, until=late) == [
        (outcomes[0].pk,),
        (outcomes[1].pk,),
    ]
    built = statements._built[("test-until", "default")]
    assert ask("test-until", Outcome, due, teams=teams, until=early - datetime.timedelta(1)) == []
    assert statements._built[("test-until", "default")] is built


@postgresql_only
def test_a_single_text_is_put_in_the_place_of_its_stand_in(person, monkeypatch, unprepared):
    """A text compared whole with a column (a key) is a parameter of the statement built
    once, and of the statement prepared: each call gets the rows of its own text."""
    monkeypatch.setattr(statements, "_built", {})
    first = OutcomeFactory(person=person, statement="Walk to the shop")
    second = OutcomeFactory(person=person, statement="Walk 50% further")

    def worded(words: str):
        return Outcome.objects.filter(statement=words).order_by("pk").values_list("pk")

    for prepare in (False, True, True):
        for outcome in (first, second):
            assert statement_rows(
                "test-worded", Outcome, worded, prepare=prepare, words=outcome.statement
            ) == [(outcome.pk,)]
        assert statement_rows("test-worded", Outcome, worded, prepare=prepare, words="") == []
    assert [name for name, _ in statements._built].count("test-worded") == 1
    with pytest.raises(StatementShapeError):
        statement_rows(
            "test-not-worded", Outcome, lambda words: Outcome.objects.values_list("pk"), words="x"
        )


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


def _people_due(ids: Ids):
    """Per person of ``ids`` with an outcome: their team, and their first and last review due."""
    return (
        Outcome.objects.filter(AnyOf(F("person_id"), ids))
        .order_by()
        .values_list("person_id", "person__team_id")
        .annotate(latest_on=Max("next_review_due"), first_open_on=Min("next_review_due"))
    )


PEOPLE_COLUMNS = ("person_id", "team_id", "latest_on", "first_open_on")


@pytest.mark.parametrize("one_statement", [True, False], ids=["postgresql", "elsewhere"])
def test_replaced_rows_are_those_the_queryset_gives_for_the_keys_asked(monkeypatch, one_statement):
    monkeypatch.setattr(statements, "_built", {})
    monkeypatch.setattr(statements, "_in_one_statement", lambda connection: one_statement)
    north, south, west = TeamFactory(), TeamFactory(), TeamFactory()
    day = datetime.date(2026, 12, 1)
    kept, added, emptied, outside, unasked = (
        PersonFactory(team=north),
        PersonFactory(team=south),
        PersonFactory(team=north),
        PersonFactory(team=north),
        PersonFactory(team=south),
    )
    OutcomeFactory(person=kept, next_review_due=day)
    OutcomeFactory(person=kept, next_review_due=day + datetime.timedelta(days=9))
    OutcomeFactory(person=added, next_review_due=day)
    OutcomeFactory(person=unasked, next_review_due=day)
    ReportPerson.objects.all().delete()  # The factories keep the report's own rows.
    stale = datetime.date(2020, 1, 1)
    for person in (kept, emptied, outside):
        # Kept under another team before, as if each had moved since.
        ReportPerson.objects.create(person=person, team=west, latest_on=stale, first_open_on=stale)

    teams = replace_rows(
        "test-replace-people",
        ReportPerson,
        _people_due,
        columns=PEOPLE_COLUMNS,
        scope={"person_id": "ids"},
        returning="team_id",
        ids=Ids([kept.pk, added.pk, emptied.pk]),
    )

    assert teams == {west.pk, north.pk, south.pk}
    assert sorted(ReportPerson.objects.values_list(*PEOPLE_COLUMNS)) == sorted(
        [
            (kept.pk, north.pk, day + datetime.timedelta(days=9), day),
            (added.pk, south.pk, day, day),
            (outside.pk, west.pk, stale, stale),
        ]
    )


def test_replacing_rows_is_one_statement_built_once(monkeypatch, django_assert_num_queries):
    people = [PersonFactory() for _ in range(3)]
    for person in people:
        OutcomeFactory(person=person, next_review_due=datetime.date(2026, 12, 1))
    ReportPerson.objects.all().delete()  # The factories keep the report's own rows.
    monkeypatch.setattr(statements, "_built", {})
    built = []
    build = statements._build
    monkeypatch.setattr(statements, "_build", lambda qs, *a: built.append(qs) or build(qs, *a))

    for asked in ([people[0].pk], [p.pk for p in people], [], [people[2].pk]):
        with django_assert_num_queries(1):
            assert (
                replace_rows(
                    "test-replace-once",
                    ReportPerson,
                    _people_due,
                    columns=PEOPLE_COLUMNS,
                    scope={"person_id": "ids"},
                    ids=Ids(asked),
                )
                == set()
            )
    assert len(built) == 1
    assert set(ReportPerson.objects.values_list("person_id", flat=True)) == {p.pk for p in people}


def _by_category(teams: Ids):
    return (
        Outcome.objects.filter(AnyOf(F("person__team_id"), teams))
        .order_by()
        .values_list("person__team_id", "category", "lifecycle_status", "achievement_status")
        .annotate(n=Count("pk"))
    )


OUTCOME_COLUMNS = ("team_id", "category", "lifecycle_status", "achievement_status", "outcomes")


def _versions() -> dict[tuple, str]:
    """Each count row's key and the transaction that last wrote it (PostgreSQL's xmin)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT team_id, category, outcomes, xmin::text FROM reviews_reportoutcomes")
        return {(team, category): (n, version) for team, category, n, version in cursor}


def test_rows_known_by_several_columns_are_written_only_where_they_changed(monkeypatch):
    monkeypatch.setattr(statements, "_built", {})
    north, south = TeamFactory(), TeamFactory()
    walking = PersonFactory(team=north)
    OutcomeFactory(person=walking, category="staying_well")
    OutcomeFactory(person=walking, category="seeing_people")
    OutcomeFactory(person=PersonFactory(team=south), category="staying_well")
    ReportOutcomes.objects.all().delete()  # The factories keep the report's own rows.

    def replace(team_ids):
        replace_rows(
            "test-replace-outcomes",
            ReportOutcomes,
            _by_category,
            columns=OUTCOME_COLUMNS,
            key=OUTCOME_COLUMNS[:4],
            scope={"team_id": "teams"},
            teams=Ids(team_ids),
        )

    with transaction.atomic():
        replace([north.pk, south.pk])
    first = _versions()
    assert {key: n for key, (n, _) in first.items()} == {
        (north.pk, "staying_well"): 1,
        (north.pk, "seeing_people"): 1,
        (south.pk, "staying_well"): 1,
    }

    OutcomeFactory(person=walking, category="staying_well")
    Outcome.objects.filter(person=walking, category="seeing_people").update(person=None)
    ReportOutcomes.objects.filter(team=south).update(outcomes=5)
    with transaction.atomic():
        replace([north.pk])
    second = _versions()

    assert {key: n for key, (n, _) in second.items()} == {
        (north.pk, "staying_well"): 2,
        (south.pk, "staying_well"): 5,  # Not asked for: left as it was.
    }

    with transaction.atomic():
        replace([north.pk])
    assert _versions() == second  # Nothing changed: nothing written.
