"""The report's summary rows: each outcome's first and latest review, kept in step.

``summary_refresh`` works the rows of some outcomes out again from their reviews,
in the caller's transaction: every service that writes a review calls it for the
outcome it touched. ``summary_rebuild`` does the same for every outcome
(``manage.py rebuild_report_summaries``), and ``summary_differences`` says where
the kept rows and the reviews disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Subquery

from outcomes.models import Outcome
from reviews.models import Review, ReviewSummary

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
BATCH = 2000


def _computed(outcome_ids: list[int] | None = None) -> list[tuple]:
    """The rows the reviews give, as tuples of ``COLUMNS``, in one query.

    First and latest are in the report's order: by date, then by the order the
    reviews were recorded. Reviews entered in error are left out.
    """
    reviews = Review.objects.current().filter(outcome=OuterRef("pk"))
    first = reviews.order_by("reviewed_on", "id")
    latest = reviews.order_by("-reviewed_on", "-id")
    count = reviews.order_by().values("outcome").annotate(n=Count("pk")).values("n")
    outcomes = (
        Outcome.objects.all() if outcome_ids is None else Outcome.objects.filter(pk__in=outcome_ids)
    )
    outcomes = outcomes.annotate(
        n_reviews=Subquery(count),
        s_first_reviewed_on=Subquery(first.values("reviewed_on")[:1]),
        s_first_person_rating=Subquery(first.values("person_rating")[:1]),
        s_first_practitioner_rating=Subquery(first.values("practitioner_rating")[:1]),
        s_latest_reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
        s_latest_person_rating=Subquery(latest.values("person_rating")[:1]),
        s_latest_practitioner_rating=Subquery(latest.values("practitioner_rating")[:1]),
    )
    return list(
        outcomes.filter(n_reviews__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "n_reviews",
            "s_first_reviewed_on",
            "s_first_person_rating",
            "s_first_practitioner_rating",
            "s_latest_reviewed_on",
            "s_latest_person_rating",
            "s_latest_practitioner_rating",
        )
    )


def _write(rows: list[tuple]) -> int:
    ReviewSummary.objects.bulk_create(
        [ReviewSummary(**dict(zip(COLUMNS, row, strict=True))) for row in rows],
        batch_size=BATCH,
    )
    return len(rows)


def summary_refresh(outcome_ids: Iterable[int]) -> None:
    """Work out again the summary rows of ``outcome_ids`` from their reviews (three statements)."""
    ids = sorted(set(outcome_ids))
    if not ids:
        return
    ReviewSummary.objects.filter(outcome_id__in=ids).delete()
    _write(_computed(ids))


def summary_rebuild() -> int:
    """Throw every summary row away and work them all out from the reviews; the rows written."""
    ReviewSummary.objects.all().delete()
    return _write(_computed())


def summary_differences() -> list[tuple[int, tuple | None, tuple | None]]:
    """(outcome, row kept, row worked out from the reviews) for every outcome where they differ."""
    computed = {row[0]: tuple(row) for row in _computed()}
    kept = {row[0]: tuple(row) for row in ReviewSummary.objects.values_list(*COLUMNS)}
    return [
        (outcome_id, kept.get(outcome_id), computed.get(outcome_id))
        for outcome_id in sorted(set(kept) | set(computed))
        if kept.get(outcome_id) != computed.get(outcome_id)
    ]
