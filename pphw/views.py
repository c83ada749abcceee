"""Project-level pages: the home page for each role, and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from outcomes.models import Outcome
from pphw.people import access
from pphw.people.views import caseload


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
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
    if roles.is_person:
        return redirect("me:home")
    if not roles.is_staff_member:
        return render(request, "people/no_team.html", status=200)
    context = caseload(request)
    context["nav"] = "home"
    context["reviews_due_count"] = Outcome.objects.visible_to(request.user).due_for_review().count()
    return render(request, "people/home.html", context)
