import datetime

import pytest

from conversations.models import Conversation
from conversations.services import conversation_mark_entered_in_error, conversation_record
from pphw.versioning import VersionConflict, save_versioned


def test_it_records_a_conversation_held_by_the_practitioner(person, practitioner):
    conversation = conversation_record(
        person=person,
        by=practitioner,
        held_on=datetime.date(2026, 11, 2),
        mode=Conversation.Mode.PHONE,
        others_present="Her daughter",
        what_matters="Getting back to the choir 🎶",
        strengths="Loves singing; neighbour drives",
        practitioner_notes="",
        agreed_with_person=True,
    )
    conversation.refresh_from_db()
    assert conversation.person == person
    assert conversation.practitioner == practitioner
    assert conversation.what_matters == "Getting back to the choir 🎶"
    record = conversation.history.get()
    assert record.history_type == "+"
    assert record.history_user == practitioner


def test_it_marks_a_conversation_entered_in_error_and_keeps_it(person, practitioner, lead):
    conversation = conversation_record(person=person, by=practitioner, what_matters="Wrong person")
    conversation_mark_entered_in_error(
        conversation=conversation,
        by=lead,
        reason="Recorded for the wrong person",
        expected_version=1,
    )
    conversation.refresh_from_db()
    assert conversation.entered_in_error
    assert conversation.entered_in_error_reason == "Recorded for the wrong person"
    assert Conversation.objects.filter(pk=conversation.pk).exists()
    assert not Conversation.objects.current().filter(pk=conversation.pk).exists()
    newest = conversation.history.first()
    assert newest.history_user == lead
    assert newest.history_change_reason == "Entered in error: Recorded for the wrong person"


def test_it_refuses_entered_in_error_without_a_reason(person, practitioner):
    conversation = conversation_record(person=person, by=practitioner, what_matters="x")
    with pytest.raises(ValueError):
        conversation_mark_entered_in_error(
            conversation=conversation, by=practitioner, reason="  ", expected_version=1
        )
    conversation.refresh_from_db()
    assert not conversation.entered_in_error


def test_it_refuses_entered_in_error_from_an_old_version(person, practitioner):
    conversation = conversation_record(person=person, by=practitioner, what_matters="x")
    fresh = Conversation.objects.get(pk=conversation.pk)
    fresh.what_matters = "changed by a colleague"
    save_versioned(fresh, expected_version=1, user=practitioner)
    with pytest.raises(VersionConflict):
        conversation_mark_entered_in_error(
            conversation=conversation, by=practitioner, reason="oops", expected_version=1
        )
    assert not Conversation.objects.get(pk=conversation.pk).entered_in_error
