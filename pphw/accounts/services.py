"""Writes of the account pages: the second factor, recovery codes, security events.

Every change to how someone signs in is recorded as a
:class:`~pphw.accounts.models.SecurityEvent` (who, when, from where), and the
user is told about it the next time they sign in.
"""

from __future__ import annotations

import enum
import secrets
import time
from binascii import unhexlify
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from pphw.accounts.models import RecoveryCode, SecurityEvent, SignIn

RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits that cannot be mistaken for one another (no i, l, o, 0, 1).
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS, GROUP_LENGTH = 3, 4
DEVICE_NAME = "Authenticator app"


def make_recovery_code() -> str:
    """``abcd-efgh-jkmn``: twelve characters from 31, about 59 bits."""
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def normalise_recovery_code(text: str) -> str | None:
    """The code as stored, from what was typed (any case, spaces or none), or None."""
    plain = "".join(ch for ch in text.lower() if ch not in " -\t")
    if len(plain) != GROUPS * GROUP_LENGTH or any(ch not in ALPHABET for ch in plain):
        return None
    return "-".join(plain[i : i + GROUP_LENGTH] for i in range(0, len(plain), GROUP_LENGTH))


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new ones; the codes, to show once."""
    RecoveryCode.objects.filter(user=user).delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = make_recovery_code()
        if all(code[:GROUP_LENGTH] != other[:GROUP_LENGTH] for other in codes):
            codes.append(code)
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, lookup=code[:GROUP_LENGTH], code_hash=make_password(code))
        for code in codes
    )
    return codes


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def second_factor_enrol(*, user, key: str, last_t: int, address: str | None) -> list[str]:
    """Keep the authenticator app whose code the user has just typed; ten recovery codes.

    ``key`` is the secret shown to the user; ``last_t`` the time step of the
    code that confirmed it, so that the same code cannot be used to sign in.
    Returns the recovery codes, which are shown once and kept only as hashes.
    """
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=last_t)
    codes = _new_recovery_codes(user)
    SecurityEvent.objects.create(
        user=user, kind=SecurityEvent.Kind.ENROLLED, by=user, ip_address=address
    )
    return codes


@transaction.atomic
def recovery_codes_renew(*, user, address: str | None) -> list[str]:
    """Ten new recovery codes in place of the old ones (which stop working)."""
    codes = _new_recovery_codes(user)
    SecurityEvent.objects.create(
        user=user, kind=SecurityEvent.Kind.CODES_RENEWED, by=user, ip_address=address
    )
    return codes


@transaction.atomic
def second_factor_remove(*, user, by, address: str | None, reason: str = "") -> SecurityEvent:
    """Remove the user's authenticator app and recovery codes.

    An administrator's reset (``by`` someone else), which also signs the user
    out everywhere, or the user turning two-step sign-in off for themselves.
    Either way it is recorded.
    """
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    kind = SecurityEvent.Kind.TURNED_OFF if by == user else SecurityEvent.Kind.RESET
    if kind == SecurityEvent.Kind.RESET:
        # The phone may be in someone else's hands, signed in: end every session.
        sessions_end(user=user)
    return SecurityEvent.objects.create(
        user=user, kind=kind, by=by, ip_address=address, reason=reason
    )


class Check(enum.Enum):
    APP = "app"
    RECOVERY_CODE = "recovery_code"
    USED_RECOVERY_CODE = "used_recovery_code"
    WRONG = "wrong"


@dataclass(frozen=True)
class CheckResult:
    outcome: Check
    device: TOTPDevice | None = None
    codes_left: int = 0

    @property
    def passed(self) -> bool:
        return self.outcome in (Check.APP, Check.RECOVERY_CODE)


@transaction.atomic
def second_factor_check(*, user, code: str, address: str | None) -> CheckResult:
    """Check the code typed at the second step of signing in.

    Six digits are checked against the authenticator app (a code works once:
    django-otp remembers the last time step used); anything shaped like a
    recovery code against the user's recovery codes, each of which works once
    and is recorded when used. The device row is locked, so that two tries at
    once cannot both use the same code.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return CheckResult(Check.WRONG)
    digits = "".join(code.split())
    if len(digits) == 6 and digits.isascii() and digits.isdigit():
        if device.verify_token(digits):
            return CheckResult(Check.APP, device)
        return CheckResult(Check.WRONG)
    recovery = normalise_recovery_code(code)
    if recovery is None:
        return CheckResult(Check.WRONG)
    row = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, lookup=recovery[:GROUP_LENGTH])
        .first()
    )
    if row is None or not row.matches(recovery):
        return CheckResult(Check.WRONG)
    if row.used_at is not None:
        return CheckResult(Check.USED_RECOVERY_CODE)
    row.mark_used()
    SecurityEvent.objects.create(
        user=user, kind=SecurityEvent.Kind.RECOVERY_CODE_USED, by=user, ip_address=address
    )
    left = RecoveryCode.objects.filter(user=user).unused().count()
    return CheckResult(Check.RECOVERY_CODE, device, codes_left=left)


def security_events_to_tell(user, *, before) -> list[SecurityEvent]:
    """Events the user has not been told about, that happened before ``before``."""
    return list(
        SecurityEvent.objects.filter(user=user, told_at__isnull=True, at__lt=before)
        .select_related("by")
        .order_by("at", "id")
    )


def security_events_mark_told(events: list[SecurityEvent]) -> None:
    SecurityEvent.objects.filter(pk__in=[e.pk for e in events]).update(told_at=timezone.now())


def new_totp_key() -> str:
    """A fresh secret for an authenticator app: 20 random bytes, hex, as django-otp keeps it."""
    return random_hex(20)


def totp_step_for(key: str, code: str) -> int | None:
    """The time step at which ``code`` is right for the secret ``key``, or None.

    Used while setting up an app, before any device is saved: one step either
    side of now is accepted, as when signing in.
    """
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1):
        return totp.t()
    return None


# --- sign-in history and sessions ------------------------------------------------------


def sign_in_record(
    *, user, session_key: str, address: str | None, user_agent: str, factor: str
) -> SignIn:
    """Keep one sign-in: when, from where, which factor, and the session it opened."""
    return SignIn.objects.create(
        user=user,
        session_key=session_key or "",
        ip_address=address,
        user_agent=user_agent[:200],
        factor=factor,
    )


def sign_in_update(*, sign_in_id: int, **fields) -> None:
    """The second factor given, or a new session key (they change at each step up)."""
    SignIn.objects.filter(pk=sign_in_id).update(**fields)


@transaction.atomic
def sessions_end(*, user, keep_session_key: str | None = None) -> int:
    """Sign the user out of every session but ``keep_session_key`` (all when None).

    Sessions are found through the sign-in history, which keeps each one's key.
    Returns how many were still open.
    """
    sign_ins = SignIn.objects.filter(user=user, ended_at__isnull=True).exclude(session_key="")
    if keep_session_key:
        sign_ins = sign_ins.exclude(session_key=keep_session_key)
    keys = list(sign_ins.values_list("session_key", flat=True))
    ended, _ = Session.objects.filter(session_key__in=keys).delete()
    sign_ins.update(ended_at=timezone.now())
    return ended
