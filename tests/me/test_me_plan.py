from __future__ import annotations

from django.urls import reverse

from conversations.models import Preparation
from outcomes.models import Reflection

from .conftest import main_text


def test_it_prints_my_plan(
    client, person_user, person, outcome, my_step, their_step, closed_outcome, error_outcome
):
    Reflection.objects.create(outcome=outcome, author=person_user, text="Getting there")
    Preparation.objects.create(person=person, talk_about="Bus pass")
    client.force_login(person_user)
    response = client.get(reverse("me:plan"))
    assert response.status_code == 200
    text = main_text(response)
    assert "My plan: Isla Munro" in text
    assert text.index("What I am working on now") < text.index(outcome.statement)
    assert text.index("Achieved or closed") < text.index(closed_outcome.statement)
    assert error_outcome.statement not in text
    assert "Phone Jean about a lift" in text and "Your practitioner (Callum)" in text
    assert "Getting there" in text and "Bus pass" in text
    assert 'media="print"' in response.content.decode()


def test_it_shows_nothing_of_anyone_else(client, person_user, outcome, other_outcome):
    client.force_login(person_user)
    assert "Fatima" not in main_text(client.get(reverse("me:plan")))
