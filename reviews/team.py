"""The team at a glance: each key worker's caseload in figures, for the team lead.

Three queries whatever the size of the teams: the staff of the teams, people and
their latest conversation by key worker, and open outcomes by key worker and
review date, the last two read from rows kept per team, key worker (and review
date) by the services that write the records (``reviews.models.CaseloadPeople``,
``CaseloadOutcomes``), each grouped in the database (a fourth query only when a
former member of the teams is still someone's key worker).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from outcomes.models import Outcome
from pphw.people.models import Person, User
from pphw.statements import AnyOf, Ids, statement_rows
from reviews.models import CaseloadOutcomes, CaseloadPeople

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
    def shown(self) -> tuple:
        """Every value the row shows, in order: the key its rendering is kept under."""
        return (
            None if self.worker is None else self.worker.pk,
            self.name,
            self.member,
            self.people,
            self.open_outcomes,
            self.overdue,
            self.due_soon,
            self.last_conversation,
        )

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

    # Both read from rows kept per team by the services that write people,
    # conversations, outcomes and reviews (reviews.summaries.caseload_refresh).
    people = {
        worker_id: (n, last)
        for worker_id, n, last in CaseloadPeople.objects.filter(team_id__in=ids)
        .order_by()
        .values_list("key_worker_id")
        .annotate(n=Sum("people"), last=Max("last_conversation"))
    }
    soon = today + datetime.timedelta(days=SOON_DAYS)
    outcomes = (
        CaseloadOutcomes.objects.filter(team_id__in=ids)
        .order_by()
        .values_list("key_worker_id")
        .annotate(
            n=Sum("outcomes"),
            overdue=Coalesce(Sum("outcomes", filter=Q(due__lt=today)), 0),
            soon=Coalesce(Sum("outcomes", filter=Q(due__lte=soon)), 0),
        )
    )
    missing = set(people) - set(rows)
    outcome_rows = list(outcomes)
    missing |= {worker_id for worker_id, *_ in outcome_rows} - set(rows)
    if missing - {None}:
        # Former members who are still someone's key worker: one more query only then.
        for user in User.objects.filter(pk__in=missing - {None}):
            rows[user.pk] = WorkerRow(worker=user, member=False)
    if None in missing:
        rows[None] = WorkerRow(worker=None)
    for worker_id, (n, last) in people.items():
        figures = rows[worker_id]
        figures.people, figures.last_conversation = n, last
    for worker_id, n, overdue, soon in outcome_rows:
        figures = rows[worker_id]
        figures.open_outcomes, figures.overdue, figures.due_soon = n, overdue, soon
    return sort_rows(list(rows.values()), sort, descending)


def due_count(
    team_ids: frozenset[int] | set[int], *, until: datetime.date, key_worker: int | None = None
) -> int:
    """How many open outcomes of open records of ``team_ids`` have their next review due
    on or before ``until`` (of ``key_worker``'s people only, if given): what
    ``Outcome.objects.due_for_review`` finds for a member of those teams, counted from
    the rows kept per team, key worker and review date (one query)."""
    rows = CaseloadOutcomes.objects.filter(team_id__in=sorted(team_ids), due__lte=until)
    if key_worker is not None:
        rows = rows.filter(key_worker_id=key_worker)
    return rows.aggregate(n=Coalesce(Sum("outcomes"), 0))["n"]


# What a row of the reviews due shows: the outcome, its person and their key worker.
DUE_COLUMNS = (
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
DUE_ORDER = ("next_review_due", "id")


def due_outcomes(
    teams: Ids | int, until: datetime.date, key_workers: Ids | None = None
) -> QuerySet:
    """The outcomes a member of ``teams`` (a list, or one team) finds due for review on or
    before ``until`` (``Outcome.objects.due_for_review``), of ``key_workers``' people if
    given."""
    if isinstance(teams, Ids):
        in_teams = Outcome.objects.filter(AnyOf(F("person__team_id"), teams))
    else:
        in_teams = Outcome.objects.filter(person__team_id=teams)
    due = in_teams.due_for_review(today=until, within_days=0)
    if key_workers is not None:
        due = due.filter(AnyOf(F("person__key_worker_id"), key_workers))
    return due


def _due_page(size: int, **arguments) -> QuerySet:
    """The ids of the first ``size`` outcomes due, read from the indexes of open records
    and of open outcomes by person and date alone; then what a row shows of those."""
    ids = due_outcomes(**arguments).order_by(*DUE_ORDER).values("pk")[:size]
    return Outcome.objects.filter(pk__in=ids).values_list(*DUE_COLUMNS).order_by(*DUE_ORDER)


def due_first_page(
    team_ids: Iterable[int], *, until: datetime.date, key_worker: int | None, size: int
) -> list[DueOutcome]:
    """The first page of the outcomes due (what nearly every visit opens), with each
    outcome's person and their key worker: one statement, built once per process.

    One team is a value of its own, not a list: the statement is then prepared on
    the connection too (``pphw.statements``), one plan serving every team of one.
    """
    ids = sorted(team_ids)
    one = len(ids) == 1
    arguments = {"teams": ids[0] if one else Ids(ids), "until": until}
    name = f"reviews-due-first-{size}" + ("-one-team" if one else "")
    if key_worker is not None:
        arguments["key_workers"] = Ids((key_worker,))
        name += "-of-key-worker"
    rows = statement_rows(
        name, Outcome, lambda **given: _due_page(size, **given), prepare=one, **arguments
    )
    return [_due_row(*row) for row in rows]


@dataclass
class DueWorker:
    """A person's key worker, as a row of the reviews due shows them."""

    pk: int
    first_name: str
    last_name: str
    username: str

    get_full_name = User.get_full_name


@dataclass
class DuePerson:
    """The person of an outcome due, with their name as the record shows it."""

    pk: int
    given_name: str
    preferred_name: str
    family_name: str
    key_worker: DueWorker | None

    full_name = Person.full_name


@dataclass
class DueOutcome:
    """An outcome due for review, with what a row of the page shows of it."""

    pk: int
    next_review_due: datetime.date
    statement: str
    person: DuePerson


def _due_row(
    pk, due, statement, person_id, given, preferred, family, worker_id, first, last, username
) -> DueOutcome:
    worker = None if worker_id is None else DueWorker(worker_id, first, last, username)
    return DueOutcome(pk, due, statement, DuePerson(person_id, given, preferred, family, worker))


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
