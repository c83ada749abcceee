"""Reads through the reports replica, run by test_db_router.py in a process
that sets REPORTS_DATABASE_URL, so that the ``reports`` database exists and is
a test MIRROR of ``default``. Not collected on its own (no ``test_`` prefix)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import connections
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pphw.db_router import reading_from_reports, reads_from_reports, reports_db
from pphw.people.models import Person
from tests.factories import OutcomeFactory, PersonFactory, ReviewFactory

OVERDUE = datetime.date(2020, 1, 1)

# Committed rows (transaction=True): the mirror is a second connection.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "reports"])


def _queries_on_each():
    return (
        CaptureQueriesContext(connections["default"]),
        CaptureQueriesContext(connections["reports"]),
    )


def test_it_adds_the_replica_as_a_test_mirror_of_default():
    assert settings.DATABASES["reports"]["TEST"]["MIRROR"] == "default"
    assert reports_db() == "reports"


def test_it_reads_from_the_replica_inside_the_block(team):
    PersonFactory(team=team, family_name="Munro")
    on_default, on_reports = _queries_on_each()
    with on_default, on_reports, reading_from_reports():
        names = list(Person.objects.values_list("family_name", flat=True))
    assert names == ["Munro"]
    assert len(on_reports) == 1
    assert len(on_default) == 0


def test_it_reads_from_default_outside_the_block(team):
    PersonFactory(team=team, family_name="Munro")
    on_default, on_reports = _queries_on_each()
    with on_default, on_reports:
        assert Person.objects.count() == 1
    assert len(on_default) == 1
    assert len(on_reports) == 0


def test_it_writes_to_default_inside_the_block(team):
    on_default, on_reports = _queries_on_each()
    with on_default, on_reports, reading_from_reports():
        person = PersonFactory(team=team, family_name="Munro")
    assert person._state.db == "default"
    assert len(on_reports) == 0
    assert any("INSERT" in query["sql"] for query in on_default.captured_queries)


def test_it_streams_a_decorated_views_rows_from_the_replica(team):
    PersonFactory(team=team, family_name="Munro")
    PersonFactory(team=team, family_name="Fraser")

    @reads_from_reports
    def export(request):
        rows = Person.objects.order_by("family_name").values_list("family_name", flat=True)
        return StreamingHttpResponse(f"{name}\n" for name in rows.iterator())

    response = export(RequestFactory().get("/export/"))
    on_default, on_reports = _queries_on_each()
    with on_default, on_reports:
        body = b"".join(response.streaming_content)
    assert body == b"Fraser\nMunro\n"
    assert len(on_reports) >= 1
    assert len(on_default) == 0


@pytest.mark.parametrize("url", ["/reviews/report/", "/reviews/report/overdue.csv"])
def test_it_reads_the_report_and_its_export_from_the_replica(client, lead, team, url):
    outcome = OutcomeFactory(person=PersonFactory(team=team), next_review_due=OVERDUE)
    ReviewFactory(outcome=outcome, reviewed_by=lead)
    client.force_login(lead)
    on_default, on_reports = _queries_on_each()
    with on_default, on_reports:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert outcome.person.family_name.encode() in body
    care_tables = ("outcomes_", "reviews_")
    assert any(t in q["sql"] for q in on_reports.captured_queries for t in care_tables)
    assert not any(t in q["sql"] for q in on_default.captured_queries for t in care_tables)
