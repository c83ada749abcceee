import pytest
from django.urls import reverse

from conversations.models import Conversation, Preparation
from tests.helpers import OUTSIDERS, assert_login_redirect

FORM = {
    "held_on": "2026-11-02",
    "mode": "phone",
    "others_present": "Her son, Jamie",
    "what_matters": "Getting back to the bowling club on a Tuesday",
    "strengths": "Jamie drives; knows everyone at the club",
    "practitioner_notes": "Hip pain after long walks",
    "agreed_with_person": "on",
}


def url(person):
    return reverse("conversations:create", args=[person.pk])


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_records_a_conversation_for_the_team(client, request, who, person):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url(person)).status_code == 200
    response = client.post(url(person), FORM)
    conversation = Conversation.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:detail", args=[conversation.pk])
    assert conversation.practitioner == user
    assert conversation.agreed_with_person
    assert conversation.history.get().history_user == user


def test_it_goes_on_to_add_an_outcome_from_the_conversation(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(url(person), {**FORM, "then": "outcome"})
    conversation = Conversation.objects.get(person=person)
    assert response["Location"] == (
        reverse("outcomes:create", args=[person.pk]) + f"?conversation={conversation.pk}"
    )


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, person):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), FORM).status_code == 404
    assert not Conversation.objects.exists()


def test_it_sends_anonymous_users_to_login(client, person):
    assert_login_redirect(client.get(url(person)))
    assert_login_redirect(client.post(url(person), FORM))
    assert not Conversation.objects.exists()


def test_it_ignores_a_person_id_slipped_into_the_post(client, practitioner, person, other_person):
    client.force_login(practitioner)
    client.post(url(person), {**FORM, "person": other_person.pk, "practitioner": 999})
    conversation = Conversation.objects.get()
    assert conversation.person == person
    assert conversation.practitioner == practitioner


def test_it_keeps_the_input_and_explains_bad_input(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(
        url(person), {**FORM, "what_matters": "", "held_on": "31/02/2026", "strengths": "Kept ✓"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write down what matters to the person, in their own words." in page
    assert "Enter a real date, for example 26/11/2026." in page
    assert "Kept ✓" in page
    assert not Conversation.objects.exists()


def test_it_keeps_long_unicode_and_script_text_exactly(client, practitioner, person):
    start = "Ceòl agus 🏴󠁧󠁢󠁳󠁣󠁴󠁿 "
    long_text = start + "x" * (10_000 - len(start))
    client.force_login(practitioner)
    client.post(
        url(person),
        {**FORM, "what_matters": long_text, "strengths": "<script>alert('hi')</script>"},
    )
    conversation = Conversation.objects.get()
    assert conversation.what_matters == long_text
    response = client.get(reverse("conversations:detail", args=[conversation.pk]))
    page = response.content.decode()
    assert long_text in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page


def test_it_refuses_words_longer_than_ten_thousand_characters(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(url(person), {**FORM, "what_matters": "x" * 10_001})
    assert response.status_code == 200
    assert "This is longer than 10,000 characters (it has 10,001)." in response.content.decode()
    assert not Conversation.objects.exists()


def test_it_shows_the_persons_preparation_note_and_links_it(client, practitioner, person):
    note = Preparation.objects.create(
        person=person, talk_about="My sleep, and the bus pass", going_well="Choir on Fridays"
    )
    client.force_login(practitioner)
    page = client.get(url(person)).content.decode()
    assert "before this conversation" in page
    assert "My sleep, and the bus pass" in page
    client.post(url(person), FORM)
    note.refresh_from_db()
    conversation = Conversation.objects.get(person=person)
    assert note.conversation == conversation
    latest = note.history.first()
    assert latest.history_user == practitioner
    assert latest.history_change_reason == "Talked about in the conversation"
    # Once talked about, the note is no longer shown as the one to prepare for.
    assert "My sleep, and the bus pass" not in client.get(url(person)).content.decode()
