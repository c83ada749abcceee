"""Backup and restore drill: dump the database, restore it into a fresh one, compare.

    python manage.py backup_drill [--keep-dump PATH] [--keep-restored]

Counts the rows of every table (history tables and the record-access log
included) in the snapshot that ``pg_dump`` saves, restores the dump with
``pg_restore`` into a new database, counts again there and fails unless every
count matches exactly. The restored database is dropped afterwards.
"""

from __future__ import annotations

import os
import shutil

# Runs the PostgreSQL client programs by absolute path, never through a shell.
import subprocess  # nosec B404
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg2 import sql

TABLES_SQL = """
    SELECT table_schema, table_name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE'
      AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY table_schema, table_name
"""


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    restored: int | None

    @property
    def matches(self) -> bool:
        return self.source == self.restored


def compare_counts(source: dict[str, int], restored: dict[str, int]) -> list[TableCount]:
    """One line per table found in either database; a missing table counts as None."""
    names = sorted(set(source) | set(restored))
    return [TableCount(name, source.get(name, -1), restored.get(name)) for name in names]


def count_rows(cursor) -> dict[str, int]:
    cursor.execute(TABLES_SQL)
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
        )
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def _program(name: str) -> str:
    path = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(path).exists():
        raise CommandError(f"{name} was not found; install the PostgreSQL client programs.")
    return path


class Command(BaseCommand):
    help = "Dump the database, restore it into a fresh database and compare every table's rows."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Django database alias.")
        parser.add_argument("--keep-dump", metavar="PATH", help="Also keep the dump at PATH.")
        parser.add_argument(
            "--keep-restored",
            action="store_true",
            help="Do not drop the restored database at the end.",
        )

    def handle(self, *args, database: str, keep_dump: str | None, keep_restored: bool, **options):
        settings_dict = connections[database].settings_dict
        if not settings_dict["ENGINE"].endswith("postgresql"):
            raise CommandError("The backup drill needs PostgreSQL (pg_dump and pg_restore).")
        connect = {
            "host": settings_dict.get("HOST") or None,
            "port": settings_dict.get("PORT") or None,
            "user": settings_dict.get("USER") or None,
            "password": settings_dict.get("PASSWORD") or None,
        }
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", connect["host"]),
            ("PGPORT", connect["port"]),
            ("PGUSER", connect["user"]),
            ("PGPASSWORD", connect["password"]),
        ):
            if value:
                env[key] = str(value)
        source_name = settings_dict["NAME"]
        restored_name = f"{source_name}_drill_{uuid.uuid4().hex[:8]}"

        with tempfile.TemporaryDirectory(prefix="pphw-drill-") as folder:
            dump = Path(folder) / "pphw.dump"
            # Count in the very snapshot that pg_dump saves, so writes made
            # meanwhile by the running application cannot spoil the comparison.
            source = psycopg2.connect(dbname=source_name, **connect)
            try:
                source.set_session(isolation_level="REPEATABLE READ", readonly=True)
                with source.cursor() as cursor:
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                    source_counts = count_rows(cursor)
                    self._run(
                        [_program("pg_dump"), "-Fc", f"--snapshot={snapshot}", "-f", str(dump)]
                        + [source_name],
                        env,
                    )
            finally:
                source.close()
            self.stdout.write(f"Dumped {source_name} ({dump.stat().st_size} bytes).")
            if keep_dump:
                shutil.copyfile(dump, keep_dump)
                self.stdout.write(f"Kept the dump at {keep_dump}.")

            self._run([_program("createdb"), restored_name], env)
            try:
                self._run(
                    [_program("pg_restore"), "--exit-on-error", "--no-owner"]
                    + ["-d", restored_name, str(dump)],
                    env,
                )
                restored = psycopg2.connect(dbname=restored_name, **connect)
                try:
                    with restored.cursor() as cursor:
                        restored_counts = count_rows(cursor)
                finally:
                    restored.close()
            finally:
                if not keep_restored:
                    self._run([_program("dropdb"), "--if-exists", restored_name], env)

        lines = compare_counts(source_counts, restored_counts)
        width = max(len(line.table) for line in lines)
        for line in lines:
            mark = "ok" if line.matches else "MISMATCH"
            self.stdout.write(
                f"{line.table:<{width}}  {line.source:>10}  {line.restored!s:>10}  {mark}"
            )
        wrong = [line for line in lines if not line.matches]
        if wrong:
            raise CommandError(
                f"Restore does not match: {len(wrong)} of {len(lines)} tables differ "
                f"({', '.join(line.table for line in wrong)})."
            )
        rows = sum(line.source for line in lines)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restore matches: {len(lines)} tables, {rows} rows, every count equal."
            )
        )

    def _run(self, command: list[str], env: dict[str, str]) -> None:
        # The programs are fixed and found by absolute path; the arguments come from
        # the database settings, and no shell is involved.
        result = subprocess.run(  # noqa: S603  # nosec B603
            command, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
