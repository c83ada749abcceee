from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def assert_sent_to_login(response, path: str) -> None:
    """Anonymous: a redirect to the login page, coming back to ``path`` afterwards."""
    assert response.status_code == 302
    parts = urlsplit(response.url)
    assert parts.path == reverse("login")
    assert parts.query and parse_qs(parts.query)["next"] == [path]


def count_queries(get) -> int:
    """How many queries one call of ``get()`` costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return len(queries)
