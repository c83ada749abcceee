"""Which rows each care-record QuerySet lets a user see: the rule every page is built on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conversations.models import Conversation, Preparation
from outcomes.models import Outcome, Reflection, Step
from pphw.people.models import Person
from reviews.models import Review
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    OutcomeFactory,
    ReviewFactory,
    StepFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(person, person_user, other_person):
    """One of each care record about ``person`` and about ``other_person``."""

    def make(who):
        outcome = OutcomeFactory(person=who)
        return {
            Person: who,
            Conversation: ConversationFactory(person=who),
            Preparation: Preparation.objects.create(person=who, talk_about="My garden"),
            Outcome: outcome,
            Step: StepFactory(outcome=outcome),
            Reflection: Reflection.objects.create(outcome=outcome, author=person_user, text="Ok"),
            Review: ReviewFactory(outcome=outcome),
        }

    return {"mine": make(person), "theirs": make(other_person)}


MODELS = [Person, Conversation, Preparation, Outcome, Step, Reflection, Review]


def _visible(model, user) -> set[int]:
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_staff_the_rows_about_the_people_of_their_teams(model, records, practitioner):
    assert _visible(model, practitioner) == {records["mine"][model].pk}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_a_person_their_own_rows_only(model, records, person_user):
    assert _visible(model, person_user) == {records["mine"][model].pk}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_a_lead_of_another_team_only_that_team(model, records, other_lead):
    assert _visible(model, other_lead) == {records["theirs"][model].pk}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_nothing_to_a_user_with_no_relationship(model, records):
    nobody = UserFactory(username="nobody")
    assert _visible(model, nobody) == set()
    assert _visible(model, AnonymousUser()) == set()


def test_it_shows_a_member_of_two_teams_both(records, practitioner, other_team):
    MembershipFactory(user=practitioner, team=other_team)
    practitioner.__dict__.pop("_pphw_roles", None)
    assert _visible(Outcome, practitioner) == {
        records["mine"][Outcome].pk,
        records["theirs"][Outcome].pk,
    }


def test_it_answers_in_one_query_once_the_roles_are_known(
    records, practitioner, django_assert_num_queries
):
    Outcome.objects.visible_to(practitioner).count()  # works the roles out once
    with django_assert_num_queries(1):
        assert Step.objects.visible_to(practitioner).current().count() == 1
