from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from outcomes.models import Step
from outcomes.vocabulary import StepStatus, StepWho
from pphw.versioning import save_versioned
from tests.helpers import assert_login_redirect


def test_it_adds_my_own_step_as_mine(client, person_user, person, outcome, my_step):
    client.force_login(person_user)
    response = client.post(
        reverse("me:step_add", args=[outcome.pk]),
        {"what": "Buy seed potatoes", "due_on": "2027-03-01"},
    )
    assert response.status_code == 302
    step = outcome.steps.get(what="Buy seed potatoes")
    assert step.who == StepWho.PERSON
    assert step.added_by_person is True
    assert step.order > my_step.order
    assert step.history.latest().history_user == person_user


def test_it_ignores_staff_fields_when_adding_a_step(client, person_user, outcome, other_outcome):
    client.force_login(person_user)
    client.post(
        reverse("me:step_add", args=[outcome.pk]),
        {
            "what": "Buy seed potatoes",
            "who": "practitioner",
            "status": "done",
            "outcome": str(other_outcome.pk),
            "added_by_person": "",
            "entered_in_error": "on",
        },
    )
    step = Step.objects.get(what="Buy seed potatoes")
    assert step.outcome_id == outcome.pk
    assert (step.who, step.status, step.entered_in_error) == ("person", "planned", False)
    assert not other_outcome.steps.exists()


def test_it_refuses_an_empty_step(client, person_user, outcome):
    client.force_login(person_user)
    response = client.post(reverse("me:step_add", args=[outcome.pk]), {"what": " "})
    assert response.status_code == 200
    assert "Write the small step you will take." in response.content.decode()
    assert not outcome.steps.exists()


def test_it_refuses_a_date_that_does_not_exist(client, person_user, outcome):
    client.force_login(person_user)
    response = client.post(
        reverse("me:step_add", args=[outcome.pk]), {"what": "Go", "due_on": "31/02/2027"}
    )
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


def test_it_adds_no_step_to_a_closed_outcome(client, person_user, closed_outcome):
    client.force_login(person_user)
    response = client.post(reverse("me:step_add", args=[closed_outcome.pk]), {"what": "Go"})
    assert response.status_code == 302
    assert not closed_outcome.steps.exists()


def test_it_is_404_to_add_a_step_to_another_persons_outcome(client, person_user, other_outcome):
    client.force_login(person_user)
    response = client.post(reverse("me:step_add", args=[other_outcome.pk]), {"what": "Go"})
    assert response.status_code == 404
    assert not other_outcome.steps.exists()


def test_it_marks_my_step_done_today_in_history_as_me(client, person_user, my_step):
    client.force_login(person_user)
    response = client.post(reverse("me:step_done", args=[my_step.pk]), {"version": my_step.version})
    assert response.status_code == 302
    my_step.refresh_from_db()
    assert my_step.status == StepStatus.DONE
    assert my_step.done_on == timezone.localdate()
    latest = my_step.history.latest()
    assert latest.history_user == person_user
    assert latest.status == StepStatus.DONE


def test_it_is_403_to_mark_done_a_step_someone_else_is_doing(client, person_user, their_step):
    client.force_login(person_user)
    response = client.post(
        reverse("me:step_done", args=[their_step.pk]), {"version": their_step.version}
    )
    assert response.status_code == 403
    their_step.refresh_from_db()
    assert their_step.status == StepStatus.PLANNED


def test_it_is_404_to_mark_done_another_persons_step(client, person_user, other_step):
    client.force_login(person_user)
    response = client.post(
        reverse("me:step_done", args=[other_step.pk]), {"version": other_step.version}
    )
    assert response.status_code == 404
    other_step.refresh_from_db()
    assert other_step.status == StepStatus.PLANNED


def test_it_refuses_done_when_a_practitioner_changed_the_step_meanwhile(
    client, person_user, practitioner, my_step
):
    opened = my_step.version
    staff_copy = Step.objects.get(pk=my_step.pk)
    staff_copy.what = "Phone Jean on Tuesday"
    save_versioned(staff_copy, expected_version=opened, user=practitioner)
    client.force_login(person_user)
    response = client.post(
        reverse("me:step_done", args=[my_step.pk]), {"version": opened}, follow=True
    )
    assert "Not saved" in response.content.decode()
    my_step.refresh_from_db()
    assert my_step.status == StepStatus.PLANNED
    assert my_step.what == "Phone Jean on Tuesday"


def test_it_handles_a_damaged_done_form(client, person_user, my_step):
    client.force_login(person_user)
    response = client.post(reverse("me:step_done", args=[my_step.pk]), {"version": "abc"})
    assert response.status_code == 302
    my_step.refresh_from_db()
    assert my_step.status == StepStatus.PLANNED


def test_done_only_accepts_post(client, person_user, my_step):
    client.force_login(person_user)
    assert client.get(reverse("me:step_done", args=[my_step.pk])).status_code == 405


def test_step_pages_are_404_for_staff(client, practitioner, outcome, my_step):
    client.force_login(practitioner)
    assert client.get(reverse("me:step_add", args=[outcome.pk])).status_code == 404
    response = client.post(reverse("me:step_done", args=[my_step.pk]), {"version": 1})
    assert response.status_code == 404


def test_step_pages_send_anonymous_to_login(client, outcome, my_step):
    assert_login_redirect(client.get(reverse("me:step_add", args=[outcome.pk])))
    assert_login_redirect(client.post(reverse("me:step_done", args=[my_step.pk])))
