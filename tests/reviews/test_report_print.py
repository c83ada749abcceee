"""The summary to share (print view) and the follow-up part kept apart from it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from pphw.audit.models import RecordAccess
from reviews.report import FEWER_THAN_5, HIDDEN, Report
from tests.factories import OutcomeFactory, PersonFactory, ReviewFactory
from tests.reviews.report_data import FROM, RECORDED, TO, TODAY, build, filters
from tests.reviews.test_disclosure import assert_nothing_recoverable

URL = reverse("reviews:report_print")
PERIOD = {"date_from": FROM.isoformat(), "date_to": TO.isoformat()}


@pytest.fixture
def data(team, other_team, practitioner, person):
    return build(team, other_team, practitioner, person)


def test_it_prints_the_summary_with_the_filters_and_rules_and_no_names(client, lead, data):
    client.force_login(lead)
    response = client.get(URL, {**PERIOD, "category": "group:quality_of_life"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "summary to share" in page
    assert "Counts from 1 to 4 are shown as" in page
    assert "All of “Quality of life”" in page  # the filter, in words
    assert "Team</dt>" in page and "All my teams" in page
    for name in ("Isla", "Munro", "Euan", "Ross", "Outcome o9", "The newest story"):
        assert name not in page
    assert "To follow up" not in page
    assert '<svg class="report-chart-svg"' in page


def test_it_logs_the_print_as_the_report_is_logged(client, lead, team, data):
    client.force_login(lead)
    client.get(URL, PERIOD)
    row = RecordAccess.objects.filter(page="report_print").get()
    assert (row.user, row.kind, row.team_id) == (lead, RecordAccess.Kind.BULK_PAGE, team.pk)


def test_it_explains_bad_filters(client, lead, data):
    client.force_login(lead)
    response = client.get(URL, {"date_from": "2026-02-31"})
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


def test_it_forbids_practitioners_and_hides_from_people(client, practitioner, person_user):
    client.force_login(practitioner)
    assert client.get(URL).status_code == 403
    client.force_login(person_user)
    assert client.get(URL).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_follow_up_does_not_give_away_a_hidden_overdue_count(client, lead, data):
    client.force_login(lead)
    page = client.get(reverse("reviews:report"), PERIOD).content.decode()
    summary, follow_up = page.split('id="follow-up-heading"')
    assert '<th scope="row">Outcomes overdue for review now</th><td>fewer than 5</td>' in summary
    assert "Outcome o9" not in summary and "Outcome o9" in follow_up
    assert "overdue outcome" not in follow_up.lower().replace("outcomes overdue for review", "")
    assert "All 3" not in page


def test_it_names_people_with_no_review_in_the_period(client, lead, data, team):
    quiet = PersonFactory(team=team, given_name="Morven", family_name="Quiet")
    OutcomeFactory(person=quiet, created_at=RECORDED)
    client.force_login(lead)
    page = client.get(reverse("reviews:report"), PERIOD).content.decode()
    follow_up = page.split('id="follow-up-heading"')[1]
    assert "Morven Quiet" in follow_up
    assert "Euan Ross" not in follow_up.split("unreviewed-heading")[1].split("narratives")[0]


def test_it_reads_a_review_in_the_period_behind_a_later_one(lead, data, team):
    """An outcome reviewed in the period and again since is reviewed; one reviewed only
    before or after the period, or only by a review entered in error, is not."""
    names = {}
    for name, dates in (
        ("Ailsa", [FROM + datetime.timedelta(days=3), TO + datetime.timedelta(days=10)]),
        ("Bruce", [TO + datetime.timedelta(days=10)]),
        ("Catriona", [FROM - datetime.timedelta(days=5)]),
        ("Donald", [TO]),
    ):
        someone = PersonFactory(team=team, given_name=name, family_name="Follow")
        outcome = OutcomeFactory(person=someone, created_at=RECORDED)
        for day in dates:
            ReviewFactory(outcome=outcome, reviewed_on=day, next_review_due=None)
        names[name] = someone
    in_error = PersonFactory(team=team, given_name="Eilidh", family_name="Follow")
    ReviewFactory(
        outcome=OutcomeFactory(person=in_error, created_at=RECORDED),
        reviewed_on=FROM + datetime.timedelta(days=1),
        next_review_due=None,
        entered_in_error=True,
    )
    listed = {p.given_name for p in Report(filters(team), today=TODAY).unreviewed_people}
    assert {"Bruce", "Catriona", "Eilidh"} <= listed
    assert not {"Ailsa", "Donald"} & listed


def test_no_hidden_count_of_the_whole_summary_can_be_worked_out(team, data):
    for kwargs in ({}, {"category": "staying_well"}, {"category": "group:change"}):
        summary = Report(filters(team, **kwargs), today=TODAY).summary
        assert_nothing_recoverable(summary.system, summary.status, summary.proofs)


def test_no_hidden_count_can_be_worked_out_on_more_data(team, practitioner, person, data):
    for n in range(30):
        outcome = OutcomeFactory(
            person=PersonFactory(team=team),
            created_at=RECORDED,
            baseline_rating=n % 7,
            category=("feeling_safe", "seeing_people", "improved_skills")[n % 3],
        )
        ReviewFactory(
            outcome=outcome,
            reviewed_on=FROM,
            person_rating=(n * 3) % 11,
            practitioner_rating=(n * 5) % 11 if n % 2 else None,
            listened_to=("yes", "partly", "no")[n % 3] if n % 4 else "",
            having_a_say="yes" if n % 5 else "no",
        )
    summary = Report(filters(team), today=TODAY).summary
    assert_nothing_recoverable(summary.system, summary.status, summary.proofs)
    assert set(summary.status.values()) >= {"shown", "primary"}


def test_every_csv_of_the_summary_shows_what_the_page_shows(client, lead, data):
    client.force_login(lead)
    page = client.get(reverse("reviews:report"), PERIOD)
    for name, table in page.context["report"].tables().items():
        response = client.get(reverse("reviews:report_csv", args=[name]), PERIOD)
        body = b"".join(response.streaming_content).decode()
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[1 : 1 + len(table.rows)] == [[str(c) for c in row] for row in table.rows]
    texts = {
        str(c) for t in page.context["report"].tables().values() for row in t.rows for c in row
    }
    assert {FEWER_THAN_5, HIDDEN} <= texts


def test_charts_draw_hidden_counts_as_hidden_never_as_zero(client, lead, data):
    client.force_login(lead)
    page = client.get(reverse("reviews:report"), PERIOD).content.decode()
    for name in ("quarters", "categories", "change", "ratings", "experience"):
        assert f'aria-labelledby="chart-title-{name} chart-desc-{name}"' in page
    assert 'class="chart-hidden"' in page
    assert "Hatched: a count shown in the table" in page
