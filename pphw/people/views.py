from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from conversations.queries import conversation_timeline, conversations_entered_in_error
from outcomes.queries import outcome_groups_for_person, outcomes_entered_in_error
from pphw.audit.log import record_access
from pphw.history import paginate_history
from pphw.people import access
from pphw.people.forms import CaseloadSearchForm, PersonForm
from pphw.people.me_services import person_contributions
from pphw.people.services import person_create
from pphw.versioning import VersionConflict

PAGE_SIZE = 25
CHI_TAKEN = "Another person already has this CHI number."


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def _caseload(request: HttpRequest):
    teams = list(access.teams_for_user(request.user))
    form = CaseloadSearchForm(request.GET or None, teams=teams)
    people = access.people_for_user(request.user).select_related("team", "key_worker")
    if form.is_valid():
        people = people.search(form.cleaned_data["q"])
        if form.cleaned_data["team"]:
            people = people.filter(team_id=form.cleaned_data["team"])
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "teams": teams, "query_string": query.urlencode()}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    roles = access.roles(request.user)
    if roles.is_person:
        return redirect("me:home")
    if not roles.is_staff_member:
        return render(request, "people/no_team.html", status=200)
    context = _caseload(request)
    context["nav"] = "home"
    context["reviews_due_count"] = _reviews_due_count(request.user)
    return render(request, "people/home.html", context)


def _reviews_due_count(user) -> int:
    from reviews.queries import due_outcomes

    return due_outcomes(access.outcomes_for_user(user)).count()


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    access.require_staff_member(request.user)
    context = _caseload(request)
    context["nav"] = "people"
    return render(request, "people/person_list.html", context)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_person_for_user(request.user, pk)
    record_access(request, person, "person")
    context = {"person": person, "nav": "people"}
    context.update(
        outcome_groups=outcome_groups_for_person(person),
        outcomes_in_error=outcomes_entered_in_error(person),
        conversations=conversation_timeline(person),
        conversations_in_error=conversations_entered_in_error(person),
    )
    context.update(person_contributions(person))
    return render(request, "people/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create_view(request: HttpRequest) -> HttpResponse:
    access.require_staff_member(request.user)
    teams = access.teams_for_user(request.user)
    form = PersonForm(request.POST or None, teams=teams)
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
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_rw_person_for_user(request.user, pk)
    record_access(request, person, "person_edit")
    teams = access.teams_for_user(request.user)
    form = PersonForm(request.POST or None, instance=person, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            form.save_versioned(user=request.user)
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
    access.require_staff_member(request.user)
    person = access.get_person_for_user(request.user, pk)
    record_access(request, person, "person_history")
    page = paginate_history(person.history.all(), request.GET.get("page"))
    return render(
        request, "people/person_history.html", {"person": person, "page": page, "nav": "people"}
    )
