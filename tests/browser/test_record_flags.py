"""Staff see overdue reviews at a glance, in words, on the caseload and on the record."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import OutcomeFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def test_it_flags_an_overdue_review_in_the_caseload_and_on_the_record(
    sign_in, demo, page, url, assert_accessible
):
    OutcomeFactory(
        person=demo.isla_person,
        statement="I want to get back to the allotment",
        next_review_due=TODAY - datetime.timedelta(days=7),
    )
    sign_in(demo.callum)
    page.goto(url("people:list"))
    isla = page.get_by_role("row", name=re.compile("Isla Munro"))
    expect(isla.get_by_text("Overdue review")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Duncan Ross"))).not_to_contain_text("Overdue")
    assert_accessible(page)

    isla.get_by_role("link", name="Isla Munro").click()
    expect(page.get_by_text("1 review is past its date.")).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Print for a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Isla Munro: record for a meeting")
    expect(page.get_by_text("I want to get back to the allotment")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.get_by_text("I want to get back to the allotment")).to_be_visible()
