"""A carer's own record in a real browser: recording whom they care for, changing it, and
the printable adult carer support plan; axe on every page, and no sideways scroll at 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from outcomes import services
from pphw.people.models import CaringRelationship
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser

WIDTH = """() => ({scroll: document.documentElement.scrollWidth,
                  client: document.documentElement.clientWidth})"""
CARE = (
    "I call in on Dad twice a week after work and every Sunday: his messages, his pills, "
    "the washing. Since his hip operation I phone him every night."
)


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def _fits_320(page: Page, assert_accessible) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert_accessible(page)
    width = page.evaluate(WIDTH)
    assert width["scroll"] <= width["client"], (page.url, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_it_records_whom_a_carer_cares_for_and_prints_their_plan(
    sign_in, demo, page, url, assert_accessible
):
    fiona = PersonFactory(
        team=demo.north, key_worker=demo.callum, given_name="Fiona", family_name="Mackenzie"
    )
    sign_in(demo.callum)
    page.goto(url("people:detail", fiona.pk))
    assert_accessible(page)
    page.get_by_role("link", name="Record someone Fiona cares for").click()
    expect(_heading(page)).to_have_text("Record someone Fiona Mackenzie cares for")
    assert_accessible(page)
    _fits_320(page, assert_accessible)

    # Sent empty, by keyboard: the errors are named at the top and beside each field.
    page.get_by_label("How they are related").press("Enter")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("link", name="Choose the person they care for.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Who do they care for?").select_option(
        label=f"MacDonald, Euan, born {demo.euan_person.date_of_birth:%d/%m/%Y} (North)"
    )
    page.get_by_label("How they are related").fill("daughter")
    page.get_by_label("Caring since").fill("2025-10-01")
    page.get_by_label("How much care, in the carer's words").fill(CARE)
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_text("The caring relationship was recorded.")).to_be_visible()
    expect(_heading(page)).to_have_text("Fiona Mackenzie")
    caring = page.get_by_role("region", name="Caring")
    expect(caring).to_contain_text("Cares for Euan MacDonald (daughter, since 1 October 2025)")
    expect(caring.get_by_role("link", name="Euan MacDonald", exact=True)).to_be_visible()
    assert_accessible(page)
    _fits_320(page, assert_accessible)
    assert CaringRelationship.objects.get().carer_id == fiona.pk

    # Changing it: the form keeps the carer's words.
    caring.get_by_role("link", name="Change the caring relationship with Euan MacDonald").click()
    expect(_heading(page)).to_contain_text("Fiona Mackenzie caring for Euan MacDonald")
    assert_accessible(page)
    page.get_by_label("How much care, in the carer's words").fill(CARE + " And most Saturdays.")
    page.get_by_label("Reason for change (optional)").fill("Fiona told us at her review")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("And most Saturdays.")).to_be_visible()
    assert_accessible(page)

    # Her own outcome, in the carers' categories, and the plan to print.
    outcome = services.outcome_create(
        person=fiona,
        by=demo.callum,
        statement="I want one evening a week that is mine, back at the choir.",
        category="carer_life_of_own",
    )
    services.step_create(
        outcome=outcome, by=demo.callum, what="Ask Alec to look in on Tuesdays", who="family"
    )
    page.reload()
    assert_accessible(page)
    page.get_by_role("link", name="Adult carer support plan").click()
    expect(_heading(page)).to_have_text("Fiona Mackenzie: adult carer support plan")
    expect(page.get_by_text("Caring for Euan MacDonald (daughter)")).to_be_visible()
    expect(page.get_by_text("back at the choir")).to_be_visible()
    expect(page.get_by_text("A life of their own")).to_be_visible()
    expect(page.get_by_text("Ask Alec to look in on Tuesdays")).to_be_visible()
    assert_accessible(page)
    _fits_320(page, assert_accessible)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.get_by_text("back at the choir")).to_be_visible()
    page.emulate_media(media="screen")

    # Ending it: kept, with when and why, in the change history.
    page.goto(url("people:detail", fiona.pk))
    page.get_by_role("link", name="End the caring relationship with Euan MacDonald").click()
    expect(_heading(page)).to_contain_text("End the caring relationship")
    assert_accessible(page)
    page.get_by_label("Why did it end?").fill("Euan moved into a care home")
    page.get_by_role("button", name="End the caring relationship").click()
    expect(page.get_by_text("The caring relationship has ended; it is kept.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change history").click()
    expect(page.get_by_text("Ended: Euan moved into a care home")).to_be_visible()
    assert_accessible(page)


def test_it_tells_another_teams_practitioner_only_that_someone_cares(
    sign_in, demo, page, url, assert_accessible
):
    fiona = PersonFactory(team=demo.north, given_name="Fiona", family_name="Mackenzie")
    CaringRelationship.objects.create(
        carer=fiona, cared_for=demo.fatima_person, relationship="friend", care_given=CARE
    )
    sign_in(demo.ravi)
    page.goto(url("people:detail", demo.fatima_person.pk))
    caring = page.get_by_role("region", name="Caring")
    expect(caring).to_contain_text("Cared for by a person supported by another team (friend)")
    expect(caring.get_by_role("link")).to_have_count(1)  # only "Record someone … cares for"
    expect(page.get_by_text("Fiona")).to_have_count(0)
    assert_accessible(page)
