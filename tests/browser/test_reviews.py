"""Reviews in a real browser: reviewing from the reviews-due list, and the lead's report."""

from __future__ import annotations

import csv
import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outcomes.vocabulary import StepStatus
from reviews.models import Review
from tests.factories import OutcomeFactory, ReviewFactory, StepFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def test_it_lets_a_practitioner_review_an_outcome_from_the_due_list(
    sign_in, demo, page, url, assert_accessible
):
    outcome = OutcomeFactory(
        person=demo.isla_person,
        statement="I want to get back to the allotment",
        baseline_rating=3,
        target_rating=8,
        review_interval_days=30,
        next_review_due=TODAY - datetime.timedelta(days=3),
        created_at=timezone.now() - datetime.timedelta(days=90),
    )
    ReviewFactory(
        outcome=outcome,
        reviewed_by=demo.callum,
        reviewed_on=TODAY - datetime.timedelta(days=33),
        person_rating=4,
    )
    step = StepFactory(outcome=outcome, what="Ask Mum about lifts")

    sign_in(demo.callum)
    expect(page.get_by_role("link", name=re.compile("1 review overdue or due"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews due").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews due")
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Review an outcome for Isla Munro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review an outcome for Isla Munro")
    assert_accessible(page)
    page.get_by_label(re.compile("Where are you now")).fill("7")
    page.get_by_role("group", name="How is it going?").get_by_label("Getting better").check()
    page.get_by_label("What changed").fill("Went to the allotment twice with Mum")
    page.get_by_role("group", name=re.compile("Ask Mum about lifts")).get_by_label("Done").check()
    page.get_by_text("How support felt (optional)").click()
    page.get_by_role("group", name="I was listened to").get_by_label("Yes").check()
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_text("The review was saved.")).to_contain_text(
        "“Ask Mum about lifts” is marked done."
    )
    table = page.get_by_role("table", name=re.compile("The person's rating over time"))
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_role("row").last).to_contain_text("7")
    expect(page.get_by_role("img", name=re.compile("rating over time"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="I want to get back to the allotment").click()
    expect(page.get_by_role("heading", name="Journey")).to_be_visible()
    expect(page.get_by_text("Went to the allotment twice with Mum")).to_be_visible()
    assert_accessible(page)

    review = Review.objects.get(person_rating=7)
    assert (review.achievement_status, review.met_status) == ("improving", "partly")
    assert review.reviewed_by == demo.callum
    assert review.listened_to == "yes"
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    outcome.refresh_from_db()
    # From the review's own day, the form's default: the test may run across midnight.
    assert outcome.next_review_due == review.reviewed_on + datetime.timedelta(days=30)


def test_it_lets_a_lead_filter_the_report_and_download_a_csv(
    sign_in, demo, page, url, assert_accessible
):
    for n in range(6):
        outcome = OutcomeFactory(
            person=demo.isla_person,
            category="seeing_people",
            baseline_rating=2,
            created_at=timezone.now() - datetime.timedelta(days=200),
        )
        ReviewFactory(
            outcome=outcome,
            reviewed_by=demo.callum,
            reviewed_on=TODAY - datetime.timedelta(days=10 + n),
            person_rating=6,
            what_changed=f"Saw my pal at the club ({n})",
        )

    sign_in(demo.morag)
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review report")
    assert_accessible(page)

    page.get_by_label("Outcome category").select_option(label="Seeing people")
    page.get_by_label("From").fill((TODAY - datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Show the report").click()
    distance = page.get_by_role("table", name=re.compile("^Distance travelled"))
    expect(distance.get_by_role("row", name=re.compile("^Improved"))).to_contain_text("100%")
    expect(page.get_by_text("Saw my pal at the club (0)")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download “Distance travelled” as CSV").click()
    download = info.value
    rows = list(csv.reader(StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["Measure", "Outcomes", "Share of those included"]
    assert rows[3] == ["Improved", "6", "100%"]
    assert download.suggested_filename.startswith("pphw-distance-")
