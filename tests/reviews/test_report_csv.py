import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from reviews.report import Report
from tests.factories import OutcomeFactory
from tests.reviews.report_data import FROM, TO, TODAY, build

PERIOD = {"date_from": FROM.isoformat(), "date_to": TO.isoformat()}


def url(table):
    return reverse("reviews:report_csv", args=[table])


def read(response):
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def data(team, other_team, practitioner, person):
    return build(team, other_team, practitioner, person)


@pytest.mark.parametrize("table", Report.TABLES)
def test_it_streams_each_table_with_headers(client, lead, data, table):
    client.force_login(lead)
    response = client.get(url(table), PERIOD)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="pphw-{table}-')
    rows = read(response)
    assert rows[0] == Report(_filters(data)).table(table).headers
    if table not in ("overdue", "review_list"):
        assert rows[-1][0].startswith("Safe to share. Disclosure control: Counts from 1 to 4")


def _filters(data):
    from tests.reviews.report_data import filters

    return filters(data["o1"].person.team)


def test_it_writes_the_same_figures_as_the_page(client, lead, data):
    client.force_login(lead)
    rows = read(client.get(url("distance"), PERIOD))
    assert rows[1] == ["Included: a starting rating and a review in the period", "hidden", ""]
    assert rows[3] == ["Improved", "6", "hidden"]
    assert rows[5] == ["Worse", "fewer than 5", "fewer than 5"]


def test_it_honours_the_filters(client, lead, data):
    client.force_login(lead)
    rows = read(client.get(url("categories"), {**PERIOD, "category": "staying_well"}))
    # The group total equals its one category: both hidden beside the status counts.
    assert rows[1:3] == [
        ["Quality of life", "All in this group", "hidden"],
        ["Quality of life", "Staying as well as you can", "hidden"],
    ]
    rows = read(client.get(url("reviews"), {**PERIOD, "date_from": TO.isoformat()}))
    assert rows[1] == ["Reviews completed in the period", "fewer than 5"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_it_neutralises_formulas_in_cells(client, lead, person, start, db):
    OutcomeFactory(
        person=person,
        statement=f'{start}HYPERLINK("http://evil.example","click")',
        next_review_due=TODAY.replace(year=TODAY.year - 1),
    )
    client.force_login(lead)
    rows = read(client.get(url("overdue")))
    assert rows[1][2] == f'\'{start}HYPERLINK("http://evil.example","click")'
    assert rows[1][0] == "Isla Munro"


def test_it_answers_404_for_an_unknown_table(client, lead, db):
    client.force_login(lead)
    assert client.get(url("passwords")).status_code == 404


def test_it_answers_400_for_bad_filters(client, lead, db):
    client.force_login(lead)
    response = client.get(url("reviews"), {"date_from": "31/02/2026"})
    assert response.status_code == 400
    assert "From: Enter a real date" in response.content.decode()


def test_it_shows_another_lead_only_their_team(client, other_lead, data):
    client.force_login(other_lead)
    rows = read(client.get(url("overdue"), PERIOD))
    assert [row[2] for row in rows[1:]] == ["Outcome o11"]
    assert rows[1][1] == "South"


def test_it_forbids_practitioners(client, practitioner, db):
    client.force_login(practitioner)
    assert client.get(url("reviews")).status_code == 403


def test_it_answers_404_to_a_person(client, person_user):
    client.force_login(person_user)
    assert client.get(url("reviews")).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    response = client.get(url("reviews"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lists_every_review_in_the_period_of_the_leads_teams(client, lead, data):
    client.force_login(lead)
    page = client.get(reverse("reviews:report"), PERIOD).content.decode()
    assert url("review_list") in page
    rows = read(client.get(url("review_list"), PERIOD))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Person", "Team", "Outcome, in the person's words"]
    report = Report(_filters(data))
    expected = report.period_reviews.count()
    assert expected > 0
    assert len(body) == expected
    # In the period only, current reviews only, this lead's team only.
    dates = [row[4] for row in body]
    assert dates == sorted(dates)
    assert all(PERIOD["date_from"] <= d <= PERIOD["date_to"] for d in dates)
    assert {row[1] for row in body} == {data["o1"].person.team.name}
    assert "The newest story" in [row[10] for row in body]
    assert data["o11"].statement not in [row[2] for row in body]


def test_it_neutralises_formulas_in_review_narratives(client, lead, data):
    review = data["o1"].reviews.filter(reviewed_on__gte=FROM, reviewed_on__lte=TO).first()
    review.what_changed = '=HYPERLINK("http://evil")'
    review.save()
    client.force_login(lead)
    rows = read(client.get(url("review_list"), PERIOD))
    assert '\'=HYPERLINK("http://evil")' in [row[10] for row in rows[1:]]
