"""The team at a glance: each key worker's caseload in figures, for the team lead.

Four queries whatever the size of the teams: the staff of the teams, people by
key worker, open outcomes and their review dates by key worker, and the last
conversation by key worker, each grouped in the database (a fifth only when a
former member of the teams is still someone's key worker).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from conversations.models import Conversation
from outcomes.models import Outcome
from pphw.people.models import Person, User

SOON_DAYS = 28

# The columns that can be sorted on: (query value, header, attribute).
COLUMNS = [
    ("name", "Key worker", "sort_name"),
    ("people", "People", "people"),
    ("open", "Open outcomes", "open_outcomes"),
    ("overdue", "Reviews overdue", "overdue"),
    ("soon", f"Reviews overdue or due in the next {SOON_DAYS} days", "due_soon"),
    ("last", "Last conversation", "last_conversation"),
]
SORT_KEYS = {key: attribute for key, _, attribute in COLUMNS}
DEFAULT_SORT = "name"


@dataclass
class WorkerRow:
    """One key worker's figures (``worker`` is None for people with no key worker yet)."""

    worker: User | None
    people: int = 0
    open_outcomes: int = 0
    overdue: int = 0
    due_soon: int = 0
    last_conversation: datetime.date | None = None
    # Whether they are still a member of the teams (lists filter by members only).
    member: bool = True

    @property
    def name(self) -> str:
        if self.worker is None:
            return "No key worker yet"
        return self.worker.get_full_name() or self.worker.get_username()

    @property
    def sort_name(self) -> tuple:
        # People with no key worker come last, whatever the direction of the other columns.
        return (self.worker is None, self.name.casefold())


def parse_sort(value: str | None) -> tuple[str, bool]:
    """The column and direction asked for (``-people``: people, descending); else the default."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.removeprefix("-")
    if key not in SORT_KEYS:
        return DEFAULT_SORT, False
    return key, descending


def team_rows(
    team_ids: frozenset[int] | set[int],
    *,
    today: datetime.date,
    sort: str = DEFAULT_SORT,
    descending: bool = False,
) -> list[WorkerRow]:
    """Every member of ``team_ids`` with their key-worker figures, sorted."""
    ids = sorted(team_ids)
    staff = User.objects.filter(memberships__team_id__in=ids).distinct()
    rows: dict[int | None, WorkerRow] = {user.pk: WorkerRow(worker=user) for user in staff}

    people = (
        Person.objects.filter(team_id__in=ids)
        .order_by()
        .values_list("key_worker_id")
        .annotate(n=Count("pk"))
    )
    people = dict(people)
    outcomes = (
        Outcome.objects.open()
        .filter(person__team_id__in=ids, person__closed_on__isnull=True)
        .order_by()
        .values_list("person__key_worker_id")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(next_review_due__lt=today)),
            soon=Count(
                "pk",
                filter=Q(next_review_due__lte=today + datetime.timedelta(days=SOON_DAYS)),
            ),
        )
    )
    conversations = dict(
        Conversation.objects.current()
        .filter(person__team_id__in=ids)
        .order_by()
        .values_list("person__key_worker_id")
        .annotate(last=Max("held_on"))
    )
    missing = (set(people) | set(conversations)) - set(rows)
    outcome_rows = list(outcomes)
    missing |= {worker_id for worker_id, *_ in outcome_rows} - set(rows)
    if missing - {None}:
        # Former members who are still someone's key worker: one more query only then.
        for user in User.objects.filter(pk__in=missing - {None}):
            rows[user.pk] = WorkerRow(worker=user, member=False)
    if None in missing:
        rows[None] = WorkerRow(worker=None)
    for worker_id, n in people.items():
        rows[worker_id].people = n
    for worker_id, n, overdue, soon in outcome_rows:
        figures = rows[worker_id]
        figures.open_outcomes, figures.overdue, figures.due_soon = n, overdue, soon
    for worker_id, last in conversations.items():
        rows[worker_id].last_conversation = last
    return sort_rows(list(rows.values()), sort, descending)


def sort_rows(rows: list[WorkerRow], sort: str, descending: bool) -> list[WorkerRow]:
    attribute = SORT_KEYS[sort]
    if sort == "name":
        return sorted(rows, key=lambda r: r.sort_name, reverse=descending)
    # Ties and empty dates keep the name order; no conversation sorts as the oldest.
    by_name = sorted(rows, key=lambda r: r.sort_name)
    least = datetime.date.min

    def key(r: WorkerRow):
        value = getattr(r, attribute)
        return least if value is None else value

    return sorted(by_name, key=key, reverse=descending)
