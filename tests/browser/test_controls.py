"""Every form control can be seen and every focus can be seen, read from computed styles.

WCAG 2.2: a control's boundary has at least 3:1 contrast against what is around it
(1.4.11), and keyboard focus is always visible (2.4.7) with a strong indicator. The
pages of the three journeys are also checked for sideways scrolling at 320 px.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pphw.audit.models import RecordAccess
from tests.factories import ConversationFactory, OutcomeFactory, StepFactory

pytestmark = pytest.mark.browser

CHECK_CONTROLS = (Path(__file__).parent / "check_controls.js").read_text()

WIDTH = """() => ({scroll: document.documentElement.scrollWidth,
                  client: document.documentElement.clientWidth})"""


def _check(page, assert_accessible) -> None:
    assert_accessible(page)
    # Without transitions the focus styles are read in full, not half-way through fading in.
    page.emulate_media(reduced_motion="reduce")
    page.keyboard.press("Tab")  # keyboard use, so that focus shows as it does for keyboard users
    result = page.evaluate(CHECK_CONTROLS)
    assert result["checked"] > 0
    assert not result["problems"], f"{page.url}:\n" + "\n".join(result["problems"])


def _no_sideways_scroll(page, assert_accessible) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert_accessible(page)
    width = page.evaluate(WIDTH)
    assert width["scroll"] <= width["client"], (page.url, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_it_shows_every_control_and_every_focus_to_staff(
    sign_in, demo, page, url, assert_accessible
):
    page.goto(url("login"))
    _check(page, assert_accessible)
    conversation = ConversationFactory(person=demo.isla_person, practitioner=demo.callum)
    outcome = OutcomeFactory(
        person=demo.isla_person,
        conversation=conversation,
        created_at=timezone.now() - datetime.timedelta(days=60),
    )
    StepFactory(outcome=outcome, what="Ask Mum about lifts")
    sign_in(demo.callum)
    for address in (
        url("people:list"),
        url("people:detail", demo.isla_person.pk),
        url("people:print", demo.isla_person.pk),
        url("people:create"),
        url("conversations:create", demo.isla_person.pk),
        url("outcomes:create", demo.isla_person.pk),
        url("outcomes:create", demo.isla_person.pk, conversation=conversation.pk, from_words=1),
        url("outcomes:detail", outcome.pk),
        url("reviews:create", outcome.pk),
        url("reviews:due"),
    ):
        page.goto(address)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _check(page, assert_accessible)
        _no_sideways_scroll(page, assert_accessible)


def test_it_shows_every_control_and_every_focus_to_a_lead(
    sign_in, demo, page, url, assert_accessible
):
    for _ in range(3):
        RecordAccess.objects.create(
            user=demo.callum,
            person=demo.isla_person,
            page="person",
            ip_address="2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        )
    sign_in(demo.morag)
    for address in (url("reviews:report"), url("audit:log")):
        page.goto(address)
        _check(page, assert_accessible)
        _no_sideways_scroll(page, assert_accessible)


def test_it_shows_every_control_and_every_focus_to_the_person(
    sign_in, demo, page, url, assert_accessible
):
    outcome = OutcomeFactory(person=demo.isla_person)
    StepFactory(outcome=outcome, what="Phone the allotment society")
    sign_in(demo.isla)
    for address in (
        url("me:home"),
        url("me:outcome", outcome.pk),
        url("me:reflection_add", outcome.pk),
        url("me:step_add", outcome.pk),
        url("me:preparation"),
        url("me:history"),
        url("me:export"),
    ):
        page.goto(address)
        _check(page, assert_accessible)
        _no_sideways_scroll(page, assert_accessible)
