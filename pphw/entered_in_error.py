"""Marking a care record "entered in error": the one form, page and flow every record uses.

Care records are never deleted. A record added by mistake is marked entered in
error, with a required reason, through its app's ``<thing>_mark_entered_in_error``
service; it leaves the working lists and stays readable in history.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.versioning import VersionConflict, VersionedFormMixin


class RecordEnteredInError(Exception):
    """The record was entered in error and can no longer be changed or added to."""


class EnteredInErrorForm(BoundedFormMixin, VersionedFormMixin, forms.Form):
    """Why a record is being marked entered in error (required), guarded by its version."""

    reason = forms.CharField(
        label="Why was this entered in error?",
        max_length=bounds.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: recorded against the wrong person. Kept in the history.",
        error_messages={"required": "Say why this was entered in error."},
    )


def entered_in_error_page(
    request: HttpRequest,
    *,
    record,
    kind: str,
    person,
    quote: str,
    mark: Callable[..., object],
    done_url: str,
    cancel_url: str,
    also: str = "",
) -> HttpResponse:
    """The page that marks ``record`` entered in error, and what its form does.

    ``mark(reason=..., expected_version=...)`` is the record's service; it may
    raise :class:`VersionConflict`. ``also`` says what else leaves the working
    lists with the record (an outcome's small steps).
    """
    if record.is_entered_in_error:
        messages.error(request, f"This {kind} was entered in error and can no longer be changed.")
        return redirect(cancel_url)
    form = EnteredInErrorForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            mark(reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"])
        except VersionConflict as conflict:
            form.refuse_for_conflict(
                conflict,
                noun=kind,
                advice="Check it again before marking it entered in error.",
            )
        else:
            messages.success(
                request, f"The {kind} was marked entered in error. It stays in the history."
            )
            return redirect(done_url)
    return render(
        request,
        "includes/entered_in_error.html",
        {
            "form": form,
            "record": record,
            "kind": kind,
            "person": person,
            "quote": quote,
            "also": also,
            "cancel_url": cancel_url,
            "nav": "people",
        },
    )
