"""Writes to people records."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from pphw.people.models import CaringRelationship, Delegation, Person, Refiling, User
from pphw.people.roles import ACT_FOR_SESSION_KEY
from pphw.people.signals import care_records_changed, caseload_changed, record_shown_changed
from pphw.versioning import save_versioned


@transaction.atomic
def person_create(*, by: User, **fields) -> Person:
    person = Person(**fields)
    person._history_user = by
    person.save()
    caseload_changed.send(Person, team_ids=[person.team_id])
    return person


@transaction.atomic
def person_update(
    *, person: Person, by: User, expected_version: int, reason: str = "", **fields
) -> Person:
    """Change a person's details through the version guard; raises VersionConflict if stale.

    A move to another team moves the counts of their records in the report with them.
    """
    # Read from the database: a bound model form has already set the new team.
    team_before, worker_before = Person.objects.filter(pk=person.pk).values_list(
        "team_id", "key_worker_id"
    ).first() or (None, None)
    for name, value in fields.items():
        setattr(person, name, value)
    save_versioned(person, expected_version=expected_version, user=by, reason=reason)
    if team_before is not None and team_before != person.team_id:
        care_records_changed.send(Person, person_ids=[person.pk], team_ids=[team_before])
    if (team_before, worker_before) != (person.team_id, person.key_worker_id):
        caseload_changed.send(Person, team_ids=[team_before, person.team_id])
    else:
        record_shown_changed.send(Person, team_ids=[person.team_id])
    return person


@transaction.atomic
def refiling_record(
    *,
    kind: str,
    record_id: int,
    from_person: Person,
    to_person: Person | None,
    by: User,
    reason: str,
    looks: Iterable[int] = (),
) -> Refiling:
    """Record that an entry filed against ``from_person`` was moved to ``to_person`` or withdrawn.

    ``looks`` are the ids of ``from_person``'s record-access rows that were
    looks at the entry; the person is no longer shown them. The caller moves
    the entry itself (``conversation_move``, ``outcome_move``).
    """
    if to_person is not None and to_person.pk == from_person.pk:
        raise ValueError("An entry can only be moved to another person's record.")
    refiling = Refiling.objects.create(
        kind=kind,
        record_id=record_id,
        from_person=from_person,
        to_person=to_person,
        by=by,
        reason=reason.strip(),
    )
    refiling.hidden_looks.set(list(looks))
    return refiling


@transaction.atomic
def person_close(
    *, person: Person, by: User, on: datetime.date, reason: str, expected_version: int
) -> Person:
    """End the person's involvement: their record becomes read-only, kept for its retention.

    Raises VersionConflict if the record changed since ``expected_version``.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to close a record.")
    if person.is_closed:
        raise ValueError("This record is already closed.")
    person.close(on=on, reason=reason)
    save_versioned(person, expected_version=expected_version, user=by, reason=f"Closed: {reason}")
    caseload_changed.send(Person, team_ids=[person.team_id])
    return person


@transaction.atomic
def person_reopen(*, person: Person, by: User, reason: str, expected_version: int) -> Person:
    """Open a closed record again, for instance when support starts again."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to reopen a record.")
    if not person.is_closed:
        raise ValueError("This record is not closed.")
    person.reopen()
    save_versioned(person, expected_version=expected_version, user=by, reason=f"Reopened: {reason}")
    caseload_changed.send(Person, team_ids=[person.team_id])
    return person


@transaction.atomic
def caring_create(
    *,
    carer: Person,
    cared_for: Person,
    by: User,
    relationship: str,
    care_given: str,
    since: datetime.date | None = None,
) -> CaringRelationship:
    """Record that ``carer`` cares for ``cared_for``; the carer's record is marked a carer's.

    Marking goes through the version guard with a reason, so the carer's own
    history says why their outcomes now use the carers' categories.
    """
    if carer.pk == cared_for.pk:
        raise ValueError("A person cannot be recorded as caring for themselves.")
    caring = CaringRelationship(
        carer=carer,
        cared_for=cared_for,
        relationship=relationship.strip(),
        care_given=care_given,
        since=since,
    )
    caring._history_user = by
    caring.save()
    if not carer.is_carer:
        carer.is_carer = True
        save_versioned(
            carer,
            expected_version=carer.version,
            user=by,
            reason="Marked as a carer's record: a caring relationship was recorded.",
        )
    return caring


@transaction.atomic
def caring_update(
    *,
    caring: CaringRelationship,
    by: User,
    expected_version: int,
    reason: str = "",
    **fields,
) -> CaringRelationship:
    """Change how they are related, since when, or the care given; raises VersionConflict."""
    if caring.has_ended:
        raise ValueError("An ended caring relationship cannot be changed.")
    for name, value in fields.items():
        setattr(caring, name, value)
    return save_versioned(caring, expected_version=expected_version, user=by, reason=reason)


@transaction.atomic
def caring_end(
    *,
    caring: CaringRelationship,
    by: User,
    on: datetime.date,
    reason: str,
    expected_version: int,
) -> CaringRelationship:
    """End a caring relationship: it stays, with when and why, in both records' history."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to end a caring relationship.")
    if caring.has_ended:
        raise ValueError("This caring relationship has already ended.")
    caring.end(on=on, reason=reason)
    return save_versioned(
        caring, expected_version=expected_version, user=by, reason=f"Ended: {reason}"
    )


def end_sessions(user: User, *, acting_for: int | None = None) -> int:
    """Delete every open session of ``user``; returns how many were ended.

    With ``acting_for`` (a person's id), only the sessions in which ``user`` is
    acting on that person's record as a delegate.
    """
    user_id = str(user.pk)
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) != user_id:
            continue
        if acting_for is None or data.get(ACT_FOR_SESSION_KEY) == acting_for:
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


DEACTIVATED = "Deactivated by a staff admin"


@transaction.atomic
def users_deactivate(*, users: Iterable[User], by: User) -> int:
    """Stop each of ``users`` signing in; returns how many were active until now.

    Users are never deleted: their name stays on every change they made and
    every look they took at a record. An inactive user's open sessions no
    longer sign them in (Django's ``ModelBackend`` refuses inactive users).
    """
    count = 0
    for user in users:
        if not user.is_active:
            continue
        user.is_active = False
        user._history_user = by
        user._change_reason = DEACTIVATED
        user.save(update_fields=["is_active"])
        count += 1
    return count


@transaction.atomic
def delegation_grant(
    *,
    person: Person,
    delegate: User,
    by: User,
    relationship: str,
    scope: str,
    ends_on: datetime.date | None = None,
    kind: str = Delegation.Kind.INVITED,
    **authority,
) -> Delegation:
    """Give ``delegate`` access to ``person``'s record, of ``scope``, from now.

    ``authority`` holds a legal authority's details (``authority``,
    ``reference``, ``document_date``, ``review_due``, ``evidence``) when
    ``kind`` is ``LEGAL``. Staff and the person themselves cannot be made a
    delegate of the record (raises ValueError).
    """
    if person.user_id is not None and person.user_id == delegate.pk:
        raise ValueError("A person cannot be their own delegate.")
    if delegate.is_staff or delegate.memberships.exists():
        raise ValueError("Staff see records through their teams, never as a delegate.")
    delegation = Delegation(
        person=person,
        delegate=delegate,
        given_by=by,
        relationship=relationship.strip(),
        scope=scope,
        ends_on=ends_on,
        kind=kind,
        **authority,
    )
    delegation.full_clean()
    delegation._history_user = by
    delegation._change_reason = (
        f"Legal authority recorded: {delegation.get_authority_display()}"
        if kind == Delegation.Kind.LEGAL
        else f"{person.known_as} gave {delegate} access: {delegation.get_scope_display()}"
    )
    delegation.save()
    return delegation


USED = "This invitation has already been used. Each link works once."


class AcceptRefused(Exception):
    """An invitation cannot be accepted with this login; the message says why, in plain words."""


def delegation_accept_refusal(*, delegation: Delegation, user: User) -> str | None:
    """Why ``user`` may not take over ``delegation`` with their own login, or None if they may.

    Staff see records through their teams, never as a delegate; a person needs
    no access to their own plan; a login holds one access per person; and an
    invitation works once, while the access lasts.
    """
    person = delegation.person
    placeholder = delegation.delegate
    if user.pk == placeholder.pk:
        return "This is the login the invitation made: choose its password below."
    if user.is_staff or user.memberships.exists():
        return (
            "You are signed in with a staff login. Staff see records through their "
            "teams, never as someone's delegate, so this access cannot be added to it. "
            "Sign out, then open the link again to choose a password for the new login."
        )
    if person.user_id is not None and person.user_id == user.pk:
        return "This is your own plan: you can already see it, and need no access to it."
    if delegation.ended_at is not None or not delegation.is_active():
        return (
            f"This access to {person.known_as}'s plan has been ended, so the link no "
            f"longer works. Ask {person.known_as} for a new one if it is still wanted."
        )
    if not placeholder.is_active or placeholder.has_usable_password():
        return USED
    if Delegation.objects.active().filter(person=person, delegate=user).exists():
        return (
            f"Your login already has access to {person.known_as}'s plan, so nothing "
            "was added. If the kind of access should change, ask them to end the old "
            "one first."
        )
    if (
        Person.objects.filter(user=placeholder).exists()
        or placeholder.delegations.exclude(pk=delegation.pk).exists()
        or placeholder.memberships.exists()
    ):
        return "This invitation belongs to a login that is already in use."
    return None


@transaction.atomic
def delegation_accept(*, delegation: Delegation, user: User) -> Delegation:
    """Move an invited access to ``user``'s own login, and retire the unused invited login.

    The invitation made a new login with no usable password; someone who
    already uses pphw may take the access on to the login they have instead,
    so that one login can act for several people (or for their own record and
    someone else's). The invited login is kept, inactive and with no usable
    password, so that its one-time link no longer works; nothing is deleted.
    Both changes are in history, by ``user``, with the reason. Raises
    :class:`AcceptRefused` (and changes nothing) when :func:`delegation_accept_refusal`
    gives a reason.
    """
    invited_id = delegation.delegate_id
    delegation = (
        Delegation.objects.select_for_update().select_related("person").get(pk=delegation.pk)
    )
    if delegation.delegate_id != invited_id:
        # Someone accepted it in the moment since the page was opened.
        raise AcceptRefused(USED)
    placeholder = User.objects.select_for_update().get(pk=delegation.delegate_id)
    delegation.delegate = placeholder
    user = User.objects.select_for_update().get(pk=user.pk)
    refusal = delegation_accept_refusal(delegation=delegation, user=user)
    if refusal is not None:
        raise AcceptRefused(refusal)
    person = delegation.person
    delegation.delegate = user
    delegation._history_user = user
    delegation._change_reason = (
        f"Invitation accepted by {user} with their own login ({user.username}), "
        f"in place of the invited login {placeholder.username}"
    )
    delegation.save(update_fields=["delegate"])
    placeholder.is_active = False
    placeholder.set_unusable_password()
    placeholder._history_user = user
    placeholder._change_reason = (
        f"Not used: {user} ({user.username}) accepted the invitation to "
        f"{person.known_as}'s plan with their own login"
    )
    # It never had a password, so it never had a session to end.
    placeholder.save(update_fields=["is_active", "password"])
    return delegation


@transaction.atomic
def delegation_end(*, delegation: Delegation, by: User, reason: str) -> Delegation:
    """End a delegate's access at once, and end their open sessions on that record.

    The row is kept, with when, by whom and why it was ended.
    """
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.ended_at is not None:
        return delegation
    reason = reason.strip() or "Ended"
    delegation.end(by=by, reason=reason)
    delegation._history_user = by
    delegation._change_reason = f"Access ended: {reason}"
    delegation.save()
    end_sessions(delegation.delegate, acting_for=delegation.person_id)
    return delegation
