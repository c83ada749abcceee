from __future__ import annotations

import pytest

from tests.factories import ConversationFactory

OUTSIDERS = ["stranger", "other_lead", "person_user"]


@pytest.fixture
def conversation(person, practitioner):
    return ConversationFactory(person=person, practitioner=practitioner)


@pytest.fixture
def other_conversation(other_person, stranger):
    return ConversationFactory(person=other_person, practitioner=stranger)


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
