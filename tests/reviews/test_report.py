import datetime

import pytest
from django.urls import reverse

from pphw.people.models import Membership
from tests.factories import MembershipFactory, OutcomeFactory, PersonFactory, ReviewFactory
from tests.reviews.report_data import FROM, RECORDED, TO, build, touch_session

URL = reverse("reviews:report")
PERIOD = {"date_from": FROM.isoformat(), "date_to": TO.isoformat()}


@pytest.fixture
def data(team, other_team, practitioner, person):
    return build(team, other_team, practitioner, person)


def test_it_shows_the_lead_the_figures_with_small_counts_hidden(client, lead, data):
    client.force_login(lead)
    response = client.get(URL, PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<th scope="row">Reviews completed in the period</th><td>10</td>' in page
    # Included (8) is hidden too, or Improved 6 beside it would leave 2 for the rest.
    assert '<th scope="row">Improved</th><td>6</td><td>hidden</td>' in page
    assert '<th scope="row">Worse</th><td>fewer than 5</td><td>fewer than 5</td>' in page
    assert "Counts from 1 to 4 are shown as" in page
    assert "Left out: no starting rating" in page
    assert "The newest story" in page
    assert "Outcome o9" in page  # the overdue list to follow up
    assert reverse("reviews:report_csv", args=["distance"]) + "?date_from=" in page


def test_it_defaults_to_the_last_year(client, lead, data):
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 200
    filters = response.context["filters"]
    assert filters.date_to - filters.date_from == datetime.timedelta(days=364)
    # The From and To boxes show the dates in use.
    page = response.content.decode()
    assert f'name="date_from" value="{filters.date_from.isoformat()}"' in page
    assert f'name="date_to" value="{filters.date_to.isoformat()}"' in page


def test_it_honours_the_filters(client, lead, practitioner, data):
    client.force_login(lead)
    response = client.get(URL, {**PERIOD, "category": "group:change"})
    categories = response.context["report"].tables()["categories"].rows
    assert [row[1] for row in categories] == ["All in this group", "Improved confidence or morale"]
    assert 'value="group:change" selected' in response.content.decode()
    response = client.get(URL, {**PERIOD, "practitioner": practitioner.pk})
    categories = response.context["report"].tables()["categories"].rows
    assert "Improved confidence or morale" not in [row[1] for row in categories]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-02-31"}, "Enter a real date"),
        ({"date_to": "yesterday"}, "Enter a real date"),
        ({"date_from": "2026-06-01", "date_to": "2026-05-01"}, "on or after its start"),
        ({"category": "nonsense"}, "Choose one of the Talking Points categories."),
        ({"category": "group:nonsense"}, "Choose one of the Talking Points categories."),
        ({"team": "abc"}, "Choose one of the teams you lead."),
        ({"practitioner": "99999"}, "Choose a member of the teams you lead."),
        ({"date_to": "0001-01-01"}, "between the years 1900 and 2199"),
        ({"date_from": "9999-12-31"}, "between the years 1900 and 2199"),
    ],
)
def test_it_explains_bad_filters_next_to_them(client, lead, data, query, message):
    client.force_login(lead)
    response = client.get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Reviews completed in the period" not in page


def test_it_refuses_a_team_the_user_does_not_lead(client, lead, other_team, data):
    MembershipFactory(user=lead, team=other_team, role=Membership.Role.PRACTITIONER)
    client.force_login(lead)
    response = client.get(URL, {"team": other_team.pk})
    assert response.status_code == 200
    assert "Choose one of the teams you lead." in response.content.decode()


def test_it_shows_another_lead_only_their_own_team(client, other_lead, data):
    client.force_login(other_lead)
    response = client.get(URL, PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The newest story" not in page
    assert "Outcome o9" not in page
    assert response.context["report"].tables()["reviews"].rows[0] == [
        "Reviews completed in the period",
        "fewer than 5",
    ]


def test_it_forbids_practitioners(client, practitioner, data):
    client.force_login(practitioner)
    assert client.get(URL).status_code == 403


def test_it_answers_404_to_a_person(client, person_user):
    client.force_login(person_user)
    assert client.get(URL).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_costs_the_same_queries_at_two_data_sizes(
    client, lead, team, other_team, practitioner, person, django_assert_max_num_queries
):
    client.force_login(lead)
    build(team, other_team, practitioner, person)
    touch_session(client)
    with django_assert_max_num_queries(22) as small:
        assert client.get(URL, PERIOD).status_code == 200
    for n in range(40):
        outcome = OutcomeFactory(
            person=PersonFactory(team=team), created_at=RECORDED, baseline_rating=n % 10
        )
        ReviewFactory(outcome=outcome, reviewed_on=FROM, person_rating=(n * 3) % 11)
        ReviewFactory(outcome=outcome, reviewed_on=TO, person_rating=(n * 7) % 11)
    touch_session(client)
    with django_assert_max_num_queries(len(small)):
        assert client.get(URL, PERIOD).status_code == 200
