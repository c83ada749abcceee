"""Template tags for showing reviews on other apps' pages."""

from __future__ import annotations

from django import template
from django.db.models import OuterRef, Prefetch, Subquery

from outcomes.models import Outcome, Step
from pphw.people import access
from reviews.journey import journey_for
from reviews.models import Review

register = template.Library()


@register.inclusion_tag("reviews/_outcome_reviews.html", takes_context=True)
def outcome_journey(context, outcome, show_reviews: bool = True, current=None) -> dict:
    """The outcome's journey chart, its table and (optionally) each review's narrative."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "outcome": outcome,
        "journey": journey_for(outcome),
        "show_reviews": show_reviews,
        "current": current,
        "can_review": outcome.is_open and user is not None and access.can_write(user),
    }


@register.inclusion_tag("reviews/_print_outcomes.html")
def print_outcomes(person) -> dict:
    """The person's current outcomes with their steps and last review, for print: three queries."""
    last = Review.objects.current().filter(outcome=OuterRef("pk")).order_by("-reviewed_on", "-id")
    outcomes = list(
        Outcome.objects.filter(person=person)
        .current()
        .annotate(last_review_id=Subquery(last.values("id")[:1]))
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.current().order_by("order", "id"),
                to_attr="current_steps",
            )
        )
        .order_by("lifecycle_status", "next_review_due", "id")
    )
    reviews = Review.objects.in_bulk([o.last_review_id for o in outcomes if o.last_review_id])
    for outcome in outcomes:
        outcome.last_review = reviews.get(outcome.last_review_id)
    return {"person": person, "outcomes": outcomes}
