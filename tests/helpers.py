"""Small assertions and constants shared by test modules in more than one folder."""

from __future__ import annotations

# Fixture names of the users outside ``person``'s team: staff of another team
# and the person themselves, none of whom may use the team's staff pages.
OUTSIDERS = ["stranger", "other_lead", "person_user"]


def assert_login_redirect(response) -> None:
    """Anonymous: a redirect to the login page."""
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
