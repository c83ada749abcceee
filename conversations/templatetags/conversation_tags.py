"""Conversation sections for other apps' pages."""

from __future__ import annotations

from django import template

from conversations.queries import conversation_timeline, conversations_entered_in_error
from pphw.people.models import Person

register = template.Library()


@register.inclusion_tag("conversations/_person_conversations.html")
def person_conversations(person: Person) -> dict:
    """The person's conversations, newest first, and those entered in error: two queries."""
    return {
        "person": person,
        "conversations": conversation_timeline(person),
        "conversations_in_error": conversations_entered_in_error(person),
    }
