"""Throttling of every secret: sign-in (django-axes) and the counters for the others.

Sign-in is django-axes' (the backend and handler below). The other secrets
(the old password on the change-password form, the one-time code, the
password-reset and invitation links, requests for a reset link) share one
database counter, :class:`~pphw.audit.models.ThrottleCount`, counted twice for
every try: per account and per address. After ``LOGIN_FAILURE_LIMIT`` failures
for one account, or ``LOGIN_ADDRESS_FAILURE_LIMIT`` from one address, within
``LOGIN_COOLOFF_MINUTES``, that secret is refused for ``LOGIN_COOLOFF_MINUTES``;
tries during the pause do not restart the clock. A success clears the
account's count, never the address's, so that an attacker cannot wipe the
count of an address by signing in to an account of their own.
"""

from __future__ import annotations

import datetime
import math
import unicodedata

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import time_format

from pphw.audit.log import client_address
from pphw.audit.models import ThrottleCount

# --- sign-in: django-axes ------------------------------------------------------------


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come from a web request.

    Every sign-in page (the login page, the admin's login) passes the request,
    so every one is throttled. Calls without a request, such as the test
    client's ``login()`` or a management command, have no address to throttle
    by; they are left to the password check alone instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginAttemptHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a limit for each lockout parameter.

    ``AXES_LOCKOUT_PARAMETERS`` counts failures per username and per address.
    django-axes compares the larger of the two counts with one limit; here the
    address count is scaled so that it reaches ``AXES_FAILURE_LIMIT`` exactly
    when it reaches ``AXES_ADDRESS_FAILURE_LIMIT``: many people behind one
    address (a hospital's network) may mistype their passwords without
    locking each other out, while one address trying many usernames still is.
    """

    def get_failures(self, request, credentials=None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        username = get_client_username(request, credentials)
        worst = 0
        for filters in get_client_parameters(
            username, request.axes_ip_address, request.axes_user_agent, request, credentials
        ):
            attempts = AccessAttempt.objects.filter(
                attempt_time__gte=get_cool_off_threshold(request), **filters
            )
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if set(filters) == {"ip_address"}:
                failures = failures * limit // address_limit
            worst = max(worst, failures)
        return worst


def forget_username_failures(sender, request, user, **kwargs) -> None:
    """After a successful sign-in, forget the failures against that username only.

    django-axes' own reset would also forget the failures counted against the
    address, which would let one address spray many usernames while signing
    in to an account of its own between tries.
    """
    AccessAttempt.objects.filter(username=user.get_username()).delete()


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The page shown while sign-in is paused: what happened and when it ends."""
    return render(
        request,
        "audit/locked_out.html",
        {
            "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


# As long as the longest username a login can have; a longer one cannot match anyway.
USERNAME_LIMIT = 150


def client_username(request, credentials=None) -> str | None:
    """The username a sign-in attempt is counted under, as the sign-in form reads it.

    The form strips spaces and folds compatible characters (NFKC), so
    ``ｐｒａｃ`` signs in as ``prac``: the count must be kept under ``prac``
    too, or full-width letters would give every guess a fresh count. Cut to
    what django-axes' column can hold.
    """
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    if username is None:
        return None
    username = unicodedata.normalize("NFKC", str(username)[: USERNAME_LIMIT * 4].strip())
    return username[:USERNAME_LIMIT]


# --- every other secret: one counter per account and per address -------------------------


class Scope:
    """The secrets counted, each on its own."""

    PASSWORD_CHANGE = "password_change"  # noqa: S105 (a name, not a password)
    ONE_TIME_CODE = "one_time_code"
    RESET_REQUEST = "reset_request"
    RESET_LINK = "reset_link"


def _keys(request: HttpRequest, account: str | None) -> list[tuple[str, int]]:
    """The counters one try adds to, with the limit of each."""
    keys = []
    if account is not None:
        keys.append((f"account:{account}", settings.AXES_FAILURE_LIMIT))
    address = client_address(request)
    if address is not None:
        keys.append((f"address:{address}", settings.AXES_ADDRESS_FAILURE_LIMIT))
    return keys


def _digest(scope: str, key: str) -> str:
    return salted_hmac("pphw.audit.throttle", f"{scope}|{key}", algorithm="sha256").hexdigest()


def throttle_locked_until(
    request: HttpRequest, scope: str, *, account: str | None
) -> datetime.datetime | None:
    """When the pause on this secret ends for this account or address, or None if none."""
    digests = [_digest(scope, key) for key, _ in _keys(request, account)]
    return ThrottleCount.objects.filter(
        scope=scope, key__in=digests, locked_until__gt=timezone.now()
    ).aggregate(until=Max("locked_until"))["until"]


@transaction.atomic
def throttle_fail(
    request: HttpRequest, scope: str, *, account: str | None
) -> datetime.datetime | None:
    """Count one failed try against the account and the address.

    Returns when the pause ends if the account or the address is now paused.
    """
    now = timezone.now()
    cooloff = settings.AXES_COOLOFF_TIME
    # Counts that can no longer matter are removed as new ones come in, so the
    # table holds only the last few minutes' failures.
    ThrottleCount.objects.filter(scope=scope, first_failure_at__lt=now - 2 * cooloff).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    ).delete()
    for key, limit in _keys(request, account):
        ThrottleCount.objects.get_or_create(scope=scope, key=_digest(scope, key))
        row = ThrottleCount.objects.select_for_update().get(scope=scope, key=_digest(scope, key))
        if row.locked_until is not None and row.locked_until > now:
            continue  # a try during the pause does not restart the clock
        if row.locked_until is not None or row.first_failure_at <= now - cooloff:
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + cooloff
        row.save()
    return throttle_locked_until(request, scope, account=account)


def throttle_clear(request: HttpRequest, scope: str, *, account: str) -> None:
    """Forget the account's failures after a success (the address's stay counted)."""
    ThrottleCount.objects.filter(scope=scope, key=_digest(scope, f"account:{account}")).delete()


def try_again_message(until: datetime.datetime, *, what: str = "Too many attempts.") -> str:
    """``Too many attempts. Try again in 15 minutes, after 14:37.``"""
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    clock = time_format(timezone.localtime(until), "H:i")
    unit = "minute" if minutes == 1 else "minutes"
    return f"{what} Try again in {minutes} {unit}, after {clock}."


def throttled_page(request: HttpRequest, until: datetime.datetime, *, what: str) -> HttpResponse:
    """A page that says the secret is paused, and until when (429)."""
    return render(
        request,
        "audit/throttled.html",
        {"message": try_again_message(until, what=what)},
        status=429,
    )


class ThrottledLinkMixin:
    """For Django's password-reset link views: a link that does not work counts as a failure.

    The link's token is a secret; wrong tokens are counted per account (as
    named by the link, whether or not such an account exists) and per address.
    """

    def dispatch(self, request, *args, **kwargs):
        account = str(kwargs.get("uidb64", ""))[:100]
        until = throttle_locked_until(request, Scope.RESET_LINK, account=account)
        if until is not None:
            return throttled_page(request, until, what="This link has been tried too often.")
        response = super().dispatch(request, *args, **kwargs)
        # A working link redirects to itself without the token, then shows the form.
        if response.status_code == 200 and not getattr(self, "validlink", False):
            throttle_fail(request, Scope.RESET_LINK, account=account)
        return response
