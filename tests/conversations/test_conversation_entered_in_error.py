import pytest
from django.urls import reverse

from conversations.models import Conversation
from tests.helpers import OUTSIDERS, assert_login_redirect


def url(conversation):
    return reverse("conversations:entered_in_error", args=[conversation.pk])


def test_it_marks_the_conversation_and_takes_it_off_the_timeline(
    client, practitioner, person, conversation
):
    client.force_login(practitioner)
    assert client.get(url(conversation)).status_code == 200
    response = client.post(url(conversation), {"version": 1, "reason": "Wrong person's record"})
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    conversation.refresh_from_db()
    assert conversation.entered_in_error
    newest = conversation.history.first()
    assert newest.history_user == practitioner
    assert newest.history_change_reason == "Entered in error: Wrong person's record"
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Entered in error (1)" in page
    assert "No conversations recorded yet." in page


def test_it_requires_a_reason(client, practitioner, conversation):
    client.force_login(practitioner)
    response = client.post(url(conversation), {"version": 1, "reason": ""})
    assert "Say why this was entered in error." in response.content.decode()
    assert not Conversation.objects.get(pk=conversation.pk).entered_in_error


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, conversation):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(conversation), {"version": 1, "reason": "x"}).status_code == 404
    assert not Conversation.objects.get(pk=conversation.pk).entered_in_error


def test_it_sends_anonymous_users_to_login(client, conversation):
    assert_login_redirect(client.post(url(conversation), {"version": 1, "reason": "x"}))
    assert not Conversation.objects.get(pk=conversation.pk).entered_in_error
