from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from conversations.models import Conversation
from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.people.forms import DateInput
from pphw.versioning import VersionedFormMixin

BAD_DATE = "Enter a real date, for example 26/11/2026."


class ConversationForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """Record or edit a what matters conversation (version and reason only when editing)."""

    text_caps = {
        "what_matters": bounds.NARRATIVE,
        "strengths": bounds.NARRATIVE,
        "practitioner_notes": bounds.NARRATIVE,
    }

    class Meta:
        model = Conversation
        fields = [
            "held_on",
            "mode",
            "others_present",
            "what_matters",
            "strengths",
            "practitioner_notes",
            "agreed_with_person",
        ]
        widgets = {
            "held_on": DateInput(),
            "mode": forms.RadioSelect,
            "what_matters": forms.Textarea(attrs={"rows": 6}),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "practitioner_notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "held_on": {"required": "Enter the date of the conversation.", "invalid": BAD_DATE},
            "mode": {
                "required": "Choose how the conversation happened.",
                "invalid_choice": "Choose how the conversation happened.",
            },
            "what_matters": {
                "required": "Write down what matters to the person, in their own words."
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["reason"]

    def clean_held_on(self) -> datetime.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("The date of the conversation cannot be in the future.")
        return held_on
