"""Writes to people records."""

from __future__ import annotations

from django.db import transaction

from pphw.people.models import Person, User
from pphw.versioning import save_versioned


@transaction.atomic
def person_create(*, by: User, **fields) -> Person:
    person = Person(**fields)
    person._history_user = by
    person.save()
    return person


@transaction.atomic
def person_update(
    *, person: Person, by: User, expected_version: int, reason: str = "", **fields
) -> Person:
    """Change a person's details through the version guard; raises VersionConflict if stale."""
    for name, value in fields.items():
        setattr(person, name, value)
    return save_versioned(person, expected_version=expected_version, user=by, reason=reason)
