from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pphw.me.invitations import invitation_path, person_invite

GOOD_PASSWORD = "kettle garden blue river"


@pytest.fixture
def invited(person, practitioner):
    invitation = person_invite(person=person, by=practitioner, username="isla.munro")
    return invitation


def _open(client, path):
    response = client.get(path)
    assert response.status_code == 302  # Django moves the token out of the address
    return response.url


def _set(client, path, one=GOOD_PASSWORD, two=None):
    form_url = _open(client, path)
    return client.post(form_url, {"new_password1": one, "new_password2": two or one})


def test_it_sets_the_password_once_and_sends_me_to_sign_in(client, invited):
    response = _set(client, invited.path)
    assert response.status_code == 302 and response.url == reverse("login")
    invited.user.refresh_from_db()
    assert invited.user.check_password(GOOD_PASSWORD)
    assert client.login(username="isla.munro", password=GOOD_PASSWORD)
    client.logout()
    page = client.get(invited.path, follow=True).content.decode()
    assert "This link does not work" in page


def test_i_can_sign_in_through_the_form_and_land_on_my_outcomes(client, invited):
    _set(client, invited.path)
    response = client.post(
        reverse("login"), {"username": "isla.munro", "password": GOOD_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("me:home")
    assert "Hello, Isla" in response.content.decode()


def test_the_page_explains_the_rules_in_plain_words(client, invited):
    page = client.get(_open(client, invited.path)).content.decode()
    assert "Your username is <strong>isla.munro</strong>" in page
    assert "at least 12 characters" in page
    assert "not a common password" in page


@pytest.mark.parametrize(
    "password,explanation",
    [
        ("short", "too short. Use at least 12 characters"),
        ("password1234", "Lots of people use this password"),
        ("384729105638", "only of numbers"),
        ("isla.munro.isla", "too like your name or username"),
    ],
)
def test_it_explains_a_weak_password(client, invited, password, explanation):
    response = _set(client, invited.path, password)
    assert response.status_code == 200
    assert explanation in response.content.decode()
    invited.user.refresh_from_db()
    assert not invited.user.has_usable_password()


def test_it_explains_two_different_passwords(client, invited):
    response = _set(client, invited.path, GOOD_PASSWORD, "kettle garden blue rivet")
    assert "The two passwords are not the same" in response.content.decode()


def test_it_refuses_an_expired_link(client, invited, settings, monkeypatch):
    later = datetime.datetime.now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = client.get(invited.path, follow=True).content.decode()
    assert "This link does not work" in page
    assert "Ask your key worker" in page


@pytest.mark.parametrize(
    "uid,token",
    [("Zm9v", "abc-123"), ("!!!", "set-password"), ("MTAwMDAw", "c7z-0123456789abcdef")],
)
def test_it_refuses_a_forged_link(client, invited, uid, token):
    path = reverse("me:set_password", kwargs={"uidb64": uid, "token": token})
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_it_refuses_a_token_for_another_user(client, invited, other_person_user):
    path = invited.path.replace(
        urlsafe_base64_encode(force_bytes(invited.user.pk)),
        urlsafe_base64_encode(force_bytes(other_person_user.pk)),
    )
    assert "This link does not work" in client.get(path, follow=True).content.decode()


def test_it_is_not_a_back_door_for_staff_logins(client, practitioner):
    practitioner.set_unusable_password()
    practitioner.save()
    page = client.get(invitation_path(practitioner), follow=True).content.decode()
    assert "This link does not work" in page


def test_it_records_the_password_being_set_in_history(client, invited):
    _set(client, invited.path)
    latest = invited.user.history.latest()
    assert latest.history_change_reason == "Set their password from the invitation link"
    assert not re.search("kettle", str(latest.__dict__))
