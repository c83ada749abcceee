import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Step
from tests.helpers import OUTSIDERS, assert_login_redirect


def url(step):
    return reverse("outcomes:step_edit", args=[step.pk])


def form(step, **changes):
    data = {
        "what": step.what,
        "who": step.who,
        "who_name": step.who_name,
        "status": step.status,
        "version": step.version,
        "reason": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_saves_an_edit_with_the_reason_in_history(client, request, who, step):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url(step)).status_code == 200
    response = client.post(
        url(step), form(step, who="community", who_name="Men's Shed", reason="Shed offered")
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.who, step.who_name, step.version) == ("community", "Men's Shed", 2)
    newest = step.history.first()
    assert newest.history_user == user
    assert newest.history_change_reason == "Shed offered"


def test_it_records_today_when_a_step_is_done_without_a_date(client, practitioner, step):
    client.force_login(practitioner)
    client.post(url(step), form(step, status="done"))
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()


def test_it_refuses_a_save_from_an_old_version(client, practitioner, lead, step):
    stale = form(step, what="Practitioner's wording")
    client.force_login(lead)
    client.post(url(step), form(step, what="Lead's wording"))
    client.force_login(practitioner)
    response = client.post(url(step), stale)
    page = response.content.decode()
    assert "Not saved: Morag MacLeod changed this record" in page
    assert "Practitioner&#x27;s wording" in page
    assert Step.objects.get(pk=step.pk).what == "Lead's wording"


def test_it_ignores_an_outcome_id_slipped_into_the_post(client, practitioner, step, other_outcome):
    client.force_login(practitioner)
    client.post(url(step), form(step, outcome=other_outcome.pk, what="Still mine"))
    step.refresh_from_db()
    assert step.what == "Still mine"
    assert step.outcome_id != other_outcome.pk


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, step):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(step)).status_code == 404
    assert client.post(url(step), form(step, what="Hacked")).status_code == 404
    assert Step.objects.get(pk=step.pk).what != "Hacked"


def test_it_sends_anonymous_users_to_login(client, step):
    assert_login_redirect(client.get(url(step)))


def test_it_will_not_edit_a_step_entered_in_error(client, practitioner, step):
    step.mark_entered_in_error(reason="Twice")
    step.save()
    client.force_login(practitioner)
    assert client.post(url(step), form(step, what="Back")).status_code == 302
    assert Step.objects.get(pk=step.pk).what != "Back"
