"""The second factor's recovery codes, and the security events a user is told about.

The authenticator app itself is django-otp's ``TOTPDevice`` (RFC 6238).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import models
from django.utils import timezone


class RecoveryCodeQuerySet(models.QuerySet):
    def unused(self) -> RecoveryCodeQuerySet:
        return self.filter(used_at__isnull=True)


class RecoveryCode(models.Model):
    """One of the ten one-time codes that stand in for the authenticator app.

    Only a hash of the code is kept, made with the project's password hasher.
    ``lookup`` is the code's first group, so that a try is checked against one
    hash, not ten; on its own it is too short to help guess the rest.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    lookup = models.CharField(max_length=8)
    code_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = RecoveryCodeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "lookup"], name="recovery_user_lookup_idx")]

    def __str__(self) -> str:
        return f"Recovery code {self.lookup}… of user {self.user_id}"

    def matches(self, code: str) -> bool:
        return check_password(code, self.code_hash)

    def mark_used(self) -> None:
        self.used_at = timezone.now()
        self.save(update_fields=["used_at"])


class SecurityEvent(models.Model):
    """A change to how someone signs in, or a recovery code used: who, when, from where.

    The user is told about each one the next time they sign in (``told_at``).
    """

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", "Authenticator app set up"
        RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
        CODES_RENEWED = "codes_renewed", "New recovery codes made"
        RESET = "reset", "Second factor reset by an administrator"
        TURNED_OFF = "turned_off", "Two-step sign-in turned off"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="done by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("when", default=timezone.now)
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="security_event_user_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for user {self.user_id} at {self.at}"


class SignIn(models.Model):
    """One sign-in: when, from where, with which factor, and its session while it lasts."""

    class Factor(models.TextChoices):
        PASSWORD = "password", "Password"
        PENDING = "pending", "Password; the code was not given"
        APP = "app", "Password and authenticator app"
        RECOVERY_CODE = "recovery_code", "Password and a recovery code"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins"
    )
    at = models.DateTimeField("when", default=timezone.now)
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=200, blank=True)
    factor = models.CharField(max_length=20, choices=Factor.choices, default=Factor.PASSWORD)
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="sign_in_user_at_idx")]

    def __str__(self) -> str:
        return f"Sign-in of user {self.user_id} at {self.at}"

    @property
    def browser(self) -> str:
        """``Firefox on Windows``, from the browser's own description of itself."""
        return browser_summary(self.user_agent)


BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
]


def browser_summary(user_agent: str) -> str:
    browser = next((name for token, name in BROWSERS if token in user_agent), "")
    system = next((name for token, name in SYSTEMS if token in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
