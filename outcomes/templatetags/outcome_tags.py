"""Outcome sections for other apps' pages."""

from __future__ import annotations

from django import template

from outcomes.models import Step
from outcomes.queries import outcome_groups_for_person, outcomes_entered_in_error
from outcomes.vocabulary import OPEN_LIFECYCLES
from pphw.people.models import Person

register = template.Library()


@register.inclusion_tag("outcomes/_person_outcomes.html")
def person_outcomes(person: Person) -> dict:
    """The person's outcomes by status, and those entered in error: two queries."""
    return {
        "person": person,
        "outcome_groups": outcome_groups_for_person(person),
        "outcomes_in_error": outcomes_entered_in_error(person),
    }


@register.inclusion_tag("outcomes/_service_steps.html", takes_context=True)
def service_steps(context, service) -> dict:
    """The open small steps of the user's teams that use a local service: one query."""
    steps = (
        Step.objects.visible_to(context["request"].user)
        .unfinished()
        .filter(service=service, outcome__lifecycle_status__in=OPEN_LIFECYCLES)
        .select_related("outcome__person")
        .order_by("due_on", "id")[:50]
    )
    return {"service": service, "steps": list(steps)}
