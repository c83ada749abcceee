"""The benchmark's floor page, mounted only by bench.settings."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

BENCH = override_settings(
    ROOT_URLCONF="bench.urls", INSTALLED_APPS=[*settings.INSTALLED_APPS, "bench"]
)


def test_it_is_not_mounted_by_the_project_settings():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


@BENCH
def test_it_renders_base_html_for_a_signed_in_user(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("bench_floor"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Floor</h1>" in page
    assert 'href="#main"' in page


@BENCH
def test_it_costs_only_the_session_user_and_roles(
    client, practitioner, django_assert_max_num_queries
):
    client.force_login(practitioner)
    client.get(reverse("bench_floor"))  # the first request records the session's last use
    # session, user, memberships; and the request's savepoint and its release in a test
    with django_assert_max_num_queries(5):
        assert client.get(reverse("bench_floor")).status_code == 200


@BENCH
def test_it_sends_anonymous_to_login(client):
    response = client.get(reverse("bench_floor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
