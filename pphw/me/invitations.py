"""Giving a person their own login, and taking it away again.

A practitioner invites a person from their record: pphw makes a login with no
usable password and a one-time link to set one. The link is built on Django's
password-reset token generator, so it is

* single use: the token is a hash over the password hash and the last login,
  both of which change when the password is set;
* expiring: after ``PASSWORD_RESET_TIMEOUT`` seconds (``PASSWORD_RESET_HOURS``);
* replaced by a newer one: inviting again resets the unusable password, which
  makes every earlier link invalid.

Revoking access makes the login inactive, removes its password, unlinks it from
the person and deletes its sessions. The login itself is kept (inactive), so
that what the person wrote stays attributed to them, and inviting the person
again reuses it. Both changes are in the person's history with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pphw.people.models import Delegation, Person, User
from pphw.people.services import delegation_grant, end_sessions
from pphw.versioning import save_versioned


class InvitationError(Exception):
    """The invitation cannot be made; the message says why, in plain words."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Invitation:
    user: User
    path: str
    emailed_to: str = ""


def suggest_username(person: Person) -> str:
    """A free username from the person's name: ``isla.munro``, ``isla.munro2``, ..."""
    return username_from(person.known_as, person.family_name)


def username_from(given_name: str, family_name: str) -> str:
    """A free username from a name: ``kirsty.reid``, ``kirsty.reid2``, ..."""
    raw = f"{given_name}.{family_name}"
    ascii_name = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9.]+", "", ascii_name.lower()).strip(".")[:140] or "person"
    taken = set(User.objects.filter(username__istartswith=base).values_list("username", flat=True))
    taken = {name.lower() for name in taken}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def invitation_path(user: User) -> str:
    """The path of a fresh one-time password-set link for ``user``."""
    return reverse(
        "me:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _previous_login(person: Person) -> User | None:
    """The login this person had before access was revoked, if it is free to reuse."""
    user_ids = (
        person.history.filter(user__isnull=False)
        .order_by("-history_date", "-history_id")
        .values_list("user_id", flat=True)
    )
    for user_id in user_ids[:1]:
        user = User.objects.filter(pk=user_id, person__isnull=True).first()
        if user is not None and not user.memberships.exists():
            return user
    return None


@transaction.atomic
def person_invite(
    *,
    person: Person,
    by: User,
    username: str,
    email: str = "",
    base_url: str = "",
) -> Invitation:
    """Give ``person`` a login (or a new link for theirs) and a one-time link to set a password.

    ``base_url`` (scheme and host) makes the e-mailed link absolute; the e-mail
    is only sent when ``email`` is given, after the transaction commits.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    user = person.user
    if user is not None and user.is_active and user.has_usable_password():
        raise InvitationError(
            f"{person.known_as} has already set a password. If they have forgotten it, "
            "they can use “Forgotten your password?” on the sign-in page."
        )
    if user is not None:
        reason = "New invitation link made"
    else:
        user = _previous_login(person)
        reason = "Invited again to see their own record"
    if user is None:
        reason = "Invited to see their own record"
        if User.objects.filter(username__iexact=username).exists():
            raise InvitationError(
                f"The username “{username}” is taken. Choose another.", field="username"
            )
        user = User(username=username)
    user.first_name = person.given_name
    user.last_name = person.family_name
    if email:
        user.email = email
    user.is_active = True
    # A fresh unusable password makes every earlier link for this login invalid.
    user.set_unusable_password()
    user._history_user = by
    user._change_reason = reason
    user.save()
    if person.user_id != user.pk:
        person.user = user
        save_versioned(person, expected_version=person.version, user=by, reason=reason)
    path = invitation_path(user)
    if email:
        link = f"{base_url}{path}"
        transaction.on_commit(lambda: _send_invitation(person, user, link, email))
    return Invitation(user=user, path=path, emailed_to=email)


def _send_invitation(person: Person, user: User, link: str, email: str) -> None:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    send_mail(
        subject="Your pphw record: set your password",
        message=(
            f"Hello {person.known_as},\n\n"
            f"{person.team.name} has invited you to see your own record in pphw: "
            "what matters to you, your outcomes and your small steps.\n\n"
            f"Your username is: {user.username}\n\n"
            f"To choose your password, open this link within {hours} hours:\n{link}\n\n"
            "The link works once. If it has expired, ask your key worker for a new one.\n"
        ),
        from_email=None,
        recipient_list=[email],
    )


@transaction.atomic
def person_revoke_access(*, person: Person, by: User, reason: str) -> User:
    """Stop ``person`` signing in: inactive login, no password, unlinked, sessions ended."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    user = person.user
    if user is None:
        raise InvitationError(f"{person.known_as} has no login to revoke.")
    full_reason = f"Access to their own record revoked: {reason.strip()}"
    user.is_active = False
    user.set_unusable_password()
    user._history_user = by
    user._change_reason = full_reason
    user.save()
    person.user = None
    save_versioned(person, expected_version=person.version, user=by, reason=full_reason)
    end_sessions(user)
    return user


@transaction.atomic
def delegate_invite(
    *,
    person: Person,
    by: User,
    given_name: str,
    family_name: str,
    relationship: str,
    scope: str,
    ends_on=None,
    email: str = "",
    base_url: str = "",
    kind: str = Delegation.Kind.INVITED,
    **authority,
) -> tuple[Delegation, Invitation]:
    """Give a named person access to ``person``'s record, with a login of their own.

    The delegate gets a new login with no usable password and the same one-time
    link as a person invited to their own record (:func:`invitation_path`),
    shown on screen and, when ``email`` is given, e-mailed after the
    transaction commits. ``kind`` and ``authority`` are for a legal authority
    recorded by staff (see :func:`pphw.people.services.delegation_grant`).
    """
    user = User(
        username=username_from(given_name, family_name),
        first_name=given_name.strip(),
        last_name=family_name.strip(),
        email=email,
    )
    user.set_unusable_password()
    user._history_user = by
    user._change_reason = f"Invited as a delegate for {person.known_as}"
    user.save()
    delegation = delegation_grant(
        person=person,
        delegate=user,
        by=by,
        relationship=relationship,
        scope=scope,
        ends_on=ends_on,
        kind=kind,
        **authority,
    )
    path = invitation_path(user)
    if email:
        link = f"{base_url}{path}"
        transaction.on_commit(lambda: _send_delegate_invitation(delegation, link, email))
    return delegation, Invitation(user=user, path=path, emailed_to=email)


def _send_delegate_invitation(delegation: Delegation, link: str, email: str) -> None:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    person = delegation.person
    user = delegation.delegate
    send_mail(
        subject=f"pphw: {person.known_as} has given you access to their plan",
        message=(
            f"Hello {user.first_name},\n\n"
            f"You have been given access to {person.known_as}'s plan in pphw, "
            f"as {delegation.relationship}: {delegation.get_scope_display()}.\n\n"
            f"Your username is: {user.username}\n\n"
            f"To choose your password, open this link within {hours} hours:\n{link}\n\n"
            f"The link works once. If it has expired, ask {person.known_as} for a new one.\n\n"
            "If you already use pphw, sign in first and then open the link: you can add "
            "this access to the login you already have.\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
