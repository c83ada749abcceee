"""Signing in and out, changing a password, resetting a forgotten one."""

from __future__ import annotations

import re

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.people.conftest import assert_sent_to_login

LOGIN = reverse("login")


def _sign_in(client, user, password: str = PASSWORD):
    return client.post(LOGIN, {"username": user.username, "password": password})


def test_it_shows_the_login_form_to_anyone(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Sign in</h1>" in page
    assert reverse("password_reset") in page


def test_it_signs_in_with_the_right_password(client, practitioner):
    response = _sign_in(client, practitioner)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(practitioner.pk)


def test_it_goes_back_to_the_page_asked_for(client, practitioner, person):
    detail = reverse("people:detail", args=[person.pk])
    response = client.post(
        f"{LOGIN}?next={detail}",
        {"username": practitioner.username, "password": PASSWORD, "next": detail},
    )
    assert response.url == detail


def test_it_refuses_a_wrong_password_with_a_clear_message(client, practitioner):
    response = _sign_in(client, practitioner, "wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_it_refuses_a_login_without_a_csrf_token(practitioner):
    client = Client(enforce_csrf_checks=True)
    assert _sign_in(client, practitioner).status_code == 403
    assert SESSION_KEY not in client.session


def test_it_signs_out(client, practitioner):
    client.force_login(practitioner)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert SESSION_KEY not in client.session
    assert_sent_to_login(client.get(reverse("home")), reverse("home"))


def test_it_signs_out_only_by_post(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("logout")).status_code == 405
    assert client.session[SESSION_KEY] == str(practitioner.pk)


def test_it_changes_a_password_and_stays_signed_in(client, practitioner, settings):
    import pphw.settings as project

    # The suite hashes with a fast hasher; the new password must use the project's own,
    # while the old one (made with the fast one) still has to be checked.
    settings.PASSWORD_HASHERS = [*project.PASSWORD_HASHERS, *settings.PASSWORD_HASHERS]
    url = reverse("password_change")
    client.force_login(practitioner)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert response.url == reverse("password_change_done")
    practitioner.refresh_from_db()
    assert practitioner.check_password("a-brand-new-passphrase")
    assert practitioner.password.startswith("argon2")
    assert client.get(reverse("home")).status_code == 200


def test_it_refuses_a_password_change_with_the_wrong_old_password(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "x-new-pass-1234", "new_password2": "x"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)


def test_it_refuses_a_short_new_password(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert "too short" in response.content.decode()


def test_it_sends_anonymous_visitors_from_password_change_to_login(client, db):
    url = reverse("password_change")
    assert_sent_to_login(client.get(url), url)


def test_it_resets_a_forgotten_password_with_a_single_use_link(client, practitioner, mailoutbox):
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": practitioner.email})
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [practitioner.email]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert form.context["validlink"] is True
    set_password = form.redirect_chain[-1][0]
    done = client.post(
        set_password,
        {"new_password1": "reset-and-remembered", "new_password2": "reset-and-remembered"},
    )
    assert done.url == reverse("password_reset_complete")
    practitioner.refresh_from_db()
    assert practitioner.check_password("reset-and-remembered")

    again = Client().get(link, follow=True)
    assert again.context["validlink"] is False
    assert "already been used or has expired" in again.content.decode()


def test_it_does_not_reveal_whether_an_address_has_an_account(client, db, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []
