"""The review report filtered to carers' own outcomes, or without them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import CarerFactory, CaringRelationshipFactory, OutcomeFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("reviews:report")


@pytest.fixture
def data(team):
    """A carer with six outcomes of their own; the person they care for with five."""
    carer = CarerFactory(team=team)
    cared_for = PersonFactory(team=team)
    CaringRelationshipFactory(carer=carer, cared_for=cared_for)
    for _ in range(6):
        OutcomeFactory(person=carer, category="carer_life_of_own")
    for _ in range(5):
        OutcomeFactory(person=cared_for, category="seeing_people")


def _categories(client, **query) -> list:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.context["report"].tables()["categories"].rows


def test_it_shows_carers_outcomes_apart(client, lead, data):
    client.force_login(lead)
    assert _categories(client, carers="only") == [
        ["Carer: quality of life for the carer", "All in this group", 6],
        ["Carer: quality of life for the carer", "A life of their own", 6],
    ]
    assert _categories(client, carers="exclude") == [
        ["Quality of life", "All in this group", 5],
        ["Quality of life", "Seeing people", 5],
    ]
    everyone = _categories(client)
    assert ["Quality of life", "Seeing people", 5] in everyone
    assert ["Carer: quality of life for the carer", "A life of their own", 6] in everyone


def test_it_keeps_the_choice_in_the_form_and_the_downloads(client, lead, data):
    client.force_login(lead)
    page = client.get(URL, {"carers": "only"}).content.decode()
    assert 'value="only" selected' in page
    assert "carers=only" in page


def test_it_explains_a_bad_choice_next_to_it(client, lead, data):
    client.force_login(lead)
    response = client.get(URL, {"carers": "some"})
    assert response.status_code == 200
    assert "Choose one of the options listed." in response.content.decode()
