"""A conversation recorded against the wrong person: moved to the right one, or withdrawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conversations.models import Conversation
from conversations.services import conversation_record
from outcomes import services as outcome_services
from pphw.people.models import Refiling
from tests.helpers import everything_the_person_sees, post_move, signed_in

pytestmark = pytest.mark.django_db

WORDS = "Curlew watching from the sea wall"
NOTES = "Practitioner's note about the curlews"


@pytest.fixture
def misfiled(person, person_user, practitioner):
    return conversation_record(
        person=person, by=practitioner, what_matters=WORDS, practitioner_notes=NOTES
    )


def test_it_moves_the_conversation_to_the_right_person(
    misfiled, person, person_user, right_person, practitioner
):
    staff = signed_in(practitioner)
    staff.get(reverse("conversations:detail", args=[misfiled.pk]))
    assert post_move(staff, "conversations:move", misfiled, right_person).status_code == 302
    misfiled.refresh_from_db()
    assert misfiled.person == right_person
    wrong = everything_the_person_sees(signed_in(person_user))
    assert WORDS not in wrong and NOTES not in wrong
    looks = signed_in(person_user).get(reverse("audit:my_access")).context["page"].object_list
    # The look at the conversation while misfiled is gone; the move itself is kept.
    pages = [look.page for look in looks]
    assert "conversation" not in pages
    assert "conversation_move" in pages
    assert WORDS in everything_the_person_sees(signed_in(right_person.user))
    record = staff.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert WORDS not in record
    assert WORDS in staff.get(reverse("people:detail", args=[right_person.pk])).content.decode()
    assert Refiling.objects.get().kind == "conversation"


def test_it_unlinks_the_wrong_persons_outcomes_from_the_moved_conversation(
    misfiled, person, right_person, practitioner
):
    outcome = outcome_services.outcome_create(
        person=person,
        by=practitioner,
        conversation=misfiled,
        statement="Really Isla's own outcome",
        category="seeing_people",
    )
    post_move(signed_in(practitioner), "conversations:move", misfiled, right_person)
    outcome.refresh_from_db()
    assert outcome.conversation is None
    assert outcome.person == person
    assert "moved" in outcome.history.first().history_change_reason


def test_it_withdraws_a_conversation_whose_right_person_is_not_known(
    misfiled, person_user, practitioner
):
    assert (
        post_move(signed_in(practitioner), "conversations:move", misfiled, None).status_code == 302
    )
    misfiled.refresh_from_db()
    assert misfiled.person is None
    assert not Conversation.objects.visible_to(practitioner).filter(pk=misfiled.pk).exists()
    assert WORDS not in everything_the_person_sees(signed_in(person_user))


def test_it_needs_a_reason(misfiled, right_person, practitioner):
    response = post_move(
        signed_in(practitioner), "conversations:move", misfiled, right_person, reason=""
    )
    assert response.status_code == 200
    assert "Say why it is being moved." in response.content.decode()
    misfiled.refresh_from_db()
    assert misfiled.person != right_person
