"""Conversation sections for other apps' pages."""

from __future__ import annotations

from django import template

from conversations.queries import conversation_timeline
from pphw.people.models import Person

register = template.Library()


@register.inclusion_tag("conversations/_person_conversations.html")
def person_conversations(person: Person) -> dict:
    """The person's conversations, newest first, and those entered in error: two queries."""
    timeline, in_error = conversation_timeline(person)
    return {
        "person": person,
        "conversations": timeline,
        "conversations_in_error": in_error,
        # The rendered section is kept per process under every value it shows
        # (docs/architecture.md, "Rendered parts kept in memory"): an edit changes the key.
        "section_key": repr(
            (
                person.known_as,
                [entry.key for entry in timeline],
                [(c.pk, c.held_on) for c in in_error],
            )
        ),
    }
