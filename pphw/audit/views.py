from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pphw.audit.forms import AccessLogFilterForm
from pphw.audit.models import RecordAccess
from pphw.audit.queries import (
    accesses_for_teams,
    filter_accesses,
    looks_shown_to,
    role_label,
    with_role_in_team,
)
from pphw.people import access

PAGE_SIZE = 50


def _page(request: HttpRequest, accesses, *, per_page: int = PAGE_SIZE):
    accesses = with_role_in_team(accesses.select_related("user", "person", "person__team", "team"))
    page = Paginator(accesses, per_page).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.role_label = role_label(row)
    return page


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """A team lead's view of who opened the records of their teams' people."""
    roles = access.require_lead(request.user)
    teams = access.lead_teams_for_user(request.user)
    form = AccessLogFilterForm(request.GET or None, teams=teams)
    accesses = accesses_for_teams(roles.lead_team_ids)
    if form.is_bound and form.is_valid():
        accesses = filter_accesses(accesses, **form.cleaned_data)
    elif form.is_bound:
        accesses = RecordAccess.objects.none()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "page": _page(request, accesses),
            "teams": teams,
            "query_string": query.urlencode(),
            "nav": "access_log",
        },
    )


@login_required
@require_GET
def my_access(request: HttpRequest) -> HttpResponse:
    """A person's own view: who has looked at my record (never their delegates')."""
    access.require_self(request.user)
    person = access.own_person(request.user)
    accesses = looks_shown_to(person)
    return render(
        request,
        "audit/my_access.html",
        {"person": person, "page": _page(request, accesses, per_page=25), "nav": "me"},
    )
