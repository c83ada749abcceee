"""The report's summary, kept per process as a rendered part under every figure it is
drawn from (docs/architecture.md, "Rendered parts kept in memory").

The figures are read on every request; only drawing the tables, the charts and
disclosure control is saved. So drawing must read nothing the key does not hold, an
edit must show at once, and one lead's kept summary must never show another's figures.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes.services import outcome_mark_entered_in_error, outcome_reword
from pphw.audit.models import RecordAccess
from pphw.people.services import person_update
from reviews import views
from reviews.models import ReportVersion, Review
from reviews.report import Report
from tests.factories import OutcomeFactory, PersonFactory, ReviewFactory
from tests.reviews.report_data import FROM, TO, TODAY, build, day, filters

URL = reverse("reviews:report")
PRINT_URL = reverse("reviews:report_print")
PERIOD = {"date_from": FROM.isoformat(), "date_to": TO.isoformat()}
COMPLETED = '<th scope="row">Reviews completed in the period</th><td>{}</td>'


@pytest.fixture(autouse=True)
def empty_parts():
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


@pytest.fixture
def data(team, other_team, practitioner, person):
    return build(team, other_team, practitioner, person)


@pytest.fixture
def drawn(monkeypatch):
    """How many times the summary's tables and charts were worked out and drawn."""
    calls = []
    draw = views._sections

    def counted(figures):
        calls.append(figures)
        return draw(figures)

    monkeypatch.setattr(views, "_sections", counted)
    return calls


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"category": "staying_well"},
        {"category": "group:change"},
        {"carers": "exclude"},
    ],
    ids=["kept counts", "category", "category group", "carers"],
)
def test_drawing_the_summary_reads_nothing_its_key_does_not_hold(
    team, data, practitioner, chosen, django_assert_num_queries
):
    for extra in (chosen, {**chosen, "practitioner_id": practitioner.pk}):
        report = Report(filters(team, **extra))
        report.summary_inputs()
        with django_assert_num_queries(0):
            html = "".join(
                render_to_string(
                    "reviews/_report_table.html",
                    {"table": table, "chart": chart, "period": "the period"},
                )
                for table, chart in views._sections(report)
            )
        assert "Reviews completed in the period" in html


def test_figures_kept_under_the_versions_are_what_is_drawn(team, data, practitioner):
    """Read from what is kept, the figures are the ones drawn: drawing reads nothing,
    so a write committed meanwhile is never drawn under the kept figures' text."""
    first = Report(filters(team))
    text = first.summary_inputs()
    kept = Report(filters(team))
    with CaptureQueriesContext(connection) as read:
        assert kept.summary_inputs() == text
    assert len(read.captured_queries) == 3  # the versions, the services used, the directory
    Review.objects.filter(outcome__person__team=team).update(person_rating=1)
    with CaptureQueriesContext(connection) as drawing:
        sections = views._sections(kept)
    assert drawing.captured_queries == []
    assert [t.rows for t, _ in sections] == [t.rows for t, _ in views._sections(first)]


def test_it_draws_the_summary_once_for_the_same_figures(client, lead, data, drawn):
    client.force_login(lead)
    first = client.get(URL, PERIOD).content.decode()
    second = client.get(URL, PERIOD).content.decode()
    assert len(drawn) == 1
    assert COMPLETED.format(10) in first and COMPLETED.format(10) in second
    # The names to follow up are not part of what is kept: they are read and drawn each time.
    assert "Outcome o9" in second
    # The print page keeps its own.
    assert COMPLETED.format(10) in client.get(PRINT_URL, PERIOD).content.decode()
    assert len(drawn) == 2
    client.get(PRINT_URL, PERIOD)
    assert len(drawn) == 2


def test_a_review_recorded_shows_at_once(client, lead, data, drawn):
    client.force_login(lead)
    assert COMPLETED.format(10) in client.get(URL, PERIOD).content.decode()
    ReviewFactory(outcome=data["o8"], reviewed_on=day(FROM, 100), person_rating=6)
    page = client.get(URL, PERIOD).content.decode()
    assert COMPLETED.format(11) in page and COMPLETED.format(10) not in page
    assert len(drawn) == 2
    printed = client.get(PRINT_URL, PERIOD).content.decode()
    assert COMPLETED.format(11) in printed


def test_an_outcome_entered_in_error_shows_at_once(client, lead, data, practitioner):
    client.force_login(lead)
    before = client.get(URL, PERIOD).content.decode()
    assert COMPLETED.format(10) in before
    outcome = data["o3"]
    outcome_mark_entered_in_error(
        outcome=outcome, by=practitioner, expected_version=outcome.version, reason="Wrong person"
    )
    assert COMPLETED.format(9) in client.get(URL, PERIOD).content.decode()


def test_another_leads_summary_is_never_shown(
    client, lead, other_lead, team, other_team, data, drawn
):
    client.force_login(lead)
    assert COMPLETED.format(10) in client.get(URL, PERIOD).content.decode()
    client.force_login(other_lead)
    page = client.get(URL, PERIOD).content.decode()
    assert COMPLETED.format(1) not in page  # one review there, hidden as fewer than 5
    assert COMPLETED.format(10) not in page
    assert COMPLETED.format("fewer than 5") in page
    assert len(drawn) == 2


def test_the_same_figures_for_another_period_or_day_are_drawn_again(client, lead, data, drawn):
    client.force_login(lead)
    client.get(URL, PERIOD)
    # A later period holding the same reviews: its dates are shown, so it is drawn again.
    later = {"date_from": FROM.isoformat(), "date_to": day(TO, 10).isoformat()}
    assert "Reviews completed" in client.get(URL, later).content.decode()
    assert len(drawn) == 2


def test_two_teams_with_the_same_figures_share_the_drawing_but_nothing_else(
    client, team, other_team, lead, other_lead, practitioner, drawn
):
    for each in (team, other_team):
        person = PersonFactory(team=each, given_name="Named", family_name=f"In {each.name}")
        outcome = OutcomeFactory(person=person, category="staying_well", next_review_due=FROM)
        ReviewFactory(outcome=outcome, reviewed_on=day(FROM, 3), person_rating=5)
    # With a filter the kept rows do not keep, the key holds every figure.
    chosen = {"date_from": FROM, "date_to": TODAY, "category": "staying_well"}
    pages = []
    for lead_of in (lead, other_lead):
        client.force_login(lead_of)
        pages.append(client.get(URL, chosen).content.decode())
    # The same counts are the same text, drawn once; each lead's names are their own.
    assert len(drawn) == 1
    assert f"In {team.name}" in pages[0] and f"In {other_team.name}" not in pages[0]
    assert f"In {other_team.name}" in pages[1] and f"In {team.name}" not in pages[1]


def test_a_summary_kept_under_versions_is_each_teams_own(
    client, team, other_team, lead, other_lead, practitioner, drawn
):
    """The figures kept under the teams' versions are each team's own: equal version
    numbers of two teams never share them."""

    for each, reviews in ((team, 6), (other_team, 2)):
        person = PersonFactory(team=each)
        outcome = OutcomeFactory(person=person, category="staying_well", next_review_due=FROM)
        for n in range(reviews):
            ReviewFactory(outcome=outcome, reviewed_on=day(FROM, 3 + n), person_rating=5)
    ReportVersion.objects.update(version=7)
    pages = []
    for lead_of in (lead, other_lead):
        client.force_login(lead_of)
        pages.append(client.get(URL, {"date_from": FROM, "date_to": TODAY}).content.decode())
    assert len(drawn) == 2
    assert COMPLETED.format(6) in pages[0]
    assert COMPLETED.format("fewer than 5") in pages[1] and COMPLETED.format(6) not in pages[1]


def test_the_follow_up_is_kept_and_shows_a_new_name_or_new_words_at_once(
    client, lead, data, practitioner, django_assert_max_num_queries
):

    client.force_login(lead)
    first = client.get(URL, PERIOD).content.decode()
    assert "Outcome o9" in first.split('id="follow-up-heading"')[1]
    logged = RecordAccess.objects.filter(page="report").count()
    with django_assert_max_num_queries(14) as kept:
        again = client.get(URL, PERIOD).content.decode()
    follow_up = first.split('id="follow-up-heading"')[1].split("</section>")[0]
    assert follow_up in again
    # Kept: none of the follow-up lists is read again, but the look is logged again.
    assert not any('"reviews_review"."what_changed"' in q["sql"] for q in kept.captured_queries)
    assert RecordAccess.objects.filter(page="report").count() == logged + 1

    person = data["o9"].person
    person.refresh_from_db()
    person_update(
        person=person, by=practitioner, expected_version=person.version, given_name="Renamed"
    )
    renamed = client.get(URL, PERIOD).content.decode().split('id="follow-up-heading"')[1]
    assert f"Renamed {person.family_name}" in renamed

    outcome = data["o9"]
    outcome.refresh_from_db()
    outcome_reword(
        outcome=outcome,
        by=practitioner,
        statement="To walk to the shops, in my words",
        why_it_matters="",
        expected_version=outcome.version,
    )
    reworded = client.get(URL, PERIOD).content.decode().split('id="follow-up-heading"')[1]
    assert "To walk to the shops, in my words" in reworded and "Outcome o9" not in reworded


def test_another_leads_follow_up_is_never_shown_for_equal_versions(
    client, team, other_team, lead, other_lead
):

    for each in (team, other_team):
        person = PersonFactory(team=each, given_name="Named", family_name=f"In {each.name}")
        OutcomeFactory(person=person, category="staying_well", next_review_due=FROM)
    ReportVersion.objects.update(version=3)
    pages = []
    for lead_of in (lead, other_lead):
        client.force_login(lead_of)
        page = client.get(URL, {"date_from": FROM, "date_to": TODAY}).content.decode()
        pages.append(page.split('id="follow-up-heading"')[1])
    assert f"In {team.name}" in pages[0] and f"In {other_team.name}" not in pages[0]
    assert f"In {other_team.name}" in pages[1] and f"In {team.name}" not in pages[1]


def test_the_filters_kept_drawn_show_each_requests_own_values_and_errors(client, lead, data):
    client.force_login(lead)
    client.get(URL, PERIOD)
    chosen = client.get(URL, {**PERIOD, "category": "group:change"}).content.decode()
    assert 'value="group:change" selected' in chosen
    plain = client.get(URL, PERIOD).content.decode()
    assert 'value="group:change" selected' not in plain
    wrong = client.get(URL, {**PERIOD, "date_from": "31/02/2026"}).content.decode()
    assert "There is a problem" in wrong and 'value="31/02/2026"' in wrong
    assert "There is a problem" not in client.get(URL, PERIOD).content.decode()


def test_a_write_that_changes_no_figure_reads_them_again_but_does_not_draw_again(
    client, lead, data, practitioner, drawn
):

    client.force_login(lead)
    client.get(URL, PERIOD)
    person = data["o9"].person
    person.refresh_from_db()
    person_update(
        person=person, by=practitioner, expected_version=person.version, family_name="Renamed"
    )
    page = client.get(URL, PERIOD).content.decode()
    assert COMPLETED.format(10) in page
    assert len(drawn) == 1
