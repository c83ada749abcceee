"""What a person wrote themselves, for staff pages, labelled as theirs."""

from __future__ import annotations

from django import template

from outcomes.models import Reflection
from pphw.people.models import Person

register = template.Library()
RECENT = 5


@register.inclusion_tag("people/_outcome_reflections.html")
def outcome_reflections(outcome) -> dict:
    """The person's recent notes on how an outcome is going: one query."""
    reflections = list(outcome.reflections.current().latest_first()[:RECENT])
    return {"outcome": outcome, "person": outcome.person, "reflections": reflections}


@register.inclusion_tag("people/_preparation_note.html")
def preparation_note(person: Person) -> dict:
    """The person's note for their next conversation, if not yet talked about: one query."""
    return {
        "person": person,
        "preparation": person.preparations.open().with_last_changed().first(),
    }


@register.inclusion_tag("people/_person_wrote.html")
def person_wrote(person: Person) -> dict:
    """What the person wrote themselves, on their record: two queries.

    Their latest preparation note (talked about or not) and their recent
    reflections across all current outcomes.
    """
    reflections = Reflection.objects.filter(outcome__person=person).current()
    return {
        "person": person,
        "latest_preparation": person.preparations.select_related("conversation")
        .with_last_changed()
        .order_by("-created_at", "-id")
        .first(),
        "recent_reflections": list(reflections.select_related("outcome").latest_first()[:RECENT]),
    }
