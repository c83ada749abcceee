"""A small world for the security tests: two teams, each with a person and every kind of record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from pphw.people.models import User
from pphw.records.models import Disposal
from tests.factories import (
    CarerFactory,
    CaringRelationshipFactory,
    ConversationFactory,
    DelegationFactory,
    OutcomeFactory,
    ReviewFactory,
    ServiceFactory,
    StepFactory,
    UserFactory,
)


@dataclass
class Records:
    person: object
    conversation: object
    outcome: object
    step: object
    review: object
    disposal: object  # a disposal of the person's record waiting for a decision
    certificate: object  # a disposal of another record of the team, done
    service: object = None  # a service of the directory of local services
    caring: object = None  # a carer of the team caring for the person
    carer: object = None  # that carer's own record
    delegation: object = None  # someone the person trusts, who may see their plan


def make_records(person, practitioner) -> Records:
    conversation = ConversationFactory(person=person, practitioner=practitioner)
    outcome = OutcomeFactory(person=person, conversation=conversation)
    step = StepFactory(outcome=outcome)
    review = ReviewFactory(outcome=outcome, reviewed_by=practitioner)
    long_ago = datetime.date(2015, 1, 1)
    rule = "Kept 6 years after the record was closed"
    disposal = Disposal.objects.create(
        person=person,
        team=person.team,
        rule=rule,
        closed_on=long_ago,
        due_on=datetime.date(2021, 1, 1),
        requested_by=practitioner,
        reason="Retention period over",
    )
    certificate = Disposal.objects.create(
        team=person.team,
        status=Disposal.Status.DISPOSED,
        rule=rule,
        closed_on=long_ago,
        due_on=datetime.date(2021, 1, 1),
        requested_by=practitioner,
        decided_by=UserFactory(),
        rows_removed={"people.Person": 1},
    )
    service = ServiceFactory()
    caring = CaringRelationshipFactory(carer=CarerFactory(team=person.team), cared_for=person)
    delegation = DelegationFactory(person=person, delegate=UserFactory(), given_by=practitioner)
    return Records(
        person,
        conversation,
        outcome,
        step,
        review,
        disposal,
        certificate,
        service,
        caring=caring,
        carer=caring.carer,
        delegation=delegation,
    )


@pytest.fixture
def fast_passwords(settings):
    """Argon2 is slow on purpose; these tests create many users and hash no real secrets."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def north(person, practitioner) -> Records:
    return make_records(person, practitioner)


@pytest.fixture
def south(other_person, stranger) -> Records:
    return make_records(other_person, stranger)


@pytest.fixture
def staff_admin(db) -> User:
    """Django admin only: is_staff and superuser, but in no team and no one's person."""
    return UserFactory(username="admin", is_staff=True, is_superuser=True)
