import datetime

import pytest
from django.utils import timezone

from outcomes import services
from outcomes.models import Outcome
from outcomes.vocabulary import Lifecycle
from pphw.versioning import VersionConflict, save_versioned
from tests.factories import ConversationFactory


def create(person, by, **fields):
    fields.setdefault("statement", "I want to get back to the allotment")
    fields.setdefault("category", "things_to_do")
    return services.outcome_create(person=person, by=by, **fields)


def test_it_creates_an_outcome_with_its_first_review_date(person, practitioner):
    outcome = create(person, practitioner, review_interval_days=30, baseline_rating=0)
    outcome.refresh_from_db()
    assert outcome.next_review_due == timezone.localdate() + datetime.timedelta(days=30)
    assert outcome.baseline_rating == 0
    record = outcome.history.get()
    assert record.history_type == "+"
    assert record.history_user == practitioner


def test_it_links_the_conversation_only_of_the_same_person(person, other_person, practitioner):
    mine = ConversationFactory(person=person)
    assert create(person, practitioner, conversation=mine).conversation == mine
    theirs = ConversationFactory(person=other_person)
    with pytest.raises(ValueError):
        create(person, practitioner, conversation=theirs)
    assert Outcome.objects.count() == 1


def test_it_moves_the_review_date_when_the_interval_changes(person, practitioner, lead):
    outcome = create(person, practitioner, review_interval_days=90)
    first_due = outcome.next_review_due
    outcome.review_interval_days = 30
    services.outcome_update(outcome=outcome, by=lead, expected_version=1, reason="Sooner")
    outcome.refresh_from_db()
    assert outcome.next_review_due == first_due - datetime.timedelta(days=60)
    newest = outcome.history.first()
    assert newest.history_user == lead
    assert newest.history_change_reason == "Sooner"


def test_it_refuses_an_update_from_an_old_version(person, practitioner, lead):
    outcome = create(person, practitioner)
    other = Outcome.objects.get(pk=outcome.pk)
    other.why_it_matters = "Lead's words"
    save_versioned(other, expected_version=1, user=lead)
    outcome.why_it_matters = "My words"
    with pytest.raises(VersionConflict) as refused:
        services.outcome_update(outcome=outcome, by=practitioner, expected_version=1)
    assert refused.value.changed_by == "Morag MacLeod"
    assert Outcome.objects.get(pk=outcome.pk).why_it_matters == "Lead's words"


def test_it_marks_an_outcome_and_its_steps_entered_in_error(person, practitioner):
    outcome = create(person, practitioner)
    step = services.step_create(outcome=outcome, by=practitioner, what="Phone the club")
    services.outcome_mark_entered_in_error(
        outcome=outcome, by=practitioner, reason="Duplicate", expected_version=1
    )
    outcome.refresh_from_db()
    step.refresh_from_db()
    assert outcome.lifecycle_status == Lifecycle.ENTERED_IN_ERROR
    assert outcome.entered_in_error_reason == "Duplicate"
    assert outcome.next_review_due is None
    assert step.entered_in_error
    assert not Outcome.objects.current().filter(pk=outcome.pk).exists()
    newest = outcome.history.first()
    assert newest.history_user == practitioner
    assert newest.history_change_reason == "Entered in error: Duplicate"
    assert (
        step.history.first().history_change_reason == "Its outcome was entered in error: Duplicate"
    )


def test_it_refuses_entered_in_error_without_a_reason_or_twice(person, practitioner):
    outcome = create(person, practitioner)
    with pytest.raises(ValueError):
        services.outcome_mark_entered_in_error(
            outcome=outcome, by=practitioner, reason="", expected_version=1
        )
    services.outcome_mark_entered_in_error(
        outcome=outcome, by=practitioner, reason="Duplicate", expected_version=1
    )
    with pytest.raises(services.RecordEnteredInError):
        services.outcome_mark_entered_in_error(
            outcome=outcome, by=practitioner, reason="Again", expected_version=2
        )
    with pytest.raises(services.RecordEnteredInError):
        services.outcome_update(outcome=outcome, by=practitioner, expected_version=2)
