from __future__ import annotations

import pytest
from django.urls import reverse

from outcomes.vocabulary import Lifecycle, StepWho
from tests.factories import OutcomeFactory, StepFactory
from tests.helpers import assert_login_redirect

from .conftest import main_text


def test_it_groups_my_outcomes_in_plain_words(
    client, person_user, outcome, my_step, their_step, closed_outcome, error_outcome
):
    client.force_login(person_user)
    response = client.get(reverse("me:home"))
    assert response.status_code == 200
    page = response.content.decode()
    working = page.index("Working on now")
    closed = page.index("Achieved or closed")
    assert working < page.index("I want to get back to the allotment") < closed
    assert closed < page.index("I want to sleep better")
    assert "Typed on the wrong record" not in page
    assert "Phone Jean about a lift" in page
    assert "Who: You." in page
    assert "Your practitioner (Callum)" in page
    assert outcome.next_review_due.strftime("%-d %B %Y") in page
    for jargon in ("lifecycle", "things_to_do", "active", "entered-in-error", "in-progress"):
        assert jargon not in main_text(response).lower()


def test_it_keeps_the_your_support_card(client, person_user, person, practitioner):
    client.force_login(person_user)
    page = client.get(reverse("me:home")).content.decode()
    assert "Your support" in page
    assert person.team.name in page
    assert "Callum Fraser" in page


def test_it_shows_nothing_of_anyone_else(client, person_user, outcome, other_outcome, other_step):
    client.force_login(person_user)
    page = client.get(reverse("me:home")).content.decode()
    assert "Fatima" not in page


def test_it_is_404_for_staff(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("me:home")).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    assert_login_redirect(client.get(reverse("me:home")))


@pytest.mark.parametrize("outcomes,steps_each", [(2, 1), (30, 10)])
def test_it_costs_the_same_queries_whatever_the_data(
    client, person_user, person, django_assert_max_num_queries, outcomes, steps_each
):
    for n in range(outcomes):
        outcome = OutcomeFactory(
            person=person,
            lifecycle_status=Lifecycle.ACTIVE if n % 2 else Lifecycle.COMPLETED,
        )
        for _ in range(steps_each):
            StepFactory(outcome=outcome, who=StepWho.FAMILY, who_name="Mum")
    client.force_login(person_user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("me:home"))
    assert response.status_code == 200
