"""What the demo data set (``seed_demo``) and the scale data set (``seed_scale``) share.

Both write care records the way the app would: each review's achievement and
"met" status follow from the ratings by the same rules, and every row's history
row names who made the change and when.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from outcomes.vocabulary import Achievement
from reviews.models import Met

# CHI numbers are made from a date of birth and a serial. The demo people use
# serials from DEMO_CHI_SERIAL_BASE up; the scale people use serials no higher
# than SCALE_MAX_CHI_SERIAL, so the two data sets never share a CHI number.
DEMO_CHI_SERIAL_BASE = 900
SCALE_MAX_CHI_SERIAL = 889

# The questions a person may answer at a review about how support felt.
PROCESS_FIELDS = [
    "listened_to",
    "having_a_say",
    "treated_with_respect",
    "responded_to",
    "reliability",
]


def achievement_status(previous: int, rating: int, target: int) -> str:
    """How an outcome is going, from the rating at a review and the one before it."""
    if rating >= target:
        return Achievement.ACHIEVED
    if rating > previous:
        return Achievement.IMPROVING
    if rating < previous:
        return Achievement.WORSENING
    return Achievement.SUSTAINING if rating >= target - 2 else Achievement.NO_CHANGE


def met_status(baseline: int, rating: int, target: int) -> str:
    """Whether an outcome is met, from the rating at a review against its baseline and target."""
    if rating >= target:
        return Met.FULLY
    if rating > baseline:
        return Met.PARTLY
    return Met.NOT_YET


def local_time(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A time on ``day`` in the local time zone, for created_at and history dates."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def set_history(obj, by, when: datetime.datetime) -> None:
    """Name who made the change and when, for the history row written with ``obj``."""
    obj._history_user = by
    obj._history_date = when
