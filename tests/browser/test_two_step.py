"""Two-step sign-in in a real browser: setting up an app, its codes, recovery codes, history."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.accounts.conftest import give_app

pytestmark = pytest.mark.browser

CODE_LABEL = "Code from your authenticator app, or a recovery code"


def _password(page: Page, url, user, password: str) -> None:
    page.goto(url("login"))
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")


def _sign_out(page: Page, assert_accessible) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)


def test_a_practitioner_sets_up_an_app_and_signs_in_with_its_code(
    sign_in, demo, page, url, assert_accessible
):
    sign_in(demo.callum)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("Two-step sign-in is off")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code to add pphw"))).to_be_visible()
    assert_accessible(page)
    # The person types the key into their app; the test is the app.
    app = pyotp.TOTP(page.locator("code.setup-key").inner_text().replace(" ", ""))
    page.get_by_label("The 6-digit code your app shows").fill(
        "000000" if app.now() != "000000" else "111111"
    )
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("alert")).to_contain_text("That code did not work")
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("The 6-digit code your app shows").fill(app.now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    expect(page.get_by_text("shown only this once")).to_be_visible()
    codes = page.get_by_role("list", name="Your recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have kept my codes: carry on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    assert_accessible(page)
    _sign_out(page, assert_accessible)

    # Next time: the password, then the code the app shows now (not the one used above).
    _password(page, url, demo.callum, demo.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Type your code")
    expect(page.get_by_role("link", name="People")).to_have_count(0)
    assert_accessible(page)
    page.goto(url("people:list"))  # nothing opens before the code
    expect(page.get_by_role("heading", level=1)).to_have_text("Type your code")
    assert_accessible(page)
    page.get_by_label(CODE_LABEL).fill(app.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    assert_accessible(page)

    # The account page shows the sign-ins, with the factor each used.
    page.get_by_role("link", name="Your account").click()
    history = page.get_by_role("table")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Password and authenticator app")
    expect(history.get_by_role("row").nth(1)).to_contain_text("This session")
    expect(page.get_by_text("Two-step sign-in is on")).to_be_visible()
    assert_accessible(page)


def test_a_recovery_code_works_once_and_is_refused_the_second_time(
    demo, page, url, assert_accessible
):
    app = give_app(demo.isla)
    code = app.recovery_codes[0]

    _password(page, url, demo.isla, demo.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Type your code")
    assert_accessible(page)
    page.get_by_label(CODE_LABEL).fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Isla")
    expect(page.get_by_role("status")).to_contain_text("You have 9 recovery codes left.")
    assert_accessible(page)
    _sign_out(page, assert_accessible)

    _password(page, url, demo.isla, demo.password)
    assert_accessible(page)
    page.get_by_label(CODE_LABEL).fill(code)
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("That recovery code has already been used")
    expect(summary).to_be_focused()
    expect(page.get_by_label(CODE_LABEL)).to_be_visible()
    assert_accessible(page)

    # With another code, Isla is in, and told that a recovery code was used last time.
    page.get_by_label(CODE_LABEL).fill(app.recovery_codes[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Isla")
    expect(page.get_by_role("status")).to_contain_text(
        "someone signed in to your account with a recovery code"
    )
    assert_accessible(page)


def test_staff_are_taken_to_set_up_an_app_when_it_is_required(
    demo, page, url, assert_accessible, settings
):
    settings.MFA_REQUIRED = True
    _password(page, url, demo.morag, demo.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(
        page.get_by_text("Everyone who can open care records signs in with two steps")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(url("reviews:report"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out and do this later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
