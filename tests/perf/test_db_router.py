from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connections
from django.test.utils import CaptureQueriesContext

from pphw.db_router import ReportsRouter, reading_from_reports, reports_db
from pphw.people.models import Person
from tests.factories import PersonFactory

ROOT = Path(__file__).resolve().parents[2]
CHECKS = Path(__file__).with_name("replica_checks.py")


def _own_database(url: str) -> str:
    """The same server, another database, so the two test runs do not collide."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_replica"))


def test_it_keeps_everything_on_default_without_a_replica(db, team):
    PersonFactory(team=team)
    assert reports_db() == "default"
    with CaptureQueriesContext(connections["default"]) as queries, reading_from_reports():
        assert Person.objects.count() == 1
    assert len(queries) == 1


def test_it_never_migrates_the_replica():
    router = ReportsRouter()
    assert router.allow_migrate("reports", "reviews") is False
    assert router.allow_migrate("default", "reviews") is None


def test_it_reads_reports_from_a_mirrored_replica():
    env = dict(os.environ)
    primary = env.get("DATABASE_URL", "")
    if primary and not primary.startswith("sqlite"):
        primary = _own_database(primary)
        env["DATABASE_URL"] = primary
    # Under the test MIRROR setting the replica's name is replaced by the test
    # database's, so any URL of the same engine will do.
    env["REPORTS_DATABASE_URL"] = primary or "sqlite:///replica.sqlite3"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", str(CHECKS), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "7 passed" in result.stdout
