"""The report's summary rows: each outcome's first and latest review, kept in step.

``summary_refresh`` works the rows of some outcomes out again from their reviews,
in the caller's transaction: every service that writes a review (or moves or
removes the outcomes reviews belong to) calls it for the outcomes it touched.
``summary_rebuild`` does the same for every outcome (``manage.py
rebuild_report_summaries``), and ``summary_differences`` says where the kept rows
and the reviews disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from reviews.models import ReviewSummary

COLUMNS = (
    "outcome_id",
    "reviews",
    "first_reviewed_on",
    "first_person_rating",
    "first_practitioner_rating",
    "latest_reviewed_on",
    "latest_person_rating",
    "latest_practitioner_rating",
)

# One row per outcome from its current reviews; first and latest in the report's order
# (by date, then by the order they were recorded).
_COMPUTED = """
SELECT r.outcome_id,
       count(*),
       (array_agg(r.reviewed_on ORDER BY r.reviewed_on, r.id))[1],
       (array_agg(r.person_rating ORDER BY r.reviewed_on, r.id))[1],
       (array_agg(r.practitioner_rating ORDER BY r.reviewed_on, r.id))[1],
       (array_agg(r.reviewed_on ORDER BY r.reviewed_on DESC, r.id DESC))[1],
       (array_agg(r.person_rating ORDER BY r.reviewed_on DESC, r.id DESC))[1],
       (array_agg(r.practitioner_rating ORDER BY r.reviewed_on DESC, r.id DESC))[1]
FROM reviews_review r
WHERE NOT r.entered_in_error {where}
GROUP BY r.outcome_id
"""


def _table() -> str:
    return ReviewSummary._meta.db_table


def summary_refresh(outcome_ids: Iterable[int]) -> None:
    """Work out again the summary rows of ``outcome_ids`` from their reviews (two statements)."""
    ids = sorted(set(outcome_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE outcome_id = ANY(%s)", [ids])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {_table()} ({', '.join(COLUMNS)}) "  # noqa: S608
            + _COMPUTED.format(where="AND r.outcome_id = ANY(%s)"),
            [ids],
        )


def summary_rebuild() -> int:
    """Throw every summary row away and work them all out from the reviews; the rows written."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {_table()} ({', '.join(COLUMNS)}) "  # noqa: S608
            + _COMPUTED.format(where="")
        )
        return cursor.rowcount


def summary_differences() -> list[tuple[int, tuple | None, tuple | None]]:
    """(outcome, row kept, row worked out from the reviews) for every outcome where they differ."""
    with connection.cursor() as cursor:
        cursor.execute(_COMPUTED.format(where=""))
        computed = {row[0]: tuple(row) for row in cursor.fetchall()}
    kept = {row[0]: tuple(row) for row in ReviewSummary.objects.values_list(*COLUMNS)}
    return [
        (outcome_id, kept.get(outcome_id), computed.get(outcome_id))
        for outcome_id in sorted(set(kept) | set(computed))
        if kept.get(outcome_id) != computed.get(outcome_id)
    ]
