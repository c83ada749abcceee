"""The staff "print for a meeting" page: the whole current record, for the team only."""

from __future__ import annotations

from django.urls import reverse

from outcomes.vocabulary import StepWho
from pphw.audit.models import RecordAccess
from tests.factories import OutcomeFactory, ReviewFactory, StepFactory
from tests.helpers import assert_login_redirect


def test_it_prints_the_current_record(client, practitioner, person):
    outcome = OutcomeFactory(
        person=person, statement="I want to get back to the allotment", strengths="My pal Jean"
    )
    StepFactory(outcome=outcome, what="Phone Jean", who=StepWho.PERSON)
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, person_rating=6, what_next="Seeds")
    OutcomeFactory(person=person, statement="Wrong one", lifecycle_status="entered-in-error")
    client.force_login(practitioner)
    response = client.get(reverse("people:print", args=[person.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Isla Munro: record for a meeting" in page
    assert "I want to get back to the allotment" in page
    assert "My pal Jean" in page and "Phone Jean" in page
    assert "6 out of 10; getting better." in page and "Seeds" in page
    assert "Wrong one" not in page
    assert RecordAccess.objects.filter(person=person, page="person_print").exists()
    record = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("people:print", args=[person.pk]) in record


def test_it_is_for_the_team_only(client, stranger, person_user, person):
    url = reverse("people:print", args=[person.pk])
    for user in (stranger, person_user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_it_sends_anonymous_to_login(client, person):
    assert_login_redirect(client.get(reverse("people:print", args=[person.pk])))
