from __future__ import annotations

import pytest

from tests.factories import ConversationFactory


@pytest.fixture
def conversation(person, practitioner):
    return ConversationFactory(person=person, practitioner=practitioner)


@pytest.fixture
def other_conversation(other_person, stranger):
    return ConversationFactory(person=other_person, practitioner=stranger)
