"""Asking for a reset link, and using one: counted per account and per address."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pphw.audit.models import ThrottleCount
from pphw.me.invitations import person_invite

RESET = reverse("password_reset")


def _ask(client, email, address="192.0.2.10"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_it_sends_five_links_to_one_address_then_pauses(client, practitioner, mailoutbox):
    statuses = [_ask(client, practitioner.email).status_code for _ in range(5)]
    assert statuses == [302] * 5
    assert len(mailoutbox) == 5
    response = _ask(client, practitioner.email, address="198.51.100.1")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests for a reset link. Try again in 15 minutes" in page
    assert len(mailoutbox) == 5


def test_it_answers_the_same_whether_or_not_an_account_has_the_address(client, practitioner):
    known = [_ask(client, practitioner.email, "192.0.2.1") for _ in range(6)]
    unknown = [_ask(client, "nobody@example.org", "192.0.2.2") for _ in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [r.get("Location") for r in known] == [r.get("Location") for r in unknown]
    known_text = known[-1].content.decode().replace(practitioner.email, "EMAIL")
    unknown_text = unknown[-1].content.decode().replace("nobody@example.org", "EMAIL")

    def lines(text):
        return [line for line in text.splitlines() if "csrfmiddlewaretoken" not in line]

    assert lines(known_text) == lines(unknown_text)


def test_it_pauses_an_address_that_asks_for_many_accounts(client, db):
    statuses = [_ask(client, f"person{n}@example.org").status_code for n in range(21)]
    assert statuses == [302] * 20 + [429]
    assert _ask(client, "person0@example.org", address="198.51.100.1").status_code == 302


def test_it_keeps_no_typed_address_in_the_counter(client, practitioner):
    _ask(client, practitioner.email)
    keys = list(ThrottleCount.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all(practitioner.email not in key and "192.0.2" not in key for key in keys)


def _reset_link(user, token=None) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uid, "token": token or default_token_generator.make_token(user)},
    )


def test_it_pauses_a_reset_link_after_five_wrong_tokens(client, practitioner):
    for n in range(5):
        response = client.get(_reset_link(practitioner, f"abc-{n}"), REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 200
        assert "This link has already been used or has expired" in response.content.decode()
    response = client.get(_reset_link(practitioner), REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "This link has been tried too often. Try again in 15 minutes" in (
        response.content.decode()
    )


def test_it_does_not_count_a_link_that_works(client, practitioner):
    response = client.get(_reset_link(practitioner))
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    assert not ThrottleCount.objects.exists()


def test_it_pauses_the_invitation_link_after_five_wrong_tokens(client, person, practitioner):
    invitation = person_invite(person=person, by=practitioner, username="isla.munro")
    uid = urlsafe_base64_encode(force_bytes(invitation.user.pk))
    for n in range(5):
        wrong = reverse("me:set_password", kwargs={"uidb64": uid, "token": f"abc-{n}"})
        assert client.get(wrong).status_code == 200
    response = client.get(invitation.path)
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
