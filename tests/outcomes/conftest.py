from __future__ import annotations

import pytest

from tests.factories import ConversationFactory, OutcomeFactory, StepFactory


@pytest.fixture
def conversation(person, practitioner):
    return ConversationFactory(person=person, practitioner=practitioner)


@pytest.fixture
def outcome(person):
    return OutcomeFactory(person=person, statement="I want to get out to the shops on my own")


@pytest.fixture
def steps(outcome):
    return [
        StepFactory(outcome=outcome, what="Walk to the corner", order=0),
        StepFactory(outcome=outcome, what="Take the bus with Mum", order=1),
        StepFactory(outcome=outcome, what="Go to the Co-op alone", order=2),
    ]


@pytest.fixture
def step(steps):
    return steps[0]


@pytest.fixture
def other_outcome(other_person):
    return OutcomeFactory(person=other_person, statement="Somebody else's outcome")


@pytest.fixture
def other_step(other_outcome):
    return StepFactory(outcome=other_outcome, what="Somebody else's step")
