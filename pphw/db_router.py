"""Reports and exports read from a replica when one is configured.

Set ``REPORTS_DATABASE_URL`` to a read replica of the main database and the
settings add it as the ``reports`` database. Code that reads for a report wraps
the reading in ``reading_from_reports()`` (or decorates its view with
``reads_from_reports``); the router then sends those reads to the replica.
Everything else, and every write, stays on ``default``. Without the setting,
nothing changes.

A replica lags its primary by a moment; reports can bear that, pages that
show what was just saved cannot, so only reports and exports opt in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse

REPORTS = "reports"
DEFAULT = "default"

_reading_from_reports: ContextVar[bool] = ContextVar("pphw_reading_from_reports", default=False)


def reports_db() -> str:
    """The alias report queries read from: the replica if configured, else default.

    For explicit use: ``Review.objects.using(reports_db())``.
    """
    return REPORTS if REPORTS in settings.DATABASES else DEFAULT


@contextmanager
def reading_from_reports() -> Iterator[None]:
    """Within this block, reads not pinned with ``.using()`` go to ``reports_db()``."""
    token = _reading_from_reports.set(True)
    try:
        yield
    finally:
        _reading_from_reports.reset(token)


def _iterate_reading_from_reports(chunks: Iterable) -> Iterator:
    # A streamed response's rows are read while the server sends it, after the
    # view has returned; hold the routing only while each chunk is produced.
    iterator = iter(chunks)
    while True:
        with reading_from_reports():
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


def reads_from_reports(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a report or export view so that its reads go to the replica."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_reports():
            response = view(request, *args, **kwargs)
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = _iterate_reading_from_reports(response.streaming_content)
        return response

    return wrapped


class ReportsRouter:
    """Routes reads to ``reports`` inside ``reading_from_reports()``; writes to default."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reading_from_reports.get() and REPORTS in settings.DATABASES:
            return REPORTS
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows as the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPORTS}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        # The replica copies the primary's schema; it is never migrated itself.
        if db == REPORTS:
            return False
        return None
