import pytest
from django.urls import reverse

from outcomes.models import Step
from tests.helpers import OUTSIDERS, assert_login_redirect

FORM = {"what": "Ask Mum to come to the first class", "who": "family", "who_name": "Mum"}


def url(outcome):
    return reverse("outcomes:step_create", args=[outcome.pk])


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_adds_a_step_at_the_end(client, request, who, outcome, steps):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url(outcome)).status_code == 200
    response = client.post(url(outcome), {**FORM, "due_on": "2026-12-24"})
    step = Step.objects.get(what=FORM["what"])
    assert response["Location"] == reverse("outcomes:detail", args=[outcome.pk]) + (
        f"#step-{step.pk}"
    )
    assert step.outcome == outcome
    assert step.order > max(s.order for s in steps)
    assert step.history.get().history_user == user


def test_it_goes_on_to_add_another(client, practitioner, outcome):
    client.force_login(practitioner)
    response = client.post(url(outcome), {**FORM, "then": "another"})
    assert response["Location"] == url(outcome)


def test_it_refuses_a_step_on_an_outcome_entered_in_error(client, practitioner, outcome):
    outcome.mark_entered_in_error(reason="Duplicate")
    outcome.save()
    client.force_login(practitioner)
    response = client.post(url(outcome), FORM, follow=True)
    assert "entered in error, so no steps can be added" in response.content.decode()
    assert not Step.objects.exists()


def test_it_ignores_an_outcome_id_slipped_into_the_post(
    client, practitioner, outcome, other_outcome
):
    client.force_login(practitioner)
    client.post(url(outcome), {**FORM, "outcome": other_outcome.pk})
    assert Step.objects.get().outcome == outcome
    assert not other_outcome.steps.exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, outcome):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(outcome)).status_code == 404
    assert client.post(url(outcome), FORM).status_code == 404
    assert not Step.objects.exists()


def test_it_answers_404_for_another_teams_outcome(client, practitioner, other_outcome):
    client.force_login(practitioner)
    assert client.post(url(other_outcome), FORM).status_code == 404
    assert not Step.objects.exists()


def test_it_sends_anonymous_users_to_login(client, outcome):
    assert_login_redirect(client.post(url(outcome), FORM))
    assert not Step.objects.exists()


@pytest.mark.parametrize("due_on", ["2026-02-31", "31/02/2026"])
def test_it_explains_a_date_that_does_not_exist(client, practitioner, outcome, due_on):
    client.force_login(practitioner)
    response = client.post(url(outcome), {**FORM, "due_on": due_on, "what": "Kept 👣"})
    page = response.content.decode()
    assert "Enter a real date, for example 26/11/2026." in page
    assert "Kept 👣" in page
    assert not Step.objects.exists()


def test_it_keeps_long_unicode_and_script_text_exactly(client, practitioner, outcome):
    start = "<b>Siùbhal</b> 🚶 "
    what = start + "z" * (1_000 - len(start))
    client.force_login(practitioner)
    client.post(url(outcome), {**FORM, "what": what})
    assert Step.objects.get().what == what
    page = client.get(reverse("outcomes:detail", args=[outcome.pk])).content.decode()
    assert "&lt;b&gt;Siùbhal&lt;/b&gt; 🚶 " + what[len(start) :] in page
    assert "<b>Siùbhal" not in page


def test_it_refuses_a_step_longer_than_a_thousand_characters(client, practitioner, outcome):
    client.force_login(practitioner)
    response = client.post(url(outcome), {**FORM, "what": "z" * 1_001})
    assert response.status_code == 200
    assert "This is longer than 1,000 characters (it has 1,001)." in response.content.decode()
    assert not Step.objects.exists()
