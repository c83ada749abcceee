"""The version guard (pphw/versioning.py): no edit silently overwrites another."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from pphw.people.models import Person
from pphw.versioning import VersionConflict, save_versioned


def _stale_copy(person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_it_saves_and_bumps_the_version(practitioner, person):
    person.preferred_name = "Izzy"
    save_versioned(person, expected_version=1, user=practitioner, reason="Asked")
    stored = Person.objects.get(pk=person.pk)
    assert (stored.preferred_name, stored.version) == ("Izzy", 2)
    record = stored.history.first()
    assert (record.history_user, record.history_change_reason, record.version) == (
        practitioner,
        "Asked",
        2,
    )


def test_it_refuses_a_save_from_an_older_version_and_writes_nothing(practitioner, lead, person):
    mine, theirs = _stale_copy(person), _stale_copy(person)
    theirs.communication_needs = "Large print"
    save_versioned(theirs, expected_version=1, user=lead)

    mine.preferred_name = "Izzy"
    with pytest.raises(VersionConflict) as caught:
        save_versioned(mine, expected_version=1, user=practitioner, reason="Mine")

    conflict = caught.value
    assert conflict.changed_by == "Morag MacLeod"
    assert [(c.label, c.new) for c in conflict.changes] == [("Communication needs", "Large print")]
    assert conflict.current.version == 2
    assert "changed by Morag MacLeod" in str(conflict)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.preferred_name, stored.communication_needs, stored.version) == (
        "",
        "Large print",
        2,
    )
    assert stored.history.count() == 2


def test_it_does_not_write_history_for_a_refused_save(practitioner, person):
    save_versioned(_stale_copy(person), expected_version=1, user=practitioner)
    with pytest.raises(VersionConflict):
        save_versioned(_stale_copy(person), expected_version=1, user=practitioner)
    assert person.history.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real row locking between two connections needs PostgreSQL (CI runs it)",
)
def test_it_lets_exactly_one_of_two_simultaneous_saves_through(practitioner, lead, person):
    """Two threads, each with its own database connection, save from version 1 at once."""
    start = threading.Barrier(2, timeout=20)
    outcomes: dict[str, str] = {}

    def edit(name: str, user, value: str) -> None:
        try:
            copy = Person.objects.get(pk=person.pk)
            copy.preferred_name = value
            start.wait()
            save_versioned(copy, expected_version=1, user=user, reason=name)
            outcomes[name] = "saved"
        except VersionConflict:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=edit, args=("first", practitioner, "One")),
        threading.Thread(target=edit, args=("second", lead, "Two")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(name for name, result in outcomes.items() if result == "saved")
    stored = Person.objects.get(pk=person.pk)
    assert stored.version == 2
    assert stored.preferred_name == {"first": "One", "second": "Two"}[winner]
    assert stored.history.count() == 2
    assert stored.history.first().history_change_reason == winner
