"""Small assertions and constants shared by test modules in more than one folder."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Fixture names of the users outside ``person``'s team: staff of another team
# and the person themselves, none of whom may use the team's staff pages.
OUTSIDERS = ["stranger", "other_lead", "person_user"]


def assert_login_redirect(response) -> None:
    """Anonymous: a redirect to the login page."""
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Everything a person can read about their own record: their pages, their
# history, their plan, their data download and who has looked at their record.
PERSON_FACING = ["me:home", "me:plan", "me:history", "me:export_json", "audit:my_access"]


def everything_the_person_sees(client) -> str:
    """The text of every page and download of a signed-in person's own record."""
    from django.urls import reverse

    texts = []
    for name in PERSON_FACING:
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response.status_code)
        texts.append(response.content.decode())
    return "\n".join(texts)


def signed_in(user):
    """A test client signed in as ``user`` (a fresh one, so several users can take turns)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def post_move(client, url_name: str, record, to_person, reason="Another person of the same name"):
    """Send the "recorded against the wrong person" form of ``record`` (withdraw: no person)."""
    from django.urls import reverse

    return client.post(
        reverse(url_name, args=[record.pk]),
        {
            "to_person": to_person.pk if to_person else "",
            "reason": reason,
            "version": record.version,
        },
    )


def series_of_writes(max_examples: int = 40) -> settings:
    """Hypothesis settings for a random series of service writes checked against a rebuild.

    Each example writes to the database through the services, so examples are slow
    and share the test's function-scoped fixtures; none is replayed from a local
    example database.
    """
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
