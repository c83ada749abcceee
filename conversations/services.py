"""Writes to conversation records."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from conversations.models import Conversation, Preparation
from conversations.summaries import last_conversation_refresh
from pphw.audit.models import RecordAccess
from pphw.community.models import Service
from pphw.entered_in_error import RecordEnteredInError
from pphw.history import save_with_relations
from pphw.people.models import Person, Refiling, User
from pphw.people.services import refiling_record
from pphw.versioning import save_versioned

# The pages whose address names a conversation: a look at one is a look at it.
# (A look at the move page stays in both people's logs: it is the move's trace.)
CONVERSATION_PAGES = (
    "conversations:detail",
    "conversations:edit",
    "conversations:entered_in_error",
)


@transaction.atomic
def conversation_record(
    *, person: Person, by: User, services: Iterable[Service] = (), **fields
) -> Conversation:
    """Record a what matters conversation held by ``by`` with ``person``, and the
    local ``services`` the person already uses (one history row for both)."""
    conversation = Conversation(person=person, practitioner=by, **fields)
    conversation._history_user = by
    save_with_relations(conversation, {"services": list(services)})
    # The person's open preparation notes were for this conversation: link them,
    # so the person's next note starts afresh and staff can see what was prepared.
    for note in Preparation.objects.filter(person=person, conversation__isnull=True):
        note.conversation = conversation
        note.version += 1
        note._history_user = by
        note._change_reason = "Talked about in the conversation"
        note.save()
    last_conversation_refresh([person.pk])
    return conversation


@transaction.atomic
def conversation_update(
    *,
    conversation: Conversation,
    by: User,
    expected_version: int,
    reason: str = "",
    services: Iterable[Service] | None = None,
    **fields,
) -> Conversation:
    """Change a conversation record through the version guard; raises VersionConflict if stale.

    ``services``, when given, replaces the local services the person uses; the
    change is in the same history row as the rest of the edit.
    """
    if conversation.entered_in_error:
        raise RecordEnteredInError("This conversation was entered in error.")
    for name, value in fields.items():
        setattr(conversation, name, value)
    saved = save_versioned(
        conversation,
        expected_version=expected_version,
        user=by,
        reason=reason,
        relations=None if services is None else {"services": list(services)},
    )
    # Its date may have changed.
    last_conversation_refresh([saved.person_id])
    return saved


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
    saved = save_versioned(
        conversation,
        expected_version=expected_version,
        user=by,
        reason=f"Entered in error: {reason}",
    )
    last_conversation_refresh([saved.person_id])
    return saved


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
    reason: str = "",
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
            preparation, expected_version=expected_version or 0, user=by, reason=reason
        )
    preparation._history_user = by
    if reason:
        preparation._change_reason = reason
    preparation.save()
    return preparation


def refiling_wording(to_person: Person | None, reason: str) -> str:
    """The history's reason for a move or a withdrawal, naming no one."""
    if to_person is None:
        return f"Withdrawn: recorded against the wrong person. {reason}"
    return f"Moved: recorded against the wrong person. {reason}"


@transaction.atomic
def conversation_move(
    *,
    conversation: Conversation,
    by: User,
    to_person: Person | None,
    reason: str,
    expected_version: int,
) -> Refiling:
    """Move a conversation recorded against the wrong person to the right one, or withdraw it.

    From then on nothing of it is shown to the person it was wrongly filed
    against: it leaves their record, their history and their downloads, and
    their outcomes and reviews that named it stop naming it. Raises
    VersionConflict if it changed since ``expected_version``.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to move a conversation.")
    from_person = conversation.person
    if to_person is not None and to_person.pk == from_person.pk:
        raise ValueError("The conversation is already on this person's record.")
    looks = RecordAccess.objects.filter(
        person=from_person, url_name__in=CONVERSATION_PAGES, object_pk=conversation.pk
    ).values_list("pk", flat=True)
    wording = refiling_wording(to_person, reason)
    conversation.person = to_person
    save_versioned(conversation, expected_version=expected_version, user=by, reason=wording)
    last_conversation_refresh([from_person.pk, None if to_person is None else to_person.pk])
    for outcome in conversation.outcomes.filter(person=from_person).select_for_update():
        outcome.conversation = None
        save_versioned(
            outcome,
            expected_version=outcome.version,
            user=by,
            reason="Its conversation was recorded against the wrong person and moved.",
        )
    for review in conversation.reviews.filter(outcome__person=from_person):
        review.conversation = None
        review._history_user = by
        review._change_reason = "Its conversation was recorded against the wrong person and moved."
        review.save()
    return refiling_record(
        kind=Refiling.Kind.CONVERSATION,
        record_id=conversation.pk,
        from_person=from_person,
        to_person=to_person,
        by=by,
        reason=reason,
        looks=list(looks),
    )
