"""The record's conversations, "what the person wrote" and the print page's outcomes,
kept per process as rendered parts (docs/architecture.md, "Rendered parts kept in memory").

As in test_rendered_parts.py: each test fills the cache with the page as it was,
then edits or switches user, and checks the next page is never stale and never
shows a part to someone who may not see what it shows.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse

from conversations.services import (
    conversation_mark_entered_in_error,
    conversation_update,
    preparation_save,
)
from outcomes.services import reflection_add, step_mark_entered_in_error, step_update
from pphw.community.models import Service
from pphw.people.models import Membership
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    OutcomeFactory,
    ServiceFactory,
    StepFactory,
    UserFactory,
)
from tests.helpers import signed_in
from tests.perf.test_rendered_parts import kept_parts, page


@pytest.fixture(autouse=True)
def empty_parts():
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


# --- the conversations section of the record -------------------------------------------


def test_it_keeps_the_conversations_and_shows_an_edit_at_once(person, practitioner):
    conversation = ConversationFactory(
        person=person, practitioner=practitioner, what_matters="Getting back to the choir."
    )
    client = signed_in(practitioner)
    assert "Getting back to the choir." in page(client, "people:detail", person.pk)
    assert any("Getting back to the choir." in part for part in kept_parts())

    conversation_update(
        conversation=conversation,
        by=practitioner,
        expected_version=conversation.version,
        what_matters="Getting back to the choir on Thursdays.",
        agreed_with_person=True,
    )
    html = page(client, "people:detail", person.pk)
    assert "Getting back to the choir on Thursdays." in html
    assert "Getting back to the choir.<" not in html
    assert f"; agreed with {person.known_as}" in html


def test_it_moves_a_conversation_entered_in_error_at_once(person, practitioner):
    conversation = ConversationFactory(
        person=person, practitioner=practitioner, what_matters="Seeing my brother in Oban."
    )
    client = signed_in(practitioner)
    assert "Seeing my brother in Oban." in page(client, "people:detail", person.pk)

    conversation_mark_entered_in_error(
        conversation=conversation,
        by=practitioner,
        reason="Recorded on the wrong day.",
        expected_version=conversation.version,
    )
    html = page(client, "people:detail", person.pk)
    assert "Seeing my brother in Oban." not in html
    assert "No conversations recorded yet." in html
    assert "Entered in error (1)" in html


def test_it_shows_a_closed_service_and_a_practitioners_new_name_at_once(person, practitioner):
    shed = ServiceFactory(name="Inverness Men's Shed")
    ConversationFactory(person=person, practitioner=practitioner).services.add(shed)
    client = signed_in(practitioner)
    html = page(client, "people:detail", person.pk)
    assert "Inverness Men&#x27;s Shed<" in html
    assert "with Callum Fraser" in html

    shed.status = Service.Status.CLOSED
    shed.save()
    practitioner.first_name = "Cal"
    practitioner.save()
    html = page(client, "people:detail", person.pk)
    assert "Inverness Men&#x27;s Shed (closed)" in html
    assert "with Cal Fraser" in html


def test_it_gives_a_second_person_of_the_same_shape_their_own_conversations(
    person, right_person, practitioner
):
    ConversationFactory(person=person, practitioner=practitioner, what_matters="My garden.")
    ConversationFactory(person=right_person, practitioner=practitioner, what_matters="My dog.")
    client = signed_in(practitioner)
    assert "My garden." in page(client, "people:detail", person.pk)
    html = page(client, "people:detail", right_person.pk)
    assert "My dog." in html and "My garden." not in html


# --- what the person wrote ---------------------------------------------------------------


def test_it_shows_what_the_person_wrote_at_once(person, person_user, practitioner):
    outcome = OutcomeFactory(person=person)
    note = preparation_save(
        person=person,
        by=person_user,
        talk_about="My new tablets.",
        matters_most="Sleeping better.",
        going_well="",
    )
    client = signed_in(practitioner)
    html = page(client, "people:detail", person.pk)
    assert "My new tablets." in html
    assert "No notes on how it is going yet." in html
    assert any("My new tablets." in part for part in kept_parts())

    reflection_add(outcome=outcome, by=person_user, text="Better this week.", rating=6)
    preparation_save(
        person=person,
        by=person_user,
        talk_about="My new tablets and the bus pass.",
        matters_most="Sleeping better.",
        going_well="Walking to the shop.",
        preparation=note,
        expected_version=note.version,
    )
    html = page(client, "people:detail", person.pk)
    assert "Better this week." in html and "rated 6 out of 10" in html
    assert "My new tablets and the bus pass." in html
    assert "Walking to the shop." in html
    assert "No notes on how it is going yet." not in html


def test_it_shows_the_section_once_the_person_has_a_login(person, practitioner, team):
    client = signed_in(practitioner)
    assert "person-wrote-heading" not in page(client, "people:detail", person.pk)

    person.user = UserFactory(username="isla2")
    person.save()
    assert "person-wrote-heading" in page(client, "people:detail", person.pk)


# --- the print page's section ----------------------------------------------------------


def test_it_drops_a_step_entered_in_error_from_the_print_page_at_once(person, practitioner):
    outcome = OutcomeFactory(person=person, statement="I want to swim again.")
    step = StepFactory(outcome=outcome, what="Ring the pool about the quiet session")
    StepFactory(outcome=OutcomeFactory(person=person), what="Buy a bus pass")
    client = signed_in(practitioner)
    html = page(client, "people:print", person.pk)
    assert "Ring the pool about the quiet session" in html and "Buy a bus pass" in html

    step_mark_entered_in_error(
        step=step, by=practitioner, reason="Not agreed.", expected_version=step.version
    )
    html = page(client, "people:print", person.pk)
    assert "Ring the pool about the quiet session" not in html
    assert "Buy a bus pass" in html


def test_it_shows_who_does_a_step_on_the_print_page_at_once(person, practitioner):
    step = StepFactory(outcome=OutcomeFactory(person=person), what="Ask about the lunch club")
    client = signed_in(practitioner)
    assert "Ask about the lunch club" in page(client, "people:print", person.pk)

    step_update(step=step, by=practitioner, expected_version=1, who_name="Aunt Jean")
    assert "(Aunt Jean)" in page(client, "people:print", person.pk)


# --- nobody who may not see the record gets its parts ---------------------------------


@pytest.fixture
def everyone_else(person, person_user, helper_delegation, kirsty, stranger, other_lead):
    """Everyone who may not see ``person``'s staff record, by what they are."""
    admin = UserFactory(username="admin", is_staff=True)
    return {
        "the person themselves": person_user,
        "a delegate who may help": kirsty,
        "a practitioner of another team": stranger,
        "a lead of another team": other_lead,
        "a staff admin in no team": admin,
    }


def test_it_never_shows_the_records_parts_to_anyone_who_may_not_see_them(
    person, practitioner, other_person, everyone_else
):
    outcome = OutcomeFactory(person=person, statement="I want to sing in the choir.")
    StepFactory(outcome=outcome, what="Find the choir's rehearsal night")
    ConversationFactory(person=person, practitioner=practitioner, what_matters="Music, always.")
    reflection_add(outcome=outcome, by=person.user, text="I went once!", rating=7)
    ConversationFactory(person=other_person, what_matters="Fishing with my son.")
    shown = ("choir", "Music, always.", "I went once!")
    client = signed_in(practitioner)
    assert all(words in page(client, "people:detail", person.pk) for words in shown)
    assert "choir" in page(client, "people:print", person.pk)
    assert all(any(words in part for part in kept_parts()) for words in shown)

    for who, user in everyone_else.items():
        other = signed_in(user)
        for name in ("people:detail", "people:print"):
            response = other.get(reverse(name, args=[person.pk]))
            assert response.status_code in (302, 403, 404), (who, name)
            body = response.content.decode()
            assert not any(words in body for words in shown), (who, name)

    # The other team's own record shows its own parts, never this one's.
    stranger = signed_in(everyone_else["a practitioner of another team"])
    theirs = page(stranger, "people:detail", other_person.pk)
    assert "Fishing with my son." in theirs
    assert not any(words in theirs for words in shown)


def test_it_shows_a_lead_of_the_team_the_same_parts_without_a_viewers_name(
    person, practitioner, team
):
    ConversationFactory(person=person, practitioner=practitioner, what_matters="My grandson.")
    lead = UserFactory(username="lead2", first_name="Iona", last_name="Bain")
    MembershipFactory(user=lead, team=team, role=Membership.Role.LEAD)
    mine = page(signed_in(practitioner), "people:detail", person.pk)
    theirs = page(signed_in(lead), "people:detail", person.pk)

    def conversations(html: str) -> str:
        return html.split('id="conversations-heading"')[1].split("</section>")[0]

    assert "My grandson." in conversations(theirs)
    assert conversations(theirs) == conversations(mine)
    assert "Iona Bain" not in conversations(theirs)
