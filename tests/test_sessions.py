"""Sessions end after SESSION_IDLE_MINUTES without a request, and at browser close."""

from __future__ import annotations

import time

from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from pphw.middleware import IDLE_KEY
from tests.factories import PASSWORD
from tests.people.conftest import assert_sent_to_login

HOME = reverse("home")


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[IDLE_KEY] = int(time.time()) - seconds
    session.save()


@override_settings(SESSION_IDLE_MINUTES=5)
def test_it_signs_out_after_the_idle_minutes(client, practitioner):
    client.force_login(practitioner)
    assert client.get(HOME).status_code == 200
    _idle_for(client, 5 * 60 + 1)
    response = client.get(HOME)
    assert_sent_to_login(response, HOME)
    assert SESSION_KEY not in client.session
    page = client.get(response.url).content.decode()
    assert "You were signed out after 5 minutes without activity." in page


@override_settings(SESSION_IDLE_MINUTES=5)
def test_it_keeps_an_active_user_signed_in(client, practitioner):
    client.force_login(practitioner)
    client.get(HOME)
    _idle_for(client, 5 * 60 - 10)
    assert client.get(HOME).status_code == 200
    # That request counted as activity: the clock starts again.
    assert int(time.time()) - client.session[IDLE_KEY] < 5
    _idle_for(client, 4 * 60)
    assert client.get(HOME).status_code == 200


def test_it_uses_a_cookie_that_ends_when_the_browser_closes(client, practitioner):
    response = client.post(LOGIN := reverse("login"), {"username": "prac", "password": PASSWORD})
    assert response.status_code == 302, LOGIN
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
