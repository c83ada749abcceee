from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pphw.people.models import Membership, Person
from tests.factories import MembershipFactory, UserFactory
from tests.people.conftest import assert_sent_to_login


def _url(person) -> str:
    return reverse("people:edit", args=[person.pk])


def _form(person, **changes) -> dict:
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "preferred_name": person.preferred_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "chi_number": person.chi_number,
        "team": person.team_id,
        "key_worker": person.key_worker_id or "",
        "communication_needs": person.communication_needs,
        "version": person.version,
        "reason": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def colleague(team):
    user = UserFactory(username="colleague", first_name="Morven", last_name="Gunn")
    MembershipFactory(user=user, team=team, role=Membership.Role.PRACTITIONER)
    return user


def test_it_shows_the_form_with_the_current_version(client, practitioner, person):
    client.force_login(practitioner)
    response = client.get(_url(person))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Edit Isla Munro</h1>" in page
    assert 'name="version" value="1"' in page
    assert "Reason for change (optional)" in page


def test_it_saves_a_change_with_the_reason_and_who_made_it(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(
        _url(person), _form(person, preferred_name="Izzy", reason="She asked us to")
    )
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    person.refresh_from_db()
    assert person.preferred_name == "Izzy"
    assert person.version == 2
    record = person.history.first()
    assert record.history_type == "~"
    assert record.history_user == practitioner
    assert record.history_change_reason == "She asked us to"
    assert person.history.count() == 2


def test_it_saves_with_no_reason_given(client, practitioner, person):
    client.force_login(practitioner)
    client.post(_url(person), _form(person, preferred_name="Izzy"))
    assert person.history.first().history_change_reason is None


def test_it_lets_a_lead_of_the_team_edit(client, lead, person):
    client.force_login(lead)
    assert client.post(_url(person), _form(person, preferred_name="Izzy")).status_code == 302
    assert person.history.first().history_user == lead


def test_it_refuses_the_second_of_two_edits_from_the_same_version(
    client, practitioner, colleague, person
):
    """Two people open the form at version 1; the first save wins, the second is refused."""
    other = Client()
    other.force_login(colleague)
    other.get(_url(person))
    client.force_login(practitioner)
    client.get(_url(person))

    first = other.post(_url(person), _form(person, communication_needs="BSL interpreter"))
    assert first.status_code == 302

    second = client.post(_url(person), _form(person, preferred_name="Izzy", reason="Her choice"))
    assert second.status_code == 200
    page = second.content.decode()
    assert "Not saved: Morven Gunn changed this record" in page
    assert page.count("Not saved: Morven Gunn changed this record") == 1
    assert "Communication needs: now “BSL interpreter”" in page
    # The refused user's own input stays in the form, now pointing at the newer version.
    assert 'value="Izzy"' in page
    assert 'value="Her choice"' in page
    assert 'name="version" value="2"' in page

    person.refresh_from_db()
    assert person.communication_needs == "BSL interpreter"
    assert person.preferred_name == ""
    assert person.version == 2
    assert person.history.count() == 2

    # Saving again after reading the message goes through, on top of the other change.
    third = client.post(_url(person), _form(person, preferred_name="Izzy", reason="Her choice"))
    assert third.status_code == 302
    person.refresh_from_db()
    assert (person.preferred_name, person.communication_needs, person.version) == (
        "Izzy",
        "BSL interpreter",
        3,
    )


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "1.5", "<script>"])
def test_it_explains_a_tampered_version_field(client, practitioner, person, version):
    client.force_login(practitioner)
    response = client.post(_url(person), _form(person, preferred_name="Izzy", version=version))
    assert response.status_code == 200
    assert "This form was damaged in transit" in response.content.decode()
    person.refresh_from_db()
    assert person.preferred_name == ""
    assert person.version == 1
    assert person.history.count() == 1


def test_it_refuses_a_version_from_the_future_without_saving(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(_url(person), _form(person, preferred_name="Izzy", version=99))
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    person.refresh_from_db()
    assert (person.preferred_name, person.version) == ("", 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "", "Enter the person's given name."),
        ("family_name", "x" * 10_000, "longer than 100 characters"),
        ("chi_number", "2703610001", "last digit does not match"),
        ("date_of_birth", "2150-12-31", "cannot be in the future"),
        ("date_of_birth", "2999-12-31", "between the years 1900 and 2199"),
        ("reason", "r" * 501, "longer than 500 characters"),
    ],
)
def test_it_explains_bad_input_and_saves_nothing(
    client, practitioner, person, field, value, message
):
    client.force_login(practitioner)
    response = client.post(_url(person), _form(person, preferred_name="Izzy", **{field: value}))
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert 'value="Izzy"' in response.content.decode()
    person.refresh_from_db()
    assert (person.preferred_name, person.version) == ("", 1)
    assert person.history.count() == 1


def test_it_refuses_a_chi_number_another_person_has(client, practitioner, person, other_person):
    client.force_login(practitioner)
    response = client.post(_url(person), _form(person, chi_number=other_person.chi_number))
    assert response.status_code == 200
    assert "Another person already has this CHI number." in response.content.decode()
    person.refresh_from_db()
    assert person.chi_number != other_person.chi_number


def test_it_refuses_a_move_to_a_team_i_am_not_in(client, practitioner, person, other_team):
    client.force_login(practitioner)
    response = client.post(_url(person), _form(person, team=other_team.pk, key_worker=""))
    assert response.context["form"].errors["team"] == ["Choose one of your own teams."]
    person.refresh_from_db()
    assert person.team.name == "North"


def test_it_stores_html_as_typed_and_shows_it_escaped(client, practitioner, person):
    client.force_login(practitioner)
    typed = "<img src=x onerror=alert(1)>"
    client.post(_url(person), _form(person, preferred_name=typed, reason=typed))
    person.refresh_from_db()
    assert person.preferred_name == typed
    history = client.get(reverse("people:history", args=[person.pk])).content.decode()
    assert typed not in history
    assert "&lt;img src=x onerror=alert(1)&gt;" in history


def test_it_refuses_a_post_without_a_csrf_token(practitioner, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    response = client.post(_url(person), _form(person, preferred_name="Izzy"))
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.preferred_name == ""


def test_it_is_not_found_for_a_practitioner_of_another_team(client, stranger, person):
    client.force_login(stranger)
    assert client.get(_url(person)).status_code == 404
    assert client.post(_url(person), _form(person, preferred_name="Izzy")).status_code == 404
    person.refresh_from_db()
    assert person.preferred_name == ""


def test_it_is_not_found_for_the_person_themselves(client, person_user, person):
    client.force_login(person_user)
    assert client.get(_url(person)).status_code == 404
    assert client.post(_url(person), _form(person, preferred_name="Me")).status_code == 404
    person.refresh_from_db()
    assert person.preferred_name == ""


def test_it_sends_anonymous_visitors_to_login(client, person):
    assert_sent_to_login(client.get(_url(person)), _url(person))
    assert_sent_to_login(client.post(_url(person), _form(person)), _url(person))
    assert Person.history.count() == 1
