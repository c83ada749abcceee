import datetime

import pytest
from django.utils import timezone

from outcomes import services
from outcomes.models import Outcome, Step
from outcomes.vocabulary import StepStatus, StepWho
from pphw.versioning import VersionConflict


def order_of(outcome):
    return list(outcome.steps.current().order_by("order", "id").values_list("what", flat=True))


def test_it_adds_steps_at_the_end_of_the_list(outcome, practitioner):
    first = services.step_create(outcome=outcome, by=practitioner, what="One")
    second = services.step_create(
        outcome=outcome, by=practitioner, what="Two", who=StepWho.FAMILY, who_name="Mum"
    )
    assert second.order > first.order
    assert order_of(outcome) == ["One", "Two"]
    assert second.history.get().history_user == practitioner


def test_it_refuses_a_step_on_an_outcome_entered_in_error(outcome, practitioner):
    services.outcome_mark_entered_in_error(
        outcome=outcome, by=practitioner, reason="Duplicate", expected_version=1
    )
    with pytest.raises(services.RecordEnteredInError):
        services.step_create(outcome=outcome, by=practitioner, what="Too late")
    assert not Step.objects.filter(what="Too late").exists()


def test_it_records_the_date_a_step_was_done(step, practitioner):
    services.step_set_status(step=step, by=practitioner, status=StepStatus.DONE, expected_version=1)
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    assert step.done_on == timezone.localdate()
    newest = step.history.first()
    assert newest.history_user == practitioner
    assert newest.status == StepStatus.DONE
    services.step_set_status(
        step=step, by=practitioner, status=StepStatus.IN_PROGRESS, expected_version=2
    )
    step.refresh_from_db()
    assert step.done_on is None


def test_it_refuses_a_status_change_from_an_old_version(step, practitioner, lead):
    services.step_set_status(
        step=step, by=lead, status=StepStatus.NOT_GOING_AHEAD, expected_version=1
    )
    stale = Step.objects.get(pk=step.pk)
    with pytest.raises(VersionConflict):
        services.step_set_status(
            step=stale, by=practitioner, status=StepStatus.DONE, expected_version=1
        )
    assert Step.objects.get(pk=step.pk).status == StepStatus.NOT_GOING_AHEAD


def test_it_refuses_an_unknown_status(step, practitioner):
    with pytest.raises(ValueError):
        services.step_set_status(
            step=step, by=practitioner, status="teleported", expected_version=1
        )


def test_it_moves_a_step_up_and_down(outcome, steps, practitioner):
    services.step_move(step=steps[2], by=practitioner, direction="up", expected_version=1)
    assert order_of(outcome) == [
        "Walk to the corner",
        "Go to the Co-op alone",
        "Take the bus with Mum",
    ]
    moved = Step.objects.get(pk=steps[2].pk)
    assert moved.history.first().history_change_reason == "Moved up"
    services.step_move(step=moved, by=practitioner, direction="up", expected_version=2)
    assert order_of(outcome)[0] == "Go to the Co-op alone"
    top = Step.objects.get(pk=steps[2].pk)
    services.step_move(step=top, by=practitioner, direction="up", expected_version=3)
    assert order_of(outcome)[0] == "Go to the Co-op alone"


def test_it_moves_steps_that_share_an_order_number(outcome, practitioner):
    a = services.step_create(outcome=outcome, by=practitioner, what="A")
    b = services.step_create(outcome=outcome, by=practitioner, what="B")
    Step.objects.filter(pk__in=[a.pk, b.pk]).update(order=5)
    services.step_move(
        step=Step.objects.get(pk=b.pk), by=practitioner, direction="up", expected_version=1
    )
    assert order_of(outcome) == ["B", "A"]


def test_it_marks_a_step_entered_in_error(step, practitioner):
    services.step_mark_entered_in_error(
        step=step, by=practitioner, reason="Added twice", expected_version=1
    )
    step.refresh_from_db()
    assert step.entered_in_error
    assert step.entered_in_error_reason == "Added twice"
    assert not Step.objects.current().filter(pk=step.pk).exists()
    assert step.history.first().history_change_reason == "Entered in error: Added twice"
    with pytest.raises(services.RecordEnteredInError):
        services.step_set_status(step=step, by=practitioner, status="done", expected_version=2)


def test_it_clears_the_done_date_when_a_step_is_no_longer_done(step, practitioner):
    step.status = StepStatus.DONE
    step.done_on = None
    services.step_update(step=step, by=practitioner, expected_version=1)
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    step.status = StepStatus.PLANNED
    step.done_on = datetime.date(2026, 1, 1)
    services.step_update(step=step, by=practitioner, expected_version=2)
    step.refresh_from_db()
    assert step.done_on is None


def test_it_numbers_the_persons_steps_and_staff_steps_as_one_list(
    outcome, practitioner, person_user
):
    services.step_create(outcome=outcome, by=practitioner, what="Staff first")
    mine = services.step_create(
        outcome=outcome,
        by=person_user,
        by_person=True,
        what="Mine",
        who=StepWho.PRACTITIONER,
        who_name="Someone",
    )
    services.step_create(outcome=outcome, by=practitioner, what="Staff again")
    assert order_of(outcome) == ["Staff first", "Mine", "Staff again"]
    # A step the person adds is theirs to do, whatever a crafted form says.
    assert (mine.who, mine.who_name, mine.added_by_person) == (StepWho.PERSON, "", True)
    record = mine.history.get()
    assert record.history_user == person_user
    assert record.history_change_reason == "Added by the person"


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_it_refuses_the_person_a_step_on_a_closed_outcome_read_under_lock(
    outcome, practitioner, person_user, status
):
    stale = Outcome.objects.get(pk=outcome.pk)
    Outcome.objects.filter(pk=outcome.pk).update(lifecycle_status=status)
    # The copy the page loaded still says "active"; the service reads the locked row.
    assert stale.is_open
    with pytest.raises(services.OutcomeClosed):
        services.step_create(outcome=stale, by=person_user, by_person=True, what="Too late")
    assert not Step.objects.filter(what="Too late").exists()
    # Staff may still add to a closed outcome, for instance before re-opening it.
    services.step_create(outcome=stale, by=practitioner, what="Staff note")
