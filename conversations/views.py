from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from conversations.forms import ConversationForm, EnteredInErrorForm
from conversations.services import conversation_mark_entered_in_error, conversation_record
from pphw.audit.log import record_access
from pphw.people import access
from pphw.versioning import VersionConflict

IN_ERROR = "This conversation was entered in error and can no longer be changed."


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    person = access.get_rw_person_for_user(request.user, person_pk)
    record_access(request, person, "conversation_create")
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        conversation = conversation_record(person=person, by=request.user, **form.cleaned_data)
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
    access.require_staff_member(request.user)
    conversation = access.get_conversation_for_user(request.user, pk)
    record_access(request, conversation.person_id, "conversation")
    outcomes = conversation.outcomes.current().order_by("id")
    return render(
        request,
        "conversations/conversation_detail.html",
        {
            "conversation": conversation,
            "person": conversation.person,
            "outcomes": outcomes,
            "nav": "people",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff_member(request.user)
    conversation = access.get_rw_conversation_for_user(request.user, pk)
    record_access(request, conversation.person_id, "conversation_edit")
    if conversation.entered_in_error:
        messages.error(request, IN_ERROR)
        return redirect(conversation)
    form = ConversationForm(request.POST or None, instance=conversation)
    if request.method == "POST" and form.is_valid():
        try:
            form.save_versioned(user=request.user)
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
    access.require_staff_member(request.user)
    conversation = access.get_rw_conversation_for_user(request.user, pk)
    record_access(request, conversation.person_id, "conversation_entered_in_error")
    if conversation.entered_in_error:
        messages.error(request, IN_ERROR)
        return redirect(conversation)
    form = EnteredInErrorForm(request.POST or None, initial={"version": conversation.version})
    if request.method == "POST" and form.is_valid():
        try:
            conversation_mark_entered_in_error(
                conversation=conversation,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict, "conversation")
        else:
            messages.success(
                request, "The conversation was marked entered in error. It stays in the history."
            )
            return redirect(conversation.person)
    return render(
        request,
        "conversations/conversation_entered_in_error.html",
        {
            "form": form,
            "conversation": conversation,
            "person": conversation.person,
            "nav": "people",
        },
    )
