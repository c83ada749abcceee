"""Two practitioners saving the same outcome or step at once, on real PostgreSQL connections."""

import pytest
from django.db import connection

from outcomes import services
from outcomes.models import Outcome, Step
from pphw.versioning import VersionConflict
from tests.concurrency import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real row locking between two connections needs PostgreSQL",
    ),
]


def edit_outcome(pk, user, words):
    def job():
        outcome = Outcome.objects.get(pk=pk)
        outcome.why_it_matters = words
        return services.outcome_update(outcome=outcome, by=user, expected_version=1, reason=words)

    return job


def test_it_lets_exactly_one_of_two_outcome_edits_win(outcome, practitioner, lead):
    results = race(
        edit_outcome(outcome.pk, practitioner, "Callum's words"),
        edit_outcome(outcome.pk, lead, "Morag's words"),
        expected=VersionConflict,
    )
    winners = [r for r in results if isinstance(r, Outcome)]
    refused = [r for r in results if isinstance(r, VersionConflict)]
    assert len(winners) == 1, results
    assert len(refused) == 1, results
    outcome.refresh_from_db()
    assert outcome.version == 2
    assert outcome.why_it_matters == winners[0].why_it_matters
    changes = outcome.history.filter(history_type="~")
    assert changes.count() == 1
    assert changes.get().history_change_reason == winners[0].why_it_matters


def test_it_lets_exactly_one_of_two_step_status_changes_win(step, practitioner, lead):
    def mark(user, status):
        def job():
            return services.step_set_status(
                step=Step.objects.select_related("outcome").get(pk=step.pk),
                by=user,
                status=status,
                expected_version=1,
            )

        return job

    results = race(
        mark(practitioner, "done"), mark(lead, "not_going_ahead"), expected=VersionConflict
    )
    winners = [r for r in results if isinstance(r, Step)]
    assert len(winners) == 1, results
    assert sum(isinstance(r, VersionConflict) for r in results) == 1, results
    step.refresh_from_db()
    assert step.status == winners[0].status
    assert step.version == 2
