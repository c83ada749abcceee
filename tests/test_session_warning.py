"""The warning before the session ends, and "Stay signed in" (static/js/session-timeout.js)."""

from __future__ import annotations

import re
import time

from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from pphw.middleware import IDLE_KEY
from tests.people.conftest import assert_sent_to_login

EXTEND = reverse("session_extend")
HOME = reverse("home")


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[IDLE_KEY] = int(time.time()) - seconds
    session.save()


def _warning(page: str) -> dict[str, str]:
    tag = re.search(r'<div class="session-warning"[^>]*>', page)
    assert tag, "no session warning on the page"
    return dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag.group(0)))


@override_settings(SESSION_IDLE_MINUTES=10, SESSION_WARNING_SECONDS=90)
def test_it_tells_every_signed_in_page_when_the_session_ends(client, practitioner):
    client.force_login(practitioner)
    client.get(HOME)
    _idle_for(client, 100)
    page = client.get(reverse("people:list")).content.decode()
    warning = _warning(page)
    # That request counted as activity: the clock started again.
    assert 595 <= int(warning["data-seconds-left"]) <= 600
    assert warning["data-warning-seconds"] == "90"
    assert 'role="alertdialog"' in page
    # Hidden until the script shows it: without JavaScript, nothing changes.
    assert re.search(r'<div class="session-warning"[^>]*\shidden>', page)
    assert "Stay signed in" in page
    assert "js/session-timeout.js" in page


def test_it_shows_no_warning_to_anyone_not_signed_in(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "session-warning" not in page
    assert "session-timeout.js" not in page


@override_settings(SESSION_IDLE_MINUTES=5)
def test_it_keeps_the_session_when_asked_to(client, practitioner):
    client.force_login(practitioner)
    client.get(HOME)
    _idle_for(client, 4 * 60 + 50)
    response = client.post(EXTEND)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 299 <= response.json()["seconds_left"] <= 300
    assert int(time.time()) - client.session[IDLE_KEY] <= 1
    # Four more minutes later the user is still signed in.
    _idle_for(client, 4 * 60)
    assert client.get(HOME).status_code == 200


@override_settings(SESSION_IDLE_MINUTES=5)
def test_it_cannot_bring_back_a_session_that_has_ended(client, practitioner):
    client.force_login(practitioner)
    client.get(HOME)
    _idle_for(client, 5 * 60 + 1)
    response = client.post(EXTEND)
    assert_sent_to_login(response, EXTEND)
    assert SESSION_KEY not in client.session


def test_it_refuses_a_get(client, practitioner):
    client.force_login(practitioner)
    assert client.get(EXTEND).status_code == 405


def test_it_needs_the_csrf_token(practitioner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    assert client.post(EXTEND).status_code == 403


@override_settings(SESSION_IDLE_MINUTES=1)
def test_it_keeps_a_short_limit_close_to_the_last_request(client, practitioner):
    """With a one-minute limit the clock is written every few seconds, not once a minute."""
    client.force_login(practitioner)
    client.get(HOME)
    _idle_for(client, 30)
    client.get(HOME)
    assert int(time.time()) - client.session[IDLE_KEY] <= 1
    _idle_for(client, 50)
    assert client.get(HOME).status_code == 200
