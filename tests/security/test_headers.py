"""Security headers on every response, and no caching of pages that may show a record."""

import pytest
from django.test import override_settings
from django.urls import reverse

from pphw.middleware import CONTENT_SECURITY_POLICY

CSP_PARTS = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


@pytest.fixture
def signed_in(client, practitioner):
    client.force_login(practitioner)
    return client


def test_it_sends_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert [part.strip() for part in policy.split(";")] == CSP_PARTS
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_it_sends_the_policy_on_errors_too(signed_in):
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_it_denies_framing(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"


def test_it_forbids_content_sniffing(client, db):
    assert client.get(reverse("login"))["X-Content-Type-Options"] == "nosniff"


def test_it_keeps_the_referrer_on_our_own_site(client, db):
    assert client.get(reverse("login"))["Referrer-Policy"] == "same-origin"


def test_it_isolates_the_browsing_context(client, db):
    assert client.get(reverse("login"))["Cross-Origin-Opener-Policy"] == "same-origin"


def test_it_turns_off_powerful_browser_features(client, db):
    policy = client.get(reverse("login"))["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_it_sends_hsts_over_https(client, db):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_it_does_not_cache_record_pages(signed_in, person):
    response = signed_in.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_does_not_cache_any_page_for_a_signed_in_user(signed_in):
    for url in (reverse("home"), reverse("people:list"), "/no-such-page/"):
        assert "no-store" in signed_in.get(url)["Cache-Control"], url


def test_it_does_not_cache_a_persons_own_pages(client, person_user):
    client.force_login(person_user)
    response = client.get(reverse("me:home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_leaves_the_public_health_check_cacheable(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert "Cache-Control" not in response


def test_it_serves_pages_without_inline_script_or_style(signed_in, person):
    html = signed_in.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "<script>" not in html
    assert " style=" not in html
