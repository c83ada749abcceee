"""A carer's own record works as anyone's: conversations, small steps, reviews, their login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conversations.models import Conversation
from outcomes.models import Step
from reviews.models import Review
from tests.conversations.test_conversation_create import FORM as CONVERSATION
from tests.factories import CarerFactory, OutcomeFactory, UserFactory
from tests.helpers import signed_in
from tests.reviews.test_review_create import post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer(team, practitioner):
    carer = CarerFactory(team=team, key_worker=practitioner, given_name="Shona")
    carer.user = UserFactory(username="shona", first_name="Shona")
    carer.save()
    return carer


@pytest.fixture
def carer_outcome(carer):
    return OutcomeFactory(
        person=carer, category="carer_health_wellbeing", statement="Sleep through the night."
    )


def test_staff_record_a_carers_conversation_step_and_review(carer, carer_outcome, practitioner):
    client = signed_in(practitioner)
    response = client.post(reverse("conversations:create", args=[carer.pk]), CONVERSATION)
    assert response.status_code == 302
    assert Conversation.objects.filter(person=carer).count() == 1
    response = client.post(
        reverse("outcomes:step_create", args=[carer_outcome.pk]),
        {"what": "Ask about a night sitter", "who": "practitioner"},
    )
    assert response.status_code == 302
    assert Step.objects.filter(outcome=carer_outcome, what="Ask about a night sitter").exists()
    response = client.post(
        reverse("reviews:create", args=[carer_outcome.pk]), post_data(carer_outcome)
    )
    assert response.status_code == 302
    assert Review.objects.get(outcome=carer_outcome).person_rating == 6
    page = client.get(reverse("outcomes:detail", args=[carer_outcome.pk])).content.decode()
    assert "Maintaining health and wellbeing" in page


def test_a_carer_uses_their_own_pages_with_their_own_login(carer, carer_outcome):
    client = signed_in(carer.user)
    home = client.get(reverse("me:home")).content.decode()
    assert "Sleep through the night." in home
    response = client.post(
        reverse("me:step_add", args=[carer_outcome.pk]), {"what": "Go to bed by ten"}
    )
    assert response.status_code == 302
    step = Step.objects.get(what="Go to bed by ten")
    assert step.added_by_person and step.history.latest().history_user == carer.user
    assert b"Sleep through the night." in client.get(reverse("me:export_json")).content
    assert client.get(reverse("me:plan")).status_code == 200
