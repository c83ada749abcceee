"""Which rows each care-record QuerySet lets a user see: the rule every page is built on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from conversations.models import Conversation, Preparation
from outcomes.models import Outcome, Reflection, Step
from pphw.people.models import Person
from pphw.people.roles import visible_lists
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


def _by_user(model, user):
    return model.objects.visible_to(user)


def _by_lists(model, user):
    # As a statement built once reads them: the user's teams and own record as lists.
    return model.objects.visible_to_lists(*visible_lists(user))


@pytest.fixture(params=[_by_user, _by_lists], ids=["visible_to", "visible_to_lists"])
def visible(request):
    def rows(model, user) -> set[int]:
        return set(request.param(model, user).values_list("pk", flat=True))

    return rows


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_staff_the_rows_about_the_people_of_their_teams(
    model, records, visible, practitioner
):
    assert visible(model, practitioner) == {records["mine"][model].pk}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_a_person_their_own_rows_only(model, records, visible, person_user):
    assert visible(model, person_user) == {records["mine"][model].pk}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_a_lead_of_another_team_only_that_team(model, records, visible, other_lead):
    assert visible(model, other_lead) == {records["theirs"][model].pk}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_shows_nothing_to_a_user_with_no_relationship(model, records, visible):
    nobody = UserFactory(username="nobody")
    assert visible(model, nobody) == set()
    assert visible(model, AnonymousUser()) == set()


def test_it_shows_a_member_of_two_teams_both(records, visible, practitioner, other_team):
    MembershipFactory(user=practitioner, team=other_team)
    practitioner.__dict__.pop("_pphw_roles", None)
    assert visible(Outcome, practitioner) == {
        records["mine"][Outcome].pk,
        records["theirs"][Outcome].pk,
    }


def test_it_answers_in_one_query_once_the_roles_are_known(
    records, practitioner, django_assert_num_queries
):
    Outcome.objects.visible_to(practitioner).count()  # works the roles out once
    with django_assert_num_queries(1):
        assert Step.objects.visible_to(practitioner).current().count() == 1
