from __future__ import annotations

import functools
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outcomes import services
from outcomes.forms import OutcomeForm, StepForm, StepMoveForm, StepStatusForm, unbound_form_key
from outcomes.history import outcome_history_page
from outcomes.models import Outcome, Step
from outcomes.queries import outcome_for_staff, outcome_steps
from outcomes.vocabulary import StepStatus
from pphw import drafts
from pphw.audit.log import record_access
from pphw.entered_in_error import entered_in_error_page
from pphw.people import access
from pphw.people.models import Person
from pphw.people.refiling import refile_page
from pphw.versioning import VersionConflict, conflict_message

OUTCOME_IN_ERROR = "This outcome was entered in error and can no longer be changed."
STEP_IN_ERROR = "This small step was entered in error and can no longer be changed."
STALE_PAGE = "Here is the latest version; check it and try again."


def _step_anchor(step) -> str:
    return reverse("outcomes:detail", args=[step.outcome_id]) + f"#step-{step.pk}"


def _outcome(request: HttpRequest, pk: int, *, write: bool = False) -> Outcome:
    access.require_staff_member(request.user)
    get = access.get_rw_for_user if write else access.get_for_user
    return get(
        request.user, Outcome.objects.select_related("person", "person__team", "conversation"), pk
    )


def _step(request: HttpRequest, pk: int) -> Step:
    access.require_staff_member(request.user)
    return access.get_rw_for_user(
        request.user, Step.objects.select_related("outcome", "outcome__person"), pk
    )


# --- outcomes -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def outcome_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_rw_for_user(request.user, Person.objects.select_related("team"), person_pk)
    record_access(request, person, "outcome_create")
    initial = {}
    conversation = None
    if request.GET.get("conversation"):
        conversation = get_object_or_404(
            person.conversations.current(), pk=_int_or_404(request.GET["conversation"])
        )
        initial["conversation"] = conversation.pk
        if request.GET.get("from_words"):
            # Start from what the person said, to be shaped into the outcome with them.
            initial["statement"] = conversation.what_matters
            initial["strengths"] = conversation.strengths
    form = drafts.restore(
        request, OutcomeForm(request.POST or None, person=person, initial=initial)
    )
    if request.method == "POST" and form.is_valid():
        outcome = services.outcome_create(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, "The outcome was added.")
        then = request.POST.get("then")
        if then == "step":
            return redirect("outcomes:step_create", outcome.pk)
        if then == "another":
            url = reverse("outcomes:create", args=[person.pk])
            if outcome.conversation_id:
                url += f"?conversation={outcome.conversation_id}"
            return redirect(url)
        return redirect(outcome)
    return render(
        request,
        "outcomes/outcome_form.html",
        {"form": form, "person": person, "conversation": conversation, "nav": "people"},
    )


def _int_or_404(value: str) -> int:
    # str.isdigit() also accepts characters such as "²" that int() refuses.
    if not (value.isascii() and value.isdigit()):
        raise Http404("No such conversation.")
    return int(value)


@login_required
@require_GET
def outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user_roles = access.require_staff_member(request.user)
    # The outcome if the user may see it, with its person and the date of the
    # conversation it came from (no more is read of either).
    outcome = outcome_for_staff(pk, user_roles.team_ids)
    if outcome is None:
        raise Http404("No such outcome.")
    record_access(request, outcome.person_id, "outcome")
    # Every step, those entered in error too: the page counts those, so one
    # statement reads both.
    all_steps = outcome_steps(outcome)
    steps = [step for step in all_steps if not step.entered_in_error]
    return render(
        request,
        "outcomes/outcome_detail.html",
        {
            "outcome": outcome,
            "person": outcome.person,
            "steps": steps,
            "about_key": _about_key(outcome),
            "step_rows": _step_rows(request, outcome, steps),
            "step_count": len(steps),
            "steps_in_error": len(all_steps) - len(steps),
            # Made only if its kept rendering is not at hand.
            "step_form": SimpleLazyObject(_quick_step_form),
            "step_form_key": _quick_step_form_key(),
            "nav": "people",
        },
    )


def _quick_step_form() -> StepForm:
    """The outcome page's quick "add a small step" form, unbound: no service to link."""
    return StepForm(auto_id="new-step-%s", link_service=False)


@functools.cache
def _quick_step_form_key() -> str | None:
    """The key of the quick form's kept rendering, worked out once per process.

    The form has no choice of rows, so its rendering is made of its definition
    alone (``unbound_form_key``), which is fixed for the life of the process.
    """
    return unbound_form_key(_quick_step_form())


def _about_key(outcome: Outcome) -> str:
    """The key of the top of the outcome's page, kept per process (outcome_detail.html).

    The part is the person's name, the statement, the buttons and "About this
    outcome": it is keyed on every stored value of the outcome and of its person,
    and the date of the conversation it came from, so that an edit of any of them,
    however made, gives a new key. It shows nothing about the viewer. It holds
    ``people/_person_header.html``: should that show more than the person's own
    fields, put the new values in this key too.
    """
    person = outcome.person
    return repr(
        (
            [getattr(outcome, field.attname) for field in Outcome._meta.concrete_fields],
            outcome.conversation_held_on,
            [getattr(person, field.attname) for field in Person._meta.concrete_fields],
        )
    )


# Stands for the request's CSRF token in a kept rendering of the step rows.
CSRF_STAND_IN = "pphw-csrf-token-stand-in"


def _step_rows(request: HttpRequest, outcome: Outcome, steps: list[Step]) -> SafeString:
    """The outcome's small steps with their buttons (outcomes/_step_rows.html).

    Kept per process under every value the rows show (docs/architecture.md,
    "Rendered parts kept in memory"). The rows hold forms, so they are kept with a
    stand-in for the CSRF token, and each request puts its own token in.
    """
    key = repr(
        (
            outcome.pk,
            outcome.is_entered_in_error,
            [
                (
                    step.pk,
                    step.version,
                    step.what,
                    step.status,
                    step.done_on,
                    step.who,
                    step.who_name,
                    step.due_on,
                    step.service_id,
                    step.service and (step.service.name, step.service.is_closed),
                )
                for step in steps
            ],
        )
    )
    cache = caches["fragments"]
    cache_key = "outcome-step-rows:" + hashlib.sha256(key.encode()).hexdigest()
    html = cache.get(cache_key)
    if html is None:
        _prepare_step_rows(steps)
        html = render_to_string(
            "outcomes/_step_rows.html",
            {"steps": steps, "outcome": outcome, "csrf_token": CSRF_STAND_IN},
        )
        cache.set(cache_key, html)
    return mark_safe(html.replace(CSRF_STAND_IN, get_token(request)))  # noqa: S308 - our own rendering; the token is letters and digits


def _prepare_step_rows(steps: list[Step]) -> None:
    """Give each step its row's buttons and links (outcomes/_step_row.html).

    Each of the row's four links is reversed once for the page, not once per step:
    with ten steps, ``{% url %}`` in the row was a quarter of the page's rendering.
    """
    if not steps:
        return
    placeholder = "2147483647"  # a pk no route turns into anything but itself
    patterns = {
        name: reverse(f"outcomes:step_{name}", args=[placeholder])
        for name in ("status", "move", "edit", "entered_in_error")
    }
    for step in steps:
        step.status_actions = STEP_STATUS_ACTIONS[step.status]
        pk = str(step.pk)
        step.urls = {name: url.replace(placeholder, pk) for name, url in patterns.items()}


# The status buttons of a step, by its status: the others, in the order of the choices.
STEP_STATUS_ACTIONS = {
    status: [
        (value, "Back to planned" if value == StepStatus.PLANNED else f"Mark {label.lower()}")
        for value, label in StepStatus.choices
        if value != status
    ]
    for status in StepStatus.values
}


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk, write=True)
    record_access(request, outcome.person_id, "outcome_edit")
    if outcome.is_entered_in_error:
        messages.error(request, OUTCOME_IN_ERROR)
        return redirect(outcome)
    form = drafts.restore(
        request, OutcomeForm(request.POST or None, instance=outcome, person=outcome.person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_update(
                outcome=outcome,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.model_fields(),
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, "The changes were saved.")
            return redirect(outcome)
    return render(
        request,
        "outcomes/outcome_form.html",
        {"form": form, "person": outcome.person, "outcome": outcome, "nav": "people"},
    )


@login_required
@require_GET
def outcome_history(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    record_access(request, outcome.person_id, "outcome_history")
    page = outcome_history_page(outcome, request.GET.get("page"))
    return render(
        request,
        "outcomes/outcome_history.html",
        {"outcome": outcome, "person": outcome.person, "page": page, "nav": "people"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_entered_in_error(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk, write=True)
    record_access(request, outcome.person_id, "outcome_entered_in_error")

    def mark(**form_data) -> None:
        services.outcome_mark_entered_in_error(outcome=outcome, by=request.user, **form_data)

    return entered_in_error_page(
        request,
        record=outcome,
        kind="outcome",
        person=outcome.person,
        quote=outcome.statement,
        also="its small steps",
        mark=mark,
        done_url=outcome.person.get_absolute_url(),
        cancel_url=outcome.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_move(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk, write=True)
    record_access(request, outcome.person_id, "outcome_move")

    def move(**form_data) -> None:
        services.outcome_move(outcome=outcome, by=request.user, **form_data)

    return refile_page(
        request,
        record=outcome,
        kind="outcome",
        quote=outcome.statement,
        move=move,
        page="outcome_move",
        cancel_url=outcome.get_absolute_url(),
    )


# --- small steps ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def step_create(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk, write=True)
    record_access(request, outcome.person_id, "step_create")
    if outcome.is_entered_in_error:
        messages.error(request, "This outcome was entered in error, so no steps can be added.")
        return redirect(outcome)
    form = drafts.restore(request, StepForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        try:
            step = services.step_create(outcome=outcome, by=request.user, **form.model_fields())
        except services.RecordEnteredInError:
            messages.error(request, "This outcome was entered in error, so no steps can be added.")
            return redirect(outcome)
        messages.success(request, "The small step was added.")
        if request.POST.get("then") == "another":
            return redirect("outcomes:step_create", outcome.pk)
        return redirect(_step_anchor(step))
    return render(
        request,
        "outcomes/step_form.html",
        {"form": form, "outcome": outcome, "person": outcome.person, "nav": "people"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def step_edit(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    record_access(request, step.outcome.person_id, "step_edit")
    if step.is_entered_in_error:
        messages.error(request, STEP_IN_ERROR)
        return redirect(step.outcome)
    form = drafts.restore(request, StepForm(request.POST or None, instance=step))
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(
                step=step,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.model_fields(),
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, "The small step was saved.")
            return redirect(_step_anchor(step))
    return render(
        request,
        "outcomes/step_form.html",
        {
            "form": form,
            "step": step,
            "outcome": step.outcome,
            "person": step.outcome.person,
            "nav": "people",
        },
    )


def _step_action(request: HttpRequest, pk: int, form_class, action) -> HttpResponse:
    """A one-click change to a small step: ``action(step, cleaned_data)`` gives the message."""
    step = _step(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "That change could not be made; please reload the page.")
        return redirect(_step_anchor(step))
    try:
        done = action(step, form.cleaned_data)
    except services.RecordEnteredInError:
        messages.error(request, STEP_IN_ERROR)
    except VersionConflict as conflict:
        messages.error(request, conflict_message(conflict, noun="small step", advice=STALE_PAGE))
    else:
        messages.success(request, done)
    return redirect(_step_anchor(step))


@login_required
@require_POST
def step_status(request: HttpRequest, pk: int) -> HttpResponse:
    def set_status(step, data) -> str:
        services.step_set_status(
            step=step, by=request.user, status=data["status"], expected_version=data["version"]
        )
        return f"Small step marked \u201c{step.get_status_display().lower()}\u201d."

    return _step_action(request, pk, StepStatusForm, set_status)


@login_required
@require_POST
def step_move(request: HttpRequest, pk: int) -> HttpResponse:
    def move(step, data) -> str:
        services.step_move(
            step=step,
            by=request.user,
            direction=data["direction"],
            expected_version=data["version"],
        )
        return f"Small step moved {data['direction']}."

    return _step_action(request, pk, StepMoveForm, move)


@login_required
@require_http_methods(["GET", "POST"])
def step_entered_in_error(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    record_access(request, step.outcome.person_id, "step_entered_in_error")

    def mark(**form_data) -> None:
        services.step_mark_entered_in_error(step=step, by=request.user, **form_data)

    return entered_in_error_page(
        request,
        record=step,
        kind="small step",
        person=step.outcome.person,
        quote=step.what,
        mark=mark,
        done_url=step.outcome.get_absolute_url(),
        cancel_url=step.outcome.get_absolute_url(),
    )
