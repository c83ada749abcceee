"""Writes to people records."""

from __future__ import annotations

from django.db import transaction

from pphw.people.models import Person, User


@transaction.atomic
def person_create(*, by: User, **fields) -> Person:
    person = Person(**fields)
    person._history_user = by
    person.save()
    return person
