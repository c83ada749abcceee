import pytest
from django.urls import reverse

from conversations.models import Conversation
from tests.helpers import OUTSIDERS, assert_login_redirect


def url(conversation):
    return reverse("conversations:edit", args=[conversation.pk])


def form(conversation, **changes):
    data = {
        "held_on": conversation.held_on.isoformat(),
        "mode": conversation.mode,
        "others_present": conversation.others_present,
        "what_matters": conversation.what_matters,
        "strengths": conversation.strengths,
        "practitioner_notes": conversation.practitioner_notes,
        "version": conversation.version,
        "reason": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_saves_an_edit_with_the_reason_in_history(client, request, who, conversation):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url(conversation)).status_code == 200
    response = client.post(
        url(conversation), form(conversation, strengths="Her dog, Bramble", reason="Spelling")
    )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.strengths == "Her dog, Bramble"
    assert conversation.version == 2
    newest = conversation.history.first()
    assert newest.history_user == user
    assert newest.history_change_reason == "Spelling"


def test_it_refuses_a_save_from_an_old_version_and_keeps_the_typing(
    client, practitioner, lead, conversation
):
    stale = form(conversation, strengths="My typing")
    client.force_login(lead)
    client.post(url(conversation), form(conversation, strengths="Lead's change"))
    client.force_login(practitioner)
    response = client.post(url(conversation), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: Morag MacLeod changed this record" in page
    assert "My typing" in page
    conversation.refresh_from_db()
    assert conversation.strengths == "Lead's change"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, conversation):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(conversation)).status_code == 404
    assert client.post(url(conversation), form(conversation, strengths="hack")).status_code == 404
    assert Conversation.objects.get(pk=conversation.pk).strengths != "hack"


def test_it_sends_anonymous_users_to_login(client, conversation):
    assert_login_redirect(client.get(url(conversation)))


def test_it_refuses_a_tampered_version(client, practitioner, conversation):
    client.force_login(practitioner)
    response = client.post(url(conversation), form(conversation, version="abc", strengths="x"))
    assert response.status_code == 200
    assert "damaged in transit" in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.strengths != "x"


def test_it_will_not_edit_a_conversation_entered_in_error(client, practitioner, conversation):
    conversation.mark_entered_in_error(reason="Wrong person")
    conversation.save()
    client.force_login(practitioner)
    response = client.post(url(conversation), form(conversation, strengths="x"))
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.strengths != "x"
