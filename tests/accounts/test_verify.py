"""Signing in with two steps: the password, then a code from the app or a recovery code."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from pphw.accounts.models import RecoveryCode, SecurityEvent
from tests.factories import PASSWORD

LOGIN = reverse("login")
VERIFY = reverse("accounts:verify")


def _password(client, user, next_page=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_page:
        data["next"] = next_page
    return client.post(LOGIN, data, follow=True)


def _code(client, code, next_page=""):
    return client.post(VERIFY, {"code": code, "next": next_page})


def test_it_asks_for_the_code_after_the_password_and_nothing_opens_before(
    client, practitioner, person, app_for
):
    app = app_for(practitioner)
    detail = reverse("people:detail", args=[person.pk])
    response = _password(client, practitioner, next_page=detail)
    path, query = response.redirect_chain[-1][0].split("?")
    assert path == VERIFY and parse_qs(query)["next"] == [detail]
    assert "<h1>Type your code</h1>" in response.content.decode()
    assert "People</a>" not in response.content.decode()  # no way around it in the menu
    for url in (detail, reverse("people:list"), reverse("accounts:account"), "/admin/"):
        refused = client.get(url)
        assert urlsplit(refused.url).path == VERIFY
        assert refused["Content-Security-Policy"] and refused["X-Frame-Options"] == "DENY"
    assert urlsplit(client.post(reverse("people:create"), {}).url).path == VERIFY

    response = _code(client, app.code(), next_page=detail)
    assert response.status_code == 302 and response.url == detail
    assert client.get(detail).status_code == 200
    assert DEVICE_ID_SESSION_KEY in client.session


def test_it_refuses_a_code_used_before(client, practitioner, app_for):
    app = app_for(practitioner)
    _password(client, practitioner)
    code = app.code()
    assert _code(client, code).status_code == 302
    client.post(reverse("logout"))
    _password(client, practitioner)
    response = _code(client, code)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()


def test_it_accepts_a_recovery_code_once_records_it_and_says_how_many_are_left(
    client, practitioner, app_for
):
    app = app_for(practitioner)
    recovery = app.recovery_codes[3]
    _password(client, practitioner)
    response = _code(client, recovery.upper().replace("-", " "))
    assert response.status_code == 302
    page = client.get(response.url, follow=True).content.decode()
    assert "You signed in with a recovery code. It will not work again." in page
    assert "You have 9 recovery codes left." in page
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.RECOVERY_CODE_USED)
    assert event.user == practitioner and event.ip_address == "127.0.0.1"
    assert RecoveryCode.objects.filter(user=practitioner).unused().count() == 9

    client.post(reverse("logout"))
    response = _password(client, practitioner)
    refused = _code(client, recovery)
    assert refused.status_code == 200
    assert "That recovery code has already been used" in refused.content.decode()
    assert SESSION_KEY in client.session and DEVICE_ID_SESSION_KEY not in client.session


def test_it_tells_the_user_at_their_next_sign_in_that_a_recovery_code_was_used(
    client, practitioner, app_for
):
    app = app_for(practitioner)
    SecurityEvent.objects.update(told_at="2026-01-01T00:00Z")  # the set-up was told already
    _password(client, practitioner)
    _code(client, app.recovery_codes[0])
    client.post(reverse("logout"))

    _password(client, practitioner)
    page = client.post(VERIFY, {"code": app.code(30)}, follow=True).content.decode()
    assert "someone signed in to your account with a recovery code from 127.0.0.1" in page
    assert "If that was not you, tell your team" in page
    client.post(reverse("logout"))
    _password(client, practitioner)
    page = client.post(VERIFY, {"code": app.code(60)}, follow=True).content.decode()
    assert "with a recovery code" not in page  # told once


def test_it_pauses_the_code_step_after_five_wrong_codes(client, practitioner, app_for):
    app = app_for(practitioner)
    _password(client, practitioner)
    statuses = [_code(client, "000000").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = _code(client, app.code())
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many wrong codes. Try again in 15 minutes" in page
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_it_asks_a_person_who_turned_it_on_even_when_not_required(
    client, person_user, app_for, settings
):
    settings.MFA_REQUIRED = False
    app_for(person_user)
    response = _password(client, person_user)
    assert response.redirect_chain[-1][0].startswith(VERIFY)


def test_it_asks_for_the_code_after_the_admin_s_own_sign_in_page(client, app_for, db):
    from tests.factories import UserFactory

    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    app_for(admin)
    response = client.post(
        reverse("admin:login"), {"username": "boss", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert urlsplit(client.get("/admin/").url).path == VERIFY


def test_it_sends_staff_with_an_app_to_the_code_not_to_set_up(
    client, practitioner, app_for, settings
):
    settings.MFA_REQUIRED = True
    app_for(practitioner)
    client.force_login(practitioner)
    assert urlsplit(client.get(reverse("people:list")).url).path == VERIFY


def test_it_goes_home_when_there_is_nothing_to_check(client, practitioner):
    client.force_login(practitioner)
    assert client.get(VERIFY).url == reverse("home")


@pytest.mark.parametrize("next_page", ["https://evil.example.org/", "//evil.example.org/"])
def test_it_never_sends_anyone_to_another_site_afterwards(client, practitioner, app_for, next_page):
    app = app_for(practitioner)
    _password(client, practitioner)
    assert _code(client, app.code(), next_page=next_page).url == reverse("home")


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    assert urlsplit(client.get(VERIFY).url).path == LOGIN
