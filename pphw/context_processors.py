"""Template context the whole site shares."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from pphw.middleware import seconds_left


def session_timeout(request: HttpRequest) -> dict:
    """When the signed-in user's session ends, for the warning in base.html (static/js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timeout": {
            "seconds_left": seconds_left(request),
            "warning_seconds": settings.SESSION_WARNING_SECONDS,
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
        }
    }
