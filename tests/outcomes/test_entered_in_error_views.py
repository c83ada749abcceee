import pytest
from django.urls import reverse

from outcomes.models import Outcome, Step
from outcomes.vocabulary import Lifecycle
from tests.helpers import OUTSIDERS, assert_login_redirect


def outcome_url(outcome):
    return reverse("outcomes:entered_in_error", args=[outcome.pk])


def step_url(step):
    return reverse("outcomes:step_entered_in_error", args=[step.pk])


def test_it_marks_an_outcome_entered_in_error_and_takes_it_off_the_persons_page(
    client, practitioner, person, outcome, steps
):
    client.force_login(practitioner)
    assert client.get(outcome_url(outcome)).status_code == 200
    response = client.post(outcome_url(outcome), {"version": 1, "reason": "Wrong person"})
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    outcome.refresh_from_db()
    assert outcome.lifecycle_status == Lifecycle.ENTERED_IN_ERROR
    assert outcome.history.first().history_user == practitioner
    assert not Step.objects.current().filter(outcome=outcome).exists()
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "No outcomes recorded yet." in page
    assert "Entered in error (1)" in page


def test_it_requires_a_reason_for_an_outcome(client, practitioner, outcome):
    client.force_login(practitioner)
    response = client.post(outcome_url(outcome), {"version": 1, "reason": "  "})
    assert "Say why this was entered in error." in response.content.decode()
    assert Outcome.objects.get(pk=outcome.pk).lifecycle_status == Lifecycle.ACTIVE


def test_it_refuses_an_outcome_changed_since_the_page_was_opened(
    client, practitioner, lead, outcome
):
    outcome.why_it_matters = "Changed"
    from pphw.versioning import save_versioned

    save_versioned(outcome, expected_version=1, user=lead)
    client.force_login(practitioner)
    response = client.post(outcome_url(outcome), {"version": 1, "reason": "Oops"})
    assert "Not saved: Morag MacLeod changed this outcome" in response.content.decode()
    assert Outcome.objects.get(pk=outcome.pk).lifecycle_status == Lifecycle.ACTIVE


def test_it_marks_a_step_entered_in_error(client, practitioner, outcome, step):
    client.force_login(practitioner)
    assert client.get(step_url(step)).status_code == 200
    response = client.post(step_url(step), {"version": 1, "reason": "Added twice"})
    assert response["Location"] == reverse("outcomes:detail", args=[outcome.pk])
    step.refresh_from_db()
    assert step.entered_in_error
    newest = step.history.first()
    assert newest.history_user == practitioner
    assert newest.history_change_reason == "Entered in error: Added twice"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, outcome, step):
    client.force_login(request.getfixturevalue(who))
    assert client.post(outcome_url(outcome), {"version": 1, "reason": "x"}).status_code == 404
    assert client.post(step_url(step), {"version": 1, "reason": "x"}).status_code == 404
    assert Outcome.objects.get(pk=outcome.pk).lifecycle_status == Lifecycle.ACTIVE
    assert not Step.objects.get(pk=step.pk).entered_in_error


def test_it_sends_anonymous_users_to_login(client, outcome, step):
    assert_login_redirect(client.post(outcome_url(outcome), {"version": 1, "reason": "x"}))
    assert_login_redirect(client.post(step_url(step), {"version": 1, "reason": "x"}))
