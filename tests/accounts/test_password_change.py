"""The change-password page: wrong old passwords are counted, then paused."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from pphw.audit.models import ThrottleCount
from tests.factories import PASSWORD
from tests.people.conftest import assert_sent_to_login

URL = reverse("password_change")
NEW = "a-brand-new-passphrase"


def _change(client, old, address="192.0.2.10"):
    return client.post(
        URL,
        {"old_password": old, "new_password1": NEW, "new_password2": NEW},
        REMOTE_ADDR=address,
    )


def test_it_allows_four_wrong_old_passwords_and_then_the_right_one(client, practitioner):
    client.force_login(practitioner)
    assert [_change(client, "wrong").status_code for _ in range(4)] == [200] * 4
    response = _change(client, PASSWORD)
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.check_password(NEW)
    # The account's count is forgotten; the address's is kept.
    assert ThrottleCount.objects.get().failures == 4


def test_it_pauses_after_five_wrong_old_passwords_and_says_until_when(client, practitioner):
    client.force_login(practitioner)
    statuses = [_change(client, "wrong").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = _change(client, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many wrong passwords. Try again in 15 minutes, after" in page
    assert 'href="#id_old_password"' in page  # the message is beside the field
    practitioner.refresh_from_db()
    assert practitioner.check_password(PASSWORD)


def test_it_pauses_the_account_whatever_the_address(client, practitioner):
    client.force_login(practitioner)
    for n in range(5):
        _change(client, "wrong", address=f"192.0.2.{n + 1}")
    assert _change(client, PASSWORD, address="198.51.100.9").status_code == 429


def test_it_works_again_after_the_pause(client, practitioner):
    client.force_login(practitioner)
    for _ in range(5):
        _change(client, "wrong")
    ThrottleCount.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert _change(client, PASSWORD).status_code == 302


def test_it_does_not_pause_someone_else(client, practitioner, lead):
    client.force_login(practitioner)
    for _ in range(5):
        _change(client, "wrong", address="192.0.2.1")
    client.force_login(lead)
    assert _change(client, PASSWORD, address="192.0.2.2").status_code == 302


def test_it_does_not_count_a_right_old_password_with_a_weak_new_one(client, practitioner):
    client.force_login(practitioner)
    for _ in range(6):
        response = client.post(
            URL, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
        )
        assert response.status_code == 200
    assert not ThrottleCount.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    assert_sent_to_login(client.post(URL, {}), URL)


def test_it_forgets_counts_that_can_no_longer_matter(client, practitioner, lead):
    client.force_login(practitioner)
    _change(client, "wrong", address="192.0.2.1")
    ThrottleCount.objects.update(first_failure_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(lead)
    _change(client, "wrong", address="192.0.2.2")
    assert ThrottleCount.objects.count() == 2  # the lead's account and address only
    assert set(ThrottleCount.objects.values_list("failures", flat=True)) == {1}
    assert not ThrottleCount.objects.filter(
        first_failure_at__lt=timezone.now() - datetime.timedelta(minutes=30)
    ).exists()
