from __future__ import annotations

import pytest
from django.urls import reverse

from outcomes.models import Outcome
from pphw.versioning import VersionConflict, save_versioned
from tests.helpers import assert_login_redirect


def _post(client, outcome, **extra):
    data = {
        "statement": "I want to grow my own tatties again",
        "why_it_matters": "My dad taught me.",
        "version": outcome.version,
        **extra,
    }
    return client.post(reverse("me:outcome_words", args=[outcome.pk]), data)


def test_it_saves_my_new_words_in_history_as_me(client, person_user, outcome):
    client.force_login(person_user)
    response = _post(client, outcome)
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.statement == "I want to grow my own tatties again"
    assert outcome.why_it_matters == "My dad taught me."
    latest = outcome.history.latest()
    assert latest.history_user == person_user
    assert latest.statement == "I want to grow my own tatties again"


def test_it_offers_only_the_two_fields(client, person_user, outcome):
    client.force_login(person_user)
    page = client.get(reverse("me:outcome_words", args=[outcome.pk])).content.decode()
    assert 'name="statement"' in page and 'name="why_it_matters"' in page
    for staff_field in ("category", "baseline_rating", "lifecycle_status", "reason"):
        assert f'name="{staff_field}"' not in page


def test_it_ignores_staff_fields_in_a_crafted_post(client, person_user, outcome, other_person):
    client.force_login(person_user)
    _post(
        client,
        outcome,
        category="reduced_symptoms",
        baseline_rating="10",
        target_rating="0",
        lifecycle_status="cancelled",
        achievement_status="achieved",
        strengths="Hacked",
        person=str(other_person.pk),
        next_review_due="2030-01-01",
    )
    outcome.refresh_from_db()
    assert outcome.statement == "I want to grow my own tatties again"
    assert outcome.category == "things_to_do"
    assert (outcome.baseline_rating, outcome.target_rating) == (3, 8)
    assert outcome.lifecycle_status == "active"
    assert outcome.achievement_status == "in-progress"
    assert outcome.strengths == ""
    assert outcome.person_id == person_user.person.pk


def test_it_refuses_an_empty_statement_and_keeps_what_i_typed(client, person_user, outcome):
    client.force_login(person_user)
    response = _post(client, outcome, statement="   ", why_it_matters="Kept words")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write what matters to you" in page
    assert "Kept words" in page
    outcome.refresh_from_db()
    assert outcome.statement == "I want to get back to the allotment"


def test_it_refuses_enormous_words_clearly(client, person_user, outcome):
    client.force_login(person_user)
    response = _post(client, outcome, statement="x" * 100_000)
    assert response.status_code == 200
    assert "longer than 5,000 characters" in response.content.decode()


def test_it_refuses_my_edit_when_a_practitioner_changed_it_meanwhile(
    client, person_user, practitioner, outcome
):
    opened_version = outcome.version
    staff_copy = Outcome.objects.get(pk=outcome.pk)
    staff_copy.statement = "Practitioner's wording"
    save_versioned(staff_copy, expected_version=opened_version, user=practitioner)
    client.force_login(person_user)
    response = _post(client, outcome, version=opened_version, statement="My late wording")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved" in page and "Callum Fraser" in page
    assert "My late wording" in page
    outcome.refresh_from_db()
    assert outcome.statement == "Practitioner's wording"


def test_a_practitioners_stale_edit_is_refused_after_mine(
    client, person_user, practitioner, outcome
):
    opened_version = outcome.version
    client.force_login(person_user)
    _post(client, outcome)
    staff_copy = Outcome.objects.get(pk=outcome.pk)
    staff_copy.statement = "Practitioner's late wording"
    with pytest.raises(VersionConflict) as refused:
        save_versioned(staff_copy, expected_version=opened_version, user=practitioner)
    assert person_user.get_full_name() in str(refused.value)
    outcome.refresh_from_db()
    assert outcome.statement == "I want to grow my own tatties again"


def test_it_is_404_for_another_persons_outcome(client, person_user, other_outcome):
    client.force_login(person_user)
    response = _post(client, other_outcome)
    assert response.status_code == 404
    other_outcome.refresh_from_db()
    assert other_outcome.statement == "Fatima's own outcome"


def test_it_is_404_for_staff(client, practitioner, outcome):
    client.force_login(practitioner)
    assert client.get(reverse("me:outcome_words", args=[outcome.pk])).status_code == 404


def test_it_sends_anonymous_to_login(client, outcome):
    assert_login_redirect(client.get(reverse("me:outcome_words", args=[outcome.pk])))
