"""A form posted after the session ended is kept for the same user, and comes back filled in."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from conversations.models import Conversation
from pphw.drafts import DRAFT_KEY
from pphw.middleware import IDLE_KEY
from tests.factories import PASSWORD, ConversationFactory

NARRATIVE = "Getting back to the allotment with my brother.\nHe has the keys <b>now</b>."
RESTORED = "Nothing has been saved yet"


def _idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[IDLE_KEY] = int(time.time()) - seconds
    session.save()


def _form(client: Client, path: str) -> str:
    page = client.get(path).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _sign_in(client: Client, user, next_url: str):
    """Sign in through the login form, as the login page's link to it would, and follow on."""
    token = _form(client, next_url)
    page = client.post(
        next_url,
        {"csrfmiddlewaretoken": token, "username": user.username, "password": PASSWORD},
        follow=True,
    )
    assert page.redirect_chain, "the sign-in failed"
    assert int(client.session["_auth_user_id"]) == user.pk
    return page


@pytest.fixture
def expired_post(practitioner, person):
    """A practitioner's browser that posted "record a conversation" after the idle limit."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    path = reverse("conversations:create", args=[person.pk])
    token = _form(client, path)
    _idle_for(client, 31 * 60)
    response = client.post(
        path,
        {
            "csrfmiddlewaretoken": token,
            "held_on": "2026-11-30",
            "mode": "phone",
            "what_matters": NARRATIVE,
            "strengths": "",
        },
    )
    return client, path, response


def test_it_brings_the_form_back_filled_in_after_signing_in_again(expired_post, practitioner):
    client, path, response = expired_post
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={path}"
    login_page = client.get(response.url).content.decode()
    assert "what you typed is kept for you" in login_page
    assert not Conversation.objects.exists()

    page = _sign_in(client, practitioner, response.url)
    assert page.redirect_chain[-1][0] == path
    html = page.content.decode()
    assert RESTORED in html
    assert escape(NARRATIVE) in html
    assert 'value="2026-11-30"' in html
    assert not Conversation.objects.exists()
    # Given back once: the next visit shows an empty form.
    again = client.get(path).content.decode()
    assert "Getting back to the allotment" not in again
    assert RESTORED not in again


def test_it_never_shows_the_draft_to_someone_else_signing_in_on_that_browser(expired_post, lead):
    client, path, response = expired_post
    page = _sign_in(client, lead, response.url)
    assert page.redirect_chain[-1][0] == path
    html = page.content.decode()
    assert "Getting back to the allotment" not in html
    assert RESTORED not in html
    assert DRAFT_KEY not in client.session


def test_it_keeps_the_draft_on_the_server_not_in_the_browser(expired_post):
    client, _path, response = expired_post
    for morsel in response.cookies.values():
        assert "allotment" not in morsel.value
    assert set(response.cookies) <= {"sessionid", "csrftoken", "messages"}
    stored = client.session[DRAFT_KEY]
    assert "allotment" not in stored  # compressed and signed, not readable as it is


def test_it_drops_a_draft_that_has_been_altered(expired_post, practitioner):
    client, path, response = expired_post
    session = client.session
    payload, timestamp, signature = session[DRAFT_KEY].rsplit(":", 2)
    forged = signing.dumps(
        {"user": practitioner.pk, "path": path, "fields": [("what_matters", "Forged")]},
        salt="pphw.drafts",
        compress=True,
    ).rsplit(":", 2)[0]
    session[DRAFT_KEY] = f"{forged}:{timestamp}:{signature}"
    session.save()
    html = _sign_in(client, practitioner, response.url).content.decode()
    assert "Getting back to the allotment" not in html
    assert "Forged" not in html


@override_settings(DRAFT_KEEP_MINUTES=5)
def test_it_forgets_the_draft_after_the_keep_minutes(expired_post, practitioner):
    client, path, response = expired_post
    later = time.time() + 5 * 60 + 5
    with mock.patch("django.core.signing.time.time", return_value=later):
        html = _sign_in(client, practitioner, response.url).content.decode()
    assert "Getting back to the allotment" not in html
    assert RESTORED not in html


def test_it_keeps_nothing_from_a_post_without_a_valid_csrf_token(practitioner, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    path = reverse("conversations:create", args=[person.pk])
    _form(client, path)
    _idle_for(client, 31 * 60)
    response = client.post(path, {"csrfmiddlewaretoken": "forged" * 8, "what_matters": "x"})
    assert response.status_code == 403
    assert DRAFT_KEY not in client.session


def test_it_never_keeps_a_password_or_the_token():
    from django.test import RequestFactory

    from pphw.drafts import typed

    request = RequestFactory().post(
        "/",
        {
            "csrfmiddlewaretoken": "token",
            "old_password": PASSWORD,
            "password": PASSWORD,
            "what_matters": "Kept",
        },
    )
    assert typed(request) == [("what_matters", "Kept")]


def test_it_keeps_nothing_from_the_password_form(practitioner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    path = reverse("password_change")
    token = _form(client, path)
    _idle_for(client, 31 * 60)
    client.post(path, {"csrfmiddlewaretoken": token, "old_password": PASSWORD})
    assert DRAFT_KEY not in client.session


def test_it_keeps_nothing_when_signing_out_after_the_limit(practitioner):
    client = Client()
    client.force_login(practitioner)
    client.get(reverse("home"))
    _idle_for(client, 31 * 60)
    client.post(reverse("logout"))
    assert DRAFT_KEY not in client.session


def test_it_restores_an_edit_with_the_version_it_was_made_from(practitioner, person):
    conversation = ConversationFactory(person=person, what_matters="As it was")
    client = Client()
    client.force_login(practitioner)
    path = reverse("conversations:edit", args=[conversation.pk])
    client.get(path)
    _idle_for(client, 31 * 60)
    posted = {
        "held_on": conversation.held_on.isoformat(),
        "mode": conversation.mode,
        "what_matters": "As it is now",
        "version": str(conversation.version),
        "reason": "",
    }
    response = client.post(path, posted)
    html = _sign_in(client, practitioner, response.url).content.decode()
    assert "As it is now" in html
    assert f'name="version" value="{conversation.version}"' in html
    conversation.refresh_from_db()
    assert conversation.what_matters == "As it was"


def test_it_keeps_nothing_from_a_form_that_does_not_give_it_back(practitioner, person):
    client = Client()
    client.force_login(practitioner)
    path = reverse("people:close", args=[person.pk])
    client.get(path)
    _idle_for(client, 31 * 60)
    response = client.post(path, {"reason": "Moved away", "version": str(person.version)})
    assert response.status_code == 302
    assert DRAFT_KEY not in client.session
    page = client.get(response.url).content.decode()
    assert "what you typed is kept" not in page


def test_it_signs_out_as_before_when_the_post_is_too_big_to_keep(practitioner, person, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client()
    client.force_login(practitioner)
    path = reverse("conversations:create", args=[person.pk])
    client.get(path)
    _idle_for(client, 31 * 60)
    response = client.post(path, {"what_matters": "x" * 5000})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert DRAFT_KEY not in client.session
