"""An outcome's journey: the starting rating and each review's rating over time.

The same points feed a server-drawn SVG chart (no JavaScript, no inline styles)
and the accessible table beside it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from outcomes.models import Outcome, Reflection
from pphw.statements import record_models
from reviews.models import Review

WIDTH = 640
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 20, 52
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
MAX_DATE_LABELS = 6


@dataclass
class JourneyPoint:
    on: datetime.date
    rating: int
    kind: str  # "Start", "Review" or "Check-in" (the person's own rating with a reflection)
    review: Review | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass
class Journey:
    outcome: Outcome
    points: list[JourneyPoint]
    reviews: list[Review]
    target: int | None
    width: int = WIDTH
    height: int = HEIGHT
    y_ticks: list[tuple[int, float]] = field(default_factory=list)
    x_labels: list[tuple[str, float]] = field(default_factory=list)
    target_y: float | None = None
    line: str = ""
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    plot_middle: float = LEFT + PLOT_W / 2

    @property
    def check_ins(self) -> list[JourneyPoint]:
        return [p for p in self.points if p.kind == CHECK_IN]

    @property
    def reviews_newest_first(self) -> list[Review]:
        return list(reversed(self.reviews))

    @property
    def summary(self) -> str:
        """One sentence saying what the chart shows, for its SVG description."""
        if not self.points:
            return "No ratings recorded yet."
        first, last = self.points[0], self.points[-1]
        reviews = len(self.reviews)
        text = (
            f"The person's rating went from {first.rating} on {date_format(first.on, 'j F Y')} "
            f"to {last.rating} on {date_format(last.on, 'j F Y')}, "
            f"over {reviews} review{'s' if reviews != 1 else ''}."
        )
        if self.target is not None:
            text += f" They would like to be at {self.target}."
        return text


def _y(rating: float) -> float:
    return round(TOP + PLOT_H * (1 - rating / 10), 1)


CHECK_IN = "Check-in"


def _outcome_reviews(outcome_id: int) -> QuerySet:
    return Review.objects.current().filter(outcome_id=outcome_id).order_by("reviewed_on", "id")


def outcome_reviews(outcome: Outcome) -> list[Review]:
    """The outcome's current reviews, oldest first, each with its reviewer: one statement,
    built once per process (``pphw.statements``), its rows made into models."""
    return record_models("outcome-reviews", Review, "reviewed_by", _outcome_reviews, outcome.pk)


def journey_for(outcome: Outcome, *, check_ins: bool = False, lay_out: bool = True) -> Journey:
    """The outcome's journey, from one query for its reviews (oldest first).

    With ``check_ins`` (the person's own pages), the ratings the person gave with
    their reflections are added as points of their own, apart from the review line:
    one more query. Without ``lay_out``, the chart's positions and labels are left
    for :func:`lay_out_journey`, for a page that may not draw it again.
    """
    reviews = outcome_reviews(outcome)
    points = []
    if outcome.baseline_rating is not None:
        started = timezone.localdate(outcome.created_at)
        points.append(JourneyPoint(on=started, rating=outcome.baseline_rating, kind="Start"))
    points += [
        JourneyPoint(on=r.reviewed_on, rating=r.person_rating, kind="Review", review=r)
        for r in reviews
    ]
    if check_ins:
        rated = (
            Reflection.objects.current()
            .filter(outcome=outcome, rating__isnull=False)
            .order_by("created_at", "id")
        )
        points += [
            JourneyPoint(on=timezone.localdate(r.created_at), rating=r.rating, kind=CHECK_IN)
            for r in rated
        ]
    points.sort(key=lambda p: p.on)  # stable: the start stays first on the same day
    journey = Journey(outcome=outcome, points=points, reviews=reviews, target=outcome.target_rating)
    if lay_out:
        _lay_out(journey)
    return journey


def lay_out_journey(journey: Journey) -> Journey:
    """``journey`` with the chart's positions and labels worked out."""
    _lay_out(journey)
    return journey


def _lay_out(journey: Journey) -> None:
    journey.y_ticks = [(value, _y(value)) for value in range(0, 11, 2)]
    if journey.target is not None:
        journey.target_y = _y(journey.target)
    points = journey.points
    if not points:
        return
    first, last = points[0].on, points[-1].on
    span = (last - first).days
    for point in points:
        share = 0.5 if span == 0 else (point.on - first).days / span
        point.x = round(LEFT + PLOT_W * share, 1)
        point.y = _y(point.rating)
    # The line joins the start and the reviews; check-ins stand apart from it.
    journey.line = " ".join(f"{p.x},{p.y}" for p in points if p.kind != CHECK_IN)
    if len(points) <= MAX_DATE_LABELS:
        labelled = points
    else:
        step = (len(points) - 1) / (MAX_DATE_LABELS - 1)
        labelled = [points[round(i * step)] for i in range(MAX_DATE_LABELS)]
    journey.x_labels = [(date_format(p.on, "j M Y"), p.x) for p in labelled]
