"""The backup and restore drill on the test database: every table's rows must match."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pphw.audit.management.commands.backup_drill import compare_counts
from pphw.audit.models import RecordAccess
from tests.factories import OutcomeFactory, PersonFactory, ReviewFactory, StepFactory


def test_it_reports_a_table_that_differs_or_is_missing():
    lines = compare_counts({"public.a": 3, "public.b": 1}, {"public.a": 3})
    assert [(line.table, line.matches) for line in lines] == [
        ("public.a", True),
        ("public.b", False),
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the SQLite refusal")
def test_it_refuses_to_run_without_postgresql(db):
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("backup_drill")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the drill uses pg_dump and pg_restore, which work on PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_it_restores_every_row_of_every_table(practitioner, person):
    outcome = OutcomeFactory(person=person)
    StepFactory(outcome=outcome)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner)
    PersonFactory(team=person.team)
    RecordAccess.objects.create(user=practitioner, person=person, page="person")
    out = StringIO()
    call_command("backup_drill", stdout=out)
    report = out.getvalue()
    assert "MISMATCH" not in report
    assert "Restore matches:" in report
    for table in (
        "public.people_person",
        "public.people_historicalperson",
        "public.outcomes_historicaloutcome",
        "public.outcomes_historicalstep",
        "public.reviews_historicalreview",
        "public.audit_recordaccess",
    ):
        line = next(line for line in report.splitlines() if line.startswith(table + " "))
        assert line.split()[1] == line.split()[2]
        assert int(line.split()[1]) >= 1
    # The restored copy was dropped again.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", ["%_drill_%"])
        assert cursor.fetchone()[0] == 0
