"""The report's summary rows stay equal to what the reviews say, whatever is written."""

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

from outcomes.models import Outcome
from outcomes.services import outcome_mark_entered_in_error, outcome_move
from outcomes.vocabulary import Achievement
from reviews.models import Met, Review, ReviewSummary
from reviews.report import Filters, Report
from reviews.services import review_record
from reviews.summaries import COLUMNS, summary_differences, summary_rebuild
from tests.factories import OutcomeFactory, PersonFactory, ReviewFactory
from tests.helpers import series_of_writes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = timezone.now() - datetime.timedelta(days=500)


def _review(outcome: Outcome, by, *, days_ago: int, rating: int, practitioner: int | None):
    outcome.refresh_from_db()
    return review_record(
        outcome=outcome,
        by=by,
        expected_version=outcome.version,
        review_fields={
            "reviewed_on": TODAY - datetime.timedelta(days=days_ago),
            "person_rating": rating,
            "practitioner_rating": practitioner,
            "achievement_status": Achievement.IMPROVING,
            "met_status": Met.PARTLY,
        },
    )


def _kept() -> list[tuple]:
    return list(ReviewSummary.objects.order_by("outcome_id").values_list(*COLUMNS))


ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("review"),
            st.integers(0, 2),
            st.integers(0, 450),
            st.integers(0, 10),
            st.one_of(st.none(), st.integers(0, 10)),
        ),
        st.tuples(st.just("in_error"), st.integers(0, 2)),
        st.tuples(st.just("move"), st.integers(0, 2)),
        st.tuples(st.just("review_in_error"), st.integers(0, 2)),
    ),
    max_size=12,
)


@series_of_writes()
@given(actions=ACTIONS)
def test_it_keeps_the_summaries_equal_to_a_rebuild(actions, practitioner, person, team):
    """After any series of reviews, entered-in-error marks and moves: rebuilt == maintained."""
    with transaction.atomic():
        other = PersonFactory(team=team)
        outcomes = [
            OutcomeFactory(person=person, created_at=LONG_AGO, baseline_rating=n) for n in range(3)
        ]
        for kind, index, *rest in actions:
            outcome = Outcome.objects.get(pk=outcomes[index].pk)
            if kind == "review":
                days_ago, rating, practitioner_rating = rest
                # A closed outcome cannot be reviewed: nothing is written then.
                with contextlib.suppress(ValidationError):
                    _review(
                        outcome,
                        practitioner,
                        days_ago=days_ago,
                        rating=rating,
                        practitioner=practitioner_rating,
                    )
            elif kind == "in_error" and not outcome.is_entered_in_error:
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
            elif kind == "review_in_error":
                # The factory keeps the summary as the service does, entered in error or not.
                ReviewFactory(outcome=outcome, reviewed_on=TODAY, entered_in_error=True)
        maintained = _kept()
        assert summary_differences() == []
        summary_rebuild()
        assert _kept() == maintained
        transaction.set_rollback(True)


def test_it_keeps_the_first_and_latest_review(practitioner, person):
    outcome = OutcomeFactory(person=person, created_at=LONG_AGO)
    _review(outcome, practitioner, days_ago=30, rating=4, practitioner=None)
    _review(outcome, practitioner, days_ago=90, rating=2, practitioner=3)
    _review(outcome, practitioner, days_ago=5, rating=7, practitioner=6)
    summary = ReviewSummary.objects.get(outcome=outcome)
    assert summary.reviews == 3
    assert (summary.first_reviewed_on, summary.first_person_rating) == (
        TODAY - datetime.timedelta(days=90),
        2,
    )
    assert summary.first_practitioner_rating == 3
    assert (summary.latest_person_rating, summary.latest_practitioner_rating) == (7, 6)


def test_it_finds_the_latest_rating_of_a_period_that_ended_before_it(practitioner, person, team):
    """A period ending before an outcome's latest review still uses the review then."""
    outcome = OutcomeFactory(person=person, created_at=LONG_AGO, baseline_rating=2)
    _review(outcome, practitioner, days_ago=200, rating=5, practitioner=None)
    _review(outcome, practitioner, days_ago=10, rating=1, practitioner=None)
    earlier = Report(
        Filters(
            team_ids=(team.pk,),
            date_from=TODAY - datetime.timedelta(days=300),
            date_to=TODAY - datetime.timedelta(days=100),
        )
    )
    assert earlier.distance_changes == [3]
    now = Report(
        Filters(team_ids=(team.pk,), date_from=TODAY - datetime.timedelta(days=30), date_to=TODAY)
    )
    assert now.distance_changes == [-1]
    later_start = Report(
        Filters(team_ids=(team.pk,), date_from=TODAY - datetime.timedelta(days=5), date_to=TODAY)
    )
    assert later_start.distance_figures["not_reviewed"] == 1


def test_the_command_rebuilds_and_checks(practitioner, person, capsys):
    outcome = OutcomeFactory(person=person, created_at=LONG_AGO)
    _review(outcome, practitioner, days_ago=3, rating=6, practitioner=None)
    ReviewSummary.objects.all().delete()
    with pytest.raises(CommandError, match="1 outcome"):
        call_command("rebuild_report_summaries", "--check")
    call_command("rebuild_report_summaries")
    assert "Rebuilt 1 summary rows" in capsys.readouterr().out
    call_command("rebuild_report_summaries", "--check")
    assert ReviewSummary.objects.get(outcome=outcome).latest_person_rating == 6


def test_disposal_takes_the_summary_rows_with_the_outcomes(practitioner, person):
    outcome = OutcomeFactory(person=person, created_at=LONG_AGO)
    _review(outcome, practitioner, days_ago=3, rating=6, practitioner=None)
    Review.objects.filter(outcome=outcome).delete()
    Outcome.objects.filter(pk=outcome.pk).delete()
    assert not ReviewSummary.objects.exists()
