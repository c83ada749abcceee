"""Which conversations a page shows."""

from __future__ import annotations

from conversations.models import Conversation
from pphw.people.models import Person


def conversation_timeline(person: Person) -> list[Conversation]:
    """The person's current conversations, newest first, with the local services they
    name: two queries."""
    return list(
        person.conversations.current()
        .select_related("practitioner")
        .prefetch_related("services")
        .order_by("-held_on", "-id")
    )


def conversations_entered_in_error(person: Person) -> list[Conversation]:
    return list(
        person.conversations.filter(entered_in_error=True)
        .only("pk", "held_on", "person_id")
        .order_by("-held_on", "-id")
    )
