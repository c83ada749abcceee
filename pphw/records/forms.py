from __future__ import annotations

from django import forms

from pphw import bounds
from pphw.bounds import BoundedFormMixin


class DisposalRequestForm(BoundedFormMixin, forms.Form):
    text_caps = {"reason": bounds.NOTE}

    reason = forms.CharField(
        label="Why should this record be disposed of now?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: retention period over; no complaint, inquiry or legal hold. "
        "Do not name the person: the reason is cleared when the record is disposed of.",
        error_messages={"required": "Give a reason for the request."},
    )


class DisposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: dispose of the record now"),
            ("cancel", "Cancel the request: keep the record"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to approve or cancel.",
            "invalid_choice": "Choose whether to approve or cancel.",
        },
    )
    confirm = forms.BooleanField(
        label="I understand that an approved disposal cannot be undone.",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "approve" and not cleaned.get("confirm"):
            self.add_error("confirm", "Tick this to confirm that the disposal cannot be undone.")
        return cleaned
