"""A practitioner finds a local service in the directory and links it to a small step;
the person sees it on their plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conversations.models import Conversation
from outcomes.models import Step
from outcomes.vocabulary import StepWho
from tests.factories import LocationFactory, OutcomeFactory, ServiceFactory, StepFactory

pytestmark = pytest.mark.browser


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def _fits_320px(page: Page) -> None:
    """No sideways scroll on a 320 px wide screen (then back to a desktop width)."""
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert width["scroll"] <= width["client"], (page.url, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_practitioner_picks_the_walking_group_in_a_conversations_strengths(
    sign_in, demo, page, url, assert_accessible
):
    walking = ServiceFactory(name="Merkinch Walking Group", tags="walking, outdoors")
    ServiceFactory(name="Knit and Natter")
    sign_in(demo.callum)
    page.goto(url("conversations:create", demo.isla_person.pk))
    assert_accessible(page)
    _fits_320px(page)
    page.get_by_label("What matters to the person, in their own words").fill(
        "Getting out of the flat and seeing folk."
    )
    page.get_by_label("Strengths and resources").fill("Goes to the walking group on Tuesdays.")
    search = page.get_by_label("Find a local service")
    search.fill("walk")
    search.press("Enter")  # the search box's own button is the form's first
    expect(page.get_by_role("status").filter(has_text="matches")).to_contain_text(
        "1 service matches \u201cwalk\u201d"
    )
    expect(page.get_by_text("Knit and Natter")).to_have_count(0)
    # Everything typed is still there; nothing was saved.
    expect(page.get_by_label("Strengths and resources")).to_have_value(
        "Goes to the walking group on Tuesdays."
    )
    assert not Conversation.objects.filter(person=demo.isla_person).exists()
    assert_accessible(page)
    _fits_320px(page)
    page.get_by_role("checkbox", name="Merkinch Walking Group").check()
    page.get_by_role("button", name="Save the conversation").click()
    expect(page.get_by_text("The conversation was recorded.")).to_be_visible()
    expect(page.get_by_role("link", name="Merkinch Walking Group")).to_be_visible()
    assert_accessible(page)
    conversation = Conversation.objects.get(person=demo.isla_person)
    assert list(conversation.services.all()) == [walking]
    page.goto(url("people:detail", demo.isla_person.pk))
    expect(page.get_by_text("Local services used: Merkinch Walking Group")).to_be_visible()
    assert_accessible(page)


def test_staff_search_the_directory_by_distance_from_a_place(
    sign_in, demo, page, url, assert_accessible
):
    near = ServiceFactory(name="Merkinch Walking Group")
    LocationFactory(service=near, latitude="57.488100", longitude="-4.240500", locality="Inverness")
    far = ServiceFactory(name="Dingwall Men's Shed")
    LocationFactory(service=far, latitude="57.595700", longitude="-4.428200", locality="Dingwall")
    sign_in(demo.callum)
    page.goto(url("community:list"))
    assert_accessible(page)
    page.get_by_label("Near a postcode or place").fill("Atlantis")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("is not a place the directory knows")
    assert_accessible(page)
    page.get_by_label("Near a postcode or place").fill("Inverness")
    page.get_by_label("Within").select_option(label="25 miles")
    page.get_by_role("button", name="Search").click()
    cards = page.get_by_role("main").get_by_role("listitem")
    expect(cards.first).to_contain_text("Merkinch Walking Group")
    expect(cards.nth(1)).to_contain_text("Dingwall Men's Shed")
    expect(cards.first).to_contain_text("miles away")
    assert_accessible(page)
    _fits_320px(page)


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
    _fits_320px(page)
    page.get_by_label("Find a local service").fill("walk")
    page.get_by_role("button", name="Find services").click()
    expect(page.get_by_role("status").filter(has_text="matches")).to_contain_text(
        "1 service matches"
    )
    assert_accessible(page)
    _fits_320px(page)
    page.get_by_role("radio", name="Merkinch Walking Group").check()
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
