"""The team lead's review report, aggregated in the database.

Each table costs a fixed number of queries whatever the size of the data. The
report has two parts that are never mixed:

- the *summary, safe to share*: every count of every table (and so of every chart
  and CSV drawn from them) passes disclosure control (``reviews.disclosure``):
  counts of 1 to 4 are shown as "fewer than 5", true zeros are shown, and more
  counts are hidden where the others would give a hidden one away, across all the
  tables of the same filters; a share or median is shown only where its counts are;
- the *follow-up* lists, with names (outcomes overdue, people with no review in the
  period), for the lead's own work and never labelled shareable.
"""

from __future__ import annotations

import datetime
import hashlib
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from django.core.cache import caches
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncQuarter
from django.utils import timezone
from django.utils.formats import date_format

from outcomes.models import Outcome, Step
from outcomes.vocabulary import (
    CATEGORY_GROUPS,
    CATEGORY_LABELS,
    SHORT_GROUP,
    Achievement,
    Lifecycle,
    StepStatus,
    StepWho,
)
from pphw.community.counts import linkable_services_by_category
from pphw.people.models import Person
from reviews import disclosure
from reviews.models import (
    DAY_COLUMNS,
    NO_BASELINE,
    NOT_REVIEWED,
    PROCESS_ITEMS,
    RATINGS,
    Experience,
    Met,
    ReportDay,
    ReportDistance,
    ReportOutcomes,
    ReportVersion,
    Review,
)

CARERS_ONLY = "only"
CARERS_EXCLUDED = "exclude"
SMALL_NUMBER = 5
FEWER_THAN_5 = "fewer than 5"
HIDDEN = "hidden"
DISCLOSURE_RULES = (
    "Counts from 1 to 4 are shown as “fewer than 5”. A count of 0 is shown as 0. "
    "Where a hidden count could be worked out from totals, other rows or other tables of "
    "this summary, more counts are shown as “hidden” (each of them 5 or more). "
    "A share or median is shown only where the counts it comes from are shown."
)
CHANGES = range(-10, 11)
NARRATIVES_SHOWN = 5
OVERDUE_SHOWN = 25
# Distance travelled: the buckets for outcomes left out, outside any change (-10 to
# 10), are reviews.models.NO_BASELINE and NOT_REVIEWED.
GROUP_CODES = {SHORT_GROUP[name]: [code for code, _ in items] for name, items in CATEGORY_GROUPS}


@dataclass(frozen=True)
class Filters:
    team_ids: tuple[int, ...]
    date_from: datetime.date
    date_to: datetime.date
    practitioner_id: int | None = None
    category: str = ""
    # "" everyone; "only" carers' own records; "exclude" everyone but carers.
    carers: str = ""

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return (self.date_from, self.date_to)


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    counts: list[list] = field(default_factory=list)  # the cells before disclosure control


@dataclass(frozen=True)
class Cell:
    """A count of the summary, by its key in the disclosure system."""

    key: tuple


@dataclass(frozen=True)
class Share:
    """``part`` as a percentage of ``whole``, shown only when both counts are."""

    part: tuple
    whole: tuple


@dataclass(frozen=True)
class Derived:
    """A figure drawn from a count (a median), shown only when that count is."""

    key: tuple
    value: float | int | None


@dataclass(frozen=True)
class Named:
    """A person named in the follow-up lists."""

    pk: int
    team_id: int
    full_name: str


@dataclass(frozen=True)
class Overdue:
    person: Named
    statement: str
    next_review_due: datetime.date


@dataclass(frozen=True)
class Story:
    """A "what changed" note of a review in the period."""

    pk: int
    what_changed: str
    category_label: str
    reviewed_on: datetime.date
    person: Named


@dataclass(frozen=True)
class FollowUp:
    """What the follow-up part of the page shows: plain values, kept per process."""

    overdue: list[Overdue]
    overdue_more: bool
    unreviewed: list[Named]
    unreviewed_more: bool
    narratives: list[Story]

    def people(self) -> list[Named]:
        """Everyone named, once for each time they are named."""
        return (
            [row.person for row in self.overdue]
            + self.unreviewed
            + [story.person for story in self.narratives]
        )


def _named(person: Person) -> Named:
    return Named(pk=person.pk, team_id=person.team_id, full_name=person.full_name)


def _kept_in_process(kind: str, under: str, work_out):
    """``work_out()``, kept per process (the ``fragments`` cache) under the text ``under``."""
    key = f"{kind}:{hashlib.sha256(under.encode()).hexdigest()}"
    kept = caches["fragments"].get(key)
    if kept is None:
        kept = work_out()
        caches["fragments"].set(key, kept)
    return kept


def published_label(status: str) -> str:
    return FEWER_THAN_5 if status == disclosure.PRIMARY else HIDDEN


class Summary:
    """The summary tables with their counts protected, as the page and the CSVs show them."""

    def __init__(
        self, system: disclosure.System, status: dict, proofs: dict, tables: dict[str, Table]
    ):
        self.system = system
        self.status = status
        self.proofs = proofs  # for each hidden count, a second solution (see disclosure)
        self.tables = {name: self._resolve(table) for name, table in tables.items()}

    def value(self, key: tuple) -> int | None:
        """The count, or None where it is hidden."""
        return self.system.values[key] if self.status[key] == disclosure.SHOWN else None

    def text(self, key: tuple) -> int | str:
        status = self.status[key]
        return self.system.values[key] if status == disclosure.SHOWN else published_label(status)

    def cell(self, cell):
        if isinstance(cell, Cell):
            return self.text(cell.key)
        if isinstance(cell, Share):
            part, whole = self.value(cell.part), self.value(cell.whole)
            if part is None or whole is None:
                return published_label(self.status[cell.part if part is None else cell.whole])
            return f"{round(100 * part / whole)}%" if whole else "–"
        if isinstance(cell, Derived):
            if self.value(cell.key) is None:
                return published_label(self.status[cell.key])
            if cell.value is None or self.system.values[cell.key] < SMALL_NUMBER:
                return "–" if not self.system.values[cell.key] else FEWER_THAN_5
            return cell.value
        return cell

    def _resolve(self, table: Table) -> Table:
        table.counts = [[cell for cell in row] for row in table.rows]
        table.rows = [[self.cell(cell) for cell in row] for row in table.rows]
        return table


def median_of(distribution: dict[int, int]) -> float | int | None:
    """The median of values given as {value: how many}; None for none."""
    values = [value for value, n in sorted(distribution.items()) for _ in range(n)]
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if middle == int(middle) else round(middle, 1)


def change_label(change: int) -> str:
    """A change of rating in words a spreadsheet will not take for a formula: "−3", "3"."""
    return f"\u2212{-change}" if change < 0 else str(change)


def quarter_label(start: datetime.date) -> str:
    return (
        f"{date_format(start, 'M Y')} to {date_format(start.replace(month=start.month + 2), 'M Y')}"
    )


# Tables that list people one row each, for follow-up: offered as CSV downloads, never
# part of the summary to share.
LIST_TABLES = ("overdue", "review_list")
# The summary, in the order built (the change table reuses the distance table's cells).
SUMMARY_TABLES = (
    "reviews",
    "quarters",
    "categories",
    "lifecycle",
    "achievement",
    "distance",
    "change",
    "ratings",
    "experience",
    "steps",
    "services",
    "gaps",
)


class Report:
    """The figures for one set of filters; each table is computed when first asked for."""

    TABLES = (*SUMMARY_TABLES, *LIST_TABLES)

    def __init__(self, filters: Filters, *, today: datetime.date | None = None):
        self.filters = filters
        self.today = today or timezone.localdate()

    # --- which rows ----------------------------------------------------------------

    @cached_property
    def outcomes(self) -> QuerySet[Outcome]:
        """Outcomes of the chosen people and category, apart from those entered in error."""
        f = self.filters
        scope = Outcome.objects.current().filter(person__team_id__in=f.team_ids)
        if f.practitioner_id:
            scope = scope.filter(person__key_worker_id=f.practitioner_id)
        if f.carers:
            scope = scope.filter(person__is_carer=f.carers == CARERS_ONLY)
        if f.category.startswith("group:"):
            scope = scope.filter(category__in=GROUP_CODES[f.category.removeprefix("group:")])
        elif f.category:
            scope = scope.filter(category=f.category)
        return scope

    @cached_property
    def recorded_outcomes(self) -> QuerySet[Outcome]:
        """Outcomes already recorded by the end of the period."""
        return self.outcomes.filter(created_at__date__lte=self.filters.date_to)

    @cached_property
    def period_reviews(self) -> QuerySet[Review]:
        return Review.objects.current().filter(
            outcome__in=self.outcomes.values("pk"), reviewed_on__range=self.filters.period
        )

    @cached_property
    def overdue_outcomes(self) -> QuerySet[Outcome]:
        return (
            self.outcomes.open()
            .filter(next_review_due__lt=self.today)
            .order_by("next_review_due", "id")
        )

    # --- aggregates (one query each) -------------------------------------------------

    @cached_property
    def summarised(self) -> bool:
        """Whether the figures of the period come from the count rows kept per team.

        They are kept per team and day (``reviews.summaries``), so any teams and
        period can be read from them; the filters by key worker, category and
        carers are not kept, and with any of them the figures are counted from
        the records as before.
        """
        f = self.filters
        return not (f.practitioner_id or f.category or f.carers)

    @cached_property
    def period_counts(self) -> dict[datetime.date, dict[str, int]]:
        """The chosen teams' count rows of the period, summed per quarter: one query."""
        rows = (
            ReportDay.objects.filter(
                team_id__in=self.filters.team_ids, day__range=self.filters.period
            )
            .annotate(quarter=TruncQuarter("day"))
            .order_by()
            .values("quarter")
            .annotate(**{column: Sum(column) for column in DAY_COLUMNS})
        )
        return {row.pop("quarter"): row for row in rows}

    @cached_property
    def period_totals(self) -> dict[str, int]:
        """The chosen teams' count rows of the period, summed."""
        totals = dict.fromkeys(DAY_COLUMNS, 0)
        for counts in self.period_counts.values():
            for column in DAY_COLUMNS:
                totals[column] += counts[column]
        return totals

    @cached_property
    def review_figures(self) -> dict[str, int]:
        if self.summarised:
            totals = self.period_totals
            figures = {"completed": totals["reviews"]}
            for name, _ in PROCESS_ITEMS:
                for answer in Experience.values:
                    figures[f"{name}_{answer}"] = totals[f"{name}_{answer}"]
            return figures
        aggregates = {"completed": Count("pk")}
        for name, _ in PROCESS_ITEMS:
            for answer in Experience.values:
                aggregates[f"{name}_{answer}"] = Count("pk", filter=Q(**{name: answer}))
        return self.period_reviews.aggregate(**aggregates)

    @cached_property
    def due_in_period(self) -> int:
        """Review dates scheduled to fall in the period, once per outcome and date.

        Every date an outcome's next review was set to is in its history, whether set
        when the outcome was recorded, at a review or by an edit.
        """
        if self.summarised:
            return self.period_totals["due"]
        historical = Outcome.history.model.objects
        return (
            historical.filter(
                id__in=self.outcomes.values("pk"), next_review_due__range=self.filters.period
            )
            .values("id", "next_review_due")
            .distinct()
            .count()
        )

    @cached_property
    def overdue_count(self) -> int:
        return self.overdue_outcomes.count()

    @cached_property
    def outcome_counts(self) -> dict[tuple[str, str, str], int]:
        """The outcomes recorded by the end of the period, with their status today, by
        (category, status, progress).

        Read from the counts kept per team (``ReportOutcomes``, every outcome as it
        is now) less the outcomes recorded since the period ended (none for a period
        ending today; found by the date they were recorded): two queries. With a
        filter the counts do not keep, one query over the outcomes.
        """
        key = ("category", "lifecycle_status", "achievement_status")
        if not self.summarised:
            rows = self.recorded_outcomes.order_by().values_list(*key).annotate(n=Count("pk"))
            return {(c, lc, a): n for c, lc, a, n in rows}
        kept = (
            ReportOutcomes.objects.filter(team_id__in=self.filters.team_ids)
            .order_by()
            .values_list(*key)
            .annotate(n=Sum("outcomes"))
        )
        counts = {(c, lc, a): n for c, lc, a, n in kept}
        since = (
            self.outcomes.filter(created_at__gte=self._after_period).order_by().values_list(*key)
        )
        for c, lc, a, n in since.annotate(n=Count("pk")):
            counts[(c, lc, a)] = counts.get((c, lc, a), 0) - n
        return {k: n for k, n in sorted(counts.items()) if n}

    @cached_property
    def _after_period(self) -> datetime.datetime:
        """The first moment after the period: an outcome recorded since is left out."""
        return timezone.make_aware(
            datetime.datetime.combine(
                self.filters.date_to + datetime.timedelta(days=1), datetime.time.min
            )
        )

    @cached_property
    def category_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (category, _, _), n in self.outcome_counts.items():
            counts[category] = counts.get(category, 0) + n
        return counts

    @cached_property
    def status_counts(self) -> list[dict]:
        counts: dict[tuple[str, str], int] = {}
        for (_, lifecycle, achievement), n in self.outcome_counts.items():
            counts[(lifecycle, achievement)] = counts.get((lifecycle, achievement), 0) + n
        return [
            {"lifecycle_status": lifecycle, "achievement_status": achievement, "n": n}
            for (lifecycle, achievement), n in counts.items()
        ]

    @cached_property
    def distance_outcomes(self) -> QuerySet[Outcome]:
        """The outcomes with their starting rating and the person's latest rating in the period.

        The latest rating comes from the outcome's summary row (``ReviewSummary``)
        whenever its latest review is not after the period, as for any period that
        ends today; only an outcome reviewed since a period that ended earlier is
        looked up among its reviews.
        """
        date_from, date_to = self.filters.period
        in_reviews = (
            Review.objects.current()
            .filter(outcome=OuterRef("pk"), reviewed_on__range=self.filters.period)
            .order_by("-reviewed_on", "-id")
            .values("person_rating")[:1]
        )
        latest = Case(
            When(review_summary__isnull=True, then=Value(None)),
            When(
                review_summary__latest_reviewed_on__lte=date_to,
                then=Case(
                    When(
                        review_summary__latest_reviewed_on__gte=date_from,
                        then=F("review_summary__latest_person_rating"),
                    ),
                    default=Value(None),
                ),
            ),
            default=Subquery(in_reviews),
        )
        return self.recorded_outcomes.annotate(
            latest_rating=Cast(latest, IntegerField()),
            baseline=Cast("baseline_rating", IntegerField()),
        )

    @cached_property
    def distance_histogram(self) -> dict[int, int]:
        """How many outcomes changed by each amount, and how many were left out.

        For a period ending today, read from each outcome's kept change and the
        day of its latest review (``ReportDistance``): one query over those rows
        alone. Otherwise, or with a filter they do not keep, or where a review is
        dated after the period, counted from the outcomes and their summary rows.
        """
        kept = self._kept_distance
        if kept is not None:
            return kept
        return self._counted_distance_histogram()

    @cached_property
    def _kept_distance(self) -> dict[int, int] | None:
        """Distance travelled from the kept rows, or None where they cannot say it: a
        period that ended before today, a filter they do not keep, or a review kept
        with a later date than the period's end (one query)."""
        date_from, date_to = self.filters.period
        if not self.summarised or date_to < timezone.localdate():
            return None
        bucket = Case(
            When(change=NO_BASELINE, then=Value(NO_BASELINE)),
            When(latest_on__gte=date_from, then=F("change")),
            default=Value(NOT_REVIEWED),
            output_field=IntegerField(),
        )
        kept = ReportDistance.objects.filter(team_id__in=self.filters.team_ids).annotate(
            bucket=bucket
        )
        # The outcomes recorded since the period ended (none, unless one was given a
        # later date) are taken away, in the same statement.
        since = kept.filter(outcome__created_at__gte=self._after_period)
        counted = (
            kept.order_by().values_list("bucket").annotate(n=Count("pk"), last=Max("latest_on"))
        )
        taken = (
            since.order_by()
            .values_list("bucket")
            .annotate(n=Value(0) - Count("pk"), last=Max("latest_on"))
        )
        histogram: dict[int, int] = {}
        for bucket_, n, last in counted.union(taken, all=True):
            if last is not None and last > date_to:
                return None
            histogram[bucket_] = histogram.get(bucket_, 0) + n
        return {bucket_: n for bucket_, n in histogram.items() if n}

    def _counted_distance_histogram(self) -> dict[int, int]:
        """One query, grouped by a single expression, so that PostgreSQL works out
        each outcome's latest rating once. (Filtered counts over the same
        annotation repeated that subquery once for every count.)
        """
        bucket = Case(
            When(baseline__isnull=True, then=Value(NO_BASELINE)),
            default=Coalesce(F("latest_rating") - F("baseline"), Value(NOT_REVIEWED)),
            output_field=IntegerField(),
        )
        rows = (
            self.distance_outcomes.annotate(bucket=bucket)
            .order_by()
            .values("bucket")
            .annotate(n=Count("pk"))
        )
        return {row["bucket"]: row["n"] for row in rows}

    @cached_property
    def distance_figures(self) -> dict[str, int]:
        counts = self.distance_histogram
        changes = {k: n for k, n in counts.items() if k not in (NO_BASELINE, NOT_REVIEWED)}
        return {
            "no_baseline": counts.get(NO_BASELINE, 0),
            "not_reviewed": counts.get(NOT_REVIEWED, 0),
            "improved": sum(n for k, n in changes.items() if k > 0),
            "same": changes.get(0, 0),
            "worse": sum(n for k, n in changes.items() if k < 0),
        }

    @cached_property
    def distance_changes(self) -> list[int]:
        """Each included outcome's change, latest rating minus the starting one."""
        return [
            change
            for change, n in sorted(self.distance_histogram.items())
            if change not in (NO_BASELINE, NOT_REVIEWED)
            for _ in range(n)
        ]

    @cached_property
    def ratings_by_quarter(self) -> list[tuple[datetime.date, dict[int, int]]]:
        """The person's ratings at reviews in the period, per quarter: one query."""
        if self.summarised:
            return sorted(
                (quarter, ratings)
                for quarter, counts in self.period_counts.items()
                if (ratings := {r: counts[f"rating_{r}"] for r in RATINGS if counts[f"rating_{r}"]})
            )
        rows = (
            self.period_reviews.annotate(quarter=TruncQuarter("reviewed_on"))
            .order_by()
            .values("quarter", "person_rating")
            .annotate(n=Count("pk"))
        )
        quarters: dict[datetime.date, dict[int, int]] = {}
        for row in rows:
            quarters.setdefault(row["quarter"], {})[row["person_rating"]] = row["n"]
        return sorted(quarters.items())

    @cached_property
    def rating_pairs(self) -> dict[tuple[int, int], int]:
        """How many reviews in the period gave each (person's, practitioner's) rating: one query."""
        rows = (
            self.period_reviews.filter(practitioner_rating__isnull=False)
            .order_by()
            .values_list("person_rating", "practitioner_rating")
            .annotate(n=Count("pk"))
        )
        return {(p, q): n for p, q, n in rows}

    @cached_property
    def rating_comparison(self) -> dict:
        """Reviews in the period with both ratings: how the two compare, and each one's
        spread ({rating: reviews}).
        """
        if self.summarised:
            totals = self.period_totals
            return {
                "person_higher": totals["pair_person_higher"],
                "same": totals["pair_same"],
                "practitioner_higher": totals["pair_practitioner_higher"],
                "person": {
                    r: totals[f"pair_person_{r}"] for r in RATINGS if totals[f"pair_person_{r}"]
                },
                "practitioner": {
                    r: totals[f"pair_practitioner_{r}"]
                    for r in RATINGS
                    if totals[f"pair_practitioner_{r}"]
                },
            }
        pairs = self.rating_pairs
        person: dict[int, int] = {}
        practitioner: dict[int, int] = {}
        for (p, q), n in pairs.items():
            person[p] = person.get(p, 0) + n
            practitioner[q] = practitioner.get(q, 0) + n
        return {
            "person_higher": sum(n for (p, q), n in pairs.items() if p > q),
            "same": sum(n for (p, q), n in pairs.items() if p == q),
            "practitioner_higher": sum(n for (p, q), n in pairs.items() if p < q),
            "person": person,
            "practitioner": practitioner,
        }

    @cached_property
    def steps_by_who(self) -> dict[str, int]:
        if self.summarised:
            totals = self.period_totals
            return {who: totals[f"steps_{who}"] for who in StepWho.values if totals[f"steps_{who}"]}
        rows = (
            Step.objects.current()
            .filter(
                outcome__in=self.outcomes.values("pk"),
                status=StepStatus.DONE,
                done_on__range=self.filters.period,
            )
            .order_by()
            .values("who")
            .annotate(n=Count("pk"))
        )
        return {row["who"]: row["n"] for row in rows}

    @cached_property
    def service_use(self) -> list[dict]:
        """The local services linked from small steps under way in the period: one query.

        A step counts if it was added by the end of the period and was not done
        (or dropped) before it began.
        """
        date_from, date_to = self.filters.period
        return list(
            Step.objects.current()
            .filter(
                outcome__in=self.outcomes.values("pk"),
                service__isnull=False,
                created_at__date__lte=date_to,
            )
            .exclude(done_on__lt=date_from)
            .exclude(status=StepStatus.NOT_GOING_AHEAD, created_at__date__lt=date_from)
            .order_by()
            .values("service_id", "service__name")
            .annotate(
                n=Count("pk"),
                done=Count(
                    "pk", filter=Q(status=StepStatus.DONE, done_on__range=(date_from, date_to))
                ),
            )
            .order_by("-n", "service__name")
        )

    @cached_property
    def services_by_category(self) -> dict[str, int]:
        """How many confirmed, open services list each category the outcomes have: one query.

        Only the categories of the outcomes recorded are asked for (the gap list needs
        no other). The counts are kept per category by the directory's services
        (``pphw.community.counts``), so this reads a row per category, not the directory.
        """
        codes = [code for code, n in self.category_counts.items() if n and code in CATEGORY_LABELS]
        if not codes:
            return {}
        return linkable_services_by_category(codes)

    def narratives(self) -> list[Review]:
        """Recent "what changed" stories from reviews in the period, newest first."""
        return list(
            self.period_reviews.exclude(what_changed="")
            .select_related("outcome__person")
            .order_by("-reviewed_on", "-id")[:NARRATIVES_SHOWN]
        )

    def overdue_list(self) -> tuple[list[Outcome], bool]:
        """The overdue outcomes shown on the page, and whether there are more: one query.

        A count over the join would read every overdue outcome of the teams; the
        list reads the first few by date, and one more to know whether there are more.
        """
        outcomes = list(self.overdue_outcomes.select_related("person")[: OVERDUE_SHOWN + 1])
        return outcomes[:OVERDUE_SHOWN], len(outcomes) > OVERDUE_SHOWN

    def follow_up(self) -> FollowUp:
        """The follow-up lists, from the records (four queries), or where the figures come
        from the kept rows, kept per process under the teams' report versions.

        Every write to what the lists show raises the versions of its teams: the
        services that write what the report counts, and those that change a
        person's details or an outcome's words (``record_shown_changed``). The
        versions are read before the lists, so what is kept under them is never
        older than they are.
        """
        if not self.summarised:
            return self._follow_up()
        f = self.filters
        under = repr((f.team_ids, f.period, self.today, self.versions))
        return _kept_in_process("report-follow-up", under, self._follow_up)

    def _follow_up(self) -> FollowUp:
        overdue, overdue_more = self.overdue_list()
        unreviewed, unreviewed_more = self.unreviewed_list()
        return FollowUp(
            overdue=[Overdue(_named(o.person), o.statement, o.next_review_due) for o in overdue],
            overdue_more=overdue_more,
            unreviewed=[_named(person) for person in unreviewed],
            unreviewed_more=unreviewed_more,
            narratives=[
                Story(
                    pk=review.pk,
                    what_changed=review.what_changed,
                    category_label=review.outcome.get_category_display(),
                    reviewed_on=review.reviewed_on,
                    person=_named(review.outcome.person),
                )
                for review in self.narratives()
            ],
        )

    @cached_property
    def unreviewed_people(self) -> QuerySet[Person]:
        """People with an open outcome recorded by the end of the period and no review in it.

        For a period ending today, without a filter the kept rows do not keep, it
        is read from each person's kept latest review and first open outcome
        (``ReportPerson``): a person whose latest review is before the period, or
        who has none, had none in it. Only a person whose latest review is dated
        after the period is looked up among their reviews. Otherwise, whether an
        outcome was reviewed in the period is read from its summary row
        (``ReviewSummary``): its latest review falls in the period, or it has none
        in it when that review is earlier. Only an outcome reviewed since a period
        that ended earlier is looked up among its reviews, as for distance travelled.
        """
        date_from, date_to = self.filters.period
        in_period = Review.objects.current().filter(
            outcome=OuterRef("pk"), reviewed_on__range=self.filters.period
        )
        if self.summarised and date_to >= timezone.localdate():
            reviewed_in_period = Outcome.objects.current().filter(
                Exists(in_period), person=OuterRef("pk")
            )
            return (
                Person.objects.filter(
                    team_id__in=self.filters.team_ids,
                    # The same teams, kept on the row: read through its index.
                    report_person__team_id__in=self.filters.team_ids,
                    report_person__first_open_on__lte=date_to,
                )
                .filter(
                    Q(report_person__latest_on__isnull=True)
                    | Q(report_person__latest_on__lt=date_from)
                    | Q(report_person__latest_on__gt=date_to) & ~Exists(reviewed_in_period)
                )
                .order_by("family_name", "given_name", "id")
            )
        reviewed = self.outcomes.filter(person=OuterRef("pk")).filter(
            Q(review_summary__latest_reviewed_on__range=(date_from, date_to))
            | Q(review_summary__latest_reviewed_on__gt=date_to) & Exists(in_period)
        )
        return (
            Person.objects.filter(team_id__in=self.filters.team_ids)
            .filter(Exists(self.recorded_outcomes.open().filter(person=OuterRef("pk"))))
            .exclude(Exists(reviewed))
            .order_by("family_name", "given_name", "id")
        )

    def unreviewed_list(self) -> tuple[list[Person], bool]:
        """The people shown on the page, and whether there are more: one query."""
        people = list(self.unreviewed_people[: OVERDUE_SHOWN + 1])
        return people[:OVERDUE_SHOWN], len(people) > OVERDUE_SHOWN

    def people_by_team(self, table: str) -> dict[int, int]:
        """How many people of each chosen team ``table`` draws on (one query; 0 for none).

        The lists count the people they name; the figures count everyone whose
        outcomes they were worked out from.
        """
        if table == "review_list":
            rows = self.period_reviews.values_list("outcome__person__team_id").annotate(
                n=Count("outcome__person_id", distinct=True)
            )
        else:
            scope = self.overdue_outcomes if table == "overdue" else self.outcomes
            rows = scope.values_list("person__team_id").annotate(
                n=Count("person_id", distinct=True)
            )
        counts = dict.fromkeys(self.filters.team_ids, 0)
        counts.update(rows.order_by())
        return counts

    # --- what the summary is worked out from -------------------------------------------

    # The figures every table, chart and CSV of the summary is drawn from, read from
    # the database; the rest of the summary (disclosure control, medians, shares,
    # labels) is worked out from these alone.
    SUMMARY_INPUTS = (
        "review_figures",
        "due_in_period",
        "overdue_count",
        "outcome_counts",
        "distance_histogram",
        "ratings_by_quarter",
        "rating_comparison",
        "steps_by_who",
        "service_use",
        "services_by_category",
    )

    def summary_inputs(self) -> str:
        """Every figure the summary is drawn from, and the day it is drawn on, as text.

        The rendered summary is kept per process under this (with what else the page
        shows around it): an edit that changes any count changes the text, and a new
        day does too, so a kept summary is never stale and needs no invalidating.
        Drawing the summary from it runs no query.

        Where the figures come from the rows kept per team (``summarised``), the
        figures themselves are kept per process under ``kept_under``, and reading
        them then runs the three small queries of that; otherwise it runs the
        summary's queries. After a write, the figures are read again, and a summary
        whose figures the write did not change is not drawn again.
        """
        if self.summarised:
            kept = _kept_in_process("report-inputs", self.kept_under(), self._figures)
            # The summary is drawn from these same figures, never from others read
            # beside them: a write committed meanwhile cannot be drawn under this text.
            self.__dict__.update(kept)
        return repr((self.today, *(getattr(self, name) for name in self.SUMMARY_INPUTS)))

    def _figures(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.SUMMARY_INPUTS}

    def kept_under(self) -> str:
        """What the figures of kept rows are the same for, as text: the teams, the
        period, the day, the teams' report versions, which every write to those rows
        raises in its transaction (``ReportVersion``), and the figures the
        directory's own services write (the services the steps use, by name, and the
        services listed in each category). Three queries."""
        return repr(
            (
                self.today,
                self.filters.team_ids,
                self.filters.period,
                self.versions,
                self.service_use,
                linkable_services_by_category(list(CATEGORY_LABELS)),
            )
        )

    @cached_property
    def versions(self) -> tuple[int | None, ...]:
        """The report version of each chosen team, in their order; None for a team
        whose kept rows were never written (one query)."""
        kept = dict(
            ReportVersion.objects.filter(team_id__in=self.filters.team_ids).values_list(
                "team_id", "version"
            )
        )
        return tuple(kept.get(pk) for pk in self.filters.team_ids)

    # --- tables ----------------------------------------------------------------------

    def table(self, name: str) -> Table:
        if name in LIST_TABLES:
            return getattr(self, f"_table_{name}")()
        return self.summary.tables[name]

    def tables(self) -> dict[str, Table]:
        return self.summary.tables

    @cached_property
    def summary(self) -> Summary:
        """Every table of the summary, with disclosure control applied across all of them.

        The page, the print view, the charts and every CSV read these same values, so
        what one hides no other reveals.
        """
        system = disclosure.System()
        built = {name: getattr(self, f"_table_{name}")(system) for name in SUMMARY_TABLES}
        self._link_tables(system)
        return Summary(system, *disclosure.protect_with_proofs(system), built)

    def _link_tables(self, system: disclosure.System) -> None:
        """The relations between tables that a reader could combine."""
        outcomes = sum(self.category_counts.values())
        system.cell("outcomes", outcomes, published=False)
        for prefix in ("lifecycle", "achievement"):
            system.total("outcomes", [k for k in system.values if k[:1] == (prefix,)])
        system.total("outcomes", [("categories", "group", g) for g in GROUP_CODES])
        system.total(
            "outcomes",
            [("distance", "included"), ("distance", "no_baseline"), ("distance", "not_reviewed")],
        )
        completed = ("reviews", "completed")
        system.total(completed, [k for k in system.values if k[:2] == ("quarters", "reviews")])
        for name, _ in PROCESS_ITEMS:
            system.at_least(completed, [("experience", name, "answers")], slack=("no_answer", name))
        system.at_least(completed, [("ratings", "both")], slack=("ratings", "one"))
        done_with_service = [
            k for k in system.values if k[:1] == ("services",) and k[2:] == ("done",)
        ]
        system.at_least(("steps", "all"), done_with_service, slack=("steps", "no_service"))

    def _table_reviews(self, system: disclosure.System) -> Table:
        return Table(
            name="reviews",
            title="Reviews",
            headers=["Measure", "Number"],
            rows=[
                [
                    "Reviews completed in the period",
                    Cell(system.cell(("reviews", "completed"), self.review_figures["completed"])),
                ],
                [
                    "Reviews due in the period",
                    Cell(system.cell(("reviews", "due"), self.due_in_period)),
                ],
                [
                    "Outcomes overdue for review now",
                    Cell(system.cell(("reviews", "overdue"), self.overdue_count)),
                ],
            ],
            note="Reviews due: every next-review date that was set to fall in the period, "
            "once per outcome and date.",
        )

    def _table_overdue(self) -> Table:
        """Every overdue outcome, for follow-up (for the CSV; the page shows the first few)."""
        return Table(
            name="overdue",
            title="Outcomes overdue for review",
            headers=[
                "Person",
                "Team",
                "Outcome, in the person's words",
                "Review due",
                "Days overdue",
            ],
            rows=self._overdue_rows(),
        )

    def _overdue_rows(self) -> Iterator[list]:
        # Only the columns written, as tuples: building three model instances per
        # row was most of the time of a long export.
        rows = self.overdue_outcomes.values_list(
            "person__given_name",
            "person__preferred_name",
            "person__family_name",
            "person__team__name",
            "statement",
            "next_review_due",
        )
        for given, preferred, family, team, statement, due in rows.iterator(chunk_size=2000):
            name = SimpleNamespace(given_name=given, preferred_name=preferred, family_name=family)
            yield [
                Person.full_name.fget(name),
                team,
                statement,
                due.isoformat(),
                (self.today - due).days,
            ]

    def _table_review_list(self) -> Table:
        """Every review in the period, one row each (for the CSV only: it names people)."""
        return Table(
            name="review_list",
            title="Every review in the period",
            headers=[
                "Person",
                "Team",
                "Outcome, in the person's words",
                "Category",
                "Reviewed on",
                "Reviewed by",
                "Person's rating (0-10)",
                "Practitioner's rating (0-10)",
                "Progress",
                "Outcome met",
                "What changed",
                "What helped",
                "What got in the way",
                "What next",
                "Next review due",
            ],
            rows=self._review_list_rows(),
        )

    def _review_list_rows(self) -> Iterator[list]:
        # Tuples of the written columns, streamed in chunks: an export of every review
        # of several teams must not hold them all in memory.
        rows = self.period_reviews.order_by("reviewed_on", "id").values_list(
            "outcome__person__given_name",
            "outcome__person__preferred_name",
            "outcome__person__family_name",
            "outcome__person__team__name",
            "outcome__statement",
            "outcome__category",
            "reviewed_on",
            "reviewed_by__first_name",
            "reviewed_by__last_name",
            "reviewed_by__username",
            "person_rating",
            "practitioner_rating",
            "achievement_status",
            "met_status",
            "what_changed",
            "what_helped",
            "what_got_in_the_way",
            "what_next",
            "next_review_due",
        )
        achievement = dict(Achievement.choices)
        met = dict(Met.choices)
        for row in rows.iterator(chunk_size=2000):
            (given, preferred, family, team, statement, category, reviewed_on) = row[:7]
            (first, last, username, person_rating, practitioner_rating) = row[7:12]
            (progress, met_status, changed, helped, in_the_way, what_next, next_due) = row[12:]
            name = SimpleNamespace(given_name=given, preferred_name=preferred, family_name=family)
            yield [
                Person.full_name.fget(name),
                team,
                statement,
                CATEGORY_LABELS.get(category, category),
                reviewed_on.isoformat(),
                f"{first} {last}".strip() or username,
                person_rating,
                "" if practitioner_rating is None else practitioner_rating,
                achievement.get(progress, progress),
                met.get(met_status, met_status),
                changed,
                helped,
                in_the_way,
                what_next,
                next_due.isoformat() if next_due else "",
            ]

    def _table_quarters(self, system: disclosure.System) -> Table:
        rows = []
        for start, ratings in self.ratings_by_quarter:
            key = system.cell(("quarters", "reviews", start), sum(ratings.values()))
            rows.append([quarter_label(start), Cell(key), Derived(key, median_of(ratings))])
        return Table(
            name="quarters",
            title="The person's rating by quarter",
            headers=["Quarter", "Reviews", "Median person's rating (0–10)"],
            rows=rows,
            note="The person's rating at each review in the period, by the quarter of the "
            "review; a median is shown only where its count is.",
        )

    def _table_categories(self, system: disclosure.System) -> Table:
        counts = self.category_counts
        rows = []
        for group, items in CATEGORY_GROUPS:
            in_group = [(code, label, counts.get(code, 0)) for code, label in items]
            total_key = system.cell(
                ("categories", "group", SHORT_GROUP[group]), sum(n for _, _, n in in_group)
            )
            keys = [system.cell(("categories", code), n) for code, _, n in in_group]
            system.total(total_key, keys)
            if not system.values[total_key]:
                continue
            rows.append([group, "All in this group", Cell(total_key)])
            rows += [
                [group, label, Cell(key)]
                for (code, label, n), key in zip(in_group, keys, strict=True)
                if n
            ]
        return Table(
            name="categories",
            title="Outcomes by category",
            headers=["Category group", "Category", "Outcomes"],
            rows=rows,
            note="Outcomes recorded by the end of the period; categories with none are left out.",
        )

    def _status_table(
        self, system: disclosure.System, name: str, title: str, key: str, choices
    ) -> Table:
        totals: dict[str, int] = {}
        for row in self.status_counts:
            totals[row[key]] = totals.get(row[key], 0) + row["n"]
        rows = []
        for code, label in choices:
            cell = system.cell((name, code), totals.get(code, 0))
            if totals.get(code):
                rows.append([label, Cell(cell)])
        return Table(
            name=name,
            title=title,
            headers=["Status", "Outcomes"],
            rows=rows,
            note="Status today of the outcomes recorded by the end of the period; "
            "statuses with none are left out.",
        )

    def _table_lifecycle(self, system: disclosure.System) -> Table:
        choices = [c for c in Lifecycle.choices if c[0] != Lifecycle.ENTERED_IN_ERROR]
        return self._status_table(
            system, "lifecycle", "Outcomes by status", "lifecycle_status", choices
        )

    def _table_achievement(self, system: disclosure.System) -> Table:
        return self._status_table(
            system, "achievement", "Outcomes by progress", "achievement_status", Achievement.choices
        )

    def _table_distance(self, system: disclosure.System) -> Table:
        figures = self.distance_figures
        histogram = self.distance_histogram
        changes = {
            change: system.cell(("change", change), histogram.get(change, 0)) for change in CHANGES
        }
        included = system.cell(("distance", "included"), sum(histogram.get(c, 0) for c in CHANGES))
        improved = system.cell(("distance", "improved"), figures["improved"])
        worse = system.cell(("distance", "worse"), figures["worse"])
        same = changes[0]
        system.total(included, changes.values())
        system.total(improved, [changes[c] for c in CHANGES if c > 0])
        system.total(worse, [changes[c] for c in CHANGES if c < 0])
        system.total(included, [improved, same, worse])
        no_baseline = system.cell(("distance", "no_baseline"), figures["no_baseline"])
        not_reviewed = system.cell(("distance", "not_reviewed"), figures["not_reviewed"])
        spread = {c: n for c, n in histogram.items() if c in CHANGES}
        return Table(
            name="distance",
            title="Distance travelled",
            headers=["Measure", "Outcomes", "Share of those included"],
            rows=[
                ["Included: a starting rating and a review in the period", Cell(included), ""],
                [
                    "Median change in the person's rating (0–10 scale)",
                    Derived(included, median_of(spread)),
                    "",
                ],
                ["Improved", Cell(improved), Share(improved, included)],
                ["Stayed the same", Cell(same), Share(same, included)],
                ["Worse", Cell(worse), Share(worse, included)],
                ["Left out: no starting rating", Cell(no_baseline), ""],
                ["Left out: not reviewed in the period", Cell(not_reviewed), ""],
            ],
            note="The change from each outcome's starting rating to the person's rating at its "
            "latest review in the period. Each person is compared only with their own start.",
        )

    def _table_change(self, system: disclosure.System) -> Table:
        # The cells are the distance table's (built first): the same counts, one per change.
        return Table(
            name="change",
            title="Spread of change in the person's own rating",
            headers=["Change in points (0–10 scale; − is worse)", "Outcomes"],
            rows=[[change_label(change), Cell(("change", change))] for change in CHANGES],
            note="Each included outcome once: its latest rating in the period minus its "
            "starting rating. Outcomes with no starting rating or no review in the period "
            "are left out (see Distance travelled).",
        )

    def _table_ratings(self, system: disclosure.System) -> Table:
        compared = self.rating_comparison
        both = system.cell(("ratings", "both"), sum(compared["person"].values()))
        higher = system.cell(("ratings", "person_higher"), compared["person_higher"])
        same = system.cell(("ratings", "same"), compared["same"])
        lower = system.cell(("ratings", "practitioner_higher"), compared["practitioner_higher"])
        system.total(both, [higher, same, lower])
        person, practitioner = compared["person"], compared["practitioner"]
        return Table(
            name="ratings",
            title="The person's rating beside the practitioner's",
            headers=["Measure", "Reviews"],
            rows=[
                ["Reviews with both ratings", Cell(both)],
                ["The person rated higher", Cell(higher)],
                ["Both gave the same rating", Cell(same)],
                ["The practitioner rated higher", Cell(lower)],
                ["Median person's rating (0–10)", Derived(both, median_of(person))],
                ["Median practitioner's rating (0–10)", Derived(both, median_of(practitioner))],
            ],
            note="Reviews in the period where the practitioner also gave a rating; "
            "the two are kept apart and compared here only.",
        )

    def _table_experience(self, system: disclosure.System) -> Table:
        figures = self.review_figures
        rows = []
        for name, label in PROCESS_ITEMS:
            keys = [
                system.cell(("experience", name, a), figures[f"{name}_{a}"])
                for a in Experience.values
            ]
            total = system.cell(
                ("experience", name, "answers"), sum(system.values[k] for k in keys)
            )
            system.total(total, keys)
            rows.append([label, Cell(total), *map(Cell, keys), Share(keys[0], total)])
        return Table(
            name="experience",
            title="How people experience support",
            headers=["Question", "Answers", "Yes", "Partly", "No", "Share answering yes"],
            rows=rows,
            note="From the person's feedback at reviews in the period.",
        )

    def _table_steps(self, system: disclosure.System) -> Table:
        counts = self.steps_by_who
        keys = [system.cell(("steps", code), counts.get(code, 0)) for code, _ in StepWho.choices]
        total = system.cell(("steps", "all"), sum(counts.get(c, 0) for c, _ in StepWho.choices))
        system.total(total, keys)
        rows = [[label, Cell(key)] for (_, label), key in zip(StepWho.choices, keys, strict=True)]
        rows.append(["All", Cell(total)])
        return Table(
            name="steps",
            title="Small steps completed, by who did them",
            headers=["Who did it", "Small steps done in the period"],
            rows=rows,
        )

    def _table_services(self, system: disclosure.System) -> Table:
        rows = []
        for row in self.service_use:
            used = system.cell(("services", row["service_id"], "n"), row["n"])
            done = system.cell(("services", row["service_id"], "done"), row["done"])
            system.at_least(used, [done], slack=("services", row["service_id"], "open"))
            rows.append([row["service__name"], Cell(used), Cell(done)])
        return Table(
            name="services",
            title="Local services that small steps used",
            headers=["Service", "Small steps using it", "Of those, done in the period"],
            rows=rows,
            note="Small steps linked to a service of the directory and under way in the period.",
        )

    def _table_gaps(self, system: disclosure.System) -> Table:
        # The counts are the category table's own cells, so both hide the same.
        services = self.services_by_category
        rows = [
            [CATEGORY_LABELS[code], Cell(("categories", code))]
            for code, n in sorted(self.category_counts.items(), key=lambda item: -item[1])
            if n and code in services and not services[code]
        ]
        return Table(
            name="gaps",
            title="Where the directory lists no service",
            headers=["Talking Points category", "Outcomes recorded"],
            rows=rows,
            note="Categories of the outcomes recorded for which the directory of local "
            "services lists no confirmed, open service.",
        )


def people_by_team(team_ids: Iterable[int], people: Iterable[Person]) -> dict[int, int]:
    """How many different people of each team are among ``people`` (0 for a team with none)."""
    counts = dict.fromkeys(team_ids, 0)
    for team_id, _ in {(person.team_id, person.pk) for person in people}:
        counts[team_id] = counts.get(team_id, 0) + 1
    return counts


def period_label(filters: Filters) -> str:
    return f"{date_format(filters.date_from, 'j F Y')} to {date_format(filters.date_to, 'j F Y')}"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> object:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def csv_rows(table: Table) -> Iterable[list]:
    """The table as CSV rows; a summary table ends with the rules of disclosure control."""
    yield from _csv_body(table)
    if table.name not in LIST_TABLES:
        yield []
        yield [f"Safe to share. Disclosure control: {DISCLOSURE_RULES}"]


def _csv_body(table: Table) -> Iterable[list]:
    yield [safe_cell(h) for h in table.headers]
    # safe_cell inlined: this loop runs once per cell of exports of many thousand rows.
    first = _FORMULA_FIRST
    for row in table.rows:
        yield [
            "'" + cell if isinstance(cell, str) and cell and cell[0] in first else cell
            for cell in row
        ]
