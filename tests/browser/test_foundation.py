"""The foundation in a real browser: signing in, the caseload, editing, history, a person's home."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _focused(page: Page) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.id || '')")


def _no_sideways_scroll(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_it_lets_a_practitioner_find_edit_and_see_the_change_in_history(
    sign_in, demo, page, assert_accessible
):
    sign_in(demo.callum)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    assert_accessible(page)

    page.get_by_label("Search by name or CHI number").fill("Ross")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Duncan Ross")).to_be_visible()
    expect(results.get_by_role("link", name="Isla Munro")).to_have_count(0)
    assert_accessible(page)

    results.get_by_role("link", name="Duncan Ross").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Duncan Ross")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Edit details")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Duncan Ross")
    assert_accessible(page)
    page.get_by_label("Communication needs").fill("BSL interpreter")
    page.get_by_label("Reason for change (optional)").fill("Asked for at the last visit")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("The changes were saved.")).to_be_visible()
    expect(page.get_by_text("BSL interpreter")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change history: Duncan Ross")
    newest = page.get_by_role("listitem").filter(has_text="Changed by Callum Fraser").first
    expect(newest).to_contain_text("Reason: Asked for at the last visit")
    row = newest.get_by_role("row", name=re.compile("Communication needs"))
    expect(row).to_contain_text("BSL interpreter")
    assert_accessible(page)

    demo.duncan_person.refresh_from_db()
    record = demo.duncan_person.history.first()
    assert demo.duncan_person.communication_needs == "BSL interpreter"
    assert record.history_user == demo.callum
    assert record.history_change_reason == "Asked for at the last visit"


def test_it_shows_a_person_their_own_home_page(sign_in, demo, page, assert_accessible):
    sign_in(demo.isla)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Isla")
    support = page.get_by_role("region", name="Your support")
    expect(support).to_contain_text("Isla Munro")
    expect(support).to_contain_text("North")
    expect(support).to_contain_text("Callum Fraser")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="My outcomes")).to_be_visible()
    expect(main_nav.get_by_role("link", name="People")).to_have_count(0)


def test_it_lets_the_login_form_be_used_by_keyboard_alone(demo, page, url, assert_accessible):
    page.goto(url("login"))
    assert_accessible(page)
    username = page.get_by_label("Username")
    expect(username).to_be_focused()  # the form is ready to type into

    # Back to the top of the page: the first stop is a visible skip link.
    skip_link = page.get_by_role("link", name="Skip to main content")
    for _ in range(6):
        if skip_link.evaluate("link => link === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From the main content, Tab reaches the username, then the password.
    for _ in range(5):
        page.keyboard.press("Tab")
        if _focused(page) == "id_username":
            break
    expect(username).to_be_focused()
    page.keyboard.type("callum")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(demo.password)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_it_explains_a_failed_sign_in_accessibly(demo, page, url, assert_accessible):
    page.goto(url("login"))
    page.get_by_label("Username").fill("callum")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Username")).to_have_value("callum")
    assert_accessible(page)


def test_it_resets_a_forgotten_password_by_a_link(demo, page, url, assert_accessible, mailoutbox):
    page.goto(url("login"))
    assert_accessible(page)
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_label("Email").fill(demo.callum.email)
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set a new password")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^\s*New password\W*$")).fill("a-new-and-long-passphrase")
    page.get_by_label(re.compile(r"^\s*New password confirmation")).fill(
        "a-new-and-long-passphrase"
    )
    page.get_by_role("button", name="Set password").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    demo.callum.refresh_from_db()
    assert demo.callum.check_password("a-new-and-long-passphrase")


def test_it_fits_a_320px_wide_screen_without_sideways_scrolling(
    sign_in, demo, page, url, assert_accessible
):
    sign_in(demo.callum)
    page.set_viewport_size({"width": 320, "height": 640})
    for address in (url("people:list"), url("people:detail", demo.isla_person.pk)):
        page.goto(address)
        assert_accessible(page)
        assert _no_sideways_scroll(page), f"{address} scrolls sideways at 320px"


def test_it_has_an_accessibility_check_that_catches_serious_problems(
    demo, page, url, assert_accessible
):
    page.goto(url("login"))
    assert_accessible(page)
    page.evaluate(
        """() => {
            const button = document.createElement("button");
            document.querySelector("main").append(button);
            const field = document.createElement("input");
            document.querySelector("main").append(field);
        }"""
    )
    with pytest.raises(pytest.fail.Exception) as caught:
        assert_accessible(page)
    report = str(caught.value)
    assert "[critical] button-name" in report
    assert "[critical] label" in report
