"""What a person wrote themselves, for staff pages, labelled as theirs."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from django import template
from django.db.models import QuerySet

from conversations.models import Preparation
from outcomes.models import Outcome, Reflection, Step
from pphw.people.models import Person
from pphw.statements import record_rows

register = template.Library()
RECENT = 5


class OutcomeReflection(NamedTuple):
    """One of the person's notes on an outcome, as the outcome's page shows it."""

    created_at: datetime
    rating: int | None
    text: str


def _outcome_reflections(outcome_id: int) -> QuerySet:
    return (
        Reflection.objects.filter(outcome_id=outcome_id, entered_in_error=False)
        .latest_first()
        .values_list("created_at", "rating", "text")[:RECENT]
    )


@register.inclusion_tag("people/_outcome_reflections.html")
def outcome_reflections(outcome) -> dict:
    """The person's recent notes on how an outcome is going: one statement, built once per
    process (``pphw.statements``), and none if the outcome was entered in error.

    The outcome is at hand, so whether it was entered in error is known here and
    the query needs no join to it (``ReflectionQuerySet.current`` checks both).
    """
    reflections = []
    if not outcome.is_entered_in_error:
        reflections = [
            OutcomeReflection(*row)
            for row in record_rows(
                "outcome-recent-reflections", Reflection, _outcome_reflections, outcome.pk
            )
        ]
    return {"outcome": outcome, "person": outcome.person, "reflections": reflections}


class PreparationNote(NamedTuple):
    """The person's note for their next conversation, as the pages before it show it."""

    created_at: datetime
    last_changed_at: datetime | None
    talk_about: str
    matters_most: str
    going_well: str


def _open_preparation(person_id: int) -> QuerySet:
    return (
        Preparation.objects.filter(person_id=person_id)
        .open()
        .with_last_changed()
        .values_list("created_at", "last_changed_at", "talk_about", "matters_most", "going_well")[
            :1
        ]
    )


@register.inclusion_tag("people/_preparation_note.html")
def preparation_note(person: Person) -> dict:
    """The person's note for their next conversation, if not yet talked about: one statement,
    built once per process (``pphw.statements``)."""
    note = record_rows("person-open-preparation", Preparation, _open_preparation, person.pk)
    return {"person": person, "preparation": PreparationNote(*note[0]) if note else None}


class PreparationShown(NamedTuple):
    """The person's latest preparation note as their record shows it: plain values."""

    created_at: datetime
    last_changed_at: datetime | None
    conversation_id: int | None
    conversation_held_on: date | None
    talk_about: str
    matters_most: str
    going_well: str


class ReflectionShown(NamedTuple):
    """One of the person's notes on how an outcome is going, as their record shows it."""

    created_at: datetime
    outcome_id: int
    outcome_statement: str
    rating: int | None
    text: str


def _latest_preparation(person_id: int) -> QuerySet:
    return (
        Preparation.objects.filter(person_id=person_id)
        .with_last_changed()
        .order_by("-created_at", "-id")
        .values_list(
            "created_at",
            "last_changed_at",
            "conversation_id",
            "conversation__held_on",
            "talk_about",
            "matters_most",
            "going_well",
        )[:1]
    )


def _recent_reflections(person_id: int) -> QuerySet:
    return (
        Reflection.objects.filter(outcome__person_id=person_id)
        .current()
        .latest_first()
        .values_list("created_at", "outcome_id", "outcome__statement", "rating", "text")[:RECENT]
    )


@register.inclusion_tag("people/_person_wrote.html")
def person_wrote(person: Person) -> dict:
    """What the person wrote themselves, on their record: two queries, of plain values.

    Their latest preparation note (talked about or not) and their recent
    reflections across all current outcomes. The statements are built once per
    process (``pphw.statements``).
    """
    latest = record_rows("person-latest-preparation", Preparation, _latest_preparation, person.pk)
    preparation = PreparationShown(*latest[0]) if latest else None
    reflections = record_rows(
        "person-recent-reflections", Reflection, _recent_reflections, person.pk
    )
    recent = [ReflectionShown(*row) for row in reflections]
    return {
        "person": person,
        "latest_preparation": preparation,
        "recent_reflections": recent,
        # The rendered section is kept per process under every value it shows
        # (docs/architecture.md, "Rendered parts kept in memory"): an edit changes the key.
        "section_key": repr((bool(person.user_id), person.known_as, preparation, recent)),
    }


@register.inclusion_tag("people/_new_from_person.html")
def new_from_person(person: Person, since) -> dict:
    """What the person wrote since the member of staff last looked: four queries.

    Nothing when they have never looked (everything is new then), or when the
    person has no login of their own.
    """
    if since is None or person.user_id is None:
        return {"person": person, "items": []}
    items = []
    for reflection in (
        Reflection.objects.filter(outcome__person=person, created_at__gt=since)
        .current()
        .select_related("outcome")
        .latest_first()[:RECENT]
    ):
        items.append(
            (
                reflection.created_at,
                "A note on how it is going",
                reflection.text,
                reflection.outcome,
            )
        )
    for step in (
        Step.objects.current()
        .filter(outcome__person=person, added_by_person=True, created_at__gt=since)
        .select_related("outcome")
        .order_by("-created_at")[:RECENT]
    ):
        items.append((step.created_at, "A small step of their own", step.what, step.outcome))
    reworded = Outcome.history.filter(
        person_id=person.pk,
        history_user_id=person.user_id,
        history_type="~",
        history_date__gt=since,
    ).order_by("-history_date")[:RECENT]
    for record in reworded:
        items.append(
            (record.history_date, "New words for their outcome", record.statement, record.instance)
        )
    note = person.preparations.open().with_last_changed().first()
    if note is not None and note.last_changed_at and note.last_changed_at > since:
        words = " ".join(w for w in (note.talk_about, note.matters_most, note.going_well) if w)
        items.append((note.last_changed_at, "Their note before the next conversation", words, None))
    items.sort(key=lambda item: item[0], reverse=True)
    return {
        "person": person,
        "since": since,
        "items": [
            {"when": when, "what": what, "words": words, "outcome": outcome}
            for when, what, words, outcome in items
        ],
    }
