"""The two record reads built once per process for staff choose exactly the rows that
``visible_to`` lets the same user see, so that the access rule is one rule."""

import pytest
from django.http import Http404

from outcomes.models import Outcome
from outcomes.queries import outcome_for_staff
from pphw.people import access
from pphw.people.access import staff_person
from pphw.people.models import Person
from pphw.people.roles import roles_for
from tests.factories import OutcomeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _seen(user, queryset, pk):
    try:
        return access.get_for_user(user, queryset, pk)
    except Http404:
        return None


@pytest.fixture
def records(team, other_team, person, other_person):
    closed = PersonFactory(team=team, closed_on="2026-01-05", closure_reason="Moved away")
    outcomes = [OutcomeFactory(person=p) for p in (person, other_person, closed)]
    withdrawn = OutcomeFactory(person=person)
    Outcome.objects.filter(pk=withdrawn.pk).update(person=None)
    return [person, other_person, closed], [*outcomes, withdrawn]


@pytest.mark.parametrize("who", ["practitioner", "lead", "stranger", "other_lead"])
def test_staff_reads_choose_what_visible_to_chooses(request, who, records):
    user = request.getfixturevalue(who)
    people, outcomes = records
    for person in people:
        expected = _seen(user, Person.objects.all(), person.pk)
        try:
            found = staff_person(user, person.pk)
        except Http404:
            found = None
        assert found == expected, (who, person)
    team_ids = roles_for(user).team_ids
    for outcome in outcomes:
        expected = _seen(user, Outcome.objects.all(), outcome.pk)
        assert outcome_for_staff(outcome.pk, team_ids) == expected, (who, outcome)
