"""Calm answers while the database is away.

Any request that fails because the database cannot be reached (Django's
``OperationalError`` or ``InterfaceError``, wherever it is raised: in a view,
in loading the session, in a middleware) is answered with **503 Service
Unavailable**, a ``Retry-After`` header and a short page that needs no
database to render, instead of a 500. A form that was being posted comes
back on that page with what was typed, ready to send again.

It is installed as ``handler500`` in ``pphw/urls.py``: Django calls it for
every uncaught exception, from inside the ``except`` block, after logging the
error once (``django.request``, at ERROR, with the traceback).
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from pphw.drafts import NOT_KEPT, csrf_valid
from pphw.middleware import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY

RETRY_AFTER_SECONDS = 60
DATABASE_ERRORS = (OperationalError, InterfaceError)
# Fields a person never types: sent again unchanged, out of sight (the version
# keeps the guard against overwriting someone else's change).
NOT_TYPED = {"version", "next", "then"}


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether ``exception`` (or one it was raised from) says the database is away."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


def typed_fields(request: HttpRequest) -> list[tuple[str, str, str, bool]]:
    """What a post carried, as (name, label, value, hidden), to give back (never passwords)."""
    if request.method != "POST":
        return []
    try:
        if not csrf_valid(request):
            return []
        return [
            (name, name.replace("_", " ").capitalize(), value, name in NOT_TYPED)
            for name, values in request.POST.lists()
            if name not in NOT_KEPT
            for value in values
        ]
    except Exception:  # A broken body must not turn the calm page into an error.
        return []


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page: rendered without a request context, so it reads nothing from the database."""
    fields = typed_fields(request)
    content = loader.render_to_string(
        "503.html",
        {
            "fields": fields,
            "action": request.get_full_path() if fields else "",
            "csrf_token": request.POST.get("csrfmiddlewaretoken", "") if fields else "",
            "retry_after_seconds": RETRY_AFTER_SECONDS,
        },
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Set here, not by the middleware: a failure in a middleware skips those inside it.
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Permissions-Policy"] = PERMISSIONS_POLICY
    response["X-Frame-Options"] = "DENY"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 while the database is away, the plain 500 page otherwise."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
