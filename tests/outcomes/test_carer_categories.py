"""A carer's outcomes use the Talking Points carers' categories; everyone else's the adults'."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outcomes.models import Outcome
from outcomes.vocabulary import CARER_CATEGORY_CODES, CATEGORY_CODES, CATEGORY_LABELS
from tests.factories import CarerFactory, OutcomeFactory
from tests.helpers import signed_in
from tests.outcomes.test_outcome_create import FORM

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer(team, practitioner):
    return CarerFactory(team=team, key_worker=practitioner)


def test_it_keeps_the_two_lists_apart():
    assert set(CARER_CATEGORY_CODES).isdisjoint(CATEGORY_CODES)
    assert len(CARER_CATEGORY_CODES) == 14
    assert CATEGORY_LABELS["carer_life_of_own"] == "A life of their own"


def test_it_offers_a_carer_the_carers_categories(carer, practitioner):
    page = signed_in(practitioner).get(reverse("outcomes:create", args=[carer.pk]))
    text = page.content.decode()
    assert 'value="carer_life_of_own"' in text
    assert "Carer: managing the caring role" in text
    assert 'value="seeing_people"' not in text


def test_it_offers_anyone_else_the_adults_categories(person, practitioner):
    text = signed_in(practitioner).get(reverse("outcomes:create", args=[person.pk])).content
    assert b'value="seeing_people"' in text
    assert b'value="carer_life_of_own"' not in text


def test_it_saves_a_carers_outcome_with_a_carers_category(carer, practitioner):
    response = signed_in(practitioner).post(
        reverse("outcomes:create", args=[carer.pk]), {**FORM, "category": "carer_life_of_own"}
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(person=carer)
    assert outcome.get_category_display() == "A life of their own"
    assert outcome.category_group == "Carer: quality of life for the carer"


@pytest.mark.parametrize(
    ("who", "category"), [("carer", "seeing_people"), ("person", "carer_life_of_own")]
)
def test_it_refuses_a_category_from_the_other_list(request, practitioner, who, category):
    someone = request.getfixturevalue(who)
    response = signed_in(practitioner).post(
        reverse("outcomes:create", args=[someone.pk]), {**FORM, "category": category}
    )
    assert response.status_code == 200
    assert "Choose one of the Talking Points categories." in response.content.decode()
    assert not Outcome.objects.filter(person=someone).exists()


def test_it_keeps_an_earlier_category_when_the_record_becomes_a_carers(person, practitioner):
    outcome = OutcomeFactory(person=person, category="seeing_people")
    person.is_carer = True
    person.save()
    page = signed_in(practitioner).get(reverse("outcomes:edit", args=[outcome.pk])).content
    assert b'value="seeing_people" selected' in page
    assert b'value="carer_life_of_own"' in page
