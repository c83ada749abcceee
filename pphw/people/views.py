from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pphw import drafts
from pphw.audit.log import last_looked_at, record_access
from pphw.history import paginate_history
from pphw.people import access
from pphw.people.forms import CaseloadSearchForm, CloseForm, PersonForm, ReopenForm
from pphw.people.models import Person, Refiling
from pphw.people.services import person_close, person_create, person_reopen, person_update
from pphw.versioning import VersionConflict

PAGE_SIZE = 25
CHI_TAKEN = "Another person already has this CHI number."


def caseload(request: HttpRequest) -> dict:
    """The people of the user's teams, searched and paginated: the context of a caseload list."""
    teams = list(access.teams_for_user(request.user))
    form = CaseloadSearchForm(request.GET or None, teams=teams)
    people = Person.objects.visible_to(request.user).select_related("team", "key_worker")
    if form.is_valid():
        people = people.search(form.cleaned_data["q"])
        if form.cleaned_data["team"]:
            people = people.filter(team_id=form.cleaned_data["team"])
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The table's rows are kept per process under every value they show
    # (docs/architecture.md, "Rendered parts kept in memory").
    rows_key = repr(
        [
            (
                p.pk,
                p.full_name,
                p.chi_number,
                p.date_of_birth,
                p.team.name,
                str(p.key_worker) if p.key_worker else None,
            )
            for p in page.object_list
        ]
    )
    return {
        "form": form,
        "page": page,
        "teams": teams,
        "query_string": query.urlencode(),
        "rows_key": rows_key,
    }


def _person(request: HttpRequest, pk: int, *, write: bool = False) -> Person:
    access.require_staff_member(request.user)
    get = access.get_rw_for_user if write else access.get_for_user
    return get(request.user, Person.objects.select_related("team", "key_worker", "user"), pk)


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    access.require_staff_member(request.user)
    context = caseload(request)
    context["nav"] = "people"
    return render(request, "people/person_list.html", context)


@login_required
@require_GET
def person_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole current record on A4, for a meeting; each app adds its own section."""
    person = _person(request, pk)
    record_access(request, person, "person_print")
    return render(request, "people/person_print.html", {"person": person, "nav": "people"})


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's record; each app adds its own section through its template tags."""
    person = _person(request, pk)
    # Read before this look is logged: what the person wrote since is shown as new.
    last_looked = last_looked_at(request.user, person, "person")
    record_access(request, person, "person")
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "own_login": person.user, "last_looked": last_looked, "nav": "people"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def person_create_view(request: HttpRequest) -> HttpResponse:
    access.require_staff_member(request.user)
    teams = access.teams_for_user(request.user)
    form = drafts.restore(request, PersonForm(request.POST or None, teams=teams))
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(by=request.user, **form.cleaned_data)
        except IntegrityError:
            form.add_error("chi_number", CHI_TAKEN)
        else:
            messages.success(request, f"{person} was added.")
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "nav": "people"})


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk, write=True)
    record_access(request, person, "person_edit")
    teams = access.teams_for_user(request.user)
    form = drafts.restore(request, PersonForm(request.POST or None, instance=person, teams=teams))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(
                person=person,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.model_fields(),
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        except IntegrityError:
            form.add_error("chi_number", CHI_TAKEN)
        else:
            messages.success(request, "The changes were saved.")
            return redirect(person)
    return render(
        request, "people/person_form.html", {"form": form, "person": person, "nav": "people"}
    )


@login_required
@require_GET
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    record_access(request, person, "person_history")
    page = paginate_history(person.history.all(), request.GET.get("page"))
    refilings = (
        Refiling.objects.filter(Q(from_person=person) | Q(to_person=person))
        .select_related("by", "from_person", "to_person")
        .order_by("-at", "-id")
    )
    return render(
        request,
        "people/person_history.html",
        {"person": person, "page": page, "refilings": list(refilings), "nav": "people"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk, write=True)
    record_access(request, person, "person_close")
    form = CloseForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            person_close(
                person=person,
                by=request.user,
                on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, f"{person.full_name}'s record is closed.")
            return redirect(person)
    return render(
        request,
        "people/person_close.html",
        {
            "form": form,
            "person": person,
            "retention_years": settings.RETENTION_YEARS_AFTER_CLOSURE,
            "nav": "people",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    access.require(access.can_write(request.user))
    record_access(request, person, "person_reopen")
    if not person.is_closed:
        messages.info(request, f"{person.full_name}'s record is not closed.")
        return redirect(person)
    form = ReopenForm(request.POST or None, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            person_reopen(
                person=person,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, f"{person.full_name}'s record is open again.")
            return redirect(person)
    return render(
        request, "people/person_reopen.html", {"form": form, "person": person, "nav": "people"}
    )
