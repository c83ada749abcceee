from __future__ import annotations

from django.urls import reverse

from tests.people.conftest import assert_sent_to_login

URL = reverse("me:home")


def test_it_shows_a_person_their_name_team_and_key_worker(client, person_user, person):
    client.force_login(person_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Hello, Isla</h1>" in page
    assert "Isla Munro" in page
    assert "North, Inverness" in page
    assert "Callum Fraser" in page


def test_it_says_plainly_when_there_is_no_key_worker(client, person_user, person):
    person.key_worker = None
    person.save()
    client.force_login(person_user)
    page = client.get(URL).content.decode()
    assert "You do not have a key worker yet." in page


def test_it_shows_each_person_only_their_own_record(
    client, person_user, other_person_user, person, other_person
):
    client.force_login(other_person_user)
    page = client.get(URL).content.decode()
    assert "Fatima Khan" in page
    assert "Isla Munro" not in page


def test_it_is_not_found_for_staff(client, practitioner, lead, person):
    for user in (practitioner, lead):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, db):
    assert_sent_to_login(client.get(URL), URL)
