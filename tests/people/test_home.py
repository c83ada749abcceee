from __future__ import annotations

from django.urls import reverse

from tests.factories import PersonFactory, UserFactory
from tests.people.conftest import assert_sent_to_login, count_queries

URL = reverse("home")


def test_it_shows_a_practitioner_their_teams_caseload(client, practitioner, person, other_person):
    client.force_login(practitioner)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your caseload" in page
    assert "People supported by North" in page
    assert person.full_name in page
    assert other_person.full_name not in page


def test_it_shows_a_lead_their_teams_caseload(client, lead, person, other_person):
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert person.full_name in page
    assert other_person.full_name not in page
    assert "<h1>Your team: North</h1>" in page
    assert "Your caseload" not in page


def test_it_shows_a_practitioner_of_another_team_only_their_own_people(
    client, stranger, person, other_person
):
    client.force_login(stranger)
    page = client.get(URL).content.decode()
    assert other_person.full_name in page
    assert person.full_name not in page


def test_it_sends_a_person_to_their_own_home_page(client, person_user):
    client.force_login(person_user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("me:home")


def test_it_tells_a_user_without_a_team_to_ask_for_one(client, db, person):
    client.force_login(UserFactory(username="newstarter"))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "not part of any team yet" in page
    assert person.full_name not in page


def test_it_sends_anonymous_visitors_to_login(client, db):
    assert_sent_to_login(client.get(URL), URL)


def test_it_costs_the_same_queries_for_a_big_caseload(client, practitioner, team):
    PersonFactory.create_batch(3, team=team, key_worker=practitioner)
    client.force_login(practitioner)
    client.get(URL)  # the first request of a session writes it
    few = count_queries(lambda: client.get(URL))
    PersonFactory.create_batch(40, team=team, key_worker=practitioner)
    many = count_queries(lambda: client.get(URL))
    assert many == few
