"""Which outcomes are due a review."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

DUE_SOON_DAYS = 14


def due_outcomes(outcomes: QuerySet, *, today: datetime.date | None = None) -> QuerySet:
    """Open outcomes whose next review is overdue or due within two weeks, oldest first."""
    today = today or timezone.localdate()
    return (
        outcomes.open()
        .filter(next_review_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .order_by("next_review_due", "id")
    )
