"""Project middleware: inactivity timeout and security headers."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

IDLE_KEY = "_pphw_last_seen"


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
            limit = settings.SESSION_IDLE_MINUTES * 60
            if last_seen is not None and now - int(last_seen) > limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes "
                    "without activity. Please sign in again.",
                )
            else:
                # Write at most once a minute, to spare the session store.
                if last_seen is None or now - int(last_seen) >= 60:
                    request.session[IDLE_KEY] = now
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: no caching of pages that show records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
