"""Where a user is in signing in, kept in their session, and what they are told then.

Signing in is two steps for anyone with an authenticator app: the password
(Django's login), then the code (``accounts:verify``). Between the two the
session is signed in but not verified, and
:class:`~pphw.accounts.middleware.SecondFactorMiddleware` lets it reach
nothing but the code page and signing out.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme

from pphw.accounts.models import SecurityEvent, SignIn
from pphw.accounts.services import (
    has_second_factor,
    security_events_mark_told,
    security_events_to_tell,
    sign_in_record,
    sign_in_update,
)
from pphw.audit.log import client_address

# The session is waiting for the code from the authenticator app.
PENDING_KEY = "_pphw_second_factor_pending"
# When the password step of this sign-in happened (a POSIX timestamp).
SIGNED_IN_AT_KEY = "_pphw_signed_in_at"
# The secret of an authenticator app being set up, until its first code is typed.
ENROL_KEY = "_pphw_enrol_key"
# New recovery codes, shown once on the next page and then forgotten.
NEW_CODES_KEY = "_pphw_new_recovery_codes"
# This session's row of the sign-in history, and the session key it holds: [id, key].
SIGN_IN_KEY = "_pphw_sign_in"


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """After the password: ask for the code if the user has an app; else tell them now.

    Either way the sign-in is kept in the user's history.
    """
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    pending = has_second_factor(user)
    if pending:
        session[PENDING_KEY] = True
    else:
        tell_security_events(request, user)
    if session.session_key is None:
        session.save()
    sign_in = sign_in_record(
        user=user,
        session_key=session.session_key,
        address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        factor=SignIn.Factor.PENDING if pending else SignIn.Factor.PASSWORD,
    )
    session[SIGN_IN_KEY] = [sign_in.pk, session.session_key]


def on_user_logged_out(sender, request, user, **kwargs) -> None:
    """Signing out ends this session's row of the history."""
    entry = getattr(request, "session", {}).get(SIGN_IN_KEY)
    if entry:
        sign_in_update(sign_in_id=entry[0], ended_at=timezone.now())


def second_step_done(request: HttpRequest, factor: str) -> None:
    """The code was given: a new session key (the session now counts for more) and its history."""
    request.session.cycle_key()
    entry = request.session.get(SIGN_IN_KEY)
    if entry:
        sign_in_update(sign_in_id=entry[0], factor=factor, session_key=request.session.session_key)
        request.session[SIGN_IN_KEY] = [entry[0], request.session.session_key]


def follow_session_key(request: HttpRequest) -> None:
    """Keep the history's session key when the session changed it (a new password does)."""
    session = getattr(request, "session", None)
    entry = session.get(SIGN_IN_KEY) if session is not None else None
    if entry and session.session_key and entry[1] != session.session_key:
        sign_in_update(sign_in_id=entry[0], session_key=session.session_key)
        session[SIGN_IN_KEY] = [entry[0], session.session_key]


def current_sign_in_id(request: HttpRequest) -> int | None:
    entry = request.session.get(SIGN_IN_KEY)
    return entry[0] if entry else None


def signed_in_at(request: HttpRequest):
    stamp = request.session.get(SIGNED_IN_AT_KEY)
    if stamp is None:
        return timezone.now()
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)


def _when(event: SecurityEvent) -> str:
    local = timezone.localtime(event.at)
    return f"{date_format(local, 'j F Y')} at {date_format(local, 'H:i')}"


def event_sentence(event: SecurityEvent) -> str:
    """What happened, for the user it happened to."""
    when = _when(event)
    Kind = SecurityEvent.Kind
    if event.kind == Kind.ENROLLED:
        return f"On {when} an authenticator app was set up for signing in to your account."
    if event.kind == Kind.RECOVERY_CODE_USED:
        where = f" from {event.ip_address}" if event.ip_address else ""
        return (
            f"On {when} someone signed in to your account with a recovery code{where}. "
            "If that was not you, tell your team's administrator straight away."
        )
    if event.kind == Kind.CODES_RENEWED:
        return (
            f"On {when} new recovery codes were made for your account; "
            "the old ones stopped working."
        )
    if event.kind == Kind.RESET:
        name = str(event.by) if event.by else "an administrator"
        return (
            f"On {when} {name} reset the second factor of your account. "
            "Your authenticator app and recovery codes no longer work."
        )
    return f"On {when} two-step sign-in was turned off for your account."


def tell_security_events(request: HttpRequest, user) -> None:
    """Tell the user, once, what changed before this sign-in."""
    events = security_events_to_tell(user, before=signed_in_at(request))
    for event in events:
        level = messages.WARNING if event.kind != SecurityEvent.Kind.ENROLLED else messages.INFO
        messages.add_message(request, level, event_sentence(event), fail_silently=True)
    if events:
        security_events_mark_told(events)


def next_page(request: HttpRequest) -> str:
    """Where to go after the second step: the page asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")
