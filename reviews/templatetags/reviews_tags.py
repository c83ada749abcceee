"""Template tags for showing reviews on other apps' pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django import template
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.functional import SimpleLazyObject

from outcomes.models import Outcome, Step
from outcomes.vocabulary import Lifecycle
from pphw.people import access
from pphw.statements import record_rows
from reviews.journey import journey_for, lay_out_journey
from reviews.models import Review, progress_words_for

register = template.Library()


@register.inclusion_tag("reviews/_outcome_reviews.html", takes_context=True)
def outcome_journey(context, outcome, show_reviews: bool = True, current=None) -> dict:
    """The outcome's journey chart, its table and (optionally) each review's narrative."""
    request = context.get("request")
    user = getattr(request, "user", None)
    # Laid out only if the section is drawn again (below).
    journey = journey_for(outcome, lay_out=False)
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
        "journey": SimpleLazyObject(lambda: lay_out_journey(journey)),
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


class PrintStep(NamedTuple):
    """A small step as the print page shows it: plain values, no model."""

    what: str
    who_label: str
    who_name: str
    due_on: date | None
    status_label: str
    done_on: date | None


class PrintReview(NamedTuple):
    """The last review of an outcome as the print page shows it."""

    reviewed_on: date
    person_rating: int
    progress_words: str
    what_next: str


@dataclass
class PrintOutcome:
    """An outcome as the print page shows it, with its current steps and last review."""

    pk: int
    statement: str
    lifecycle_label: str
    category_label: str
    next_review_due: date | None
    why_it_matters: str
    strengths: str
    last_review: PrintReview | None
    current_steps: list[PrintStep] = field(default_factory=list)
    print_key: str = ""


def _labels(model, name: str) -> dict:
    """A choice field's labels by value, as ``get_<name>_display`` shows them."""
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


_LAST_REVIEW_VALUES = ("reviewed_on", "person_rating", "achievement_status", "what_next")


def _print_outcome_rows(person_id: int) -> QuerySet:
    last = Review.objects.current().filter(outcome=OuterRef("pk")).order_by("-reviewed_on", "-id")
    # The last review's four values, read with the outcome rather than in a query of their own.
    last_review = {
        f"last_review_{name}": Subquery(last.values(name)[:1]) for name in _LAST_REVIEW_VALUES
    }
    return (
        Outcome.objects.filter(person_id=person_id)
        .current()
        .annotate(**last_review)
        .order_by("lifecycle_status", "next_review_due", "id")
        .values_list(
            "pk",
            "statement",
            "lifecycle_status",
            "category",
            "next_review_due",
            "why_it_matters",
            "strengths",
            *last_review,
        )
    )


def _print_step_rows(person_id: int) -> QuerySet:
    # The current steps of the outcomes that _print_outcome_rows reads.
    return (
        Step.objects.current()
        .filter(outcome__person_id=person_id)
        .exclude(outcome__lifecycle_status=Lifecycle.ENTERED_IN_ERROR)
        .order_by("order", "id")
        .values_list("outcome_id", "what", "who", "who_name", "due_on", "status", "done_on")
    )


@register.inclusion_tag("reviews/_print_outcomes.html")
def print_outcomes(person) -> dict:
    """The person's current outcomes with their steps and last review, for print: two queries.

    The outcomes and their (often hundreds of) steps are read as plain rows: the
    page shows values, and the key of its kept parts is made from them. Both
    statements are built once per process (``pphw.statements``).
    """
    lifecycle, category = _labels(Outcome, "lifecycle_status"), _labels(Outcome, "category")
    outcomes = [
        PrintOutcome(
            pk=pk,
            statement=statement,
            lifecycle_label=lifecycle.get(status, status),
            category_label=category.get(code, code),
            next_review_due=due,
            why_it_matters=why,
            strengths=strengths,
            last_review=PrintReview(on, rating, progress_words_for(progress), what_next)
            if on
            else None,
        )
        for (pk, statement, status, code, due, why, strengths, on, rating, progress, what_next) in (
            record_rows("print-outcomes", Outcome, _print_outcome_rows, person.pk)
        )
    ]
    by_pk = {outcome.pk: outcome for outcome in outcomes}
    if outcomes:
        who, status = _labels(Step, "who"), _labels(Step, "status")
        for outcome_id, what, who_code, who_name, due_on, status_code, done_on in record_rows(
            "print-steps", Step, _print_step_rows, person.pk
        ):
            if outcome_id not in by_pk:
                continue
            by_pk[outcome_id].current_steps.append(
                PrintStep(
                    what=what,
                    who_label=who.get(who_code, who_code),
                    who_name=who_name,
                    due_on=due_on,
                    status_label=status.get(status_code, status_code),
                    done_on=done_on,
                )
            )
    for outcome in outcomes:
        # Each outcome's part, and the section of them all, are kept per process under
        # every value they show (docs/architecture.md, "Rendered parts kept in memory").
        outcome.print_key = repr(_print_values(outcome))
    return {
        "person": person,
        "outcomes": outcomes,
        "section_key": repr([outcome.print_key for outcome in outcomes]),
    }


def _print_values(outcome: PrintOutcome) -> tuple:
    """Every value an outcome's part of the print page shows (reviews/_print_outcomes.html)."""
    review = outcome.last_review
    return (
        outcome.pk,
        outcome.statement,
        outcome.lifecycle_label,
        outcome.category_label,
        outcome.next_review_due,
        outcome.why_it_matters,
        outcome.strengths,
        # As plain tuples: their repr is made in C, for the 300 steps of a long record.
        [tuple(step) for step in outcome.current_steps],
        review and tuple(review),
    )
