"""Calm answers while the database is away: 503, Retry-After, what was typed kept.

Most tests make the database unreachable for real, on PostgreSQL, by pointing
the connection at a port where nothing listens, or by ending the application's
connections with ``pg_terminate_backend``. SQLite (the in-memory test
database) cannot be taken away, so on SQLite those tests are skipped and the
ones marked "connection level" stand in: they make opening a cursor raise the
error the driver raises, which is the only way to fail an in-memory database.
"""

from __future__ import annotations

import io
import logging
import socket
from contextlib import closing
from unittest import mock
from wsgiref.util import setup_testing_defaults

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL to take the database away"
)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _signed_in_client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _cursor_fails(error: type[Exception] = OperationalError):
    """Connection level: every new cursor raises what the driver raises when the server is gone."""
    return mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=error("server closed the connection unexpectedly"),
    )


def _assert_calm(response) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert "Please try again in a minute" in page
    assert "Something went wrong" not in page
    return page


@on_postgresql
def test_it_answers_every_page_with_503_while_the_database_is_away(
    transactional_db, practitioner, person
):
    client = _signed_in_client(practitioner)
    with_database = reverse("people:detail", args=[person.pk])
    assert client.get(with_database).status_code == 200
    connections["default"].close()
    wrapper = connections["default"]
    saved = dict(wrapper.settings_dict)
    wrapper.settings_dict["PORT"] = str(_closed_port())
    try:
        for path in (with_database, reverse("home"), reverse("login")):
            _assert_calm(client.get(path))
        health = client.get(reverse("health"))
        assert health.status_code == 503
    finally:
        wrapper.close()
        wrapper.settings_dict.update(saved)
    assert client.get(with_database).status_code == 200


@on_postgresql
def test_it_gives_back_a_form_posted_while_the_database_is_away(
    transactional_db, practitioner, person
):
    client = _signed_in_client(practitioner)
    path = reverse("conversations:create", args=[person.pk])
    connections["default"].close()
    wrapper = connections["default"]
    saved = dict(wrapper.settings_dict)
    wrapper.settings_dict["PORT"] = str(_closed_port())
    narrative = "Getting back to the allotment <with> my brother & his dog"
    try:
        response = client.post(
            path,
            {"what_matters": narrative, "held_on": "2026-11-30", "password": "secret-ish"},
        )
    finally:
        wrapper.close()
        wrapper.settings_dict.update(saved)
    page = _assert_calm(response)
    assert "Nothing was saved yet." in page
    assert "Getting back to the allotment &lt;with&gt; my brother &amp; his dog" in page
    assert f'action="{path}"' in page
    assert "secret-ish" not in page
    from conversations.models import Conversation

    assert not Conversation.objects.exists()


def test_it_answers_503_when_a_view_loses_the_database_connection_level(client, practitioner):
    client = _signed_in_client(practitioner)
    client.get(reverse("home"))
    with _cursor_fails():
        _assert_calm(client.get(reverse("home")))
    with _cursor_fails(InterfaceError):
        _assert_calm(client.get(reverse("people:list")))


def test_it_keeps_what_was_typed_on_the_503_page_connection_level(practitioner, person):
    client = _signed_in_client(practitioner)
    path = reverse("conversations:create", args=[person.pk])
    client.get(path)
    with _cursor_fails():
        response = client.post(path, {"what_matters": "Seeing my grandchildren", "version": "3"})
    page = _assert_calm(response)
    assert '<input type="hidden" name="version" value="3">' in page
    assert "Seeing my grandchildren</textarea>" in page


def test_it_does_not_give_back_a_post_without_a_valid_csrf_token(practitioner, person):
    client = _signed_in_client(practitioner)
    client.handler.enforce_csrf_checks = True
    path = reverse("conversations:create", args=[person.pk])
    with _cursor_fails():
        response = client.post(path, {"what_matters": "Planted by another site"})
    page = _assert_calm(response)
    assert "Planted by another site" not in page


def test_it_logs_each_failure_once(practitioner, caplog):
    client = _signed_in_client(practitioner)
    with caplog.at_level(logging.ERROR, logger="django.request"), _cursor_fails():
        client.get(reverse("people:list"))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info is not None


def test_it_still_answers_500_for_other_errors(practitioner):
    client = _signed_in_client(practitioner)
    with mock.patch("pphw.views.access.roles", side_effect=ValueError("a bug")):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def _request(method: str, path: str, session: str, body: bytes = b"") -> int:
    """One request through Django's WSGI handler, as a gunicorn worker serves it.

    Unlike the test client, the handler runs ``close_old_connections`` at the start of
    each request, so the kept connection is reused and health-checked as in production.
    """
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD=method,
        PATH_INFO=path,
        HTTP_HOST="testserver",
        SERVER_NAME="testserver",
        HTTP_COOKIE=f"sessionid={session}",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(len(body)),
    )
    environ["wsgi.input"] = io.BytesIO(body)
    statuses: list[str] = []
    reply = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    reply.close()
    return int(statuses[0].split()[0])


def _terminate_application_connections() -> int:
    """End the application's connections from outside, as a restart or failover would."""
    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("options", None)
    with closing(psycopg2.connect(**params)) as admin:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]


@pytest.fixture
def signed_in_session(transactional_db, practitioner) -> str:
    client = Client()
    client.force_login(practitioner)
    return client.cookies["sessionid"].value


@on_postgresql
def test_it_reconnects_after_the_connections_are_terminated_between_requests(
    signed_in_session, person
):
    pages = [reverse("health"), reverse("people:detail", args=[person.pk]), reverse("home")]
    for _round in range(3):
        assert [_request("GET", page, signed_in_session) for page in pages] == [200, 200, 200]
        assert _terminate_application_connections() >= 1
    assert [_request("GET", page, signed_in_session) for page in pages] == [200, 200, 200]


@on_postgresql
def test_it_answers_503_not_500_when_the_connection_ends_mid_request(signed_in_session, person):
    from pphw.people import views

    real_record_access = views.record_access

    def terminate_then_record(*args, **kwargs):
        _terminate_application_connections()
        return real_record_access(*args, **kwargs)

    page = reverse("people:detail", args=[person.pk])
    assert _request("GET", page, signed_in_session) == 200
    with mock.patch.object(views, "record_access", side_effect=terminate_then_record):
        statuses = [_request("GET", page, signed_in_session) for _ in range(3)]
    # Each request's connection is ended half-way: each answers 503, none 500, and
    # the next request, on a new connection, succeeds.
    assert statuses == [503, 503, 503]
    assert _request("GET", page, signed_in_session) == 200
