"""Who cares for whom: kept by staff; each record names the other only to those who see both."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from pphw.people.models import CaringRelationship, Membership, Person
from tests.factories import (
    CarerFactory,
    CaringRelationshipFactory,
    MembershipFactory,
    OutcomeFactory,
    PersonFactory,
    StepFactory,
    UserFactory,
)
from tests.helpers import everything_the_person_sees, signed_in

pytestmark = pytest.mark.django_db

CARE = "Every morning and evening: washing, dressing, his tablets. I am tired all the time."


@pytest.fixture
def carer(team, practitioner):
    return PersonFactory(
        team=team, key_worker=practitioner, given_name="Shona", family_name="Baird"
    )


def _without_tokens(response) -> str:
    """The page as a person reads it: CSRF tokens are masked afresh on every answer."""
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())


def _create(client, carer, cared_for, **extra):
    data = {
        "cared_for": cared_for.pk,
        "relationship": "daughter",
        "since": "2020-05-01",
        "care_given": CARE,
        **extra,
    }
    return client.post(reverse("people:caring_create", args=[carer.pk]), data)


def test_it_records_a_caring_relationship_and_marks_the_carer(carer, person, practitioner):
    response = _create(signed_in(practitioner), carer, person)
    assert response.status_code == 302
    caring = CaringRelationship.objects.get()
    assert (caring.carer, caring.cared_for, caring.relationship) == (carer, person, "daughter")
    assert caring.care_given == CARE
    assert caring.since == datetime.date(2020, 5, 1)
    assert caring.history.get().history_user == practitioner
    carer.refresh_from_db()
    assert carer.is_carer
    newest = carer.history.first()
    assert newest.is_carer and newest.history_user == practitioner
    assert "carer" in newest.history_change_reason


def test_it_shows_both_records_as_links_to_staff_who_see_both(carer, person, practitioner):
    CaringRelationshipFactory(carer=carer, cared_for=person)
    client = signed_in(practitioner)
    page = client.get(reverse("people:detail", args=[carer.pk])).content.decode()
    assert "Cares for" in page
    assert f'href="{reverse("people:detail", args=[person.pk])}"' in page
    assert person.full_name in page
    other = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Cared for by" in other
    assert f'href="{reverse("people:detail", args=[carer.pk])}"' in other


def test_it_refuses_an_incomplete_form_and_keeps_the_input(carer, person, practitioner):
    response = _create(signed_in(practitioner), carer, person, care_given="", since="2150-01-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Say how much care they give" in page
    assert "cannot be in the future" in page
    assert "daughter" in page
    assert not CaringRelationship.objects.exists()
    carer.refresh_from_db()
    assert not carer.is_carer


def test_it_offers_only_people_the_user_may_see(carer, other_person, practitioner):
    response = _create(signed_in(practitioner), carer, other_person)
    assert response.status_code == 200
    assert "Choose one of the people listed." in response.content.decode()
    assert other_person.full_name not in response.content.decode()
    assert not CaringRelationship.objects.exists()


def test_it_refuses_the_carer_as_the_person_they_care_for(carer, practitioner):
    response = _create(signed_in(practitioner), carer, carer)
    assert response.status_code == 200
    assert not CaringRelationship.objects.exists()


def test_it_refuses_the_same_relationship_twice(carer, person, practitioner):
    CaringRelationshipFactory(carer=carer, cared_for=person)
    response = _create(signed_in(practitioner), carer, person)
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert CaringRelationship.objects.count() == 1


def test_it_changes_a_relationship_through_the_version_guard(carer, person, practitioner):
    caring = CaringRelationshipFactory(carer=carer, cared_for=person)
    client = signed_in(practitioner)
    url = reverse("people:caring_edit", args=[caring.pk])
    data = {
        "relationship": "daughter",
        "since": "2018-01-01",
        "care_given": "Now three nights a week.",
        "version": caring.version,
        "reason": "She told us at the review",
    }
    assert client.post(url, data).status_code == 302
    caring.refresh_from_db()
    assert caring.care_given == "Now three nights a week."
    assert caring.history.first().history_change_reason == "She told us at the review"
    stale = client.post(url, {**data, "care_given": "Every night.", "version": 1})
    assert stale.status_code == 200
    assert "Not saved" in stale.content.decode()
    caring.refresh_from_db()
    assert caring.care_given == "Now three nights a week."


def test_it_ends_a_relationship_and_keeps_it(carer, person, practitioner):
    caring = CaringRelationshipFactory(carer=carer, cared_for=person)
    client = signed_in(practitioner)
    response = client.post(
        reverse("people:caring_end", args=[caring.pk]),
        {"ended_on": "2026-01-10", "end_reason": "He moved into a care home", "version": 1},
    )
    assert response.status_code == 302
    caring.refresh_from_db()
    assert caring.ended_on == datetime.date(2026, 1, 10)
    assert caring.history.first().history_change_reason == "Ended: He moved into a care home"
    page = client.get(reverse("people:detail", args=[carer.pk])).content.decode()
    assert "ended on 10 January 2026" in page
    # An ended relationship is kept as it was.
    assert client.get(reverse("people:caring_edit", args=[caring.pk])).status_code == 403
    assert client.get(reverse("people:caring_end", args=[caring.pk])).status_code == 403


def test_it_refuses_an_end_before_the_start(carer, person, practitioner):
    caring = CaringRelationshipFactory(carer=carer, cared_for=person)
    response = signed_in(practitioner).post(
        reverse("people:caring_end", args=[caring.pk]),
        {"ended_on": "2001-01-10", "end_reason": "Recorded by mistake", "version": 1},
    )
    assert response.status_code == 200
    assert "before the date it started" in response.content.decode()
    caring.refresh_from_db()
    assert caring.ended_on is None


# --- the carer and the person cared for in different teams ----------------------------


@pytest.fixture
def split(team, other_team, practitioner, stranger):
    """A carer of North caring for someone of South; only a lead of both sees both."""
    carer = CarerFactory(team=team, given_name="Shona", family_name="Baird")
    cared_for = PersonFactory(team=other_team, given_name="Hamish", family_name="Dunbar")
    caring = CaringRelationshipFactory(carer=carer, cared_for=cared_for, relationship="father")
    both = UserFactory(username="both")
    MembershipFactory(user=both, team=team, role=Membership.Role.LEAD)
    MembershipFactory(user=both, team=other_team, role=Membership.Role.LEAD)
    return carer, cared_for, caring, both


def test_it_hides_the_other_record_from_staff_who_may_not_see_it(split, practitioner):
    carer, cared_for, caring, _ = split
    client = signed_in(practitioner)
    page = client.get(reverse("people:detail", args=[carer.pk])).content.decode()
    assert "Cares for" in page and "a person supported by another team" in page
    assert "Hamish" not in page and "Dunbar" not in page
    assert reverse("people:detail", args=[cared_for.pk]) not in page
    assert f"/{cared_for.pk}/" not in page
    # The carer's own words are on the carer's record: shown to the carer's team.
    assert caring.care_given in page
    # The other record answers exactly as any record they may not see.
    hidden = client.get(reverse("people:detail", args=[cared_for.pk]))
    missing = client.get(reverse("people:detail", args=[Person.objects.latest("pk").pk + 99]))
    assert hidden.status_code == missing.status_code == 404
    assert _without_tokens(hidden) == _without_tokens(missing)


def test_it_hides_the_carer_from_the_other_team(split, stranger):
    carer, cared_for, caring, _ = split
    client = signed_in(stranger)
    page = client.get(reverse("people:detail", args=[cared_for.pk])).content.decode()
    assert "Cared for by" in page and "a person supported by another team" in page
    assert "Shona" not in page and "Baird" not in page
    assert caring.care_given not in page
    assert reverse("people:caring_edit", args=[caring.pk]) not in page
    assert client.get(reverse("people:caring_edit", args=[caring.pk])).status_code == 404
    assert client.get(reverse("people:carer_plan", args=[carer.pk])).status_code == 404


def test_it_names_both_to_a_lead_of_both_teams(split):
    carer, cared_for, _, both = split
    page = signed_in(both).get(reverse("people:detail", args=[carer.pk])).content.decode()
    assert f'href="{reverse("people:detail", args=[cared_for.pk])}"' in page
    assert cared_for.full_name in page


def test_it_shows_the_carer_plan_without_the_hidden_name(split, practitioner):
    carer, cared_for, caring, _ = split
    page = signed_in(practitioner).get(reverse("people:carer_plan", args=[carer.pk]))
    text = page.content.decode()
    assert "Caring for a person supported by another team (father)" in text
    assert "Hamish" not in text


# --- the people themselves ----------------------------------------------------------


def test_the_people_never_see_each_other_through_the_relationship(person, person_user, team):
    carer = CarerFactory(team=team, given_name="Shona", family_name="Baird")
    carer.user = UserFactory(username="shona", first_name="Shona", last_name="Baird")
    carer.save()
    caring = CaringRelationshipFactory(carer=carer, cared_for=person)
    OutcomeFactory(person=carer, category="carer_life_of_own", statement="Time for my choir.")
    cared_for_sees = everything_the_person_sees(signed_in(person_user))
    cared_for_sees += signed_in(person_user).get(reverse("me:export")).content.decode()
    assert "Shona" not in cared_for_sees and "Baird" not in cared_for_sees
    assert caring.care_given not in cared_for_sees
    assert "Time for my choir." not in cared_for_sees
    carer_sees = everything_the_person_sees(signed_in(carer.user))
    carer_sees += signed_in(carer.user).get(reverse("me:export")).content.decode()
    assert "Time for my choir." in carer_sees
    assert "Isla" not in carer_sees and "Munro" not in carer_sees
    # Staff pages stay closed to them.
    for user, other in ((person_user, carer), (carer.user, person)):
        client = signed_in(user)
        assert client.get(reverse("people:detail", args=[other.pk])).status_code == 404
        assert client.get(reverse("people:caring_edit", args=[caring.pk])).status_code == 404


# --- the adult carer support plan ------------------------------------------------------


def test_it_prints_the_carer_plan_from_outcomes_steps_and_caring(carer, person, practitioner):
    carer.is_carer = True
    carer.save()
    CaringRelationshipFactory(carer=carer, cared_for=person, relationship="daughter")
    outcome = OutcomeFactory(
        person=carer, category="carer_life_of_own", statement="One evening a week for me."
    )
    StepFactory(outcome=outcome, what="Ask about the sitting service")
    response = signed_in(practitioner).get(reverse("people:carer_plan", args=[carer.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "adult carer support plan" in page
    assert "Carers (Scotland) Act 2016" in page
    assert f"Caring for {person.full_name} (daughter)" in page
    assert "One evening a week for me." in page
    assert "A life of their own" in page
    assert "Ask about the sitting service" in page


def test_it_has_no_carer_plan_for_someone_who_is_not_a_carer(person, practitioner):
    response = signed_in(practitioner).get(reverse("people:carer_plan", args=[person.pk]))
    assert response.status_code == 404


def test_it_marks_a_record_as_a_carers_on_the_person_form(carer, practitioner):
    response = signed_in(practitioner).post(
        reverse("people:edit", args=[carer.pk]),
        {
            "given_name": carer.given_name,
            "family_name": carer.family_name,
            "team": carer.team_id,
            "key_worker": practitioner.pk,
            "is_carer": "on",
            "version": carer.version,
            "reason": "She looks after her father",
        },
    )
    assert response.status_code == 302
    carer.refresh_from_db()
    assert carer.is_carer
    assert carer.history.first().history_change_reason == "She looks after her father"


def test_it_keeps_each_change_in_both_records_history(carer, person, practitioner):
    client = signed_in(practitioner)
    _create(client, carer, person)
    caring = CaringRelationship.objects.get()
    client.post(
        reverse("people:caring_end", args=[caring.pk]),
        {"ended_on": "2026-01-10", "end_reason": "He moved into a care home", "version": 1},
    )
    page = client.get(reverse("people:history", args=[carer.pk])).content.decode()
    assert f"Recorded:</strong> cares for {person.full_name} (daughter)" in page
    assert "Ended:</strong> cares for" in page
    assert "Ended: He moved into a care home" in page
    other = client.get(reverse("people:history", args=[person.pk])).content.decode()
    assert f"cared for by {carer.full_name}" in other


def test_it_keeps_the_other_name_out_of_the_history_of_staff_who_may_not_see_it(
    split, practitioner
):
    carer, cared_for, _, _ = split
    page = signed_in(practitioner).get(reverse("people:history", args=[carer.pk]))
    text = page.content.decode()
    assert "cares for a person supported by another team (father)" in text
    assert "Hamish" not in text
