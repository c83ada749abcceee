"""The report's counts per team stay equal to the records, whatever the services write."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from outcomes.models import Outcome, Step
from outcomes.services import (
    outcome_create,
    outcome_mark_entered_in_error,
    outcome_move,
    outcome_update,
    step_create,
    step_mark_entered_in_error,
    step_set_status,
    step_update,
)
from outcomes.vocabulary import Achievement, Lifecycle, StepStatus, StepWho
from pphw.people.services import person_update
from reviews.models import (
    DAY_COLUMNS,
    NO_BASELINE,
    NOT_REVIEWED,
    Met,
    ReportDay,
    ReportDistance,
    ReportOutcomes,
    ReportPerson,
)
from reviews.report import Filters, Report
from reviews.services import review_record
from reviews.summaries import counts_differences, counts_rebuild
from tests.factories import (
    OutcomeFactory,
    PersonFactory,
    ReviewFactory,
    StepFactory,
    counts_once,
)
from tests.helpers import series_of_writes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = timezone.now() - datetime.timedelta(days=400)
CATEGORIES = ["staying_well", "feeling_safe", "listened_to"]
ANSWERS = st.sampled_from(["", "yes", "partly", "no"])
DAYS_AGO = st.integers(0, 380)


def _kept() -> tuple[list, list, list, list]:
    days = list(
        ReportDay.objects.order_by("team_id", "day").values_list("team_id", "day", *DAY_COLUMNS)
    )
    outcomes = list(
        ReportOutcomes.objects.order_by(
            "team_id", "category", "lifecycle_status", "achievement_status"
        ).values_list("team_id", "category", "lifecycle_status", "achievement_status", "outcomes")
    )
    distances = list(
        ReportDistance.objects.order_by("outcome_id").values_list(
            "outcome_id", "team_id", "person_id", "latest_on", "change"
        )
    )
    people = list(
        ReportPerson.objects.order_by("person_id").values_list(
            "person_id", "team_id", "latest_on", "first_open_on"
        )
    )
    return days, outcomes, distances, people


def _from_records(report: Report) -> Report:
    """The same report with every figure counted from the records, not the kept rows."""
    report.__dict__["summarised"] = False
    return report


FIGURES = (
    "distance_histogram",
    "review_figures",
    "due_in_period",
    "category_counts",
    "ratings_by_quarter",
    "rating_comparison",
    "steps_by_who",
)


def assert_same_figures(filters: Filters) -> None:
    kept, counted = Report(filters), _from_records(Report(filters))
    assert kept.summarised
    for name in FIGURES:
        assert getattr(kept, name) == getattr(counted, name), name
    assert list(kept.unreviewed_people) == list(counted.unreviewed_people)
    status = sorted(
        (r["lifecycle_status"], r["achievement_status"], r["n"]) for r in kept.status_counts
    )
    assert status == sorted(
        (r["lifecycle_status"], r["achievement_status"], r["n"]) for r in counted.status_counts
    )


ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("review"),
            st.integers(0, 3),
            DAYS_AGO,
            st.integers(0, 10),
            st.one_of(st.none(), st.integers(0, 10)),
            ANSWERS,
            st.booleans(),
        ),
        st.tuples(
            st.just("step"),
            st.integers(0, 3),
            st.sampled_from(StepWho.values),
            st.one_of(st.none(), DAYS_AGO),
        ),
        st.tuples(st.just("step_done"), st.integers(0, 20), st.one_of(st.none(), DAYS_AGO)),
        st.tuples(st.just("step_who"), st.integers(0, 20), st.sampled_from(StepWho.values)),
        st.tuples(st.just("step_in_error"), st.integers(0, 20)),
        st.tuples(
            st.just("edit"),
            st.integers(0, 3),
            st.sampled_from(CATEGORIES),
            st.sampled_from([Lifecycle.ACTIVE, Lifecycle.ON_HOLD, Lifecycle.COMPLETED]),
            st.integers(-100, 200),
            st.one_of(st.none(), st.integers(0, 10)),
        ),
        st.tuples(st.just("in_error"), st.integers(0, 3)),
        st.tuples(st.just("move"), st.integers(0, 3)),
        st.tuples(st.just("change_team"), st.integers(0, 1)),
    ),
    max_size=10,
)


def _two_people_four_outcomes(practitioner, person, other_team) -> tuple[list, list]:
    """``person`` and one of ``other_team``, with four outcomes between them, through the
    services: what the series of writes act on."""
    people = [person, PersonFactory(team=other_team)]
    outcomes = [
        outcome_create(
            person=people[n % 2],
            by=practitioner,
            statement=f"Outcome {n}",
            category=CATEGORIES[n % 3],
            baseline_rating=3,
            created_at=LONG_AGO,
        )
        for n in range(4)
    ]
    return people, outcomes


def _write(action, practitioner, people, outcomes, team, other_team) -> None:
    """Carry out one action of ``ACTIONS`` through the services (or nothing, where the
    record it names cannot take it)."""
    kind, index, *rest = action
    person, other = people
    if kind.startswith("step_"):
        steps = list(Step.objects.order_by("pk"))
        if not steps:
            return
        step = steps[index % len(steps)]
        if step.is_entered_in_error:
            return
        if kind == "step_done":
            (days_ago,) = rest
            done = days_ago is not None
            step_set_status(
                step=step,
                by=practitioner,
                status=StepStatus.DONE if done else StepStatus.PLANNED,
                on=TODAY - datetime.timedelta(days=days_ago) if done else None,
                expected_version=step.version,
            )
        elif kind == "step_who":
            step_update(step=step, by=practitioner, expected_version=step.version, who=rest[0])
        else:
            step_mark_entered_in_error(
                step=step,
                by=practitioner,
                reason="Wrong step",
                expected_version=step.version,
            )
        return
    if kind == "change_team":
        someone = people[index]
        someone.refresh_from_db()
        to = other_team if someone.team_id == team.pk else team
        person_update(person=someone, by=practitioner, expected_version=someone.version, team=to)
        return
    outcome = outcomes[index]
    outcome.refresh_from_db()
    if outcome.is_entered_in_error:
        return
    if kind == "review":
        days_ago, rating, practitioner_rating, answer, close = rest
        # A closed outcome cannot be reviewed: nothing is written then.
        with contextlib.suppress(ValidationError):
            review_record(
                outcome=outcome,
                by=practitioner,
                expected_version=outcome.version,
                review_fields={
                    "reviewed_on": TODAY - datetime.timedelta(days=days_ago),
                    "person_rating": rating,
                    "practitioner_rating": practitioner_rating,
                    "achievement_status": Achievement.IMPROVING,
                    "met_status": Met.PARTLY,
                    "listened_to": answer,
                    "reliability": answer,
                },
                close_outcome=close,
            )
    elif kind == "step":
        who, days_ago = rest
        step_create(
            outcome=outcome,
            by=practitioner,
            what="A small step",
            who=who,
            status=StepStatus.PLANNED if days_ago is None else StepStatus.DONE,
            done_on=None if days_ago is None else TODAY - datetime.timedelta(days=days_ago),
        )
    elif kind == "edit":
        category, lifecycle, next_in, baseline = rest
        outcome_update(
            outcome=outcome,
            by=practitioner,
            expected_version=outcome.version,
            category=category,
            lifecycle_status=lifecycle,
            next_review_due=TODAY + datetime.timedelta(days=next_in),
            baseline_rating=baseline,
        )
    elif kind == "in_error":
        outcome_mark_entered_in_error(
            outcome=outcome,
            by=practitioner,
            reason="Wrong person",
            expected_version=outcome.version,
        )
    elif kind == "move" and outcome.person_id is not None:
        to = other if outcome.person_id == person.pk else person
        outcome_move(
            outcome=outcome,
            by=practitioner,
            to_person=to,
            reason="Filed against the wrong person",
            expected_version=outcome.version,
        )


@series_of_writes(max_examples=30)
@given(actions=ACTIONS, period=st.tuples(DAYS_AGO, DAYS_AGO))
def test_the_counts_stay_equal_to_the_records(
    actions, period, practitioner, person, team, other_team
):
    """After any series of reviews, steps, edits, entered-in-error marks and moves of outcomes
    and of people between teams: the kept rows equal a rebuild, and the report's figures
    from them equal the figures counted from the records."""
    with transaction.atomic():
        people, outcomes = _two_people_four_outcomes(practitioner, person, other_team)
        for action in actions:
            _write(action, practitioner, people, outcomes, team, other_team)
        maintained = _kept()
        assert counts_differences() == []
        counts_rebuild()
        assert _kept() == maintained
        start, end = sorted(TODAY - datetime.timedelta(days=d) for d in period)
        for team_ids in ((team.pk,), (other_team.pk,), (team.pk, other_team.pk)):
            assert_same_figures(Filters(team_ids=team_ids, date_from=start, date_to=end))
            # Distance travelled is read from the kept rows for a period ending today.
            assert_same_figures(Filters(team_ids=team_ids, date_from=start, date_to=TODAY))
        transaction.set_rollback(True)


@series_of_writes(max_examples=25)
@given(actions=ACTIONS, days_ago=DAYS_AGO)
def test_the_figures_change_only_with_the_teams_versions(
    actions, days_ago, practitioner, person, team, other_team
):
    """The summary's figures are kept under the teams' report versions: after each
    write of any series, where what they are kept under is unchanged, every figure
    counted from the records is unchanged, for a period ending today and one ending
    earlier."""
    start = TODAY - datetime.timedelta(days=days_ago)
    every = [
        Filters(team_ids=team_ids, date_from=start - datetime.timedelta(days=60), date_to=end)
        for team_ids in ((team.pk,), (other_team.pk,), (team.pk, other_team.pk))
        for end in (start, TODAY)
    ]

    def drawn_from() -> list[tuple[str, str]]:
        return [(Report(f).kept_under(), _from_records(Report(f)).summary_inputs()) for f in every]

    with transaction.atomic():
        people, outcomes = _two_people_four_outcomes(practitioner, person, other_team)
        before = drawn_from()
        for action in actions:
            _write(action, practitioner, people, outcomes, team, other_team)
            after = drawn_from()
            for (key, figures), (key_now, figures_now) in zip(before, after, strict=True):
                if key_now == key:
                    assert figures_now == figures, action
            before = after
        transaction.set_rollback(True)


def test_every_write_the_counts_keep_raises_the_versions_of_its_teams(
    practitioner, person, team, other_team
):
    """Kept rows worked out again for a team raise its version, in the same transaction."""
    from reviews.models import ReportVersion

    def versions() -> dict[int, int]:
        return dict(ReportVersion.objects.values_list("team_id", "version"))

    start = versions()
    outcome = outcome_create(
        person=person, by=practitioner, statement="To get out more", category="staying_well"
    )
    created = versions()
    assert created[team.pk] > start.get(team.pk, 0)
    assert created.get(other_team.pk) == start.get(other_team.pk)
    person.refresh_from_db()
    person_update(person=person, by=practitioner, expected_version=person.version, team=other_team)
    moved = versions()
    assert moved[team.pk] > created[team.pk]
    assert moved[other_team.pk] > created.get(other_team.pk, 0)
    counts_rebuild()
    rebuilt = versions()
    assert all(rebuilt[pk] > moved.get(pk, 0) for pk in (team.pk, other_team.pk))
    # After an upgrade: every team's, and nothing else written.
    call_command("rebuild_report_summaries", "--versions")
    assert versions() == {pk: n + 1 for pk, n in rebuilt.items()}
    assert Outcome.objects.filter(pk=outcome.pk).exists()


def test_a_filter_the_counts_do_not_keep_counts_the_records(team, person):
    """By key worker, category or carers the figures come from the records as before."""
    base = {"team_ids": (team.pk,), "date_from": TODAY, "date_to": TODAY}
    assert Report(Filters(**base)).summarised
    assert not Report(Filters(**base, practitioner_id=person.key_worker_id)).summarised
    assert not Report(Filters(**base, category="staying_well")).summarised
    assert not Report(Filters(**base, carers="only")).summarised


def test_an_outcome_recorded_after_the_period_is_left_out(practitioner, person, team):
    """Counted today but recorded after the period: the kept count less the later ones."""
    OutcomeFactory(person=person, created_at=LONG_AGO, category="staying_well")
    OutcomeFactory(person=person, category="staying_well")
    earlier = Filters(
        team_ids=(team.pk,),
        date_from=TODAY - datetime.timedelta(days=30),
        date_to=TODAY - datetime.timedelta(days=1),
    )
    assert Report(earlier).category_counts == {"staying_well": 1}
    assert_same_figures(earlier)


def test_the_command_checks_the_counts(practitioner, person):
    OutcomeFactory(person=person, created_at=LONG_AGO)
    ReportOutcomes.objects.all().delete()
    with pytest.raises(CommandError, match="1 count row"):
        call_command("rebuild_report_summaries", "--check")
    call_command("rebuild_report_summaries")
    call_command("rebuild_report_summaries", "--check")
    assert ReportOutcomes.objects.get().outcomes == 1


def test_records_made_in_one_go_are_counted_as_one_by_one(practitioner, team, other_team):
    """The factories' counts_once() gives the counts that record by record gives."""
    with counts_once():
        for n, home in enumerate((team, other_team, team)):
            outcome = OutcomeFactory(
                person=PersonFactory(team=home),
                next_review_due=TODAY + datetime.timedelta(days=n),
            )
            StepFactory(outcome=outcome, status=StepStatus.DONE, done_on=TODAY, who=StepWho.FAMILY)
            ReviewFactory(outcome=outcome, reviewed_by=practitioner, reviewed_on=TODAY)
        assert not ReportDay.objects.exists()
    assert ReportDay.objects.filter(team=team, day=TODAY).get().reviews == 2
    assert ReportDay.objects.filter(team=other_team, day=TODAY).get().steps_family == 1
    assert counts_differences() == []


def test_distance_travelled_to_today_is_read_from_the_kept_rows(practitioner, person, team):
    outcome = OutcomeFactory(person=person, baseline_rating=3, created_at=LONG_AGO)
    OutcomeFactory(person=person, baseline_rating=None, created_at=LONG_AGO)
    ReviewFactory(
        outcome=outcome,
        reviewed_by=practitioner,
        reviewed_on=TODAY - datetime.timedelta(days=10),
        person_rating=7,
    )
    month = TODAY - datetime.timedelta(days=30)
    to_today = Filters(team_ids=(team.pk,), date_from=month, date_to=TODAY)
    to_yesterday = Filters(
        team_ids=(team.pk,), date_from=month, date_to=TODAY - datetime.timedelta(days=1)
    )
    since_last_week = Filters(
        team_ids=(team.pk,), date_from=TODAY - datetime.timedelta(days=7), date_to=TODAY
    )
    assert Report(to_today).distance_histogram == {4: 1, NO_BASELINE: 1}
    assert Report(since_last_week).distance_histogram == {NOT_REVIEWED: 1, NO_BASELINE: 1}

    ReportDistance.objects.all().delete()
    assert Report(to_today).distance_histogram == {}
    assert Report(to_yesterday).distance_histogram == {4: 1, NO_BASELINE: 1}
    call_command("rebuild_report_summaries")
    assert Report(to_today).distance_histogram == {4: 1, NO_BASELINE: 1}


def test_the_people_to_follow_up_to_today_are_read_from_the_kept_rows(practitioner, person, team):
    reviewed = OutcomeFactory(person=person, created_at=LONG_AGO)
    ReviewFactory(outcome=reviewed, reviewed_by=practitioner, reviewed_on=TODAY)
    waiting = PersonFactory(team=team, family_name="Aitken")
    OutcomeFactory(person=waiting, created_at=LONG_AGO)
    closed = PersonFactory(team=team, family_name="Baird")
    OutcomeFactory(person=closed, created_at=LONG_AGO, lifecycle_status=Lifecycle.COMPLETED)
    to_today = Filters(
        team_ids=(team.pk,), date_from=TODAY - datetime.timedelta(days=30), date_to=TODAY
    )
    assert list(Report(to_today).unreviewed_people) == [waiting]

    ReportPerson.objects.filter(person=waiting).delete()
    assert list(Report(to_today).unreviewed_people) == []
    call_command("rebuild_report_summaries")
    assert list(Report(to_today).unreviewed_people) == [waiting]


def test_a_person_reviewed_after_the_period_is_looked_up_among_their_reviews(practitioner, team):
    """A review dated after a period ending today (imported, or a clock put right) does
    not hide whether the person had one in the period."""
    later = TODAY + datetime.timedelta(days=3)
    also_in_period = PersonFactory(team=team, family_name="Aitken")
    outcome = OutcomeFactory(person=also_in_period, created_at=LONG_AGO)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, reviewed_on=TODAY)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, reviewed_on=later)
    only_after = PersonFactory(team=team, family_name="Baird")
    outcome = OutcomeFactory(person=only_after, created_at=LONG_AGO)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, reviewed_on=later)
    to_today = Filters(
        team_ids=(team.pk,), date_from=TODAY - datetime.timedelta(days=30), date_to=TODAY
    )
    assert ReportPerson.objects.get(person=only_after).latest_on == later
    assert list(Report(to_today).unreviewed_people) == [only_after]
    assert list(_from_records(Report(to_today)).unreviewed_people) == [only_after]
