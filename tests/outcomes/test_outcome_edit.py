import pytest
from django.urls import reverse

from outcomes.models import Outcome
from tests.helpers import OUTSIDERS, assert_login_redirect


def url(outcome):
    return reverse("outcomes:edit", args=[outcome.pk])


def form(outcome, **changes):
    data = {
        "statement": outcome.statement,
        "category": outcome.category,
        "baseline_rating": outcome.baseline_rating,
        "target_rating": outcome.target_rating,
        "review_interval_days": outcome.review_interval_days,
        "lifecycle_status": outcome.lifecycle_status,
        "achievement_status": outcome.achievement_status,
        "version": outcome.version,
        "reason": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_saves_an_edit_with_the_reason_in_history(client, request, who, outcome):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url(outcome)).status_code == 200
    response = client.post(
        url(outcome),
        form(
            outcome,
            lifecycle_status="on-hold",
            achievement_status="sustaining",
            reason="In hospital for a fortnight",
        ),
    )
    assert response["Location"] == reverse("outcomes:detail", args=[outcome.pk])
    outcome.refresh_from_db()
    assert outcome.lifecycle_status == "on-hold"
    assert outcome.achievement_status == "sustaining"
    newest = outcome.history.first()
    assert newest.history_user == user
    assert newest.history_change_reason == "In hospital for a fortnight"


def test_it_refuses_a_save_from_an_old_version_naming_who_changed_what(
    client, practitioner, lead, outcome
):
    stale = form(outcome, why_it_matters="Practitioner's typing")
    client.force_login(lead)
    client.post(url(outcome), form(outcome, statement="I want to get to the Co-op myself"))
    client.force_login(practitioner)
    response = client.post(url(outcome), stale)
    page = response.content.decode()
    assert "Not saved: Morag MacLeod changed this record" in page
    assert "I want to get to the Co-op myself" in page
    assert "Practitioner&#x27;s typing" in page
    outcome.refresh_from_db()
    assert outcome.statement == "I want to get to the Co-op myself"
    assert outcome.why_it_matters == ""
    assert outcome.history.count() == 2


def test_it_ignores_a_person_id_slipped_into_the_post(client, practitioner, outcome, other_person):
    client.force_login(practitioner)
    client.post(url(outcome), form(outcome, person=other_person.pk, statement="Mine"))
    outcome.refresh_from_db()
    assert outcome.statement == "Mine"
    assert outcome.person_id != other_person.pk


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, outcome):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(outcome)).status_code == 404
    assert client.post(url(outcome), form(outcome, statement="Hacked")).status_code == 404
    assert Outcome.objects.get(pk=outcome.pk).statement != "Hacked"


def test_it_sends_anonymous_users_to_login(client, outcome):
    assert_login_redirect(client.get(url(outcome)))


@pytest.mark.parametrize("rating", ["11", "-1", "abc"])
def test_it_explains_a_bad_rating_and_saves_nothing(client, practitioner, outcome, rating):
    client.force_login(practitioner)
    response = client.post(url(outcome), form(outcome, target_rating=rating, statement="New ✨"))
    page = response.content.decode()
    assert "Enter a whole number from 0 to 10." in page
    assert "New ✨" in page
    outcome.refresh_from_db()
    assert outcome.statement != "New ✨"
    assert outcome.version == 1


def test_it_refuses_a_tampered_version(client, practitioner, outcome):
    client.force_login(practitioner)
    response = client.post(url(outcome), form(outcome, version="99999999999999999999"))
    assert response.status_code == 200
    outcome.refresh_from_db()
    assert outcome.version == 1


def test_it_will_not_edit_an_outcome_entered_in_error(client, practitioner, outcome):
    outcome.mark_entered_in_error(reason="Duplicate")
    outcome.save()
    client.force_login(practitioner)
    response = client.post(url(outcome), form(outcome, statement="Revived"))
    assert response.status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).statement != "Revived"
