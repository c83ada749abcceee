"""A staff admin resets someone's second factor; the user is told when they next sign in."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pphw.accounts.models import RecoveryCode, SecurityEvent
from tests.factories import PASSWORD, UserFactory
from tests.people.conftest import assert_sent_to_login


def _url(user) -> str:
    return reverse("accounts:reset", args=[user.pk])


def _admin(db):
    return UserFactory(
        username="boss", first_name="Bea", last_name="Boss", is_staff=True, is_superuser=True
    )


def test_it_lets_a_staff_admin_reset_and_records_who_when_and_why(client, practitioner, app_for):
    app_for(practitioner)
    admin = _admin(None)
    client.force_login(admin)
    page = client.get(_url(practitioner)).content.decode()
    assert "signs in with an authenticator app" in page
    response = client.post(_url(practitioner), {"reason": "Lost their phone"})
    assert response.url == reverse("admin:people_user_change", args=[practitioner.pk])
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    assert not RecoveryCode.objects.filter(user=practitioner).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.RESET)
    assert (event.user, event.by, event.reason) == (practitioner, admin, "Lost their phone")


def test_it_tells_the_user_at_their_next_sign_in_and_sends_staff_to_set_up_again(
    client, practitioner, app_for, settings
):
    app_for(practitioner)
    SecurityEvent.objects.update(told_at="2026-01-01T00:00Z")
    admin = _admin(None)
    client.force_login(admin)
    client.post(_url(practitioner), {"reason": ""})
    client.post(reverse("logout"))

    settings.MFA_REQUIRED = True
    response = client.post(
        reverse("login"), {"username": "prac", "password": PASSWORD}, follow=True
    )
    assert urlsplit(response.redirect_chain[-1][0]).path == reverse("accounts:enrol")
    page = response.content.decode()
    assert "Bea Boss reset the second factor of your account" in page


def test_the_admin_page_of_a_user_links_to_the_reset(client, practitioner):
    client.force_login(_admin(None))
    page = client.get(reverse("admin:people_user_change", args=[practitioner.pk]))
    assert _url(practitioner) in page.content.decode()


def test_it_keeps_everyone_else_out(client, practitioner, lead, person_user):
    for user in (practitioner, lead, person_user):
        client.force_login(user)
        assert client.get(_url(practitioner)).status_code == 404
        assert client.post(_url(practitioner), {}).status_code == 404
    assert TOTPDevice.objects.count() == 0
    assert not SecurityEvent.objects.exists()


def test_a_staff_admin_without_the_permission_gets_404(client, practitioner):
    clerk = UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(_url(practitioner)).status_code == 404


def test_an_unknown_user_is_not_found(client, db):
    client.force_login(_admin(None))
    assert client.get(reverse("accounts:reset", args=[999999])).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, practitioner):
    url = _url(practitioner)
    assert_sent_to_login(client.get(url), url)
