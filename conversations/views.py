from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from conversations.forms import ConversationForm
from conversations.models import Conversation
from conversations.services import (
    conversation_mark_entered_in_error,
    conversation_move,
    conversation_record,
    conversation_update,
)
from pphw import drafts
from pphw.audit.log import record_access
from pphw.entered_in_error import entered_in_error_page
from pphw.people import access
from pphw.people.models import Person
from pphw.people.refiling import refile_page
from pphw.versioning import VersionConflict

IN_ERROR = "This conversation was entered in error and can no longer be changed."


def _conversation(request: HttpRequest, pk: int, *, write: bool = False) -> Conversation:
    access.require_staff_member(request.user)
    get = access.get_rw_for_user if write else access.get_for_user
    return get(
        request.user,
        Conversation.objects.select_related("person", "person__team", "practitioner"),
        pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def conversation_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_rw_for_user(request.user, Person.objects.select_related("team"), person_pk)
    record_access(request, person, "conversation_create")
    form = drafts.restore(request, ConversationForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        conversation = conversation_record(person=person, by=request.user, **form.model_fields())
        messages.success(request, "The conversation was recorded.")
        if request.POST.get("then") == "outcome":
            return redirect(
                reverse("outcomes:create", args=[person.pk]) + f"?conversation={conversation.pk}"
            )
        return redirect(conversation)
    return render(
        request,
        "conversations/conversation_form.html",
        {"form": form, "person": person, "nav": "people"},
    )


@login_required
@require_GET
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation(request, pk)
    record_access(request, conversation.person_id, "conversation")
    outcomes = conversation.outcomes.current().order_by("id")
    return render(
        request,
        "conversations/conversation_detail.html",
        {
            "conversation": conversation,
            "person": conversation.person,
            "outcomes": outcomes,
            "services": list(conversation.services.order_by("name", "id")),
            "nav": "people",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@drafts.restores
def conversation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation(request, pk, write=True)
    record_access(request, conversation.person_id, "conversation_edit")
    if conversation.entered_in_error:
        messages.error(request, IN_ERROR)
        return redirect(conversation)
    form = drafts.restore(request, ConversationForm(request.POST or None, instance=conversation))
    if request.method == "POST" and form.is_valid():
        try:
            conversation_update(
                conversation=conversation,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.model_fields(),
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict)
        else:
            messages.success(request, "The changes were saved.")
            return redirect(conversation)
    return render(
        request,
        "conversations/conversation_form.html",
        {
            "form": form,
            "person": conversation.person,
            "conversation": conversation,
            "nav": "people",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_entered_in_error(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation(request, pk, write=True)
    record_access(request, conversation.person_id, "conversation_entered_in_error")

    def mark(**form_data) -> None:
        conversation_mark_entered_in_error(conversation=conversation, by=request.user, **form_data)

    return entered_in_error_page(
        request,
        record=conversation,
        kind="conversation",
        person=conversation.person,
        quote=conversation.what_matters,
        mark=mark,
        done_url=conversation.person.get_absolute_url(),
        cancel_url=conversation.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation(request, pk, write=True)
    record_access(request, conversation.person_id, "conversation_move")

    def move(**form_data) -> None:
        conversation_move(conversation=conversation, by=request.user, **form_data)

    return refile_page(
        request,
        record=conversation,
        kind="conversation",
        quote=conversation.what_matters,
        move=move,
        page="conversation_move",
        cancel_url=conversation.get_absolute_url(),
    )
