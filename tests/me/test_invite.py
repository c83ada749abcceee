from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from pphw.me.invitations import suggest_username
from pphw.people.models import User
from tests.factories import PersonFactory, UserFactory
from tests.helpers import assert_login_redirect

LINK = re.compile(r"http://testserver(/me/welcome/[^/\s]+/[^/\s]+/)")


def _invite(client, person, **data):
    return client.post(reverse("people:invite", args=[person.pk]), data)


def test_it_suggests_a_free_username_from_the_name(db, person):
    assert suggest_username(person) == "isla.munro"
    UserFactory(username="isla.munro")
    assert suggest_username(person) == "isla.munro2"
    accented = PersonFactory(given_name="Siân", family_name="O'Neil", preferred_name="")
    assert suggest_username(accented) == "sian.oneil"


def test_the_form_is_filled_with_the_suggestion(client, practitioner, person):
    client.force_login(practitioner)
    page = client.get(reverse("people:invite", args=[person.pk])).content.decode()
    assert 'value="isla.munro"' in page


def test_it_makes_a_login_without_a_password_and_shows_the_link(client, practitioner, person):
    client.force_login(practitioner)
    response = _invite(client, person, username="isla.munro", email="")
    assert response.status_code == 200
    page = response.content.decode()
    assert LINK.search(page)
    person.refresh_from_db()
    user = person.user
    assert user.username == "isla.munro"
    assert (user.first_name, user.last_name) == ("Isla", "Munro")
    assert not user.has_usable_password()
    assert user.is_active
    assert not user.memberships.exists()
    assert len(mail.outbox) == 0
    latest = person.history.latest()
    assert latest.history_user == practitioner
    assert latest.history_change_reason == "Invited to see their own record"
    assert latest.user_id == user.pk


def test_it_emails_the_link_when_given_an_address(
    client, practitioner, person, django_capture_on_commit_callbacks
):
    client.force_login(practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, person, username="isla.munro", email="isla@example.org")
    assert "e-mailed to isla@example.org" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["isla@example.org"]
    assert "isla.munro" in message.body
    assert LINK.search(message.body).group(1) in response.content.decode()


def test_it_refuses_a_taken_username(client, practitioner, person):
    UserFactory(username="isla.munro")
    client.force_login(practitioner)
    response = _invite(client, person, username="Isla.Munro")
    assert response.status_code == 200
    assert "is taken" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None


def test_it_refuses_a_bad_username_or_email(client, practitioner, person):
    client.force_login(practitioner)
    response = _invite(client, person, username="isla munro!", email="not-an-address")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter an e-mail address like" in page
    assert User.objects.filter(person__isnull=False).count() == 0


def test_a_new_link_replaces_the_old_one(client, practitioner, person):
    client.force_login(practitioner)
    first = LINK.search(_invite(client, person, username="isla.munro").content.decode()).group(1)
    second_page = _invite(client, person, username="ignored").content.decode()
    second = LINK.search(second_page).group(1)
    person.refresh_from_db()
    assert person.user.username == "isla.munro"
    assert User.objects.filter(username__startswith="isla").count() == 1
    client.logout()
    assert "does not work" in client.get(first, follow=True).content.decode()
    assert "Choose a password" in client.get(second, follow=True).content.decode()


def test_it_makes_no_link_once_the_person_has_a_password(client, practitioner, person, person_user):
    client.force_login(practitioner)
    response = _invite(client, person, username="isla")
    assert response.status_code == 200
    assert "already has a login" in response.content.decode()
    person_user.refresh_from_db()
    assert person_user.has_usable_password()


def test_the_person_page_offers_the_invitation(client, practitioner, person):
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("people:invite", args=[person.pk]) in page
    assert reverse("people:revoke_access", args=[person.pk]) not in page


def test_it_is_404_for_another_team(client, stranger, person):
    client.force_login(stranger)
    assert client.get(reverse("people:invite", args=[person.pk])).status_code == 404
    assert _invite(client, person, username="x").status_code == 404
    person.refresh_from_db()
    assert person.user is None


def test_it_is_404_for_a_person(client, person_user, other_person):
    client.force_login(person_user)
    assert client.get(reverse("people:invite", args=[other_person.pk])).status_code == 404
    assert client.get(reverse("people:invite", args=[person_user.person.pk])).status_code == 404


def test_it_sends_anonymous_to_login(client, person):
    assert_login_redirect(client.get(reverse("people:invite", args=[person.pk])))
