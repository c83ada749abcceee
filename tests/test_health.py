from __future__ import annotations

from unittest import mock

from django.db import OperationalError
from django.urls import reverse

URL = reverse("health")


def test_it_answers_ok_when_the_database_answers(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_it_needs_no_sign_in(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(URL).status_code == 200


def test_it_answers_503_with_a_reason_when_the_database_does_not_answer(client, db, caplog):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("gone")
    ):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.content == b"unavailable: the database does not answer\n"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Retry-After"] == "60"
    warnings = [r for r in caplog.records if "Health check" in r.getMessage()]
    assert len(warnings) == 1


def test_it_refuses_posts(client, db):
    assert client.post(URL).status_code == 405
