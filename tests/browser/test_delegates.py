"""Access a person gives to someone they trust, in a real browser, start to end."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from outcomes.models import Step
from pphw.people.models import Delegation
from tests.factories import OutcomeFactory

pytestmark = pytest.mark.browser
NEW_PASSWORD = "kettle garden blue river"
BANNER = "You are looking at Isla's plan as her friend"


def _fits_320(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320px wide"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_isla_invites_kirsty_who_helps_until_isla_ends_it(
    sign_in, demo, page, url, assert_accessible, browser
):
    OutcomeFactory(person=demo.isla_person, statement="I want to swim again", baseline_rating=3)

    # Isla invites Kirsty, to see and help, and reads the link off the screen.
    sign_in(demo.isla)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Who can see my plan"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who can see my plan")
    expect(page.get_by_text("Nobody else can see your plan at the moment.")).to_be_visible()
    assert_accessible(page)
    _fits_320(page)
    page.get_by_role("link", name="Invite someone you trust").click()
    assert_accessible(page)
    page.get_by_role("button", name="Invite them").click()  # empty: every field explained
    expect(page.get_by_role("alert")).to_contain_text("Enter their first name")
    assert_accessible(page)
    page.get_by_label("Their first name").fill("Kirsty")
    page.get_by_label("Their family name").fill("Campbell")
    page.get_by_label("Who they are to you").fill("her friend")
    page.get_by_label("see and help with my plan").check()
    page.get_by_role("button", name="Invite them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The link for Kirsty")
    assert_accessible(page)
    _fits_320(page)
    link = page.locator("code.invite-link").inner_text()
    page.get_by_role("button", name="Sign out").click()
    assert_accessible(page)

    # Kirsty sets her password from the link, signs in and chooses Isla's plan.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    assert_accessible(page)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()
    kirsty = Delegation.objects.get().delegate
    sign_in(kirsty, NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Whose plan would you like to look at?"
    )
    page.get_by_role("button", name="Isla's plan, as her friend").click()
    expect(page.get_by_text(BANNER)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Isla's plan")
    assert_accessible(page)
    _fits_320(page)

    # She adds a step, by keyboard.
    page.get_by_role("link", name="Open this outcome").click()
    expect(page.get_by_text(BANNER)).to_be_visible()
    expect(page.get_by_role("link", name="Change the words")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("What will you do?").fill("Book the pool for Saturday")
    page.get_by_role("button", name="Add my step").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your small step was added.")).to_be_visible()
    assert_accessible(page)

    # Kirsty stays signed in elsewhere while Isla looks.
    # (a second browser, signed in on its own, so that signing out here leaves it be).
    kirsty_context = browser.new_context(viewport={"width": 1280, "height": 900})
    kirsty_page = kirsty_context.new_page()
    kirsty_page.goto(url("login"))
    kirsty_page.get_by_label("Username").fill(kirsty.username)
    kirsty_page.get_by_label("Password").fill(NEW_PASSWORD)
    kirsty_page.get_by_role("button", name="Sign in").click()
    kirsty_page.get_by_role("button", name="Isla's plan, as her friend").click()
    expect(kirsty_page.get_by_text(BANNER)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    assert_accessible(page)

    # Isla sees the step, who added it, and who looked.
    sign_in(demo.isla)
    page.get_by_role("link", name="Open this outcome").click()
    expect(page.get_by_text("Book the pool for Saturday", exact=True)).to_be_visible()
    expect(page.get_by_text("Added by Kirsty Campbell.")).to_be_visible()
    assert_accessible(page)
    page.goto(url("audit:my_access"))
    expect(page.get_by_role("table")).to_contain_text("Someone you gave access to, her friend")
    assert_accessible(page)

    # Isla ends Kirsty's access; it takes effect at once.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Who can see my plan"
    ).click()
    expect(page.get_by_role("heading", name="Kirsty Campbell, her friend")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="End Kirsty's access now").click()
    expect(page.get_by_text("can no longer see your plan")).to_be_visible()
    expect(page.get_by_text("Nobody else can see your plan at the moment.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    assert_accessible(page)

    # Her other browser, still open on Isla's plan, is signed out of it at once.
    kirsty_page.reload()
    expect(kirsty_page.get_by_label("Password")).to_be_visible()
    expect(kirsty_page.get_by_text(BANNER)).to_have_count(0)
    kirsty_context.close()
    sign_in(kirsty, NEW_PASSWORD)
    expect(page.get_by_text(BANNER)).to_have_count(0)
    expect(page.get_by_text("that access has ended")).to_be_visible()
    response = page.goto(url("me:home"))
    assert response.status == 404
    assert_accessible(page)

    step = Step.objects.get(what="Book the pool for Saturday")
    created = step.history.earliest()
    assert created.history_user == kirsty
    assert "for Isla, as her friend" in created.history_change_reason


def test_staff_record_and_end_a_legal_authority(sign_in, demo, page, url, assert_accessible):
    sign_in(demo.callum)
    page.goto(url("people:detail", demo.isla_person.pk))
    assert_accessible(page)
    page.get_by_role("link", name="Who else has access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who else has access to Isla's record"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Record a legal authority").click()
    assert_accessible(page)
    _fits_320(page)
    page.get_by_label("Their first name").fill("Ann")
    page.get_by_label("Their family name").fill("Lawson")
    page.get_by_label("Who they are to the person").fill("her attorney")
    page.get_by_label("Type of legal authority").select_option("power_of_attorney")
    page.get_by_label("Reference").fill("OPG 1234/56")
    page.get_by_label("Date of the document").fill("2024-03-01")
    page.get_by_label("see my plan", exact=True).check()
    page.get_by_label("Evidence seen").fill("Certified copy seen and scanned")
    page.get_by_role("button", name="Record the authority").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The link for Ann")
    assert_accessible(page)
    page.get_by_role("link", name="Back to who else has access").click()
    expect(page.get_by_role("table")).to_contain_text("Ann Lawson, her attorney")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("End this access")).click()
    assert_accessible(page)
    page.get_by_role("button", name="End access").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required")
    assert_accessible(page)
    page.get_by_label("Why is this access being ended?").fill("Authority revoked by the court")
    page.get_by_role("button", name="End access").click()
    expect(page.get_by_role("table")).to_contain_text("Authority revoked by the court")
    assert_accessible(page)


def test_fatima_accepts_islas_link_with_her_own_login_and_moves_between_plans(
    sign_in, demo, page, url, assert_accessible
):
    OutcomeFactory(person=demo.isla_person, statement="I want to swim again", baseline_rating=3)
    OutcomeFactory(person=demo.fatima_person, statement="I want to cook for my family")

    # Isla invites Fatima, who already uses pphw, and reads the link off the screen.
    sign_in(demo.isla)
    page.goto(url("me:delegate_invite"))
    assert_accessible(page)
    page.get_by_label("Their first name").fill("Fatima")
    page.get_by_label("Their family name").fill("Khan")
    page.get_by_label("Who they are to you").fill("her friend")
    page.get_by_label("see my plan", exact=True).check()
    page.get_by_role("button", name="Invite them").click()
    expect(page.get_by_text("If they already use pphw")).to_be_visible()
    assert_accessible(page)
    link = page.locator("code.invite-link").inner_text()
    page.get_by_role("button", name="Sign out").click()

    # Fatima opens it while signed in, and adds the access to her own login, by keyboard.
    sign_in(demo.fatima)
    page.goto(link)
    expect(page.get_by_role("heading", name="You already use pphw")).to_be_visible()
    assert_accessible(page)
    _fits_320(page)
    button = page.get_by_role(
        "button", name="Add this access to the login you are signed in with (fatima)"
    )
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("can now see Isla's plan")).to_be_visible()
    expect(page.get_by_text(BANNER)).to_be_visible()
    assert_accessible(page)
    _fits_320(page)

    # She moves between her own plan and Isla's without signing out.
    page.get_by_role("button", name="Your own plan").click()
    expect(page.get_by_text(BANNER)).to_have_count(0)
    expect(page.get_by_text("I want to cook for my family")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Isla's plan, as her friend").click()
    expect(page.get_by_text(BANNER)).to_be_visible()
    expect(page.get_by_text("I want to swim again")).to_be_visible()

    # The link is spent.
    page.goto(link)
    expect(page.get_by_text("This link does not work")).to_be_visible()
    assert_accessible(page)
    assert Delegation.objects.get(person=demo.isla_person).delegate == demo.fatima
