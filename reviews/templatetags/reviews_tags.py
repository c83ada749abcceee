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
    journey = journey_for(outcome)
    can_review = outcome.is_open and user is not None and access.can_write(user)
    # Kept per process under every value the section shows, the viewer's right to
    # review included (docs/architecture.md, "Rendered parts kept in memory").
    key = (
        outcome.pk,
        can_review,
        show_reviews,
        current.pk if current else None,
        journey.target,
        [(p.on, p.rating, p.kind, p.review.pk if p.review else None) for p in journey.points],
        [_review_values(review) for review in journey.reviews] if show_reviews else None,
    )
    return {
        "outcome": outcome,
        "journey": journey,
        "show_reviews": show_reviews,
        "current": current,
        "can_review": can_review,
        "journey_key": repr(key),
    }


def _review_values(review: Review) -> tuple:
    """Every value a review's card in the journey shows (reviews/_outcome_reviews.html)."""
    by = review.reviewed_by
    return (
        review.pk,
        review.reviewed_on,
        by.get_full_name() or by.username,
        review.person_rating,
        review.progress_words,
        review.met_status,
        review.what_changed,
        review.what_helped,
        review.what_got_in_the_way,
        review.what_next,
    )


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
        # Each outcome's part is kept per process under every value it shows
        # (docs/architecture.md, "Rendered parts kept in memory").
        outcome.print_key = repr(_print_values(outcome))
    return {"person": person, "outcomes": outcomes}


def _print_values(outcome: Outcome) -> tuple:
    """Every value an outcome's part of the print page shows (reviews/_print_outcomes.html)."""
    review = outcome.last_review
    return (
        outcome.pk,
        outcome.statement,
        outcome.lifecycle_status,
        outcome.category,
        outcome.next_review_due,
        outcome.why_it_matters,
        outcome.strengths,
        [
            (step.what, step.who, step.who_name, step.due_on, step.status, step.done_on)
            for step in outcome.current_steps
        ],
        review
        and (review.reviewed_on, review.person_rating, review.progress_words, review.what_next),
    )
