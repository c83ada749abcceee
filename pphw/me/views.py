"""A person's own pages: their outcomes, in their own words, and what they may change.

Every page requires the signed-in user to be the person of a record, and
fetches objects through ``visible_to`` QuerySets, so another person's ids
answer 404. Writes go through the same services as staff writes (the outcomes
and conversations apps' ``services``), with the person recorded in history.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conversations.services import preparation_save
from outcomes.models import Outcome, Reflection, Step
from outcomes.services import (
    OutcomeClosed,
    RecordEnteredInError,
    outcome_reword,
    reflection_add,
    step_create,
    step_set_status,
)
from outcomes.vocabulary import CLOSED_LIFECYCLES, OPEN_LIFECYCLES, StepStatus
from pphw import drafts
from pphw.audit.log import record_access
from pphw.audit.models import RecordAccess
from pphw.audit.throttle import ThrottledLinkMixin
from pphw.me.export import export_for, export_for_delegate
from pphw.me.forms import (
    InvitationPasswordForm,
    OutcomeWordsForm,
    OwnStepForm,
    PreparationForm,
    ReflectionForm,
    StepDoneForm,
    min_password_length,
)
from pphw.me.history import own_history_page
from pphw.people import access
from pphw.people.models import Person
from pphw.people.roles import ACT_FOR_SESSION_KEY
from pphw.people.services import AcceptRefused, delegation_accept, delegation_accept_refusal
from pphw.versioning import VersionConflict, conflict_message
from reviews.journey import journey_for

RECENT_REFLECTIONS = 10
OWN_WORDS_KEPT = "Your words are still below: check them and save again."
CLOSED_NO_STEPS = (
    "This outcome is closed, so no steps can be added. "
    "Talk to your key worker if you would like to start it again."
)


def _steps_prefetch() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=Step.objects.current()
        .select_related("service")
        .prefetch_related("service__locations")
        .order_by("order", "id"),
    )


def _own_outcomes(request: HttpRequest):
    """The signed-in person's outcomes, less those entered in error (404 for anyone else)."""
    access.require_person(request.user)
    return Outcome.objects.visible_to(request.user).current()


def _own_outcome(request: HttpRequest, pk: int) -> Outcome:
    return access.get_for_user(request.user, _own_outcomes(request).select_related("person"), pk)


def _own_rw_step(request: HttpRequest, pk: int) -> Step:
    """A step the person may change: theirs to do, on an open record of theirs.

    Another person's step, or one on an outcome entered in error, answers 404;
    a step of their own record that someone else is doing, or on a closed
    record, answers 403.
    """
    access.require_person(request.user)
    step = access.get_for_user(
        request.user, Step.objects.changeable().select_related("outcome__person"), pk
    )
    access.require_may_help(request.user)
    _delegate_look(request, step.outcome.person_id, "own_step_done")
    access.require(step.is_the_persons, "Only steps that you are doing can be changed here.")
    access.require_open(step.outcome.person)
    return step


def _delegate_look(request: HttpRequest, person_id: int, page: str) -> None:
    """A delegate's every look at the record is in the record-access log, shown to the person.

    The person's own looks at their pages are not logged, except the plan,
    history and download, as before.
    """
    if access.roles(request.user).is_delegate:
        record_access(request, person_id, page)


def _for_whom(request: HttpRequest, what: str, after: str = "") -> str:
    """The history reason of a change: a delegate's says for whom, and as what."""
    acting = access.roles(request.user).acting
    if acting is None:
        return f"{what} by the person{after}"
    return f"{what} by {request.user} {acting.for_words}{after}"


def _open_preparation(person: Person):
    return person.preparations.open().first()


@login_required
@require_GET
def me_home(request: HttpRequest) -> HttpResponse:
    if not access.roles(request.user).is_person and access.roles(request.user).delegations:
        # A delegate who has not chosen yet: whose record do they want to look at?
        return render(request, "me/choose.html", {"nav": "me"})
    person = access.own_person(request.user)
    _delegate_look(request, person.pk, "own_home")
    outcomes = list(
        _own_outcomes(request).prefetch_related(_steps_prefetch()).order_by("next_review_due", "id")
    )
    context = {
        "person": person,
        "working_on": [o for o in outcomes if o.lifecycle_status in OPEN_LIFECYCLES],
        "closed": [o for o in outcomes if o.lifecycle_status in CLOSED_LIFECYCLES],
        "preparation": _open_preparation(person),
        "nav": "me",
    }
    return render(request, "me/home.html", context)


def _mark_added_by_others(steps: list[Step], person: Person) -> None:
    """Name who added each step the person did not add themselves (a delegate), in one query."""
    ids = [step.pk for step in steps if step.added_by_person]
    if not ids:
        return
    added = (
        Step.history.filter(id__in=ids, history_type="+", history_user__isnull=False)
        .exclude(history_user_id=person.user_id)
        .values_list("id", "history_user__first_name", "history_user__last_name")
    )
    names = {pk: f"{first} {last}".strip() for pk, first, last in added}
    for step in steps:
        step.added_by_other = names.get(step.pk, "")


def _outcome_page(request: HttpRequest, outcome) -> HttpResponse:
    journey = journey_for(outcome, check_ins=True)
    steps = list(
        outcome.steps.current()
        .select_related("service")
        .prefetch_related("service__locations")
        .order_by("order", "id")
    )
    _mark_added_by_others(steps, outcome.person)
    context = {
        "person": outcome.person,
        "outcome": outcome,
        "journey": journey,
        "steps": steps,
        "reflections": list(
            outcome.reflections.current()
            .select_related("author")
            .latest_first()[:RECENT_REFLECTIONS]
        ),
        "step_form": OwnStepForm(),
        "reflection_form": ReflectionForm(),
        "nav": "me",
    }
    return render(request, "me/outcome.html", context)


@login_required
@require_GET
def me_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _own_outcome(request, pk)
    _delegate_look(request, outcome.person_id, "own_outcome")
    return _outcome_page(request, outcome)


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def me_outcome_words(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _own_outcome(request, pk)
    access.require_own_words(request.user)
    access.require_open(outcome.person)
    form = drafts.restore(request, OutcomeWordsForm(request.POST or None, instance=outcome))
    if request.method == "POST" and form.is_valid():
        try:
            outcome_reword(
                outcome=outcome,
                by=request.user,
                statement=form.cleaned_data["statement"],
                why_it_matters=form.cleaned_data["why_it_matters"],
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, "Your words were saved.")
            return redirect("me:outcome", pk=outcome.pk)
    return render(
        request,
        "me/outcome_words.html",
        {"form": form, "outcome": outcome, "nav": "me"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def me_step_add(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _own_outcome(request, pk)
    access.require_may_help(request.user)
    access.require_open(outcome.person)
    _delegate_look(request, outcome.person_id, "own_step_add")
    if not outcome.is_open:
        messages.error(request, CLOSED_NO_STEPS)
        return redirect("me:outcome", pk=outcome.pk)
    form = drafts.restore(request, OwnStepForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        try:
            step_create(
                outcome=outcome,
                by=request.user,
                by_person=True,
                reason=_for_whom(request, "Added"),
                **form.cleaned_data,
            )
        except (OutcomeClosed, RecordEnteredInError):
            messages.error(request, CLOSED_NO_STEPS)
            return redirect("me:outcome", pk=outcome.pk)
        messages.success(request, "Your small step was added.")
        return redirect(reverse("me:outcome", args=[outcome.pk]) + "#steps-heading")
    return render(
        request,
        "me/step_form.html",
        {"form": form, "outcome": outcome, "nav": "me"},
    )


@login_required
@require_POST
def me_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    step = _own_rw_step(request, pk)
    form = StepDoneForm(request.POST)
    target = reverse("me:outcome", args=[step.outcome_id]) + "#steps-heading"
    if not form.is_valid():
        messages.error(request, "That did not work: please reload the page and try again.")
        return redirect(target)
    try:
        step_set_status(
            step=step,
            by=request.user,
            status=StepStatus.DONE,
            expected_version=form.cleaned_data["version"],
            reason=_for_whom(request, "Marked done"),
        )
    except VersionConflict as conflict:
        messages.error(
            request,
            conflict_message(
                conflict,
                noun="step",
                advice="Have a look at it now and try again if it still needs doing.",
            ),
        )
    else:
        messages.success(
            request,
            f"Well done: “{step.what}” is marked done. "
            "If that was a mistake, choose “Undo” beside the step.",
        )
    return redirect(target)


@login_required
@require_POST
def me_step_undo_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo "I have done this": the step goes back to the status it had before."""
    step = _own_rw_step(request, pk)
    form = StepDoneForm(request.POST)
    target = reverse("me:outcome", args=[step.outcome_id]) + f"#step-{step.pk}"
    if not form.is_valid():
        messages.error(request, "That did not work: please reload the page and try again.")
        return redirect(target)
    if step.status != StepStatus.DONE:
        messages.info(request, f"“{step.what}” is not marked done, so there is nothing to undo.")
        return redirect(target)
    try:
        step_set_status(
            step=step,
            by=request.user,
            status=step.status_before_done(),
            expected_version=form.cleaned_data["version"],
            reason=_for_whom(request, "Marked not done", " (undo)"),
        )
    except VersionConflict as conflict:
        messages.error(
            request,
            conflict_message(
                conflict, noun="step", advice="Have a look at it now and try again if needed."
            ),
        )
    else:
        messages.success(request, f"Undone: “{step.what}” is no longer marked done.")
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def me_reflection_add(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _own_outcome(request, pk)
    access.require_own_words(request.user)
    access.require_open(outcome.person)
    form = drafts.restore(request, ReflectionForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        reflection_add(outcome=outcome, by=request.user, **form.cleaned_data)
        messages.success(request, "Thank you. Your note on how it is going was saved.")
        return redirect(reverse("me:outcome", args=[outcome.pk]) + "#reflections-heading")
    return render(
        request,
        "me/reflection_form.html",
        {"form": form, "outcome": outcome, "nav": "me"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def me_preparation(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    _delegate_look(request, person.pk, "own_preparation")
    if request.method == "POST":
        access.require_may_help(request.user)
        access.require_open(person)
    elif access.roles(request.user).may_change:
        access.require_open(person)
    preparation = _open_preparation(person)
    form = drafts.restore(request, PreparationForm(request.POST or None, instance=preparation))
    if request.method == "POST" and form.is_valid():
        try:
            preparation_save(
                person=person,
                by=request.user,
                preparation=preparation,
                expected_version=form.cleaned_data.get("version"),
                talk_about=form.cleaned_data["talk_about"],
                matters_most=form.cleaned_data["matters_most"],
                going_well=form.cleaned_data["going_well"],
                reason=_for_whom(request, "Written")
                if access.roles(request.user).is_delegate
                else "",
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict, noun="note", advice=OWN_WORDS_KEPT)
        else:
            messages.success(
                request, "Saved. Your key worker will see this before your next conversation."
            )
            return redirect("me:home")
    return render(
        request,
        "me/preparation.html",
        {"form": form, "person": person, "preparation": preparation, "nav": "me-prepare"},
    )


@login_required
@require_GET
def me_history(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    record_access(request, person, "own_history")
    page = own_history_page(
        person, request.GET.get("page"), for_delegate=access.roles(request.user).is_delegate
    )
    return render(request, "me/history.html", {"person": person, "page": page, "nav": "me-history"})


@login_required
@require_GET
def me_export(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    _delegate_look(request, person.pk, "own_export")
    return render(request, "me/export.html", {"person": person, "nav": "me-data"})


@login_required
@require_GET
def me_export_json(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    record_access(request, person, "export", kind=RecordAccess.Kind.EXPORT)
    data = (
        export_for_delegate(person)
        if access.roles(request.user).is_delegate
        else export_for(person)
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-pphw-data-{stamp}.json"'
    return response


@login_required
@require_GET
def me_plan(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    record_access(request, person, "own_plan")
    outcomes = list(
        _own_outcomes(request)
        .prefetch_related(
            _steps_prefetch(),
            Prefetch(
                "reflections",
                queryset=Reflection.objects.current().latest_first(),
            ),
        )
        .order_by("next_review_due", "id")
    )
    context = {
        "person": person,
        "working_on": [o for o in outcomes if o.lifecycle_status in OPEN_LIFECYCLES],
        "closed": [o for o in outcomes if o.lifecycle_status in CLOSED_LIFECYCLES],
        "preparation": _open_preparation(person),
        "today": timezone.localdate(),
        "nav": "me-data",
    }
    return render(request, "me/plan.html", context)


class SetPasswordView(ThrottledLinkMixin, auth_views.PasswordResetConfirmView):
    """The invitation link: the person chooses their password, once.

    Only a login that belongs to a person and is active can use it; the token
    itself is Django's, so a link is single use and expires. Links that do not
    work are counted, per account and per address, and paused like a password.
    """

    form_class = InvitationPasswordForm
    template_name = "me/set_password.html"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active:
            return None
        if not hasattr(user, "person") and not user.delegations.active().exists():
            return None
        return user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["min_length"] = min_password_length()
        context["hours"] = settings.PASSWORD_RESET_TIMEOUT // 3600
        delegation = self._invited_delegation()
        if delegation is not None:
            context["invited_to"] = delegation
            if self._signed_in_elsewhere():
                context["accept_refusal"] = delegation_accept_refusal(
                    delegation=delegation, user=self.request.user
                )
        return context

    def _signed_in_elsewhere(self) -> bool:
        """Someone is signed in, and it is not the login the invitation made."""
        user = self.request.user
        return user.is_authenticated and user.pk != self.user.pk

    def _invited_delegation(self):
        """The access a delegate's invitation link gives, or None for a person's own login."""
        if not getattr(self, "validlink", False) or self.user is None:
            return None
        if not hasattr(self, "_delegation"):
            self._delegation = (
                None
                if hasattr(self.user, "person")
                else self.user.delegations.active().select_related("person").order_by("pk").first()
            )
        return self._delegation

    def post(self, request, *args, **kwargs):
        if "accept" not in request.POST:
            return super().post(request, *args, **kwargs)
        return self._accept()

    def _accept(self) -> HttpResponse:
        """Add the invited access to the login the visitor is signed in with (docs/security.md)."""
        delegation = self._invited_delegation()
        if not self._signed_in_elsewhere():
            error = (
                "Only someone signed in with their own login can add this access to it. "
                "Sign in first, then open the link again; or choose a password below."
            )
        elif delegation is None:
            error = "There is no access to add with this link: it may just have been used."
        else:
            try:
                delegation = delegation_accept(delegation=delegation, user=self.request.user)
            except AcceptRefused as refused:
                error = str(refused)
            else:
                return self._accepted(delegation)
        form = self.get_form_class()(self.user)
        return self.render_to_response(self.get_context_data(form=form, accept_error=error))

    def _accepted(self, delegation) -> HttpResponse:
        """The link is spent: go straight to the person's plan, which is logged as a look."""
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        person = delegation.person
        self.request.session[ACT_FOR_SESSION_KEY] = person.pk
        record_access(self.request, person.pk, "act_for")
        messages.success(
            self.request,
            f"Your login, {self.request.user.username}, can now see {person.known_as}'s plan, "
            f"as {delegation.relationship}. Use “Whose plan” to move between plans "
            "without signing out.",
        )
        return redirect("me:home")

    def form_valid(self, form):
        form.user._change_reason = "Set their password from the invitation link"
        form.user._history_user = form.user
        response = super().form_valid(form)
        messages.success(
            self.request,
            f"Your password is set. Sign in with your username, {form.user.username}, "
            "and your new password.",
        )
        return response
