"""A person's own space in a real browser: from invitation to downloading their data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from outcomes.models import Outcome, Reflection, Step
from outcomes.vocabulary import StepStatus
from tests.factories import OutcomeFactory, ReviewFactory

pytestmark = pytest.mark.browser
NEW_PASSWORD = "kettle garden blue river"


def _fits_320(page: Page) -> None:
    """Nothing wider than the screen: no sideways scrolling at 320 px."""
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320px wide"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_person_is_invited_and_shapes_their_own_record(
    sign_in, demo, page, url, assert_accessible
):
    duncan = demo.duncan_person
    outcome = OutcomeFactory(
        person=duncan,
        statement="I want to get back to the bowling club",
        why_it_matters="My pals are there.",
        baseline_rating=3,
        target_rating=8,
    )
    ReviewFactory(outcome=outcome, reviewed_by=demo.callum, person_rating=5)

    # The practitioner invites Duncan and reads the one-time link off the screen.
    sign_in(demo.callum)
    page.goto(url("people:detail", duncan.pk))
    assert_accessible(page)
    page.get_by_role("link", name="Invite to see their record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite Duncan to see their record")
    expect(page.get_by_label("Username")).to_have_value("duncan.ross")
    assert_accessible(page)
    page.get_by_role("button", name="Make their login and link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The link for Duncan")
    assert_accessible(page)
    link = page.locator("code.invite-link").inner_text()
    page.get_by_role("button", name="Sign out").click()
    assert_accessible(page)

    # Duncan follows it, chooses a password (a weak one first) and signs in.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    assert_accessible(page)
    page.get_by_label("Choose a password").fill("password1234")
    page.get_by_label("Type the same password again").fill("password1234")
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_role("alert")).to_contain_text("Lots of people use this password")
    assert_accessible(page)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()
    duncan.refresh_from_db()
    sign_in(duncan.user, NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Duncan")
    expect(page.get_by_role("heading", name="Working on now")).to_be_visible()
    assert_accessible(page)
    _fits_320(page)

    # Rewords the outcome.
    page.get_by_role("link", name="Open this outcome").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(outcome.statement)
    expect(page.get_by_role("table", name=re.compile("Your rating over time"))).to_be_visible()
    assert_accessible(page)
    _fits_320(page)
    page.get_by_role("link", name="Change the words").click()
    assert_accessible(page)
    page.get_by_label("What matters to me, in my own words").fill(
        "I want to be back bowling on Saturdays"
    )
    page.get_by_role("button", name="Save my words").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "I want to be back bowling on Saturdays"
    )
    assert_accessible(page)

    # Adds a step of their own and marks it done using the keyboard alone.
    page.get_by_label("What will you do?").fill("Phone Jim about a lift")
    page.get_by_role("button", name="Add my step").click()
    expect(page.get_by_text("Your small step was added.")).to_be_visible()
    assert_accessible(page)
    done = page.get_by_role(
        "button", name=re.compile(r"^I have done this\W+Phone Jim about a lift$")
    )
    done.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("is marked done")).to_be_visible()
    assert_accessible(page)

    # Writes how it is going.
    page.get_by_label("How is it going?").fill("Went along on Saturday and had a game.")
    page.get_by_label(re.compile("Where are you now")).fill("6")
    page.get_by_role("button", name="Save my note").click()
    expect(page.get_by_text("Went along on Saturday and had a game.")).to_be_visible()
    assert_accessible(page)

    # Gets ready for the next conversation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Before we talk").click()
    assert_accessible(page)
    page.get_by_label("What would you like to talk about?").fill("Getting a bus pass")
    page.get_by_role("button", name="Save my note").click()
    expect(page.get_by_text("Your key worker will see this")).to_be_visible()
    assert_accessible(page)

    # Reads what changed, and downloads their data.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="What changed").click()
    expect(page.get_by_text("I want to be back bowling on Saturdays").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My data").click()
    assert_accessible(page)
    _fits_320(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON file)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["given_name"] == "Duncan"
    assert data["outcomes"][0]["statement"] == "I want to be back bowling on Saturdays"
    assert data["preparations"][0]["talk_about"] == "Getting a bus pass"
    page.get_by_role("link", name="Open my plan to read or print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan: Duncan Ross")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    assert_accessible(page)

    # The practitioner sees what Duncan wrote, labelled as his.
    sign_in(demo.callum)
    page.goto(url("people:detail", duncan.pk))
    section = page.get_by_role("region", name="What Duncan wrote")
    expect(section).to_contain_text("Getting a bus pass")
    expect(section).to_contain_text("Went along on Saturday and had a game.")
    assert_accessible(page)

    outcome = Outcome.objects.get(pk=outcome.pk)
    assert outcome.history.latest().history_user == duncan.user
    step = Step.objects.get(what="Phone Jim about a lift")
    assert step.status == StepStatus.DONE and step.added_by_person
    assert Reflection.objects.get().author == duncan.user
