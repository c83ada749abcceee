"""The account page, new recovery codes, and turning two-step sign-in off."""

from __future__ import annotations

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pphw.accounts.models import RecoveryCode, SecurityEvent
from pphw.accounts.services import Check, second_factor_check
from tests.factories import PASSWORD
from tests.people.conftest import assert_sent_to_login

ACCOUNT = reverse("accounts:account")
CODES = reverse("accounts:recovery_codes")
TURN_OFF = reverse("accounts:turn_off")


def test_it_shows_whether_two_step_sign_in_is_on_and_what_changed(client, practitioner, app_for):
    client.force_login(practitioner)
    page = client.get(ACCOUNT).content.decode()
    assert "Two-step sign-in is <strong>off</strong>" in page
    app_for(practitioner)
    client.force_login(practitioner)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get().persistent_id
    session.save()
    page = client.get(ACCOUNT).content.decode()
    assert "Two-step sign-in is <strong>on</strong>" in page
    assert "You have <strong>10</strong> recovery codes left" in page
    assert "Authenticator app set up" in page


def test_it_makes_new_recovery_codes_and_the_old_ones_stop_working(client, practitioner, app_for):
    app = app_for(practitioner)
    client.force_login(practitioner)
    _verified(client)
    response = client.post(CODES)
    assert response.url == CODES
    page = client.get(CODES).content.decode()
    assert "shown only this once" in page
    assert RecoveryCode.objects.filter(user=practitioner).count() == 10
    old = second_factor_check(user=practitioner, code=app.recovery_codes[0], address=None)
    assert old.outcome is Check.WRONG
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.CODES_RENEWED).count() == 1


def _verified(client):
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get().persistent_id
    session.save()


def test_a_person_may_turn_it_off_with_their_password(client, person_user, app_for):
    app_for(person_user)
    client.force_login(person_user)
    _verified(client)
    wrong = client.post(TURN_OFF, {"password": "not-it"})
    assert wrong.status_code == 200
    assert "That is not your password." in wrong.content.decode()
    response = client.post(TURN_OFF, {"password": PASSWORD})
    assert response.url == ACCOUNT
    assert not TOTPDevice.objects.exists() and not RecoveryCode.objects.exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TURNED_OFF).count() == 1
    assert client.get(reverse("me:home")).status_code == 200


def test_it_pauses_turning_it_off_after_five_wrong_passwords(client, person_user, app_for):
    app_for(person_user)
    client.force_login(person_user)
    _verified(client)
    statuses = [client.post(TURN_OFF, {"password": "x"}).status_code for _ in range(5)]
    assert statuses[-1] == 429
    response = client.post(TURN_OFF, {"password": PASSWORD})
    assert response.status_code == 429
    assert TOTPDevice.objects.exists()


def test_staff_may_not_turn_it_off_when_it_is_required(client, practitioner, app_for, settings):
    settings.MFA_REQUIRED = True
    app_for(practitioner)
    client.force_login(practitioner)
    _verified(client)
    assert client.get(TURN_OFF).status_code == 403
    assert client.post(TURN_OFF, {"password": PASSWORD}).status_code == 403
    assert TOTPDevice.objects.exists()
    assert "Turn two-step sign-in off" not in client.get(ACCOUNT).content.decode()


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    for url in (ACCOUNT, CODES, TURN_OFF):
        assert_sent_to_login(client.get(url), url)
