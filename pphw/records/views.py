"""Retention: records due for disposal, the two-person disposal, and its certificate.

Team leads see their teams; a records officer (granted the
``records.approve_disposal`` permission in the admin) sees every team.
Practitioners get 403, people 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pphw.audit.log import record_access
from pphw.people import access
from pphw.people.models import Person, Team
from pphw.records.forms import DisposalDecisionForm, DisposalRequestForm
from pphw.records.models import Disposal
from pphw.records.services import (
    DisposalRefused,
    disposal_approve,
    disposal_cancel,
    disposal_request,
    due_for_disposal,
    retention_years,
)


def _is_records_officer(user) -> bool:
    """Granted the permission, to them or a group of theirs; being a superuser is not enough."""
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        content_type__app_label="records",
        codename="approve_disposal",
    ).exists()


def _team_ids(user) -> frozenset[int]:
    """The teams whose records ``user`` manages: all for a records officer, else those led."""
    if _is_records_officer(user):
        return frozenset(Team.objects.values_list("pk", flat=True))
    roles = access.roles(user)
    if roles.is_lead:
        return roles.lead_team_ids
    if roles.is_staff_member:
        raise PermissionDenied("Only team leads and records officers manage retention.")
    raise Http404("No such page.")


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    team_ids = _team_ids(request.user)
    disposals = Disposal.objects.for_teams(team_ids).select_related(
        "person", "team", "requested_by", "decided_by"
    )
    pending = {d.person_id: d for d in disposals.pending()}
    people = list(due_for_disposal(team_ids)[:200])
    for person in people:
        person.disposal = pending.get(person.pk)
    return render(
        request,
        "records/due.html",
        {
            "people": people,
            "certificates": list(disposals.filter(status=Disposal.Status.DISPOSED)[:50]),
            "years": retention_years(),
            "nav": "records",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_disposal(request: HttpRequest, pk: int) -> HttpResponse:
    team_ids = _team_ids(request.user)
    person = get_object_or_404(Person.objects.filter(team_id__in=team_ids), pk=pk)
    record_access(request, person, "disposal_request")
    form = DisposalRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disposal_request(person=person, by=request.user, reason=form.cleaned_data["reason"])
        except DisposalRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                "Disposal requested. Another lead of the team, or a records officer, "
                "must approve it.",
            )
            return redirect("records:due")
    return render(
        request,
        "records/request.html",
        {"form": form, "person": person, "years": retention_years(), "nav": "records"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    team_ids = _team_ids(request.user)
    disposal = get_object_or_404(
        Disposal.objects.for_teams(team_ids).pending().select_related("person", "requested_by"),
        pk=pk,
    )
    record_access(request, disposal.person, "disposal_decide")
    # A POST with no choice made is empty, but still a decision to be told about.
    form = DisposalDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                disposal = disposal_approve(disposal=disposal, by=request.user)
            else:
                disposal_cancel(disposal=disposal, by=request.user)
        except DisposalRefused as refused:
            form.add_error(None, str(refused))
        else:
            if disposal.status == Disposal.Status.DISPOSED:
                messages.success(request, f"The record was disposed of ({disposal.reference}).")
                return redirect("records:certificate", pk=disposal.pk)
            messages.success(request, "The request was cancelled. The record is kept.")
            return redirect("records:due")
    return render(
        request,
        "records/decide.html",
        {
            "form": form,
            "disposal": disposal,
            "person": disposal.person,
            "own_request": disposal.requested_by_id == request.user.pk,
            "nav": "records",
        },
    )


@login_required
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    team_ids = _team_ids(request.user)
    disposal = get_object_or_404(
        Disposal.objects.for_teams(team_ids)
        .filter(status=Disposal.Status.DISPOSED)
        .select_related("team", "requested_by", "decided_by"),
        pk=pk,
    )
    return render(request, "records/certificate.html", {"disposal": disposal, "nav": "records"})
