"""Login throttling: django-axes, checked before any password."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


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
    """The username a sign-in attempt is counted under, cut to what the log can hold.

    django-axes stores it in a 255-character column; an attempt with a longer
    username would otherwise fail on PostgreSQL instead of being refused.
    """
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return None if username is None else str(username)[:USERNAME_LIMIT]
