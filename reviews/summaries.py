"""The report's summary rows, kept in step with the records they count.

Two kinds: each outcome's first and latest review (``ReviewSummary``), and the
counts per team (``ReportDay`` per team and day, ``ReportOutcomes`` per team by
category and status, and for the team at a glance ``CaseloadOutcomes`` and
``CaseloadPeople`` per team and key worker), described further down.

``summary_refresh`` works the rows of some outcomes out again from their reviews,
in the caller's transaction: every service that writes a review calls it for the
outcome it touched. ``summary_rebuild`` does the same for every outcome
(``manage.py rebuild_report_summaries``), and ``summary_differences`` says where
the kept rows and the reviews disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate

from outcomes.models import Outcome, Step
from outcomes.vocabulary import OPEN_LIFECYCLES, Lifecycle, StepStatus, StepWho
from pphw.people.models import Person, Team
from pphw.statements import AnyOf, Days, Ids, replace_rows, statement_rows
from reviews.models import (
    DAY_COLUMNS,
    NO_BASELINE,
    NOT_REVIEWED,
    PROCESS_ITEMS,
    RATINGS,
    CaseloadOutcomes,
    CaseloadPeople,
    Experience,
    ReportDay,
    ReportDistance,
    ReportOutcomes,
    ReportPerson,
    ReportVersion,
    Review,
    ReviewSummary,
)

COLUMNS = (
    "outcome_id",
    "reviews",
    "first_reviewed_on",
    "first_person_rating",
    "first_practitioner_rating",
    "latest_reviewed_on",
    "latest_person_rating",
    "latest_practitioner_rating",
)
BATCH = 2000


def _computed(outcome_ids: list[int] | None = None) -> list[tuple]:
    """The rows the reviews give, as tuples of ``COLUMNS``, in one query.

    First and latest are in the report's order: by date, then by the order the
    reviews were recorded. Reviews entered in error are left out.
    """
    reviews = Review.objects.current().filter(outcome=OuterRef("pk"))
    first = reviews.order_by("reviewed_on", "id")
    latest = reviews.order_by("-reviewed_on", "-id")
    count = reviews.order_by().values("outcome").annotate(n=Count("pk")).values("n")
    outcomes = (
        Outcome.objects.all() if outcome_ids is None else Outcome.objects.filter(pk__in=outcome_ids)
    )
    outcomes = outcomes.annotate(
        n_reviews=Subquery(count),
        s_first_reviewed_on=Subquery(first.values("reviewed_on")[:1]),
        s_first_person_rating=Subquery(first.values("person_rating")[:1]),
        s_first_practitioner_rating=Subquery(first.values("practitioner_rating")[:1]),
        s_latest_reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
        s_latest_person_rating=Subquery(latest.values("person_rating")[:1]),
        s_latest_practitioner_rating=Subquery(latest.values("practitioner_rating")[:1]),
    )
    return list(
        outcomes.filter(n_reviews__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "n_reviews",
            "s_first_reviewed_on",
            "s_first_person_rating",
            "s_first_practitioner_rating",
            "s_latest_reviewed_on",
            "s_latest_person_rating",
            "s_latest_practitioner_rating",
        )
    )


def _write(rows: list[tuple]) -> int:
    return _write_rows(ReviewSummary, COLUMNS, rows)


def summary_refresh(outcome_ids: Iterable[int]) -> None:
    """Work out again the summary rows of ``outcome_ids`` from their reviews (three statements)."""
    ids = sorted(set(outcome_ids))
    if not ids:
        return
    ReviewSummary.objects.filter(outcome_id__in=ids).delete()
    _write(_computed(ids))


def summary_rebuild() -> int:
    """Throw every summary row away and work them all out from the reviews; the rows written."""
    ReviewSummary.objects.all().delete()
    return _write(_computed())


def summary_differences() -> list[tuple[int, tuple | None, tuple | None]]:
    """(outcome, row kept, row worked out from the reviews) for every outcome where they differ."""
    computed = {row[0]: tuple(row) for row in _computed()}
    kept = {row[0]: tuple(row) for row in ReviewSummary.objects.values_list(*COLUMNS)}
    return [
        (outcome_id, kept.get(outcome_id), computed.get(outcome_id))
        for outcome_id in sorted(set(kept) | set(computed))
        if kept.get(outcome_id) != computed.get(outcome_id)
    ]


# --- the counts per team: ReportDay and ReportOutcomes ----------------------------------
#
# A write names the outcomes it touched (and the teams they were counted under
# before, when it moved them); the rows of those teams on the days those outcomes
# count on are worked out again from the records, in the writer's transaction.
# Every count depends only on records as they are now, so working out a superset
# of the rows a write changed is always right; a rebuild works out every row the
# same way.

SomeDays = Iterable[datetime.date] | None
OUTCOME_KEY = ("team_id", "category", "lifecycle_status", "achievement_status")

# The counts each source gives per team and day, in the order its rows hold them.
REVIEW_COLUMNS = (
    "reviews",
    *(f"{name}_{answer}" for name, _ in PROCESS_ITEMS for answer in Experience.values),
    *(f"{kind}_{r}" for r in RATINGS for kind in ("rating", "pair_person", "pair_practitioner")),
    "pair_person_higher",
    "pair_same",
    "pair_practitioner_higher",
)
STEP_COLUMNS = tuple(f"steps_{who}" for who in StepWho.values)


def _review_counts(teams: Ids | None, days: Days | None) -> QuerySet:
    """Per team and day, the reviews and their answers and ratings."""
    reviews = Review.objects.current().exclude(outcome__lifecycle_status=Lifecycle.ENTERED_IN_ERROR)
    reviews = reviews.filter(outcome__person__isnull=False)
    if teams is not None:
        reviews = reviews.filter(AnyOf(F("outcome__person__team_id"), teams))
    if days is not None:
        reviews = reviews.filter(AnyOf(F("reviewed_on"), days))
    paired = Q(practitioner_rating__isnull=False)
    counts = {"reviews": Count("pk")}
    for name, _ in PROCESS_ITEMS:
        for answer in Experience.values:
            counts[f"{name}_{answer}"] = Count("pk", filter=Q(**{name: answer}))
    for r in RATINGS:
        counts[f"rating_{r}"] = Count("pk", filter=Q(person_rating=r))
        counts[f"pair_person_{r}"] = Count("pk", filter=paired & Q(person_rating=r))
        counts[f"pair_practitioner_{r}"] = Count("pk", filter=Q(practitioner_rating=r))
    counts["pair_person_higher"] = Count(
        "pk", filter=paired & Q(person_rating__gt=F("practitioner_rating"))
    )
    counts["pair_same"] = Count("pk", filter=paired & Q(person_rating=F("practitioner_rating")))
    counts["pair_practitioner_higher"] = Count(
        "pk", filter=paired & Q(person_rating__lt=F("practitioner_rating"))
    )
    return (
        reviews.order_by()
        .values(t=F("outcome__person__team_id"), d=F("reviewed_on"))
        .annotate(**counts)
        .values_list("t", "d", *REVIEW_COLUMNS)
    )


def _step_counts(teams: Ids | None, days: Days | None) -> QuerySet:
    """Per team and day, the small steps done on it by who did them."""
    steps = (
        Step.objects.current()
        .exclude(outcome__lifecycle_status=Lifecycle.ENTERED_IN_ERROR)
        .filter(status=StepStatus.DONE, outcome__person__isnull=False)
    )
    if teams is not None:
        steps = steps.filter(AnyOf(F("outcome__person__team_id"), teams))
    if days is not None:
        steps = steps.filter(AnyOf(F("done_on"), days))
    return (
        steps.order_by()
        .values(t=F("outcome__person__team_id"), d=F("done_on"))
        .annotate(**{f"steps_{who}": Count("pk", filter=Q(who=who)) for who in StepWho.values})
        .values_list("t", "d", *STEP_COLUMNS)
    )


def _due_counts(teams: Ids | None, days: Days | None) -> QuerySet:
    """Per team and day, the outcomes whose next review was ever set to it."""
    outcomes = Outcome.objects.current().filter(person__isnull=False)
    if teams is not None:
        outcomes = outcomes.filter(AnyOf(F("person__team_id"), teams))
    history = Outcome.history.model.objects.filter(
        id__in=outcomes.values("pk"), next_review_due__isnull=False
    )
    if days is not None:
        history = history.filter(AnyOf(F("next_review_due"), days))
    team = Outcome.objects.filter(pk=OuterRef("id")).values("person__team_id")
    return (
        history.order_by()
        .annotate(t=Subquery(team))
        .values("t", d=F("next_review_due"))
        .annotate(due=Count("id", distinct=True))
        .values_list("t", "d", "due")
    )


SOURCES = (
    ("counts-reviews", Review, _review_counts, REVIEW_COLUMNS),
    ("counts-steps", Step, _step_counts, STEP_COLUMNS),
    ("counts-due", Outcome, _due_counts, ("due",)),
)


def _source_rows(name: str, model, build, teams: Ids | None, days: Days | None) -> list[tuple]:
    """The rows of one source: for some teams on some days (as a write asks) by a statement
    built once per process, for all of a team's days or of every team (a rebuild) as built."""
    if teams is None or days is None:
        return list(build(teams, days))
    return statement_rows(name, model, build, teams=teams, days=days)


def _day_rows(
    team_ids: Iterable[int] | None, days: SomeDays
) -> dict[tuple[int, datetime.date], dict]:
    """The rows the records give, by (team, day), as {column: count} (three queries)."""
    teams = None if team_ids is None else Ids(sorted(set(team_ids)))
    days = None if days is None else Days(sorted(set(days)))
    rows: dict[tuple[int, datetime.date], dict] = {}
    for name, model, build, columns in SOURCES:
        for t, d, *counts in _source_rows(name, model, build, teams, days):
            rows.setdefault((t, d), dict.fromkeys(DAY_COLUMNS, 0)).update(
                zip(columns, counts, strict=True)
            )
    return {key: counts for key, counts in rows.items() if any(counts.values())}


def _outcomes_counted(teams: Ids | None) -> QuerySet:
    outcomes = Outcome.objects.current().filter(person__isnull=False)
    if teams is not None:
        outcomes = outcomes.filter(AnyOf(F("person__team_id"), teams))
    return (
        outcomes.order_by()
        .values_list("person__team_id", "category", "lifecycle_status", "achievement_status")
        .annotate(n=Count("pk"))
    )


def _outcome_rows() -> dict[tuple, int]:
    """The outcomes not entered in error per team, category and status (one query)."""
    return {tuple(key): n for *key, n in _outcomes_counted(None)}


DISTANCE_COLUMNS = ("outcome_id", "team_id", "person_id", "latest_on", "change")
PERSON_COLUMNS = ("person_id", "team_id", "latest_on", "first_open_on")


def _distances(ids: Ids | None) -> QuerySet:
    """The rows of ``ReportDistance`` of outcomes ``ids``, as tuples of ``DISTANCE_COLUMNS``."""
    scope = Outcome.objects.current().filter(person__isnull=False)
    if ids is not None:
        scope = scope.filter(AnyOf(F("id"), ids))
    latest = F("review_summary__latest_person_rating")
    change = Case(
        When(baseline_rating__isnull=True, then=Value(NO_BASELINE)),
        When(review_summary__latest_person_rating__isnull=True, then=Value(NOT_REVIEWED)),
        default=Cast(latest, IntegerField()) - Cast("baseline_rating", IntegerField()),
        output_field=IntegerField(),
    )
    return (
        scope.annotate(change=change)
        .order_by()
        .values_list(
            "pk", "person__team_id", "person_id", "review_summary__latest_reviewed_on", "change"
        )
    )


def _distance_rows() -> list[tuple]:
    """Every outcome's distance row, from the records (one query)."""
    return list(_distances(None))


def _write_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> int:
    model.objects.bulk_create(
        [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH
    )
    return len(rows)


def _write_distances(rows: list[tuple]) -> int:
    return _write_rows(ReportDistance, DISTANCE_COLUMNS, rows)


def _people(ids: Ids | None) -> QuerySet:
    """The rows of ``ReportPerson`` of people ``ids``, as tuples of ``PERSON_COLUMNS``."""
    scope = Outcome.objects.current().filter(person__isnull=False)
    if ids is not None:
        scope = scope.filter(AnyOf(F("person_id"), ids))
    return (
        scope.order_by()
        .values_list("person_id", "person__team_id")
        .annotate(
            latest_on=Max("review_summary__latest_reviewed_on"),
            first_open_on=Min(
                TruncDate("created_at"), filter=Q(lifecycle_status__in=OPEN_LIFECYCLES)
            ),
        )
    )


def _person_rows() -> list[tuple]:
    """Every person's row, from the records (one query)."""
    return list(_people(None))


def _write_people(rows: list[tuple]) -> int:
    return _write_rows(ReportPerson, PERSON_COLUMNS, rows)


def _refresh_distances(outcome_ids: Iterable[int]) -> None:
    """Work out again the distance rows of ``outcome_ids`` and the rows of their people,
    those they were kept under before (an outcome may have moved) and those they have now
    (two statements)."""
    people = replace_rows(
        "keep-distances",
        ReportDistance,
        _distances,
        columns=DISTANCE_COLUMNS,
        scope={"outcome_id": "ids"},
        returning="person_id",
        ids=Ids(sorted(set(outcome_ids))),
    )
    replace_rows(
        "keep-people",
        ReportPerson,
        _people,
        columns=PERSON_COLUMNS,
        scope={"person_id": "ids"},
        ids=Ids(sorted(people)),
    )


CASELOAD_OUTCOME_COLUMNS = ("team_id", "key_worker_id", "due", "outcomes")
CASELOAD_PEOPLE_COLUMNS = ("team_id", "key_worker_id", "people", "last_conversation")
# Each kind's columns and the columns a row is known by.
CASELOAD_OUTCOMES = (CASELOAD_OUTCOME_COLUMNS, CASELOAD_OUTCOME_COLUMNS[:3])
CASELOAD_PEOPLE = (CASELOAD_PEOPLE_COLUMNS, CASELOAD_PEOPLE_COLUMNS[:2])


def _caseload_outcomes(teams: Ids | None) -> QuerySet:
    """The rows of ``CaseloadOutcomes`` of ``teams`` (every team: None)."""
    scope = Outcome.objects.open().filter(person__isnull=False, person__closed_on__isnull=True)
    if teams is not None:
        scope = scope.filter(AnyOf(F("person__team_id"), teams))
    return (
        scope.order_by()
        .values_list("person__team_id", "person__key_worker_id", "next_review_due")
        .annotate(n=Count("pk"))
    )


def _caseload_people(teams: Ids | None) -> QuerySet:
    """The rows of ``CaseloadPeople`` of ``teams`` (every team: None)."""
    scope = Person.objects.all()
    if teams is not None:
        scope = scope.filter(AnyOf(F("team_id"), teams))
    return (
        scope.order_by()
        .values_list("team_id", "key_worker_id")
        .annotate(n=Count("pk"), last=Max("last_conversation__held_on"))
    )


def _refresh_caseload(teams: Ids) -> None:
    """Work the caseload rows of ``teams`` out again (two statements). A row of no key
    worker or no review date is written again each time: its key holds a NULL, which
    matches no kept row."""
    for name, model, build, columns, key in (
        ("keep-caseload-outcomes", CaseloadOutcomes, _caseload_outcomes, *CASELOAD_OUTCOMES),
        ("keep-caseload-people", CaseloadPeople, _caseload_people, *CASELOAD_PEOPLE),
    ):
        replace_rows(
            name, model, build, columns=columns, key=key, scope={"team_id": "teams"}, teams=teams
        )


@transaction.atomic
def caseload_refresh(team_ids: Iterable[int]) -> None:
    """Work out again, in the caller's transaction, the caseload rows of ``team_ids``:
    for a write to a person (their key worker, team, closing) or a conversation."""
    teams = Ids(sorted(set(team_ids) - {None}))
    if teams:
        _lock(teams)
        _refresh_caseload(teams)


def _write_days(rows: dict[tuple[int, datetime.date], dict]) -> int:
    ReportDay.objects.bulk_create(
        [ReportDay(team_id=t, day=d, **counts) for (t, d), counts in rows.items()],
        batch_size=BATCH,
    )
    return len(rows)


def _write_outcomes(rows: dict[tuple, int]) -> int:
    return _write_rows(
        ReportOutcomes, (*OUTCOME_KEY, "outcomes"), [(*key, n) for key, n in rows.items()]
    )


def _refresh_outcomes(team_ids: Iterable[int]) -> None:
    """Work out again the outcome counts of ``team_ids`` (one statement)."""
    replace_rows(
        "keep-outcomes",
        ReportOutcomes,
        _outcomes_counted,
        columns=(*OUTCOME_KEY, "outcomes"),
        key=OUTCOME_KEY,
        scope={"team_id": "teams"},
        teams=Ids(sorted(set(team_ids))),
    )


def _lock(team_ids: Iterable[int]) -> None:
    """Hold the teams' rows until the caller's transaction ends, and raise their versions.

    Two writes for the same team then work its rows out one after the other, the
    second from the records as the first left them: without it, each could count
    without the other's records and the later would overwrite the earlier. The lock
    is ``FOR NO KEY UPDATE``: it does not hold up writes elsewhere that only refer
    to the team (a new person, a row of the access log).
    """
    teams = sorted(team_ids)
    list(
        Team.objects.select_for_update(no_key=True)
        .filter(pk__in=teams)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _raise_versions(teams)


def _raise_versions(team_ids: list[int]) -> None:
    """Raise the teams' report versions, in the caller's transaction (two queries).

    Every caller works some of the teams' kept rows out again: a report kept under
    the versions read before it is then kept under numbers no longer current.
    """
    ReportVersion.objects.bulk_create(
        [ReportVersion(team_id=pk) for pk in team_ids], ignore_conflicts=True
    )
    ReportVersion.objects.filter(team_id__in=team_ids).update(version=F("version") + 1)


def _days_of(outcomes: Ids) -> QuerySet:
    reviews = Review.objects.filter(AnyOf(F("outcome_id"), outcomes)).values_list("reviewed_on")
    steps = Step.objects.filter(AnyOf(F("outcome_id"), outcomes), done_on__isnull=False)
    due = Outcome.history.model.objects.filter(
        AnyOf(F("id"), outcomes), next_review_due__isnull=False
    ).values_list("next_review_due")
    return reviews.order_by().union(steps.order_by().values_list("done_on"), due.order_by())


def counts_days(outcome_ids: list[int]) -> set[datetime.date]:
    """Every day the outcomes' records count on: reviews, steps done, next reviews (one query)."""
    rows = statement_rows("counts-days", Review, _days_of, outcomes=Ids(outcome_ids))
    return {day for (day,) in rows}


@transaction.atomic
def counts_refresh(
    *,
    outcome_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
    team_ids: Iterable[int] = (),
    days: SomeDays = None,
    outcomes: bool = True,
) -> None:
    """Work out again, in the caller's transaction, the count rows a write may have changed.

    ``outcome_ids`` are the outcomes written (with every outcome of ``person_ids``);
    ``team_ids`` the teams they were counted under before, if they moved; ``days``
    the only days the write can change (by default every day the outcomes count
    on); ``outcomes`` whether their category or status may have changed.
    """
    outcome_ids = set(outcome_ids)
    person_ids = list(person_ids)
    if person_ids:
        outcome_ids |= set(
            Outcome.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
        )
    outcome_ids = sorted(outcome_ids)
    teams = set(team_ids) | set(
        Person.objects.filter(outcomes__pk__in=outcome_ids).values_list("team_id", flat=True)
    )
    if not teams:
        return
    _lock(teams)
    days = counts_days(outcome_ids) if days is None else {d for d in days if d is not None}
    if days:
        ReportDay.objects.filter(team_id__in=teams, day__in=days).delete()
        _write_days(_day_rows(teams, days))
    if outcomes:
        _refresh_outcomes(teams)
        _refresh_caseload(Ids(sorted(teams)))
        if outcome_ids:
            _refresh_distances(outcome_ids)


@transaction.atomic
def counts_refresh_teams(team_ids: Iterable[int]) -> None:
    """Work out every count row of ``team_ids`` again (for records written in bulk)."""
    teams = sorted(set(team_ids))
    _lock(teams)
    ReportDay.objects.filter(team_id__in=teams).delete()
    _write_days(_day_rows(teams, None))
    _refresh_outcomes(teams)
    _refresh_caseload(Ids(teams))
    outcome_ids = list(
        Outcome.objects.filter(person__team_id__in=teams).values_list("pk", flat=True)
    )
    ReportDistance.objects.filter(team_id__in=teams).delete()
    ReportPerson.objects.filter(team_id__in=teams).delete()
    _refresh_distances(outcome_ids)


@transaction.atomic
def counts_rebuild() -> int:
    """Throw every count row away and work them all out from the records; the rows written."""
    versions_raise_all()
    ReportDay.objects.all().delete()
    ReportOutcomes.objects.all().delete()
    ReportDistance.objects.all().delete()
    ReportPerson.objects.all().delete()
    CaseloadOutcomes.objects.all().delete()
    CaseloadPeople.objects.all().delete()
    return (
        _write_days(_day_rows(None, None))
        + _write_outcomes(_outcome_rows())
        + _write_distances(_distance_rows())
        + _write_people(_person_rows())
        + _write_rows(CaseloadOutcomes, CASELOAD_OUTCOME_COLUMNS, list(_caseload_outcomes(None)))
        + _write_rows(CaseloadPeople, CASELOAD_PEOPLE_COLUMNS, list(_caseload_people(None)))
    )


def counts_differences() -> list[tuple[tuple, object, object]]:
    """(row key, counts kept, counts from the records) for every count row where they differ."""
    computed: dict[tuple, object] = {
        ("day", t, d): tuple(counts[c] for c in DAY_COLUMNS)
        for (t, d), counts in _day_rows(None, None).items()
    }
    computed.update({("outcomes", *key): n for key, n in _outcome_rows().items()})
    computed.update({("distance", pk): tuple(rest) for pk, *rest in _distance_rows()})
    computed.update({("person", pk): tuple(rest) for pk, *rest in _person_rows()})
    computed.update({("caseload", *key): n for *key, n in _caseload_outcomes(None)})
    computed.update(
        {("caseload people", t, k): tuple(rest) for t, k, *rest in _caseload_people(None)}
    )
    kept: dict[tuple, object] = {
        ("day", t, d): tuple(rest)
        for t, d, *rest in ReportDay.objects.values_list("team_id", "day", *DAY_COLUMNS)
    }
    kept.update(
        {
            ("outcomes", *key): n
            for *key, n in ReportOutcomes.objects.values_list(*OUTCOME_KEY, "outcomes")
        }
    )
    kept.update(
        {
            ("distance", pk): tuple(rest)
            for pk, *rest in ReportDistance.objects.values_list(*DISTANCE_COLUMNS)
        }
    )
    kept.update(
        {
            ("person", pk): tuple(rest)
            for pk, *rest in ReportPerson.objects.values_list(*PERSON_COLUMNS)
        }
    )
    kept.update(
        {
            ("caseload", *key): n
            for *key, n in CaseloadOutcomes.objects.values_list(*CASELOAD_OUTCOME_COLUMNS)
        }
    )
    kept.update(
        {
            ("caseload people", t, k): tuple(rest)
            for t, k, *rest in CaseloadPeople.objects.values_list(*CASELOAD_PEOPLE_COLUMNS)
        }
    )
    return [
        (key, kept.get(key), computed.get(key))
        for key in sorted(set(kept) | set(computed), key=str)
        if kept.get(key) != computed.get(key)
    ]


def on_care_records_changed(sender, signal=None, **kwargs) -> None:
    """Receiver of ``pphw.people.signals.care_records_changed`` (see ``counts_refresh``)."""
    counts_refresh(**kwargs)


@transaction.atomic
def versions_raise(team_ids: Iterable[int]) -> None:
    """Raise the report versions of ``team_ids``, in the caller's transaction: for a
    write that changed what the report shows of a record but nothing it counts. The
    teams are locked first, in order, as every other raise does."""
    teams = sorted(set(team_ids) - {None})
    if teams:
        _lock(teams)


@transaction.atomic
def versions_raise_all() -> None:
    """Raise every team's report version: nothing the report kept before stays current.

    For a rebuild, and after an upgrade whose servers of the previous release wrote
    while others of the new one were keeping the report (``docs/operations.md``).
    """
    _lock(Team.objects.order_by("pk").values_list("pk", flat=True))


def on_record_shown_changed(sender, signal=None, *, team_ids, **kwargs) -> None:
    """Receiver of ``pphw.people.signals.record_shown_changed`` (see ``versions_raise``)."""
    versions_raise(team_ids)


def on_caseload_changed(sender, signal=None, *, team_ids, **kwargs) -> None:
    """Receiver of ``pphw.people.signals.caseload_changed`` (see ``caseload_refresh``)."""
    caseload_refresh(team_ids)
