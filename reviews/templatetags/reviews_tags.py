"""Template tags for showing reviews on other apps' pages."""

from __future__ import annotations

from django import template

from pphw.people import access
from reviews.journey import journey_for

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
