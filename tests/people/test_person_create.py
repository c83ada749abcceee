from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from pphw.people.models import Person
from tests.factories import PersonFactory
from tests.people.conftest import assert_sent_to_login

URL = reverse("people:create")
CHI = "2703610009"


@pytest.fixture
def data(team, practitioner) -> dict:
    return {
        "given_name": "Duncan",
        "family_name": "Ross",
        "preferred_name": "",
        "date_of_birth": "1961-03-27",
        "chi_number": CHI,
        "team": team.pk,
        "key_worker": practitioner.pk,
        "communication_needs": "Large print",
    }


def _errors(response) -> dict:
    return response.context["form"].errors


def test_it_shows_an_empty_form(client, practitioner):
    client.force_login(practitioner)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Add a person</h1>" in page
    assert 'name="version"' not in page
    assert "Reason for change" not in page


def test_it_adds_a_person_and_records_who_did(client, practitioner, team, data):
    client.force_login(practitioner)
    response = client.post(URL, data)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    assert (person.given_name, person.chi_number, person.team, person.key_worker) == (
        "Duncan",
        CHI,
        team,
        practitioner,
    )
    record = person.history.get()
    assert record.history_type == "+"
    assert record.history_user == practitioner
    assert "Duncan Ross was added." in client.get(response.url).content.decode()


def test_it_lets_a_lead_add_a_person(client, lead, data):
    client.force_login(lead)
    assert client.post(URL, data).status_code == 302
    assert Person.objects.filter(family_name="Ross").exists()


def test_it_refuses_a_team_that_is_not_mine(client, practitioner, other_team, data):
    client.force_login(practitioner)
    response = client.post(URL, {**data, "team": other_team.pk, "key_worker": ""})
    assert response.status_code == 200
    assert _errors(response)["team"] == ["Choose one of your own teams."]
    assert not Person.objects.exists()


def test_it_refuses_a_key_worker_from_another_team(client, practitioner, stranger, data):
    client.force_login(practitioner)
    response = client.post(URL, {**data, "key_worker": stranger.pk})
    assert "key_worker" in _errors(response)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("chi_number", "2703610001", "last digit does not match"),
        ("chi_number", "3202610001", "is not a real date"),
        ("chi_number", "12345", "exactly 10 digits"),
        ("chi_number", "27036I0009", "exactly 10 digits"),
        ("date_of_birth", "2150-01-01", "cannot be in the future"),
        ("date_of_birth", "2999-01-01", "Enter a date between the years 1900 and 2199."),
        ("date_of_birth", "1899-12-31", "Enter a date between the years 1900 and 2199."),
        ("date_of_birth", "31/02/1961", "Enter a real date"),
        ("given_name", "", "Enter the person's given name."),
        ("given_name", "   ", "Enter the person's given name."),
        ("family_name", "", "Enter the person's family name."),
        ("given_name", "x" * 10_000, "longer than 100 characters (it has 10,000)"),
    ],
)
def test_it_explains_bad_input_and_keeps_the_rest(
    client, practitioner, data, field, value, message
):
    client.force_login(practitioner)
    response = client.post(URL, {**data, field: value})
    assert response.status_code == 200
    assert not Person.objects.exists()
    assert any(message in error for error in _errors(response)[field])
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert 'value="Large print"' in page or "Large print</textarea>" in page
    assert 'value="Ross"' in page or field == "family_name"


def test_it_stores_html_as_typed_and_shows_it_escaped(client, practitioner, data):
    client.force_login(practitioner)
    typed = '<script>alert("x")</script><b>bold</b>'
    response = client.post(URL, {**data, "given_name": typed, "communication_needs": typed})
    person = Person.objects.get()
    assert person.given_name == typed
    assert person.communication_needs == typed
    page = client.get(response.url).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_it_refuses_a_chi_number_that_another_person_has(client, practitioner, data, other_team):
    PersonFactory(team=other_team, chi_number=CHI)
    client.force_login(practitioner)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Another person already has this CHI number." in response.content.decode()
    assert Person.objects.count() == 1


def test_it_gives_the_same_friendly_error_when_the_database_catches_a_duplicate(
    client, practitioner, data, other_team
):
    # As if another user saved the same CHI number between validation and saving.
    PersonFactory(team=other_team, chi_number=CHI)
    client.force_login(practitioner)
    with mock.patch.object(Person, "validate_constraints", lambda self, exclude=None: None):
        response = client.post(URL, data)
    assert response.status_code == 200
    assert _errors(response)["chi_number"] == ["Another person already has this CHI number."]
    assert Person.objects.count() == 1
    assert Person.history.count() == 1


def test_it_lets_many_people_have_no_chi_number(client, practitioner, data):
    client.force_login(practitioner)
    client.post(URL, {**data, "chi_number": ""})
    client.post(URL, {**data, "chi_number": "", "given_name": "Mairi"})
    assert Person.objects.filter(chi_number="").count() == 2


def test_it_refuses_a_post_without_a_csrf_token(practitioner, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    response = client.post(URL, data)
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert not Person.objects.exists()


def test_it_is_not_found_for_a_person(client, person_user, data):
    client.force_login(person_user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, data).status_code == 404
    assert not Person.objects.filter(family_name="Ross").exists()


def test_it_sends_anonymous_visitors_to_login(client, data):
    assert_sent_to_login(client.get(URL), URL)
    assert_sent_to_login(client.post(URL, data), URL)
    assert not Person.objects.exists()


def test_it_accepts_a_chi_number_typed_in_groups(client, practitioner, data):
    client.force_login(practitioner)
    client.post(URL, {**data, "chi_number": "270361 0009"})
    assert Person.objects.get().chi_number == CHI


def test_it_says_once_that_another_person_has_the_chi_number(
    client, practitioner, data, other_team
):
    PersonFactory(team=other_team, chi_number=CHI)
    client.force_login(practitioner)
    page = client.post(URL, data).content.decode()
    assert page.count("Another person already has this CHI number.") == 1
