"""Sign-in is paused after five wrong passwords for one username, or twenty from one address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

URL = reverse("login")


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, address="192.0.2.10"):
    return [_sign_in(client, username, "wrong-password", address).status_code for _ in range(times)]


def test_it_is_configured_as_the_brief_says():
    assert settings.AXES_ENABLED
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_MINUTES == 15
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username"], ["ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "pphw.audit.throttle.LoginThrottleBackend"


def test_it_allows_four_mistakes_and_then_a_right_password(client, practitioner):
    assert _fail(client, "prac", 4) == [200] * 4
    response = _sign_in(client, "prac", PASSWORD)
    assert response.status_code == 302
    # A successful sign-in clears the count.
    assert not AccessAttempt.objects.filter(username="prac").exists()


def test_it_locks_out_at_the_fifth_wrong_password_with_a_clear_message(client, practitioner):
    assert _fail(client, "prac", 5) == [200, 200, 200, 200, 429]
    response = _sign_in(client, "prac", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many attempts. Try again in 15 minutes." in text
    assert "_auth_user_id" not in client.session
    assert response["Content-Security-Policy"]


def test_it_unlocks_by_itself_after_the_cool_off(client, practitioner):
    _fail(client, "prac", 5)
    assert _sign_in(client, "prac", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = _sign_in(client, "prac", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(practitioner.pk)


def test_it_does_not_restart_the_clock_when_tried_during_lockout(client, practitioner):
    _fail(client, "prac", 5)
    before = AccessAttempt.objects.get().attempt_time
    _fail(client, "prac", 3)
    assert AccessAttempt.objects.get().attempt_time == before


def test_it_locks_a_username_guessed_from_many_addresses(client, practitioner):
    for n in range(4):
        assert _sign_in(client, "prac", "wrong-password", f"192.0.2.{n + 1}").status_code == 200
    assert _sign_in(client, "prac", "wrong-password", "192.0.2.5").status_code == 429
    response = _sign_in(client, "prac", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_that_tries_many_usernames(client, practitioner, lead):
    statuses = [_sign_in(client, f"someone{n}", "wrong-password").status_code for n in range(20)]
    assert statuses == [200] * 19 + [429]
    assert _sign_in(client, "lead", PASSWORD).status_code == 429
    # The usernames themselves were tried once each: elsewhere, they still work.
    assert _sign_in(client, "lead", PASSWORD, address="198.51.100.7").status_code == 302


def test_it_lets_people_behind_one_address_mistype_without_locking_each_other_out(
    client, practitioner, lead
):
    for n in range(6):
        assert _fail(client, f"colleague{n}", 3) == [200, 200, 200]
    assert _sign_in(client, "prac", PASSWORD).status_code == 302


def test_it_does_not_forget_an_address_s_failures_when_it_signs_in_to_an_account(
    client, practitioner
):
    for n in range(19):
        _sign_in(client, f"victim{n}", "wrong-password")
    assert _sign_in(client, "prac", PASSWORD).status_code == 302
    client.logout()
    assert _sign_in(client, "victim19", "wrong-password").status_code == 429


def test_it_counts_a_username_typed_in_full_width_letters_as_the_same_username(
    client, practitioner
):
    # The sign-in form folds "ｐｒａｃ" to "prac"; the count must follow it.
    for n in range(5):
        _sign_in(client, " ｐｒａｃ ", "wrong-password", f"192.0.2.{n + 1}")
    assert AccessAttempt.objects.filter(username="prac").count() == 5
    assert _sign_in(client, "prac", PASSWORD, address="198.51.100.7").status_code == 429


def test_it_tells_the_person_locked_out_what_to_do(client, practitioner):
    _fail(client, "prac", 5)
    text = _sign_in(client, "prac", PASSWORD).content.decode()
    assert "It starts working again by itself" in text
    assert "forgotten your password" in text
    assert "tell your team" in text


def test_it_throttles_the_admin_sign_in_too(client, admin_user):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "admin", "password": "nope"}, REMOTE_ADDR="192.0.2.5")
    response = client.post(
        url, {"username": "admin", "password": "password"}, REMOTE_ADDR="192.0.2.5"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_it_still_lets_tests_and_commands_authenticate_without_a_request(practitioner):
    from django.contrib.auth import authenticate

    assert authenticate(username="prac", password=PASSWORD) == practitioner


def test_it_refuses_an_enormous_username_without_failing(client, db):
    response = _sign_in(client, "x" * 100_000, "wrong-password")
    assert response.status_code == 200
    assert "This is longer than 150 characters" in response.content.decode()


def test_it_counts_an_enormous_username_at_the_admin_sign_in(client, db):
    response = client.post(
        reverse("admin:login"),
        {"username": "x" * 100_000, "password": "wrong-password"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 150
