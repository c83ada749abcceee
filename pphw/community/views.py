"""The directory's pages: staff search it, read a service, suggest and correct one;
team leads confirm services and import files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from pphw.community import importing, services
from pphw.community.forms import ImportForm, ServiceForm, ServiceSearchForm
from pphw.community.models import Service
from pphw.community.queries import (
    CARD_FIELDS,
    CountingPaginator,
    result_cards,
    with_first_place,
)
from pphw.people import access
from pphw.versioning import VersionConflict

PAGE_SIZE = 25


@login_required
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    access.require_staff_member(request.user)
    form = ServiceSearchForm(request.GET or None)
    found = Service.objects.select_related("organisation").only(*CARD_FIELDS)
    searched = False
    point = None
    if form.is_valid():
        data = form.cleaned_data
        searched = any(data[name] for name in ("q", "category", "area", "near"))
        found = found.in_category(data["category"])
        point = form.point
        if point is not None:
            # The words are matched on the places near the point, with them.
            found = found.in_area(data["area"]).near(
                point.latitude, point.longitude, data["radius"], words=data["q"]
            )
        else:
            # The words on the places in the area, with them (a district or postcode).
            found = found.matching(data["q"], data["area"]).order_by("name", "id")
    elif form.is_bound:
        found = found.none()
        searched = True
    else:
        found = found.order_by("name", "id")
    page = CountingPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    # community:detail is "<pk>/" below the list: one reverse, not one per service.
    list_url = reverse("community:list")
    cards = result_cards(
        with_first_place(page.object_list), list_url=list_url, near=point is not None
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/service_list.html",
        {
            "form": form,
            "page": page,
            "searched": searched,
            "point": point,
            "cards": cards,
            "query_string": query.urlencode(),
            "nav": "community",
        },
    )


@login_required
@require_GET
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    service = get_object_or_404(
        Service.objects.select_related("organisation", "confirmed_by", "suggested_by"), pk=pk
    )
    return render(
        request,
        "community/service_detail.html",
        {
            "service": service,
            "locations": list(service.locations.all()),
            "changes": list(
                service.history.select_related("history_user").order_by("-history_date")[:5]
            ),
            "nav": "community",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    access.require_staff_member(request.user)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.service_suggest(by=request.user, **form.service_fields())
        messages.success(
            request, f"{service} was added to the directory. A team lead will confirm it."
        )
        return redirect(service)
    return render(request, "community/service_form.html", {"form": form, "nav": "community"})


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user_roles = access.require_staff_member(request.user)
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    form = ServiceForm(request.POST or None, instance=service, can_confirm=user_roles.is_lead)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                service=service,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.service_fields(),
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict, noun="service")
        else:
            messages.success(request, f"{service} was saved.")
            return redirect(service)
    return render(
        request,
        "community/service_form.html",
        {"form": form, "service": service, "nav": "community"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_import(request: HttpRequest) -> HttpResponse:
    access.require_lead(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            records = importing.parse_file(upload.name, upload.read())
            report = services.service_import(records=records, by=request.user)
        except importing.ImportProblem as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(request, report.summary)
            form = ImportForm()
    return render(
        request,
        "community/service_import.html",
        {"form": form, "report": report, "nav": "community"},
    )
