import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pphw.audit.models import RecordAccess
from tests.factories import PersonFactory

URL = reverse("audit:log")


def _look(user, person, page="person", when=None):
    return RecordAccess.objects.create(
        user=user, person=person, page=page, accessed_at=when or timezone.now()
    )


@pytest.fixture
def looks(practitioner, lead, person, other_person, stranger):
    return [
        _look(practitioner, person, "person"),
        _look(lead, person, "person_history"),
        _look(stranger, other_person, "person"),
    ]


def test_it_shows_a_lead_the_looks_at_their_teams_records(client, lead, looks):
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Callum Fraser" in text
    assert "Practitioner" in text
    assert "Change history of details" in text
    assert "Isla Munro" in text
    # The other team's person and the other team's practitioner are not shown.
    assert "Fatima" not in text
    assert "Ravi" not in text
    assert response["Cache-Control"] == "no-store"


def test_it_filters_by_staff_member(client, lead, practitioner, looks):
    client.force_login(lead)
    response = client.get(URL, {"staff": practitioner.pk})
    assert list(response.context["page"].object_list) == [looks[0]]


def test_it_filters_by_person(client, lead, practitioner, person, team, looks):
    someone = PersonFactory(team=team, given_name="Euan", family_name="Ross")
    _look(practitioner, someone)
    client.force_login(lead)
    response = client.get(URL, {"person": "Ross"})
    assert [row.person for row in response.context["page"].object_list] == [someone]


def test_it_filters_by_date_range(client, lead, practitioner, person):
    old = _look(practitioner, person, when=timezone.now() - datetime.timedelta(days=40))
    _look(practitioner, person)
    client.force_login(lead)
    start = (timezone.localdate() - datetime.timedelta(days=41)).isoformat()
    end = (timezone.localdate() - datetime.timedelta(days=39)).isoformat()
    response = client.get(URL, {"date_from": start, "date_to": end})
    assert list(response.context["page"].object_list) == [old]


def test_it_explains_a_bad_date_range_and_shows_nothing(client, lead, looks):
    client.force_login(lead)
    response = client.get(URL, {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()
    assert list(response.context["page"].object_list) == []


def test_it_refuses_a_member_of_another_team_as_staff_filter(client, lead, stranger, looks):
    client.force_login(lead)
    response = client.get(URL, {"staff": stranger.pk})
    assert "Choose a member of one of your teams." in response.content.decode()


@pytest.mark.parametrize("date", ["9999-12-31", "2200-01-01", "1899-12-31", "0001-01-01"])
def test_it_refuses_a_date_outside_1900_to_2199(client, lead, looks, date):
    client.force_login(lead)
    response = client.get(URL, {"date_to": date})
    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2199." in response.content.decode()
    assert list(response.context["page"].object_list) == []


def test_it_accepts_the_last_date_of_2199(client, lead, looks):
    client.force_login(lead)
    response = client.get(URL, {"date_to": "2199-12-31"})
    assert len(response.context["page"].object_list) == 2


def test_it_costs_the_same_queries_for_many_rows(
    client, lead, practitioner, person, django_assert_max_num_queries
):
    for _ in range(60):
        _look(practitioner, person)
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 50


def test_it_forbids_practitioners(client, practitioner):
    client.force_login(practitioner)
    assert client.get(URL).status_code == 403


def test_it_hides_from_people(client, person_user):
    client.force_login(person_user)
    assert client.get(URL).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_accepts_only_get(client, lead):
    client.force_login(lead)
    assert client.post(URL).status_code == 405
