"""The team at a glance, as a lead uses it: sorted by keyboard, followed to reviews due."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_controls import _check, _no_sideways_scroll
from tests.factories import OutcomeFactory

pytestmark = pytest.mark.browser


def test_a_lead_sorts_the_team_by_keyboard_and_follows_a_figure(
    sign_in, demo, page, url, assert_accessible
):
    today = timezone.localdate()
    OutcomeFactory(
        person=demo.isla_person,
        statement="Get back to the allotment",
        next_review_due=today - datetime.timedelta(days=3),
    )
    OutcomeFactory(
        person=demo.isla_person,
        statement="Cook for my grandchildren",
        next_review_due=today + datetime.timedelta(days=60),
    )
    sign_in(demo.morag)
    page.goto(url("reviews:team"))
    expect(page.get_by_role("heading", level=1, name="Team at a glance")).to_be_visible()
    _check(page, assert_accessible)
    _no_sideways_scroll(page, assert_accessible)

    # Sort by overdue reviews with the keyboard alone: focus the heading's link, press Enter.
    overdue = page.get_by_role("link", name="Reviews overdue", exact=True)
    overdue.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=-overdue")
    header = page.get_by_role("columnheader", name="Reviews overdue", exact=True)
    expect(header).to_have_attribute("aria-sort", "descending")
    first = page.get_by_role("row").nth(1)
    expect(first.get_by_role("rowheader")).to_have_text("Callum Fraser")
    assert_accessible(page)

    page.get_by_role("link", name="1 review overdue for Callum Fraser’s people").click()
    expect(page.get_by_role("heading", level=1, name="Reviews due")).to_be_visible()
    expect(page.get_by_label("Key worker")).to_have_value(str(demo.callum.pk))
    expect(page.get_by_label("When")).to_have_value("-1")
    expect(page.get_by_text("Get back to the allotment")).to_be_visible()
    expect(page.get_by_text("Cook for my grandchildren")).to_have_count(0)
    _check(page, assert_accessible)
    _no_sideways_scroll(page, assert_accessible)

    # Widen the window with the form's own labelled controls.
    page.get_by_label("When").select_option("90")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Cook for my grandchildren")).to_be_visible()
    assert_accessible(page)

    # A value that is not offered comes back with a message, not an error page.
    page.goto(url("reviews:due") + "?within=12345&key_worker=nobody")
    expect(page.get_by_text("Choose one of the periods listed.")).to_be_visible()
    assert_accessible(page)
