import pytest
from django.urls import reverse

from tests.factories import OutcomeFactory
from tests.helpers import OUTSIDERS, assert_login_redirect


def url(conversation):
    return reverse("conversations:detail", args=[conversation.pk])


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_shows_the_conversation_and_its_outcomes(client, request, who, conversation):
    OutcomeFactory(person=conversation.person, conversation=conversation, statement="Bowls again")
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(conversation))
    page = response.content.decode()
    assert response.status_code == 200
    assert conversation.what_matters in page
    assert "Bowls again" in page
    assert "Add an outcome from this conversation" in page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, conversation):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(conversation)).status_code == 404


def test_it_sends_anonymous_users_to_login(client, conversation):
    assert_login_redirect(client.get(url(conversation)))


def test_it_shows_a_conversation_entered_in_error_without_actions(
    client, practitioner, conversation
):
    conversation.mark_entered_in_error(reason="Wrong person")
    conversation.save()
    client.force_login(practitioner)
    page = client.get(url(conversation)).content.decode()
    assert "Entered in error." in page
    assert "Wrong person" in page
    assert "Edit the conversation" not in page
