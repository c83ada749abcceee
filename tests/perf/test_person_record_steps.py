"""The person's record summarises each outcome's small steps (their own page lists them)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from outcomes.vocabulary import StepStatus
from tests.factories import OutcomeFactory, StepFactory

pytestmark = pytest.mark.django_db


def test_it_shows_how_many_steps_are_done_and_the_next_one(client, practitioner, person):
    outcome = OutcomeFactory(person=person)
    StepFactory(
        outcome=outcome,
        what="Phone the lunch club",
        order=1,
        status=StepStatus.DONE,
        done_on=datetime.date(2026, 1, 5),
    )
    StepFactory(
        outcome=outcome, what="Go along with Mum", order=2, due_on=datetime.date(2026, 12, 3)
    )
    StepFactory(outcome=outcome, what="Go on my own", order=3)
    mistaken = StepFactory(outcome=outcome, what="Typed in error", order=0)
    mistaken.mark_entered_in_error(reason="Typo")
    mistaken.save()
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Small steps: 1 of 3 done" in page
    assert 'Next: <span class="text-break">Go along with Mum</span>, by 3 December 2026' in page
    assert "Typed in error" not in page
    assert "Go on my own" not in page


def test_it_says_when_an_outcome_has_no_steps_yet(client, practitioner, person):
    OutcomeFactory(person=person)
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "No small steps yet." in page
