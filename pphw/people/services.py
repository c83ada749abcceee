"""Writes to people records."""

from __future__ import annotations

from collections.abc import Iterable

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


DEACTIVATED = "Deactivated by a staff admin"


@transaction.atomic
def users_deactivate(*, users: Iterable[User], by: User) -> int:
    """Stop each of ``users`` signing in; returns how many were active until now.

    Users are never deleted: their name stays on every change they made and
    every look they took at a record. An inactive user's open sessions no
    longer sign them in (Django's ``ModelBackend`` refuses inactive users).
    """
    count = 0
    for user in users:
        if not user.is_active:
            continue
        user.is_active = False
        user._history_user = by
        user._change_reason = DEACTIVATED
        user.save(update_fields=["is_active"])
        count += 1
    return count
