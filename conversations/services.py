"""Writes to conversation records."""

from __future__ import annotations

from django.db import transaction

from conversations.models import Conversation, Preparation
from pphw.entered_in_error import RecordEnteredInError
from pphw.people.models import Person, User
from pphw.versioning import save_versioned


@transaction.atomic
def conversation_record(*, person: Person, by: User, **fields) -> Conversation:
    """Record a what matters conversation held by ``by`` with ``person``."""
    conversation = Conversation(person=person, practitioner=by, **fields)
    conversation._history_user = by
    conversation.save()
    # The person's open preparation notes were for this conversation: link them,
    # so the person's next note starts afresh and staff can see what was prepared.
    for note in Preparation.objects.filter(person=person, conversation__isnull=True):
        note.conversation = conversation
        note.version += 1
        note._history_user = by
        note._change_reason = "Talked about in the conversation"
        note.save()
    return conversation


@transaction.atomic
def conversation_update(
    *, conversation: Conversation, by: User, expected_version: int, reason: str = "", **fields
) -> Conversation:
    """Change a conversation record through the version guard; raises VersionConflict if stale."""
    if conversation.entered_in_error:
        raise RecordEnteredInError("This conversation was entered in error.")
    for name, value in fields.items():
        setattr(conversation, name, value)
    return save_versioned(conversation, expected_version=expected_version, user=by, reason=reason)


@transaction.atomic
def conversation_mark_entered_in_error(
    *, conversation: Conversation, by: User, reason: str, expected_version: int
) -> Conversation:
    """Take a wrongly recorded conversation out of working lists; it stays in history.

    Raises :class:`pphw.versioning.VersionConflict` if it changed since the form was opened.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to mark a conversation entered in error.")
    conversation.mark_entered_in_error(reason=reason)
    return save_versioned(
        conversation,
        expected_version=expected_version,
        user=by,
        reason=f"Entered in error: {reason}",
    )


@transaction.atomic
def preparation_save(
    *,
    person: Person,
    by: User,
    talk_about: str,
    matters_most: str,
    going_well: str,
    preparation: Preparation | None = None,
    expected_version: int | None = None,
) -> Preparation:
    """The person's note for their next conversation: update the open one, or start one.

    An open note is changed through the version guard (raises VersionConflict if
    it changed since ``expected_version``).
    """
    if preparation is None:
        preparation = Preparation(person=person)
    preparation.talk_about = talk_about
    preparation.matters_most = matters_most
    preparation.going_well = going_well
    if preparation.pk:
        return save_versioned(
            preparation, expected_version=expected_version or 0, user=by, reason=""
        )
    preparation._history_user = by
    preparation.save()
    return preparation
