"""Each person's latest conversation, kept in step with the conversations.

``last_conversation_refresh`` works the rows of some people out again from their
conversations, in the caller's transaction: every service that records, edits,
marks entered in error or moves a conversation calls it for the people it
touched. ``last_conversation_rebuild`` does the same for everyone
(``manage.py rebuild_last_conversations``), and ``last_conversation_differences``
says where the kept rows and the conversations disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max

from conversations.models import Conversation, LastConversation
from pphw.people.models import Person, Team
from pphw.people.signals import caseload_changed

BATCH = 2000


def _computed(person_ids: list[int] | None = None) -> dict[int, datetime.date]:
    """Person id → date of their latest conversation not entered in error, in one query."""
    conversations = Conversation.objects.current().filter(person__isnull=False)
    if person_ids is not None:
        conversations = conversations.filter(person_id__in=person_ids)
    return dict(conversations.order_by().values_list("person_id").annotate(last=Max("held_on")))


def _write(rows: dict[int, datetime.date]) -> int:
    LastConversation.objects.bulk_create(
        [LastConversation(person_id=pk, held_on=held_on) for pk, held_on in sorted(rows.items())],
        batch_size=BATCH,
    )
    return len(rows)


def last_conversation_refresh(person_ids: Iterable[int | None]) -> None:
    """Work out again the latest conversation of ``person_ids`` (three statements), and
    announce it to the figures kept per team (``caseload_changed``)."""
    ids = sorted({pk for pk in person_ids if pk is not None})
    if not ids:
        return
    LastConversation.objects.filter(person_id__in=ids).delete()
    _write(_computed(ids))
    teams = Person.objects.filter(pk__in=ids).values_list("team_id", flat=True).distinct()
    caseload_changed.send(LastConversation, team_ids=list(teams))


def last_conversation_rebuild() -> int:
    """Throw every kept row away and work them all out from the conversations, and
    announce it to the figures kept per team; the rows written."""
    LastConversation.objects.all().delete()
    written = _write(_computed())
    caseload_changed.send(
        LastConversation, team_ids=list(Team.objects.values_list("pk", flat=True))
    )
    return written


def last_conversation_differences() -> list[tuple[int, datetime.date | None, datetime.date | None]]:
    """(person, date kept, date from the conversations) for every person where they differ."""
    computed = _computed()
    kept = dict(LastConversation.objects.values_list("person_id", "held_on"))
    return [
        (person_id, kept.get(person_id), computed.get(person_id))
        for person_id in sorted(set(kept) | set(computed))
        if kept.get(person_id) != computed.get(person_id)
    ]
