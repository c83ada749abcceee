"""Before a session ends for inactivity: the warning, "Stay signed in", and the end.

The idle limit is set to one minute on the live server (the settings are the
same process's); the page's clock is Playwright's, so the end of the session
comes without waiting a minute.
"""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from pphw.middleware import IDLE_KEY

pytestmark = pytest.mark.browser

WHAT_MATTERS = "What matters to the person, in their own words"


def _session(page: Page) -> SessionStore:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=cookie["value"])


def _open_conversation_form(page: Page, url, demo, assert_accessible):
    page.goto(url("conversations:create", demo.isla_person.pk))
    assert_accessible(page)
    narrative = page.get_by_label(WHAT_MATTERS)
    narrative.fill("Getting back to the allotment with my brother.")
    return narrative


def test_it_warns_before_the_session_ends_and_lets_the_user_stay(
    sign_in, demo, page, url, assert_accessible, settings
):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 57
    sign_in(demo.callum)
    narrative = _open_conversation_form(page, url, demo, assert_accessible)
    narrative.focus()

    warning = page.get_by_role("alertdialog", name="You will be signed out soon")
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("you will be signed out in")
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_accessible(page)

    before = _session(page).get(IDLE_KEY)
    time.sleep(1.1)
    with page.expect_response(url("session_extend")) as answer:
        stay.click()
    assert answer.value.status == 200
    expect(warning).to_be_hidden()
    expect(narrative).to_be_focused()
    expect(narrative).to_have_value("Getting back to the allotment with my brother.")
    assert _session(page).get(IDLE_KEY) > before

    # The clock started again: the warning comes back only near the new end.
    expect(warning).to_be_visible(timeout=15_000)
    assert_accessible(page)


def test_it_says_so_when_the_time_runs_out(sign_in, demo, page, url, assert_accessible, settings):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 30
    page.clock.install()
    sign_in(demo.callum)
    narrative = _open_conversation_form(page, url, demo, assert_accessible)
    narrative.focus()

    page.clock.fast_forward("00:45")
    expect(page.get_by_role("alertdialog", name="You will be signed out soon")).to_be_visible()
    page.clock.fast_forward("00:20")
    ended = page.get_by_role("alertdialog", name="You have been signed out")
    expect(ended).to_be_visible()
    expect(ended.get_by_role("heading", name="You have been signed out")).to_be_focused()
    expect(ended).to_contain_text("What you typed is not lost")
    assert_accessible(page)

    ended.get_by_role("button", name="Close this message").click()
    expect(ended).to_be_hidden()
    expect(narrative).to_be_focused()


def _save_after_the_session_ended(page: Page, url, demo, assert_accessible, settings):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 30
    page.clock.install()
    narrative = _open_conversation_form(page, url, demo, assert_accessible)
    narrative.fill("Getting back to the allotment with my brother.\nHe has the keys now.")

    page.clock.fast_forward("01:05")
    ended = page.get_by_role("alertdialog", name="You have been signed out")
    expect(ended).to_be_visible()
    ended.get_by_role("button", name="Close this message").click()
    # The server's clock agrees: the session has passed its idle limit.
    session = _session(page)
    session[IDLE_KEY] = int(time.time()) - 90
    session.save()

    page.get_by_role("button", name="Save the conversation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("what you typed is kept for you")).to_be_visible()
    assert_accessible(page)


def _sign_in_here(page: Page, user, password: str) -> None:
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_it_brings_back_what_was_typed_after_signing_in_again(
    sign_in, demo, page, url, assert_accessible, settings
):
    sign_in(demo.callum)
    _save_after_the_session_ended(page, url, demo, assert_accessible, settings)

    _sign_in_here(page, demo.callum, demo.password)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Isla Munro")
    expect(page.get_by_text("Nothing has been saved yet")).to_be_visible()
    expect(page.get_by_label(WHAT_MATTERS)).to_have_value(
        "Getting back to the allotment with my brother.\nHe has the keys now."
    )
    assert_accessible(page)
    from conversations.models import Conversation

    assert not Conversation.objects.exists()


def test_it_does_not_give_the_draft_to_another_user_on_that_browser(
    sign_in, demo, page, url, assert_accessible, settings
):
    sign_in(demo.callum)
    _save_after_the_session_ended(page, url, demo, assert_accessible, settings)

    _sign_in_here(page, demo.morag, demo.password)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Isla Munro")
    expect(page.get_by_label(WHAT_MATTERS)).to_have_value("")
    expect(page.get_by_text("Nothing has been saved yet")).to_have_count(0)
    assert_accessible(page)
