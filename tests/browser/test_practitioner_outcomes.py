"""A practitioner's journey in a real browser: conversation, outcome, small steps, history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from outcomes.models import Outcome
from outcomes.vocabulary import StepStatus

pytestmark = pytest.mark.browser


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def _step(page: Page, what: str):
    return (
        page.get_by_role("listitem")
        .filter(has_text=what)
        .filter(has=page.get_by_role("button", name="Mark done"))
    )


def test_it_takes_a_practitioner_from_conversation_to_outcome_history(
    sign_in, demo, page, url, assert_accessible
):
    sign_in(demo.callum)
    page.goto(url("people:detail", demo.duncan_person.pk))
    expect(_heading(page)).to_have_text("Duncan Ross")
    assert_accessible(page)

    # A what matters conversation, then straight on to an outcome from it.
    page.get_by_role("link", name="Record a conversation").click()
    expect(_heading(page)).to_have_text("Record a what matters conversation with Duncan Ross")
    assert_accessible(page)
    page.get_by_label("Phone").check()
    page.get_by_label("Who else took part").fill("His daughter, Kirsty")
    page.get_by_label("What matters to the person, in their own words").fill(
        "I miss singing with the choir on a Thursday 🎶"
    )
    page.get_by_label("Strengths and resources").fill("Kirsty can drive him; strong voice")
    page.get_by_role("button", name="Save and add an outcome from it").click()

    expect(_heading(page)).to_have_text("Add an outcome for Duncan Ross")
    expect(page.get_by_text("The conversation was recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What matters, in the person's own words").fill(
        "I want to be back singing with the choir"
    )
    page.get_by_label("Talking Points category").select_option(label="Seeing people")
    page.get_by_label(re.compile("Where are you now")).fill("3")
    page.get_by_label(re.compile("Where would you like to be")).fill("8")
    page.get_by_role("button", name="Save and add a small step").click()

    # Two small steps.
    expect(_heading(page)).to_have_text("Add a small step")
    assert_accessible(page)
    page.get_by_label("What is the small step?").fill("Ring the choir leader")
    page.get_by_role("button", name="Add it and another").click()
    expect(page.get_by_text("The small step was added.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What is the small step?").fill("Go to one rehearsal with Kirsty")
    page.get_by_label("Family or carer").check()
    page.get_by_label("Their name (optional)").fill("Kirsty")
    page.get_by_role("button", name="Add the small step").click()

    expect(_heading(page)).to_have_text("Outcome for Duncan Ross")
    assert_accessible(page)
    outcome = Outcome.objects.get(person=demo.duncan_person)
    assert outcome.conversation is not None
    assert outcome.conversation.what_matters == "I miss singing with the choir on a Thursday 🎶"

    # Mark the first step done, and move the second above it, by keyboard alone.
    done = _step(page, "Ring the choir leader").get_by_role("button", name="Mark done")
    done.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Small step marked “done”.")).to_be_visible()
    first = page.get_by_role("listitem").filter(has_text="Ring the choir leader").first
    expect(first).to_contain_text("Done on")
    assert_accessible(page)
    move_up = (
        page.get_by_role("listitem")
        .filter(has_text="Go to one rehearsal with Kirsty")
        .get_by_role("button", name="Move up")
    )
    move_up.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("Small step moved up.")).to_be_visible()
    steps = page.locator("ol.steps > li .step-what")
    expect(steps).to_have_text(["Go to one rehearsal with Kirsty", "Ring the choir leader"])
    assert_accessible(page)

    # Edit the outcome with a reason, and read the change in its history.
    page.get_by_role("link", name="Edit the outcome").click()
    expect(_heading(page)).to_have_text("Edit an outcome for Duncan Ross")
    assert_accessible(page)
    page.get_by_label(re.compile("Where would you like to be")).fill("9")
    page.get_by_label("Progress").select_option(label="Improving")
    page.get_by_label("Reason for change (optional)").fill("Duncan said 9 on reflection")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The changes were saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change history").click()
    expect(_heading(page)).to_have_text("Change history of an outcome")
    edit = page.get_by_role("listitem").filter(has_text="Changed: outcome by Callum Fraser")
    expect(edit).to_contain_text("Reason: Duncan said 9 on reflection")
    expect(edit.get_by_role("row", name=re.compile("Where would you like to be"))).to_contain_text(
        "9"
    )
    completion = (
        page.get_by_role("listitem")
        .filter(has_text=re.compile("Changed: small step “Ring the choir leader”"))
        .filter(has=page.get_by_role("row", name=re.compile("^Status")))
    )
    expect(completion.first.get_by_role("row", name=re.compile("^Status"))).to_contain_text("Done")
    assert_accessible(page)

    outcome.refresh_from_db()
    assert outcome.target_rating == 9
    assert outcome.history.first().history_user == demo.callum
    assert outcome.steps.get(what="Ring the choir leader").status == StepStatus.DONE
