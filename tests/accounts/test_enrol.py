"""Setting up an authenticator app: scan or type the secret, confirm with a code."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import pyotp
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from pphw.accounts.models import RecoveryCode, SecurityEvent
from pphw.accounts.qr import qr_data_uri, setup_address
from pphw.accounts.signin import ENROL_KEY
from tests.people.conftest import assert_sent_to_login

URL = reverse("accounts:enrol")


def _app(client) -> pyotp.TOTP:
    key = client.session[ENROL_KEY]
    return pyotp.TOTP(b32encode(unhexlify(key)).decode())


def test_it_shows_a_qr_code_drawn_here_and_the_key_to_type(client, practitioner):
    client.force_login(practitioner)
    page = client.get(URL).content.decode()
    totp = _app(client)
    assert '<img class="qr-code" src="data:image/svg+xml' in page
    assert "QR code to add pphw to your authenticator app" in page
    typed = page.split('id="setup-key">')[1].split("<")[0].replace(" ", "")
    assert typed == totp.secret
    # The QR code holds the otpauth address of this secret, for this user, issued by pphw.
    address = setup_address(practitioner, client.session[ENROL_KEY])
    assert address.startswith("otpauth://totp/pphw%3Aprac?")
    assert f"secret={totp.secret}" in address and "issuer=pphw" in address
    assert escape(qr_data_uri(address)) in page
    assert not TOTPDevice.objects.exists()  # nothing is kept until a code confirms it


def test_it_turns_two_step_sign_in_on_with_a_code_and_shows_ten_codes_once(client, practitioner):
    client.force_login(practitioner)
    client.get(URL)
    response = client.post(URL, {"code": _app(client).now()})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:recovery_codes"))
    device = TOTPDevice.objects.get(user=practitioner)
    assert device.confirmed and device.last_t >= 0

    page = client.get(response.url).content.decode()
    assert "shown only this once" in page
    codes = page.split('aria-label="Your recovery codes">')[1].split("</ol>")[0]
    shown = [part.split("</code>")[0] for part in codes.split("<code>")[1:]]
    assert len(shown) == 10 and len(set(shown)) == 10
    stored = list(RecoveryCode.objects.filter(user=practitioner))
    assert len(stored) == 10
    for code in shown:
        assert all(code not in row.code_hash for row in stored)  # kept only as hashes
        assert any(check_password(code, row.code_hash) for row in stored)
    again = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert shown[0] not in again
    assert "You have <strong>10</strong> recovery codes left" in again

    event = SecurityEvent.objects.get(user=practitioner)
    assert event.kind == SecurityEvent.Kind.ENROLLED and event.by == practitioner
    # The session that set it up counts as having given its second factor.
    assert client.get(reverse("people:list")).status_code == 200


def test_it_refuses_a_wrong_code_beside_the_field(client, practitioner):
    client.force_login(practitioner)
    client.get(URL)
    right = _app(client).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(URL, {"code": wrong})
    assert response.status_code == 200
    page = response.content.decode()
    assert "That code did not work" in page and 'href="#id_code"' in page
    assert not TOTPDevice.objects.exists()


def test_it_explains_a_code_of_the_wrong_shape(client, practitioner):
    client.force_login(practitioner)
    response = client.post(URL, {"code": "12ab"})
    assert response.status_code == 200
    assert "The code is 6 digits" in response.content.decode()


def test_it_pauses_after_five_wrong_codes(client, practitioner):
    client.force_login(practitioner)
    client.get(URL)
    statuses = [client.post(URL, {"code": "000000"}).status_code for _ in range(5)]
    assert statuses[-1] == 429
    response = client.post(URL, {"code": _app(client).now()})
    assert response.status_code == 429
    assert "Too many wrong codes. Try again in 15 minutes" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_it_sends_someone_already_enrolled_to_their_account(client, practitioner, app_for):
    app_for(practitioner)
    client.force_login(practitioner)
    response = client.get(URL)
    assert response.status_code == 302


def test_a_person_may_turn_it_on_for_themselves(client, person_user):
    client.force_login(person_user)
    home = client.get(reverse("me:home")).content.decode()
    assert reverse("accounts:account") in home
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Turn on two-step sign-in" in account
    client.get(URL)
    assert client.post(URL, {"code": _app(client).now()}).status_code == 302
    assert TOTPDevice.objects.filter(user=person_user, confirmed=True).exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    assert_sent_to_login(client.get(URL), URL)
