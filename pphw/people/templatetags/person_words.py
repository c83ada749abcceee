"""What a person wrote themselves, for staff pages, labelled as theirs."""

from __future__ import annotations

from django import template

from outcomes.models import Reflection
from pphw.people.me_services import open_preparation

register = template.Library()
RECENT = 5


@register.inclusion_tag("people/_outcome_reflections.html")
def outcome_reflections(outcome) -> dict:
    """The person's recent notes on how an outcome is going: one query."""
    reflections = list(
        Reflection.objects.filter(outcome=outcome, entered_in_error=False).order_by(
            "-created_at", "-id"
        )[:RECENT]
    )
    return {"outcome": outcome, "person": outcome.person, "reflections": reflections}


@register.inclusion_tag("people/_preparation_note.html")
def preparation_note(person) -> dict:
    """The person's note for their next conversation, if not yet talked about: one query."""
    return {"person": person, "preparation": open_preparation(person)}
