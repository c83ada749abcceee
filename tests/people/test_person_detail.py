from __future__ import annotations

from django.urls import reverse

from tests.people.conftest import assert_sent_to_login


def _url(person) -> str:
    return reverse("people:detail", args=[person.pk])


def test_it_shows_the_persons_details(client, practitioner, person):
    person.communication_needs = "BSL interpreter"
    person.save()
    client.force_login(practitioner)
    response = client.get(_url(person))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Isla Munro</h1>" in page
    assert person.chi_number in page
    assert person.date_of_birth.strftime("%-d %B %Y") in page
    assert "Callum Fraser" in page
    assert "BSL interpreter" in page
    assert reverse("people:edit", args=[person.pk]) in page
    assert reverse("people:history", args=[person.pk]) in page


def test_it_shows_the_person_to_a_lead_of_their_team(client, lead, person):
    client.force_login(lead)
    assert client.get(_url(person)).status_code == 200


def test_it_is_not_found_for_a_practitioner_of_another_team(client, stranger, person):
    client.force_login(stranger)
    response = client.get(_url(person))
    assert response.status_code == 404
    assert person.family_name not in response.content.decode()


def test_it_is_not_found_for_a_lead_of_another_team(client, other_lead, person):
    client.force_login(other_lead)
    assert client.get(_url(person)).status_code == 404


def test_it_is_not_found_for_the_person_themselves(client, person_user, person):
    client.force_login(person_user)
    assert client.get(_url(person)).status_code == 404


def test_it_is_not_found_for_someone_who_does_not_exist(client, practitioner, db):
    client.force_login(practitioner)
    assert client.get(reverse("people:detail", args=[999999])).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, person):
    assert_sent_to_login(client.get(_url(person)), _url(person))
