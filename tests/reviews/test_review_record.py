import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from outcomes.models import Outcome, Step
from outcomes.vocabulary import Achievement, Lifecycle, StepStatus, StepWho
from pphw.versioning import VersionConflict, save_versioned
from reviews.models import Met, Review
from reviews.services import review_record
from tests.factories import ConversationFactory, OutcomeFactory, PersonFactory, StepFactory

TODAY = timezone.localdate()


@pytest.fixture
def outcome(person):
    return OutcomeFactory(
        person=person,
        baseline_rating=3,
        review_interval_days=60,
        created_at=timezone.now() - datetime.timedelta(days=100),
    )


def fields(**overrides):
    values = {
        "reviewed_on": TODAY - datetime.timedelta(days=2),
        "person_rating": 6,
        "achievement_status": Achievement.IMPROVING,
        "met_status": Met.PARTLY,
        "what_changed": "I went to the lunch club twice 🎉",
    }
    values.update(overrides)
    return values


def record(outcome, by, **kwargs):
    kwargs.setdefault("expected_version", outcome.version)
    kwargs.setdefault("review_fields", fields())
    return review_record(outcome=outcome, by=by, **kwargs)


def test_it_saves_the_review_with_history(outcome, practitioner):
    review = record(outcome, practitioner)
    saved = Review.objects.get(pk=review.pk)
    assert saved.person_rating == 6
    assert saved.reviewed_by == practitioner
    assert saved.what_changed == "I went to the lunch club twice 🎉"
    history = saved.history.get()
    assert history.history_type == "+"
    assert history.history_user == practitioner


def test_it_updates_the_outcome_status_and_next_review_in_history(outcome, practitioner):
    record(outcome, practitioner, review_fields=fields(achievement_status=Achievement.SUSTAINING))
    outcome.refresh_from_db()
    assert outcome.achievement_status == Achievement.SUSTAINING
    assert outcome.next_review_due == TODAY - datetime.timedelta(days=2) + datetime.timedelta(60)
    assert outcome.version == 2
    latest = outcome.history.first()
    assert latest.history_user == practitioner
    assert latest.history_change_reason.startswith("Review on ")


def test_it_keeps_a_next_review_date_that_was_given(outcome, practitioner):
    chosen = TODAY + datetime.timedelta(days=10)
    review = record(outcome, practitioner, review_fields=fields(next_review_due=chosen))
    outcome.refresh_from_db()
    assert review.next_review_due == chosen
    assert outcome.next_review_due == chosen


def test_it_closes_the_outcome_when_asked(outcome, practitioner):
    review = record(
        outcome,
        practitioner,
        review_fields=fields(achievement_status=Achievement.ACHIEVED, met_status=Met.FULLY),
        close_outcome=True,
    )
    outcome.refresh_from_db()
    assert outcome.lifecycle_status == Lifecycle.COMPLETED
    assert outcome.achievement_status == Achievement.ACHIEVED
    assert outcome.next_review_due is None
    assert review.next_review_due is None


def test_it_leaves_an_achieved_outcome_open_unless_closed(outcome, practitioner):
    record(outcome, practitioner, review_fields=fields(achievement_status=Achievement.ACHIEVED))
    outcome.refresh_from_db()
    assert outcome.lifecycle_status == Lifecycle.ACTIVE
    assert outcome.next_review_due is not None


def test_it_applies_step_updates_with_history(outcome, practitioner):
    done = StepFactory(outcome=outcome)
    dropped = StepFactory(outcome=outcome, status=StepStatus.IN_PROGRESS)
    untouched = StepFactory(outcome=outcome)
    record(
        outcome,
        practitioner,
        step_updates=[
            (done, done.version, StepStatus.DONE),
            (dropped, dropped.version, StepStatus.NOT_GOING_AHEAD),
        ],
    )
    done.refresh_from_db()
    dropped.refresh_from_db()
    untouched.refresh_from_db()
    assert done.status == StepStatus.DONE
    assert done.done_on == TODAY - datetime.timedelta(days=2)
    assert done.version == 2
    assert done.history.first().history_user == practitioner
    assert dropped.status == StepStatus.NOT_GOING_AHEAD
    assert untouched.status == StepStatus.PLANNED
    assert untouched.version == 1


def test_it_adds_new_steps_after_the_existing_ones(outcome, practitioner):
    StepFactory(outcome=outcome, order=4)
    record(
        outcome,
        practitioner,
        new_steps=[
            {"what": "Ask about the walking group", "who": StepWho.COMMUNITY, "who_name": ""},
            {"what": "Phone my sister", "who": StepWho.PERSON, "due_on": TODAY},
        ],
    )
    new = list(Step.objects.filter(outcome=outcome, order__gt=4).order_by("order"))
    assert [s.what for s in new] == ["Ask about the walking group", "Phone my sister"]
    assert [s.order for s in new] == [5, 6]
    assert new[0].history.get().history_user == practitioner


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reviewed_on": TODAY + datetime.timedelta(days=1)}, "reviewed_on"),
        ({"reviewed_on": TODAY - datetime.timedelta(days=101)}, "reviewed_on"),
        ({"person_rating": 11}, "person_rating"),
        ({"person_rating": -1}, "person_rating"),
        ({"practitioner_rating": 11}, "practitioner_rating"),
        ({"achievement_status": "fabulous"}, "achievement_status"),
        ({"met_status": "maybe"}, "met_status"),
        ({"listened_to": "sometimes"}, "listened_to"),
        ({"next_review_due": TODAY - datetime.timedelta(days=2)}, "next_review_due"),
        ({"next_review_due": TODAY - datetime.timedelta(days=3)}, "next_review_due"),
    ],
)
def test_it_refuses_a_broken_rule_and_saves_nothing(outcome, practitioner, overrides, field):
    step = StepFactory(outcome=outcome)
    with pytest.raises(ValidationError) as error:
        record(
            outcome,
            practitioner,
            review_fields=fields(**overrides),
            step_updates=[(step, step.version, StepStatus.DONE)],
            new_steps=[{"what": "Something new", "who": StepWho.PERSON}],
        )
    assert field in error.value.message_dict
    assert not Review.objects.exists()
    step.refresh_from_db()
    assert step.status == StepStatus.PLANNED
    assert outcome.steps.count() == 1
    stored = Outcome.objects.get(pk=outcome.pk)
    assert stored.version == 1
    assert stored.achievement_status == Achievement.IN_PROGRESS


def test_it_accepts_a_review_on_the_day_the_outcome_was_recorded(outcome, practitioner):
    started = timezone.localdate(outcome.created_at)
    review = record(outcome, practitioner, review_fields=fields(reviewed_on=started))
    assert review.reviewed_on == started


def test_it_saves_nothing_when_a_new_step_is_invalid(outcome, practitioner):
    step = StepFactory(outcome=outcome)
    with pytest.raises(ValidationError):
        record(
            outcome,
            practitioner,
            step_updates=[(step, step.version, StepStatus.DONE)],
            new_steps=[{"what": "", "who": StepWho.PERSON}],
        )
    assert not Review.objects.exists()
    step.refresh_from_db()
    assert step.status == StepStatus.PLANNED
    assert Outcome.objects.get(pk=outcome.pk).version == 1


def test_it_refuses_a_step_of_another_outcome(outcome, practitioner):
    elsewhere = StepFactory(outcome=OutcomeFactory(person=outcome.person))
    with pytest.raises(ValidationError):
        record(outcome, practitioner, step_updates=[(elsewhere, 1, StepStatus.DONE)])
    assert not Review.objects.exists()
    elsewhere.refresh_from_db()
    assert elsewhere.status == StepStatus.PLANNED


def test_it_refuses_a_conversation_of_another_person(outcome, practitioner):
    theirs = ConversationFactory(person=PersonFactory(team=outcome.person.team))
    with pytest.raises(ValidationError) as error:
        record(outcome, practitioner, review_fields=fields(conversation=theirs))
    assert "conversation" in error.value.message_dict
    assert not Review.objects.exists()


def test_it_refuses_a_stale_outcome_version_and_saves_nothing(outcome, practitioner, lead):
    outcome.why_it_matters = "Changed by someone else"
    save_versioned(outcome, expected_version=1, user=lead)
    stale = Outcome.objects.get(pk=outcome.pk)
    step = StepFactory(outcome=stale)
    with pytest.raises(VersionConflict):
        record(
            stale,
            practitioner,
            expected_version=1,
            step_updates=[(step, step.version, StepStatus.DONE)],
        )
    assert not Review.objects.exists()
    step.refresh_from_db()
    assert step.status == StepStatus.PLANNED
    stored = Outcome.objects.get(pk=outcome.pk)
    assert stored.version == 2
    assert stored.why_it_matters == "Changed by someone else"


def test_it_refuses_a_step_changed_since_the_form_opened(outcome, practitioner, lead):
    step = StepFactory(outcome=outcome)
    seen_version = step.version
    step.what = "Reworded by a colleague"
    save_versioned(step, expected_version=seen_version, user=lead)
    with pytest.raises(VersionConflict):
        record(outcome, practitioner, step_updates=[(step, seen_version, StepStatus.DONE)])
    assert not Review.objects.exists()
    stored = Outcome.objects.get(pk=outcome.pk)
    assert stored.version == 1
    assert Step.objects.get(pk=step.pk).status == StepStatus.PLANNED


def test_it_refuses_to_review_a_closed_outcome(outcome, practitioner):
    outcome.lifecycle_status = Lifecycle.COMPLETED
    outcome.save()
    with pytest.raises(ValidationError):
        record(outcome, practitioner)
    assert not Review.objects.exists()
