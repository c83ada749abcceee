"""The lead's report in a real browser: each chart beside its table, the summary to share
apart from the named follow-up, and the printable summary; axe, and no sideways scroll."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import OutcomeFactory, ReviewFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()
WIDTH = """() => ({scroll: document.documentElement.scrollWidth,
                  client: document.documentElement.clientWidth})"""
CHARTS = {
    "The person's rating by quarter": "Median person's rating by quarter",
    "Outcomes by category": "Outcomes by category group",
    "Spread of change in the person's own rating": "Spread of change in the person's own rating",
    "The person's rating beside the practitioner's": (
        "The person's rating beside the practitioner's"
    ),
    "How people experience support": "How people experience support",
}


def _fits(page, assert_accessible) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        assert_accessible(page)
        size = page.evaluate(WIDTH)
        assert size["scroll"] <= size["client"], (page.url, width, size)


def test_it_shows_each_chart_with_its_table_and_prints_a_summary_to_share(
    sign_in, demo, page, url, assert_accessible
):
    for n in range(12):
        outcome = OutcomeFactory(
            person=demo.isla_person,
            category=("seeing_people", "feeling_safe")[n % 2],
            baseline_rating=3,
            created_at=timezone.now() - datetime.timedelta(days=200),
        )
        ReviewFactory(
            outcome=outcome,
            reviewed_by=demo.callum,
            reviewed_on=TODAY - datetime.timedelta(days=10 + 30 * (n % 3)),
            person_rating=3 + n % 4,
            practitioner_rating=4,
            listened_to="yes",
        )

    sign_in(demo.morag)
    page.goto(url("reviews:report"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Review report")
    summary = page.get_by_role("region", name="Summary, safe to share")
    for table_title, chart_title in CHARTS.items():
        section = summary.get_by_role("region", name=table_title, exact=True)
        expect(section.get_by_role("img", name=chart_title)).to_be_visible()
        expect(
            section.get_by_role("table", name=re.compile("^" + re.escape(table_title)))
        ).to_be_visible()
    expect(summary.get_by_text("Counts from 1 to 4 are shown as")).to_be_visible()
    follow_up = page.get_by_role("region", name="To follow up: names, not for sharing")
    expect(follow_up.get_by_role("heading", name="Outcomes overdue for review")).to_be_visible()
    expect(summary.get_by_role("link", name="Isla Munro")).to_have_count(0)
    assert_accessible(page)
    _fits(page, assert_accessible)

    page.get_by_role("link", name="Printable summary to share").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review report: summary to share")
    expect(page.get_by_text("Disclosure control applied")).to_be_visible()
    expect(
        page.get_by_role("img", name="Spread of change in the person's own rating")
    ).to_be_visible()
    expect(page.get_by_text("Isla Munro")).to_have_count(0)
    assert_accessible(page)
    _fits(page, assert_accessible)
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the report")).to_be_hidden()
