"""Closing a person's record: read-only for staff and the person, reopened explicitly."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Outcome
from pphw.audit.models import RecordAccess
from pphw.people.models import Person
from pphw.people.services import person_close
from tests.factories import OutcomeFactory, StepFactory

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def closed(person, practitioner):
    person_close(
        person=person,
        by=practitioner,
        on=timezone.localdate(),
        reason="Moved out of the area",
        expected_version=person.version,
    )
    return Person.objects.get(pk=person.pk)


def test_it_closes_a_record_with_a_date_and_reason(person, practitioner):
    response = _signed_in(practitioner).post(
        reverse("people:close", args=[person.pk]),
        {"closed_on": "2026-11-30", "reason": "No longer wants support", "version": 1},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.closed_on == datetime.date(2026, 11, 30)
    assert person.closure_reason == "No longer wants support"
    record = person.history.first()
    assert record.history_user == practitioner
    assert record.history_change_reason == "Closed: No longer wants support"
    assert RecordAccess.objects.filter(person=person, page="person_close").exists()


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        ("", "Enter the date support ended."),
        ("2100-01-01", "cannot be in the future"),
        ("2999-01-01", "Enter a date between the years 1900 and 2199."),
        ("1850-01-01", "Enter a date between the years 1900 and 2199."),
        ("31/02/2026", "Enter a real date"),
    ],
)
def test_it_refuses_a_bad_closing_date(person, practitioner, closed_on, message):
    response = _signed_in(practitioner).post(
        reverse("people:close", args=[person.pk]),
        {"closed_on": closed_on, "reason": "Ended", "version": 1},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.closed_on is None


def test_it_makes_the_record_read_only_for_staff(closed, practitioner):
    outcome = OutcomeFactory(person=closed)
    step = StepFactory(outcome=outcome)
    staff = _signed_in(practitioner)
    for url in (
        reverse("people:edit", args=[closed.pk]),
        reverse("conversations:create", args=[closed.pk]),
        reverse("outcomes:create", args=[closed.pk]),
        reverse("outcomes:edit", args=[outcome.pk]),
        reverse("outcomes:step_edit", args=[step.pk]),
        reverse("reviews:create", args=[outcome.pk]),
    ):
        assert staff.get(url).status_code == 403, url
    response = staff.post(
        reverse("outcomes:step_status", args=[step.pk]), {"status": "done", "version": 1}
    )
    assert response.status_code == 403
    # Still readable, with the closure said plainly.
    page = staff.get(reverse("people:detail", args=[closed.pk])).content.decode()
    assert "Closed on" in page and "Moved out of the area" in page
    assert "Reopen the record" in page


def test_it_makes_the_record_read_only_for_the_person(closed, person_user):
    outcome = OutcomeFactory(person=closed)
    step = StepFactory(outcome=outcome)
    client = _signed_in(person_user)
    assert client.get(reverse("me:outcome", args=[outcome.pk])).status_code == 200
    assert "can no longer be changed" in client.get(reverse("me:home")).content.decode()
    for url in (
        reverse("me:outcome_words", args=[outcome.pk]),
        reverse("me:step_add", args=[outcome.pk]),
        reverse("me:reflection_add", args=[outcome.pk]),
        reverse("me:preparation"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("me:step_done", args=[step.pk]), {"version": 1})
    assert response.status_code == 403


def test_it_stops_reviews_being_due_on_a_closed_record(closed, practitioner):
    OutcomeFactory(person=closed, next_review_due=timezone.localdate())
    assert Outcome.objects.visible_to(practitioner).due_for_review().count() == 0


def test_it_reopens_a_closed_record_with_a_reason(closed, practitioner):
    client = _signed_in(practitioner)
    url = reverse("people:reopen", args=[closed.pk])
    refused = client.post(url, {"reason": "", "version": closed.version})
    assert refused.status_code == 200
    assert "Say why the record is being reopened." in refused.content.decode()
    response = client.post(url, {"reason": "Support starts again", "version": closed.version})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert not closed.is_closed
    assert closed.history.first().history_change_reason == "Reopened: Support starts again"
    assert RecordAccess.objects.filter(person=closed, page="person_reopen").exists()
    assert client.get(reverse("people:edit", args=[closed.pk])).status_code == 200


def test_it_keeps_revoking_a_login_possible_on_a_closed_record(closed, person_user, practitioner):
    response = _signed_in(practitioner).post(
        reverse("people:revoke_access", args=[closed.pk]), {"reason": "Support ended"}
    )
    assert response.status_code == 302
    person_user.refresh_from_db()
    assert not person_user.is_active
