"""Outcome sections for other apps' pages."""

from __future__ import annotations

from django import template

from outcomes.queries import outcome_groups_for_person, outcomes_entered_in_error
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
