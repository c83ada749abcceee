"""A practitioner finds a local service in the directory and links it to a small step;
the person sees it on their plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from outcomes.models import Step
from outcomes.vocabulary import StepWho
from tests.factories import LocationFactory, OutcomeFactory, ServiceFactory, StepFactory

pytestmark = pytest.mark.browser


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_a_practitioner_links_the_walking_group_and_isla_sees_it_on_her_plan(
    sign_in, demo, page, url, assert_accessible
):
    walking = ServiceFactory(
        name="Merkinch Walking Group",
        description="A gentle hour's walk along the canal, then tea.",
        opening_times="Tuesdays and Fridays, 10am",
        phone="01632 960101",
        tags="walking, outdoors",
    )
    LocationFactory(
        service=walking,
        name="Merkinch Community Centre",
        address="12 Coronation Park",
        locality="Inverness",
        postcode="IV3 8AD",
        district="IV3",
    )
    ServiceFactory(name="Knit and Natter")
    outcome = OutcomeFactory(person=demo.isla_person, statement="I want to get out of the flat")
    step = StepFactory(outcome=outcome, what="Go along to a walking group", who=StepWho.COMMUNITY)

    sign_in(demo.callum)
    page.get_by_role("link", name="Local services").click()
    expect(_heading(page)).to_have_text("Local services")
    assert_accessible(page)
    page.get_by_label("Words").fill("walk")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Merkinch Walking Group")).to_be_visible()
    expect(page.get_by_text("Knit and Natter")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Merkinch Walking Group").click()
    expect(_heading(page)).to_have_text("Merkinch Walking Group")
    expect(page.get_by_text("No open small step of the people in your teams")).to_be_visible()
    assert_accessible(page)

    page.goto(url("outcomes:step_edit", step.pk))
    assert_accessible(page)
    page.get_by_label("Local service (optional)").select_option(label="Merkinch Walking Group")
    page.get_by_role("button", name="Save the small step").click()
    expect(page.get_by_text("The small step was saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Merkinch Walking Group")).to_be_visible()
    assert_accessible(page)
    step.refresh_from_db()
    assert step.service == walking

    page.goto(url("community:detail", walking.pk))
    expect(page.get_by_role("link", name="Go along to a walking group")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    assert_accessible(page)
    sign_in(demo.isla)
    page.goto(url("me:plan"))
    assert_accessible(page)
    plan = page.get_by_role("main")
    expect(plan.get_by_text("Merkinch Walking Group")).to_be_visible()
    expect(plan.get_by_text("Tuesdays and Fridays, 10am")).to_be_visible()
    expect(plan.get_by_text("12 Coronation Park")).to_be_visible()
    expect(plan.get_by_role("link", name="01632 960101")).to_be_visible()
    assert Step.objects.get(pk=step.pk).service_id == walking.pk
