"""Undo "I have done this": the step goes back to where it was, through the version guard."""

from __future__ import annotations

from django.urls import reverse

from outcomes.models import Step
from outcomes.vocabulary import StepStatus
from pphw.versioning import save_versioned


def _done(client, step):
    return client.post(
        reverse("me:step_done", args=[step.pk]), {"version": step.version}, follow=True
    )


def _undo(client, step, version=None):
    return client.post(
        reverse("me:step_undo_done", args=[step.pk]),
        {"version": step.version if version is None else version},
        follow=True,
    )


def test_it_offers_undo_straight_after_i_have_done_this(client, person_user, my_step):
    client.force_login(person_user)
    page = _done(client, my_step).content.decode()
    assert "If that was a mistake, choose “Undo” beside the step." in page
    assert "Undo: I have not done this yet" in page
    assert reverse("me:step_undo_done", args=[my_step.pk]) in page


def test_it_puts_the_step_back_to_the_status_it_had(client, person_user, my_step):
    my_step.status = StepStatus.IN_PROGRESS
    save_versioned(my_step, expected_version=1, user=person_user)
    client.force_login(person_user)
    _done(client, my_step)
    step = Step.objects.get(pk=my_step.pk)
    assert step.status == StepStatus.DONE
    page = _undo(client, step).content.decode()
    step.refresh_from_db()
    assert step.status == StepStatus.IN_PROGRESS
    assert step.done_on is None
    assert "Undone: “Phone Jean about a lift” is no longer marked done." in page
    assert "Undo: I have not done this yet" not in page
    latest = step.history.latest()
    assert latest.history_user == person_user
    assert latest.history_change_reason == "Marked not done by the person (undo)"


def test_it_refuses_an_undo_from_an_old_page(client, person_user, my_step):
    client.force_login(person_user)
    _done(client, my_step)
    page = _undo(client, my_step, version=1).content.decode()
    assert Step.objects.get(pk=my_step.pk).status == StepStatus.DONE
    assert "changed" in page


def test_it_has_nothing_to_undo_on_a_step_not_done(client, person_user, my_step):
    client.force_login(person_user)
    page = _undo(client, my_step).content.decode()
    assert "is not marked done, so there is nothing to undo" in page
    assert Step.objects.get(pk=my_step.pk).history.count() == 1


def test_it_refuses_someone_elses_step(client, person_user, their_step, other_step):
    client.force_login(person_user)
    their_step.set_status(StepStatus.DONE)
    their_step.save()
    response = client.post(
        reverse("me:step_undo_done", args=[their_step.pk]), {"version": their_step.version}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("me:step_undo_done", args=[other_step.pk]), {"version": other_step.version}
    )
    assert response.status_code == 404
    assert Step.objects.get(pk=their_step.pk).status == StepStatus.DONE


def test_it_shows_my_strengths_on_my_outcome_and_plan(client, person_user, outcome):
    outcome.strengths = "My neighbour Jean drives; I know the plot well"
    outcome.save()
    client.force_login(person_user)
    page = client.get(reverse("me:outcome", args=[outcome.pk])).content.decode()
    assert "Your strengths to build on" in page
    assert "My neighbour Jean drives; I know the plot well" in page
    plan = client.get(reverse("me:plan")).content.decode()
    assert "My strengths to build on:" in plan
    assert "My neighbour Jean drives; I know the plot well" in plan
