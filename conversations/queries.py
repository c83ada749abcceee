"""Which conversations a page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.formats import date_format

from conversations.models import Conversation
from pphw.community.models import Service
from pphw.people.models import Person
from pphw.statements import record_rows


@dataclass(frozen=True)
class TimelineEntry:
    """One conversation as the record's timeline shows it: plain values, no model."""

    pk: int
    held_on: date
    mode_label: str
    practitioner_name: str
    others_present: str
    agreed_with_person: bool
    what_matters: str
    # (name, is closed) of each local service it names, by name.
    services: tuple[tuple[str, bool], ...]

    @property
    def key(self) -> tuple:
        return (
            self.pk,
            self.held_on,
            self.mode_label,
            self.practitioner_name,
            self.others_present,
            self.agreed_with_person,
            self.what_matters,
            self.services,
        )


@dataclass(frozen=True)
class ConversationInError:
    pk: int
    held_on: date

    def __str__(self) -> str:
        return f"Conversation on {date_format(self.held_on, 'j F Y')}"


def _timeline_rows(person_id: int) -> QuerySet:
    return (
        Conversation.objects.filter(person_id=person_id)
        .order_by("-held_on", "-id")
        .values_list(
            "pk",
            "held_on",
            "mode",
            "practitioner__first_name",
            "practitioner__last_name",
            "practitioner__username",
            "others_present",
            "agreed_with_person",
            "what_matters",
            "entered_in_error",
        )
    )


def _timeline_services(person_id: int) -> QuerySet:
    return (
        Conversation.services.through.objects.filter(
            conversation__person_id=person_id, conversation__entered_in_error=False
        )
        .order_by("service__name", "service__id")
        .values_list("conversation_id", "service__name", "service__status")
    )


def conversation_timeline(person: Person) -> tuple[list[TimelineEntry], list[ConversationInError]]:
    """The person's current conversations, newest first, with the local services they name,
    and those entered in error: two statements, read as plain rows (``pphw.statements``)."""
    current, in_error = [], []
    for row in record_rows("person-conversations", Conversation, _timeline_rows, person.pk):
        (pk, held_on, mode, first, last, username, others, agreed, words, wrong) = row
        if wrong:
            in_error.append(ConversationInError(pk=pk, held_on=held_on))
        else:
            name = f"{first} {last}".strip() or username
            current.append((pk, held_on, mode, name, others, agreed, words))
    services: dict[int, list[tuple[str, bool]]] = {}
    if current:
        # In the order of the directory (Service.Meta.ordering), as the prefetch had them.
        through = Conversation.services.through
        for conversation_id, name, status in record_rows(
            "person-conversation-services", through, _timeline_services, person.pk
        ):
            services.setdefault(conversation_id, []).append((name, status == Service.Status.CLOSED))
    timeline = [
        TimelineEntry(
            pk=pk,
            held_on=held_on,
            mode_label=Conversation.Mode(mode).label,
            practitioner_name=name,
            others_present=others,
            agreed_with_person=agreed,
            what_matters=words,
            services=tuple(services.get(pk, ())),
        )
        for pk, held_on, mode, name, others, agreed, words in current
    ]
    return timeline, in_error
