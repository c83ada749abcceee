"""The rows of the reviews due page: two statements, each built once per process.

The first reads, in the page's order, the ids of every outcome due a review that
the user may see (``OutcomeQuerySet.due_for_review`` on ``visible_to_lists``);
the page is cut from that list, and the second reads what the page shows of its
own outcomes alone. The SQL of both is the same for every user, day and page
(``pphw.statements``), so Django builds it once, not twice a request.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet

from outcomes.models import Outcome
from pphw.people.models import Person, User
from pphw.people.roles import visible_lists
from pphw.statements import AnyOf, Day, Ids, statement_rows


@dataclass(frozen=True)
class Due:
    """One outcome due a review, as the page shows it."""

    pk: int
    next_review_due: datetime.date
    days_until_due: int
    statement: str
    person_id: int
    person_name: str
    key_worker_name: str | None

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_until_due)


def _due(teams: Ids, own: Ids, by: Day) -> QuerySet:
    return (
        Outcome.objects.visible_to_lists(teams, own)
        .due_for_review(today=by, within_days=0)
        .values_list("pk")
    )


def _due_of_worker(teams: Ids, own: Ids, by: Day, workers: Ids) -> QuerySet:
    return _due(teams, own, by).filter(AnyOf(F("person__key_worker_id"), workers))


def due_ids(user, *, today: datetime.date, within: int, key_worker: int | None = None) -> list[int]:
    """The outcomes ``user`` may see whose next review is on or before ``within`` days
    from ``today`` (of ``key_worker``'s people, if given), oldest first (one query)."""
    teams, own = visible_lists(user)
    by = Day.of(today + datetime.timedelta(days=within))
    if key_worker is None:
        rows = statement_rows("reviews-due", Outcome, _due, teams=teams, own=own, by=by)
    else:
        rows = statement_rows(
            "reviews-due-of-worker",
            Outcome,
            _due_of_worker,
            teams=teams,
            own=own,
            by=by,
            workers=Ids((key_worker,)),
        )
    return [pk for (pk,) in rows]


def _shown(ids: Ids) -> QuerySet:
    return Outcome.objects.filter(AnyOf(F("pk"), ids)).values_list(
        "pk",
        "next_review_due",
        "statement",
        "person_id",
        "person__given_name",
        "person__preferred_name",
        "person__family_name",
        "person__key_worker_id",
        "person__key_worker__first_name",
        "person__key_worker__last_name",
        "person__key_worker__username",
    )


def due_shown(ids: list[int], *, today: datetime.date) -> list[Due]:
    """What the page shows of the outcomes ``ids``, in their order (one query; none for none)."""
    if not ids:
        return []
    found = {
        row[0]: row for row in statement_rows("reviews-due-shown", Outcome, _shown, ids=Ids(ids))
    }
    shown = []
    for pk in ids:
        if pk not in found:  # Moved out of sight since the first statement.
            continue
        _, due_on, statement, person_id, given, preferred, family, worker, *names = found[pk]
        person = Person(given_name=given, preferred_name=preferred, family_name=family)
        key_worker = None
        if worker is not None:
            first, last, username = names
            key_worker = User(first_name=first, last_name=last, username=username)
        shown.append(
            Due(
                pk=pk,
                next_review_due=due_on,
                days_until_due=(due_on - today).days,
                statement=statement,
                person_id=person_id,
                person_name=person.full_name,
                key_worker_name=key_worker and (key_worker.get_full_name() or key_worker.username),
            )
        )
    return shown
