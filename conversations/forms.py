from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from conversations.models import Conversation
from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.community.forms import FIND, ServicePickerMixin, find_service_field
from pphw.community.models import Service
from pphw.people.forms import DateInput
from pphw.versioning import VersionedFormMixin

BAD_DATE = "Enter a real date, for example 26/11/2026."


class ConversationForm(BoundedFormMixin, ServicePickerMixin, VersionedFormMixin, forms.ModelForm):
    """Record or edit a what matters conversation (version and reason only when editing).

    With the strengths and resources, staff tick the local services the person
    already uses, found through the directory picker (``ServicePickerMixin``).
    """

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
            "services",
            "practitioner_notes",
            "agreed_with_person",
        ]
        widgets = {
            "held_on": DateInput(),
            "mode": forms.RadioSelect,
            "what_matters": forms.Textarea(attrs={"rows": 6}),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "practitioner_notes": forms.Textarea(attrs={"rows": 4}),
            "services": forms.CheckboxSelectMultiple,
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
            "services": {
                "invalid_choice": "Choose services from the list; find them by their name.",
                "invalid_pk_value": "Choose services from the list; find them by their name.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["reason"]
        self.fields[FIND] = find_service_field()
        self.order_fields([*self.Meta.fields[:5], FIND, *self.Meta.fields[5:]])
        # Open, confirmed services; a conversation keeps those it names even if closed since.
        services = self.fields["services"]
        linkable = Service.objects.linkable()
        if self.instance.pk:
            linkable = linkable | Service.objects.filter(conversations=self.instance)
        services.queryset = linkable.distinct()
        services.help_text = (
            "Services from the directory that the person already uses: find them by name above."
        )
        self.setup_picker()

    def clean_held_on(self) -> datetime.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("The date of the conversation cannot be in the future.")
        return held_on
