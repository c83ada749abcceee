"""The team lead's review report, aggregated in the database.

Each table costs a fixed number of queries whatever the size of the data. Every
count below five is shown as "fewer than 5" (and so is any share or median
drawn from it), so that a small group cannot point to a person.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
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
from pphw.community.models import Service
from pphw.people.models import Person
from reviews.models import PROCESS_ITEMS, Experience, Met, Review

CARERS_ONLY = "only"
CARERS_EXCLUDED = "exclude"
SMALL_NUMBER = 5
FEWER_THAN_5 = "fewer than 5"
NARRATIVES_SHOWN = 5
OVERDUE_SHOWN = 25
# Distance travelled: buckets for outcomes left out, outside any change (-10 to 10).
NO_BASELINE = -100
NOT_REVIEWED = -200
GROUP_CODES = {SHORT_GROUP[name]: [code for code, _ in items] for name, items in CATEGORY_GROUPS}


def shown(count: int) -> int | str:
    """A count as it may be shown: small counts are hidden."""
    return count if count >= SMALL_NUMBER else FEWER_THAN_5


def share(count: int, total: int) -> str:
    """A percentage of ``total``, hidden when either number is small."""
    if count < SMALL_NUMBER or total < SMALL_NUMBER:
        return FEWER_THAN_5
    return f"{round(100 * count / total)}%"


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


# Tables that list people one row each: offered as CSV downloads, never drawn as
# aggregate tables on the report page (and so not subject to "fewer than 5").
LIST_TABLES = ("overdue", "review_list")


class Report:
    """The figures for one set of filters; each table is computed when first asked for."""

    TABLES = (
        "reviews",
        "overdue",
        "review_list",
        "categories",
        "lifecycle",
        "achievement",
        "distance",
        "experience",
        "steps",
        "services",
        "gaps",
    )

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
    def review_figures(self) -> dict[str, int]:
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
    def category_counts(self) -> dict[str, int]:
        rows = self.recorded_outcomes.order_by().values("category").annotate(n=Count("pk"))
        return {row["category"]: row["n"] for row in rows}

    @cached_property
    def status_counts(self) -> list[dict]:
        return list(
            self.recorded_outcomes.order_by()
            .values("lifecycle_status", "achievement_status")
            .annotate(n=Count("pk"))
        )

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

        One query, grouped by a single expression, so that PostgreSQL works out
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
    def steps_by_who(self) -> dict[str, int]:
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
        """How many confirmed, open services of the directory list each category: one query."""
        return Service.objects.linkable().aggregate(
            **{
                code: Count("pk", filter=Q(categories__contains=f" {code} "))
                for code in CATEGORY_LABELS
            }
        )

    def narratives(self) -> list[Review]:
        """Recent "what changed" stories from reviews in the period, newest first."""
        return list(
            self.period_reviews.exclude(what_changed="")
            .select_related("outcome__person")
            .order_by("-reviewed_on", "-id")[:NARRATIVES_SHOWN]
        )

    def overdue_list(self) -> list[Outcome]:
        return list(self.overdue_outcomes.select_related("person")[:OVERDUE_SHOWN])

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

    # --- tables ----------------------------------------------------------------------

    def table(self, name: str) -> Table:
        return getattr(self, f"_table_{name}")()

    def tables(self) -> dict[str, Table]:
        return {name: self.table(name) for name in self.TABLES if name not in LIST_TABLES}

    def _table_reviews(self) -> Table:
        return Table(
            name="reviews",
            title="Reviews",
            headers=["Measure", "Number"],
            rows=[
                ["Reviews completed in the period", shown(self.review_figures["completed"])],
                ["Reviews due in the period", shown(self.due_in_period)],
                ["Outcomes overdue for review now", shown(self.overdue_count)],
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

    def _table_categories(self) -> Table:
        counts = self.category_counts
        rows = []
        for group, items in CATEGORY_GROUPS:
            in_group = [(label, counts.get(code, 0)) for code, label in items]
            total = sum(n for _, n in in_group)
            if not total:
                continue
            rows.append([group, "All in this group", shown(total)])
            rows += [[group, label, shown(n)] for label, n in in_group if n]
        return Table(
            name="categories",
            title="Outcomes by category",
            headers=["Category group", "Category", "Outcomes"],
            rows=rows,
            note="Outcomes recorded by the end of the period; categories with none are left out.",
        )

    def _status_table(self, name: str, title: str, key: str, choices) -> Table:
        totals: dict[str, int] = {}
        for row in self.status_counts:
            totals[row[key]] = totals.get(row[key], 0) + row["n"]
        rows = [[label, shown(totals[code])] for code, label in choices if totals.get(code)]
        return Table(
            name=name,
            title=title,
            headers=["Status", "Outcomes"],
            rows=rows,
            note="Status today of the outcomes recorded by the end of the period.",
        )

    def _table_lifecycle(self) -> Table:
        choices = [c for c in Lifecycle.choices if c[0] != Lifecycle.ENTERED_IN_ERROR]
        return self._status_table("lifecycle", "Outcomes by status", "lifecycle_status", choices)

    def _table_achievement(self) -> Table:
        return self._status_table(
            "achievement", "Outcomes by progress", "achievement_status", Achievement.choices
        )

    def _table_distance(self) -> Table:
        figures = self.distance_figures
        changes = self.distance_changes
        included = len(changes)
        median = statistics.median(changes) if included >= SMALL_NUMBER else None
        if median is not None:
            median = int(median) if median == int(median) else round(median, 1)
        return Table(
            name="distance",
            title="Distance travelled",
            headers=["Measure", "Outcomes", "Share of those included"],
            rows=[
                ["Included: a starting rating and a review in the period", shown(included), ""],
                [
                    "Median change in the person's rating (0–10 scale)",
                    median if median is not None else FEWER_THAN_5,
                    "",
                ],
                ["Improved", shown(figures["improved"]), share(figures["improved"], included)],
                ["Stayed the same", shown(figures["same"]), share(figures["same"], included)],
                ["Worse", shown(figures["worse"]), share(figures["worse"], included)],
                ["Left out: no starting rating", shown(figures["no_baseline"]), ""],
                ["Left out: not reviewed in the period", shown(figures["not_reviewed"]), ""],
            ],
            note="The change from each outcome's starting rating to the person's rating at its "
            "latest review in the period. Each person is compared only with their own start.",
        )

    def _table_experience(self) -> Table:
        figures = self.review_figures
        rows = []
        for name, label in PROCESS_ITEMS:
            answers = {a: figures[f"{name}_{a}"] for a in Experience.values}
            total = sum(answers.values())
            rows.append(
                [label, shown(total)] + [share(answers[a], total) for a in Experience.values]
            )
        return Table(
            name="experience",
            title="How people experience support",
            headers=["Question", "Answers", "Yes", "Partly", "No"],
            rows=rows,
            note="From the person's feedback at reviews in the period.",
        )

    def _table_steps(self) -> Table:
        counts = self.steps_by_who
        rows = [[label, shown(counts.get(code, 0))] for code, label in StepWho.choices]
        rows.append(["All", shown(sum(counts.values()))])
        return Table(
            name="steps",
            title="Small steps completed, by who did them",
            headers=["Who did it", "Small steps done in the period"],
            rows=rows,
        )

    def _table_services(self) -> Table:
        return Table(
            name="services",
            title="Local services that small steps used",
            headers=["Service", "Small steps using it", "Of those, done in the period"],
            rows=[
                [row["service__name"], shown(row["n"]), shown(row["done"])]
                for row in self.service_use
            ],
            note="Small steps linked to a service of the directory and under way in the period.",
        )

    def _table_gaps(self) -> Table:
        services = self.services_by_category
        rows = [
            [CATEGORY_LABELS[code], shown(n)]
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
    yield [safe_cell(h) for h in table.headers]
    # safe_cell inlined: this loop runs once per cell of exports of many thousand rows.
    first = _FORMULA_FIRST
    for row in table.rows:
        yield [
            "'" + cell if isinstance(cell, str) and cell and cell[0] in first else cell
            for cell in row
        ]
