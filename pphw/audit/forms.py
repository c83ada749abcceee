from __future__ import annotations

from django import forms

from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.people.forms import DateInput
from pphw.people.models import User


class AccessLogFilterForm(BoundedFormMixin, forms.Form):
    """Filters for a team lead's view of the record-access log."""

    person = forms.CharField(
        label="Person (name or CHI number)",
        required=False,
        max_length=bounds.NAME,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    staff = forms.ModelChoiceField(
        label="Member of staff",
        required=False,
        queryset=User.objects.none(),
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose a member of one of your teams."},
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 01/11/2026."},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 30/11/2026."},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            User.objects.filter(memberships__team__in=teams).distinct().order_by("first_name")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned
