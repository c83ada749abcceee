"""Project middleware: inactivity timeout and security headers."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

from pphw import drafts

IDLE_KEY = "_pphw_last_seen"


def idle_limit_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


def mark_active(request, now: int | None = None) -> None:
    """Start the inactivity clock again from ``now``."""
    request.session[IDLE_KEY] = int(time.time()) if now is None else now


def seconds_left(request) -> int:
    """Seconds until the signed-in user is signed out for inactivity, as of now."""
    last_seen = request.session.get(IDLE_KEY)
    limit = idle_limit_seconds()
    if last_seen is None:
        return limit
    return max(0, limit - (int(time.time()) - int(last_seen)))


class IdleTimeoutMiddleware:
    """Signs the user out after SESSION_IDLE_MINUTES without a request.

    The session cookie's own age is refreshed on each request too, but this
    check holds even if a cookie is replayed after its age would have ended.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            limit = idle_limit_seconds()
            if last_seen is not None and now - int(last_seen) > limit:
                self.sign_out(request)
            else:
                drafts.discard_unless_owner(request)
                # Write at most once a minute (once every tenth of a short limit), to
                # spare the session store while keeping the clock close to the truth.
                if last_seen is None or now - int(last_seen) >= min(60, max(1, limit // 10)):
                    mark_active(request, now)
        return self.get_response(request)

    def sign_out(self, request) -> None:
        """Sign out; keep what a signed-in form was posting, for the same user to finish."""
        user_id = request.user.pk
        fields = []
        if _worth_keeping(request):
            try:
                fields = drafts.typed(request) if drafts.csrf_valid(request) else []
            except (RequestDataTooBig, TooManyFieldsSent):
                fields = []  # Too big to keep: signed out as before, nothing kept.
        logout(request)
        kept = bool(fields) and drafts.keep(request, user_id=user_id, fields=fields)
        message = (
            f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes "
            "without activity. Please sign in again."
        )
        if kept:
            message += (
                " Nothing was saved yet, but what you typed is kept for you: "
                "once you sign in, the form comes back filled in."
            )
        messages.info(request, message)


def _worth_keeping(request) -> bool:
    """A post of a form that gives what was typed back after signing in again."""
    return request.method == "POST" and drafts.restores_drafts(request.path_info)


# No inline script or style anywhere: every script and style sheet is a file
# served from our own origin. Bootstrap's JavaScript sets styles through the
# CSSOM, which a CSP does not block; its CSS icons are data: images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
# Powerful browser features the application never uses.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    The Content Security Policy and Permissions Policy on every response, and
    ``Cache-Control: no-store`` on every page served to a signed-in user, since
    any of them may show a care record (and browsers must not keep a copy on a
    shared computer).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Content-Security-Policy",
            getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY),
        )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response
