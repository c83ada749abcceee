import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Step
from outcomes.vocabulary import StepStatus
from tests.helpers import OUTSIDERS, assert_login_redirect


def url(step):
    return reverse("outcomes:step_status", args=[step.pk])


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_marks_a_step_done_in_one_click(client, request, who, step):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(url(step), {"version": 1, "status": "done"})
    assert response["Location"] == reverse("outcomes:detail", args=[step.outcome_id]) + (
        f"#step-{step.pk}"
    )
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    assert step.done_on == timezone.localdate()
    newest = step.history.first()
    assert newest.history_user == user
    assert newest.history_type == "~"


@pytest.mark.parametrize("status", ["in_progress", "not_going_ahead", "planned"])
def test_it_sets_each_status(client, practitioner, step, status):
    client.force_login(practitioner)
    client.post(url(step), {"version": 1, "status": status})
    assert Step.objects.get(pk=step.pk).status == status


def test_it_refuses_a_stale_button_and_says_so(client, practitioner, lead, step):
    client.force_login(lead)
    client.post(url(step), {"version": 1, "status": "not_going_ahead"})
    client.force_login(practitioner)
    response = client.post(url(step), {"version": 1, "status": "done"}, follow=True)
    assert "Not saved: Morag MacLeod changed this small step" in response.content.decode()
    assert Step.objects.get(pk=step.pk).status == StepStatus.NOT_GOING_AHEAD


@pytest.mark.parametrize(
    "data", [{"version": 1, "status": "finished"}, {"version": "x", "status": "done"}, {}]
)
def test_it_refuses_tampered_buttons(client, practitioner, step, data):
    client.force_login(practitioner)
    response = client.post(url(step), data)
    assert response.status_code == 302
    assert Step.objects.get(pk=step.pk).status == StepStatus.PLANNED


def test_it_only_accepts_post(client, practitioner, step):
    client.force_login(practitioner)
    assert client.get(url(step)).status_code == 405


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, step):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(step), {"version": 1, "status": "done"}).status_code == 404
    assert Step.objects.get(pk=step.pk).status == StepStatus.PLANNED


def test_it_answers_404_for_another_teams_step(client, practitioner, other_step):
    client.force_login(practitioner)
    assert client.post(url(other_step), {"version": 1, "status": "done"}).status_code == 404
    assert Step.objects.get(pk=other_step.pk).status == StepStatus.PLANNED


def test_it_sends_anonymous_users_to_login(client, step):
    assert_login_redirect(client.post(url(step), {"version": 1, "status": "done"}))
    assert Step.objects.get(pk=step.pk).status == StepStatus.PLANNED
