"""Each person's kept latest conversation stays equal to what the conversations say."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conversations.models import Conversation, LastConversation
from conversations.services import (
    conversation_mark_entered_in_error,
    conversation_move,
    conversation_record,
    conversation_update,
)
from conversations.summaries import last_conversation_differences, last_conversation_rebuild
from tests.factories import PersonFactory
from tests.helpers import series_of_writes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _kept() -> list[tuple]:
    return list(LastConversation.objects.order_by("person_id").values_list("person_id", "held_on"))


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("record"), st.integers(0, 2), st.integers(0, 400)),
        st.tuples(st.just("redate"), st.integers(0, 5), st.integers(0, 400)),
        st.tuples(st.just("in_error"), st.integers(0, 5)),
        st.tuples(st.just("move"), st.integers(0, 5), st.integers(0, 3)),
    ),
    max_size=14,
)


@series_of_writes()
@given(actions=ACTIONS)
def test_it_keeps_the_latest_conversation_equal_to_a_rebuild(actions, practitioner, person, team):
    """After any series of conversations, date changes, entered-in-error marks and moves
    (withdrawals included): maintained == rebuilt."""
    with transaction.atomic():
        people = [person, PersonFactory(team=team), PersonFactory(team=team)]
        recorded: list[Conversation] = []
        for kind, index, *rest in actions:
            if kind == "record":
                (days_ago,) = rest
                recorded.append(
                    conversation_record(
                        person=people[index],
                        by=practitioner,
                        held_on=TODAY - datetime.timedelta(days=days_ago),
                        what_matters="Getting out more",
                    )
                )
                continue
            if index >= len(recorded):
                continue
            conversation = Conversation.objects.get(pk=recorded[index].pk)
            if kind == "redate" and not conversation.entered_in_error:
                (days_ago,) = rest
                conversation_update(
                    conversation=conversation,
                    by=practitioner,
                    expected_version=conversation.version,
                    held_on=TODAY - datetime.timedelta(days=days_ago),
                )
            elif kind == "in_error" and not conversation.entered_in_error:
                conversation_mark_entered_in_error(
                    conversation=conversation,
                    by=practitioner,
                    reason="Wrong date and person",
                    expected_version=conversation.version,
                )
            elif kind == "move" and conversation.person_id is not None:
                (to,) = rest
                to_person = None if to == 3 else people[to]
                if to_person is not None and to_person.pk == conversation.person_id:
                    continue
                conversation_move(
                    conversation=conversation,
                    by=practitioner,
                    to_person=to_person,
                    reason="Filed against the wrong person",
                    expected_version=conversation.version,
                )
        maintained = _kept()
        assert last_conversation_differences() == []
        last_conversation_rebuild()
        assert _kept() == maintained
        transaction.set_rollback(True)


def test_it_keeps_the_latest_date_not_entered_in_error(practitioner, person):
    older = conversation_record(
        person=person, by=practitioner, held_on=TODAY - datetime.timedelta(days=9), what_matters="a"
    )
    newer = conversation_record(
        person=person, by=practitioner, held_on=TODAY - datetime.timedelta(days=2), what_matters="b"
    )
    assert LastConversation.objects.get(person=person).held_on == newer.held_on
    conversation_mark_entered_in_error(
        conversation=newer, by=practitioner, reason="Wrong person", expected_version=1
    )
    assert LastConversation.objects.get(person=person).held_on == older.held_on
    conversation_mark_entered_in_error(
        conversation=older, by=practitioner, reason="Wrong person", expected_version=1
    )
    assert not LastConversation.objects.filter(person=person).exists()


def test_a_move_takes_the_date_to_the_right_person(practitioner, person, team):
    right = PersonFactory(team=team)
    conversation = conversation_record(
        person=person, by=practitioner, held_on=TODAY, what_matters="Wrong record"
    )
    conversation_move(
        conversation=conversation,
        by=practitioner,
        to_person=right,
        reason="Recorded against the wrong person",
        expected_version=1,
    )
    assert not LastConversation.objects.filter(person=person).exists()
    assert LastConversation.objects.get(person=right).held_on == TODAY


def test_the_command_rebuilds_and_checks(practitioner, person, capsys):
    conversation_record(person=person, by=practitioner, held_on=TODAY, what_matters="x")
    LastConversation.objects.all().delete()
    with pytest.raises(CommandError, match="1 person"):
        call_command("rebuild_last_conversations", "--check")
    call_command("rebuild_last_conversations")
    assert "Rebuilt 1 latest conversations" in capsys.readouterr().out
    call_command("rebuild_last_conversations", "--check")
    assert LastConversation.objects.get(person=person).held_on == TODAY
