"""Moving an entry recorded against the wrong person: the one form and page for every kind.

Two corrections are offered to staff, chosen explicitly: "entered in error"
(the details were wrong; see :mod:`pphw.entered_in_error`) and this one, "it
belongs to someone else": the entry moves to the right person, or is withdrawn
when the right person is not known. The entry's own app does the move
(``conversation_move``, ``outcome_move``); this module asks for it.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pphw import bounds
from pphw.audit.log import record_access
from pphw.bounds import BoundedFormMixin
from pphw.people.models import Person
from pphw.versioning import VersionConflict, VersionedFormMixin

WITHDRAW = "The right person is not known: withdraw it from this record"


class RefileForm(BoundedFormMixin, VersionedFormMixin, forms.Form):
    """Whose record the entry belongs on (empty to withdraw it), and why."""

    text_caps = {"reason": bounds.NOTE}

    to_person = forms.ModelChoiceField(
        label="Whose record does it belong on?",
        queryset=Person.objects.none(),
        required=False,
        empty_label=WITHDRAW,
        help_text="People of the teams you work in. The person it was recorded against "
        "will no longer see it, nor anything that was written about it.",
        error_messages={"invalid_choice": "Choose one of the people listed."},
    )
    reason = forms.CharField(
        label="Why is it being moved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: another person of the same name. Kept with the record.",
        error_messages={"required": "Say why it is being moved. It is kept with the record."},
    )

    def __init__(self, *args, people: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_person"].queryset = people.select_related("team").order_by(
            "family_name", "given_name", "id"
        )
        self.fields["to_person"].label_from_instance = _person_label


def _person_label(person: Person) -> str:
    born = f", born {person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
    chi = f", CHI {person.chi_number}" if person.chi_number else ""
    return f"{person.family_name}, {person.given_name}{born}{chi} ({person.team.name})"


def refile_page(
    request: HttpRequest,
    *,
    record,
    kind: str,
    quote: str,
    move: Callable[..., object],
    page: str,
    cancel_url: str,
) -> HttpResponse:
    """The page that moves ``record`` to the right person's record, or withdraws it.

    ``move(to_person=..., reason=..., expected_version=...)`` is the record's
    service; it may raise :class:`VersionConflict`. Both people's access logs
    record the move.
    """
    person = record.person
    people = Person.objects.visible_to(request.user).exclude(pk=person.pk)
    form = RefileForm(request.POST or None, people=people, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        to_person = form.cleaned_data["to_person"]
        try:
            move(
                to_person=to_person,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            form.refuse_for_conflict(conflict, noun=kind, advice="Check it again before moving it.")
        else:
            if to_person is not None:
                record_access(request, to_person, page)
                messages.success(
                    request, f"The {kind} was moved to {to_person.full_name}'s record."
                )
            else:
                messages.success(
                    request, f"The {kind} was withdrawn from {person.full_name}'s record."
                )
            return redirect(person)
    return render(
        request,
        "includes/refile.html",
        {
            "form": form,
            "record": record,
            "kind": kind,
            "person": person,
            "quote": quote,
            "cancel_url": cancel_url,
            "nav": "people",
        },
    )
