import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Outcome
from tests.factories import ConversationFactory
from tests.helpers import OUTSIDERS, assert_login_redirect

FORM = {
    "statement": "I want to go to the football with my grandson",
    "why_it_matters": "It's our thing",
    "category": "seeing_people",
    "strengths": "Season ticket",
    "baseline_rating": "2",
    "baseline_reason": "Not been since the fall",
    "target_rating": "9",
    "what_could_help": "A lift",
    "review_interval_days": "60",
    "lifecycle_status": "active",
}


def url(person, query=""):
    return reverse("outcomes:create", args=[person.pk]) + query


@pytest.mark.parametrize("who", ["practitioner", "lead"])
def test_it_adds_an_outcome_with_its_review_date(client, request, who, person):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url(person)).status_code == 200
    response = client.post(url(person), FORM)
    outcome = Outcome.objects.get(person=person)
    assert response["Location"] == reverse("outcomes:detail", args=[outcome.pk])
    assert outcome.statement == FORM["statement"]
    assert outcome.next_review_due == timezone.localdate() + datetime.timedelta(days=60)
    assert outcome.history.get().history_user == user


def test_it_links_the_conversation_given_in_the_address(client, practitioner, person, conversation):
    client.force_login(practitioner)
    page = client.get(url(person, f"?conversation={conversation.pk}")).content.decode()
    assert f'<option value="{conversation.pk}" selected>' in page
    response = client.post(
        url(person, f"?conversation={conversation.pk}"),
        {**FORM, "conversation": conversation.pk, "then": "another"},
    )
    assert response["Location"] == url(person, f"?conversation={conversation.pk}")
    assert Outcome.objects.get().conversation == conversation


def test_it_goes_on_to_add_a_small_step(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(url(person), {**FORM, "then": "step"})
    assert response["Location"] == reverse("outcomes:step_create", args=[Outcome.objects.get().pk])


def test_it_answers_404_for_another_persons_conversation_in_the_address(
    client, practitioner, person, other_person
):
    theirs = ConversationFactory(person=other_person)
    client.force_login(practitioner)
    assert client.get(url(person, f"?conversation={theirs.pk}")).status_code == 404
    assert client.get(url(person, "?conversation=abc")).status_code == 404


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "-1", "1.0", "99999999999999999999"])
def test_it_answers_404_for_a_malformed_conversation_in_the_address(
    client, practitioner, person, conversation, value
):
    client.force_login(practitioner)
    assert client.get(url(person), {"conversation": value}).status_code == 404


def test_it_refuses_another_persons_conversation_in_the_post(
    client, practitioner, person, other_person
):
    theirs = ConversationFactory(person=other_person)
    client.force_login(practitioner)
    response = client.post(url(person), {**FORM, "conversation": theirs.pk})
    assert "Choose one of this person&#x27;s conversations." in response.content.decode()
    assert not Outcome.objects.exists()


def test_it_ignores_a_person_id_slipped_into_the_post(client, practitioner, person, other_person):
    client.force_login(practitioner)
    client.post(url(person), {**FORM, "person": other_person.pk})
    assert Outcome.objects.get().person == person


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_answers_404_to_anyone_outside_the_team(client, request, who, person):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), FORM).status_code == 404
    assert not Outcome.objects.exists()


def test_it_answers_404_when_adding_to_another_teams_person(client, practitioner, other_person):
    client.force_login(practitioner)
    assert client.post(url(other_person), FORM).status_code == 404
    assert not Outcome.objects.exists()


def test_it_sends_anonymous_users_to_login(client, person):
    assert_login_redirect(client.get(url(person)))
    assert_login_redirect(client.post(url(person), FORM))


@pytest.mark.parametrize("rating", ["11", "-1", "abc"])
def test_it_explains_a_bad_rating_and_keeps_the_rest(client, practitioner, person, rating):
    client.force_login(practitioner)
    response = client.post(
        url(person), {**FORM, "baseline_rating": rating, "statement": "Mo bheatha 💙"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number from 0 to 10." in page
    assert "Mo bheatha 💙" in page
    assert not Outcome.objects.exists()


def test_it_explains_an_empty_statement(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(url(person), {**FORM, "statement": ""})
    assert "Write the outcome in the person&#x27;s own words." in response.content.decode()
    assert not Outcome.objects.exists()


def test_it_keeps_long_unicode_and_script_text_exactly(client, practitioner, person):
    start = "Tha mi ag iarraidh 🌈 — «quoted» "
    narrative = start + "y" * (5_000 - len(start))
    client.force_login(practitioner)
    client.post(
        url(person),
        {**FORM, "why_it_matters": narrative, "statement": "<script>alert(1)</script> café"},
    )
    outcome = Outcome.objects.get()
    assert outcome.why_it_matters == narrative
    assert outcome.statement == "<script>alert(1)</script> café"
    page = client.get(reverse("outcomes:detail", args=[outcome.pk])).content.decode()
    assert narrative in page
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; café" in page


def test_it_refuses_words_longer_than_five_thousand_characters(client, practitioner, person):
    client.force_login(practitioner)
    response = client.post(url(person), {**FORM, "statement": "y" * 5_001})
    assert response.status_code == 200
    assert "This is longer than 5,000 characters (it has 5,001)." in response.content.decode()
    assert not Outcome.objects.exists()


def test_it_shows_the_conversations_words_and_strengths_beside_the_form(
    client, practitioner, person
):
    conversation = ConversationFactory(
        person=person,
        what_matters="Getting out to see my pals at the club",
        strengths="My daughter drives; the club has a ramp",
    )
    client.force_login(practitioner)
    page = client.get(url(person, f"?conversation={conversation.pk}")).content.decode()
    assert "Getting out to see my pals at the club" in page
    assert "My daughter drives; the club has a ramp" in page
    assert f"?conversation={conversation.pk}&amp;from_words=1" in page
    # The form starts empty until the practitioner chooses to start from the words.
    assert ">Getting out to see my pals at the club</textarea>" not in page


def test_it_starts_the_outcome_from_the_persons_words(client, practitioner, person):
    conversation = ConversationFactory(
        person=person,
        what_matters="Getting out to see my pals at the club",
        strengths="My daughter drives",
    )
    client.force_login(practitioner)
    page = client.get(url(person, f"?conversation={conversation.pk}&from_words=1")).content.decode()
    assert ">\nGetting out to see my pals at the club</textarea>" in page
    assert ">\nMy daughter drives</textarea>" in page
