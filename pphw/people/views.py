from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pphw import drafts
from pphw.audit.log import last_looked_at, record_access
from pphw.history import paginate_history
from pphw.people import access
from pphw.people.caring import HIDDEN, caring_changes_for
from pphw.people.forms import (
    CaringEndForm,
    CaringForm,
    CaseloadSearchForm,
    CloseForm,
    PersonForm,
    ReopenForm,
)
from pphw.people.models import CaringRelationship, Person, Refiling, Team, User
from pphw.people.queries import caseload_first_page
from pphw.people.services import (
    caring_create,
    caring_end,
    caring_update,
    person_close,
    person_create,
    person_reopen,
    person_update,
)
from pphw.versioning import VersionConflict

PAGE_SIZE = 25
CHI_TAKEN = "Another person already has this CHI number."


def caseload(request: HttpRequest, *, team_names: bool = True) -> dict:
    """The people of the user's teams, searched and paginated: the context of a caseload list.

    Without ``team_names`` (a page that does not name the user's teams), a member
    of one team is offered no choice of team (each row names its person's team),
    so that team's row is not read; the form still accepts its id.
    """
    roles = access.roles(request.user)
    team_ids = roles.team_ids
    if team_names or len(team_ids) > 1:
        teams = list(access.teams_for_user(request.user))
    else:
        teams = [Team(pk=team_id) for team_id in team_ids]
    form = CaseloadSearchForm(request.GET or None, teams=teams)
    people = Person.objects.visible_to(request.user).select_related("team", "key_worker")
    if form.is_valid():
        people = people.search(form.cleaned_data["q"])
        if form.cleaned_data["team"]:
            people = people.filter(team_id=form.cleaned_data["team"])
    key_worker = None
    if form.is_valid() and form.cleaned_data["key_worker"]:
        people = people.filter(key_worker_id=form.cleaned_data["key_worker"])
        # Named only if they are a member of one of the user's teams.
        key_worker = User.objects.filter(
            pk=form.cleaned_data["key_worker"],
            memberships__team__in=[team.pk for team in teams],
        ).first()
    if _first_page_of_everyone(request, form) and roles.person_id is None:
        # Nearly every visit: read by statements built once per process.
        first, count = caseload_first_page(team_ids, size=PAGE_SIZE)
        paginator = Paginator(people, PAGE_SIZE)
        paginator.count = count  # a cached property: not counted again
        page = Page(first, 1, paginator)
    else:
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
        "key_worker": key_worker,
        "key_worker_filtered": form.is_valid() and bool(form.cleaned_data["key_worker"]),
        "query_string": query.urlencode(),
        "rows_key": rows_key,
    }


def _first_page_of_everyone(request: HttpRequest, form: CaseloadSearchForm) -> bool:
    """Whether the caseload asked for is its first page, with nothing searched for."""
    if request.GET.get("page", "1") != "1":
        return False
    if not form.is_bound:
        return True
    return form.is_valid() and not any(form.cleaned_data.values())


def _person(request: HttpRequest, pk: int, *, write: bool = False) -> Person:
    return access.staff_person(request.user, pk, write=write)


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    access.require_staff_member(request.user)
    context = caseload(request, team_names=False)
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
    # Read before this look is logged: what the person wrote since is shown as new. A person
    # with no login of their own has written nothing, so there is nothing to look up.
    last_looked = last_looked_at(request.user, person, "person") if person.user_id else None
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
        {
            "person": person,
            "page": page,
            "refilings": list(refilings),
            "caring_changes": caring_changes_for(request.user, person),
            "nav": "people",
        },
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


# --- who cares for whom -------------------------------------------------------------

ENDED = "This caring relationship has ended: it is kept as it was and can no longer be changed."


def _caring(request: HttpRequest, pk: int) -> tuple[CaringRelationship, str]:
    """A current relationship the user may change (they may see the carer), and the other's name.

    The person cared for is named only to staff who may see their record too.
    """
    access.require_staff_member(request.user)
    caring = access.get_rw_for_user(
        request.user,
        CaringRelationship.objects.select_related("carer__team", "cared_for__team"),
        pk,
    )
    access.require(not caring.has_ended, ENDED)
    visible = Person.objects.visible_to(request.user).filter(pk=caring.cared_for_id).exists()
    return caring, caring.cared_for.full_name if visible else HIDDEN


@login_required
@require_http_methods(["GET", "POST"])
def caring_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record whom this person cares for; the form is on the carer's record."""
    carer = _person(request, pk, write=True)
    record_access(request, carer, "caring_create")
    people = Person.objects.visible_to(request.user)
    form = CaringForm(request.POST or None, carer=carer, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            caring_create(carer=carer, by=request.user, **form.cleaned_data)
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict, point_at_newer=False)
        except IntegrityError:
            form.add_error("cared_for", "This caring relationship is already recorded.")
        else:
            messages.success(request, "The caring relationship was recorded.")
            return redirect(carer)
    return render(
        request, "people/caring_form.html", {"form": form, "person": carer, "nav": "people"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def caring_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    caring, other_name = _caring(request, pk)
    carer = caring.carer
    record_access(request, carer, "caring_edit")
    form = CaringForm(request.POST or None, instance=caring, carer=carer)
    if request.method == "POST" and form.is_valid():
        try:
            caring_update(
                caring=caring,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.model_fields(),
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, "The changes were saved.")
            return redirect(carer)
    context = {
        "form": form,
        "person": carer,
        "caring": caring,
        "other_name": other_name,
        "nav": "people",
    }
    return render(request, "people/caring_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def caring_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    caring, other_name = _caring(request, pk)
    carer = caring.carer
    record_access(request, carer, "caring_end")
    form = CaringEndForm(request.POST or None, caring=caring, initial={"version": caring.version})
    if request.method == "POST" and form.is_valid():
        try:
            caring_end(
                caring=caring,
                by=request.user,
                on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, "The caring relationship has ended; it is kept.")
            return redirect(carer)
    context = {"form": form, "person": carer, "other_name": other_name, "nav": "people"}
    return render(request, "people/caring_end.html", context)


@login_required
@require_GET
def carer_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A carer's adult carer support plan on A4: their caring situation, outcomes and steps."""
    person = _person(request, pk)
    if not person.is_carer:
        raise Http404("This is not a carer's record.")
    record_access(request, person, "carer_plan")
    return render(request, "people/carer_plan.html", {"person": person, "nav": "people"})
