"""Project-level pages: the home page for each role, and the health check."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST

from outcomes.models import Outcome
from pphw.middleware import mark_active, seconds_left
from pphw.people import access
from pphw.people.views import caseload

logger = logging.getLogger(__name__)


@transaction.non_atomic_requests
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """``ok`` when the database answers; 503 with a one-line reason when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer: %s", error)
        response = HttpResponse(
            "unavailable: the database does not answer\n", content_type="text/plain", status=503
        )
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; send them to the static icon."""
    return redirect(static("img/favicon.ico"), permanent=True)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Staff see their caseload and how many reviews are due; a person goes to their own pages."""
    roles = access.roles(request.user)
    if roles.is_person or roles.delegations:
        return redirect("me:home")
    if not roles.is_staff_member:
        return render(request, "people/no_team.html", status=200)
    context = caseload(request)
    context["nav"] = "home"
    context["reviews_due_count"] = Outcome.objects.visible_to(request.user).due_for_review().count()
    return render(request, "people/home.html", context)


@login_required
@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": starts the inactivity clock again and says how long the session has.

    Posted by static/js/session-timeout.js. A session that has already ended is
    answered by ``login_required`` with a redirect to sign in, which the script
    takes as "the session has ended".
    """
    mark_active(request)
    return JsonResponse({"seconds_left": seconds_left(request)})
