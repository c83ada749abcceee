"""The review form as a conversation: short at 1280 px, no sideways scroll at 320 px."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import OutcomeFactory, StepFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def _outcome_with_three_steps(demo):
    outcome = OutcomeFactory(
        person=demo.isla_person,
        statement="I want to get back to the allotment",
        baseline_rating=3,
        target_rating=8,
        review_interval_days=30,
        created_at=timezone.now() - datetime.timedelta(days=90),
    )
    for what in ("Ask Mum about lifts", "Phone the allotment society", "Buy seeds"):
        StepFactory(outcome=outcome, what=what)
    return outcome


def _measure(page) -> dict:
    return page.evaluate(
        """() => ({
            height: document.documentElement.scrollHeight,
            window: window.innerHeight,
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
        })"""
    )


def test_it_fits_a_review_of_three_steps_in_about_two_screens(
    sign_in, demo, page, url, assert_accessible
):
    outcome = _outcome_with_three_steps(demo)
    sign_in(demo.callum)
    page.goto(url("reviews:create", outcome.pk))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review")
    assert_accessible(page)
    size = _measure(page)
    assert size["height"] <= 2.2 * size["window"], size
    assert size["scrollWidth"] <= size["clientWidth"], size

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert_accessible(page)
    size = _measure(page)
    assert size["scrollWidth"] <= size["clientWidth"], size
