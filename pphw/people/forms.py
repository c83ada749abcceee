from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils import timezone

from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.people.models import CaringRelationship, Membership, Person, User
from pphw.versioning import VersionedFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class PersonForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """Add or edit a person; the team is limited to the user's own teams."""

    text_caps = {"communication_needs": bounds.NOTE}

    # Longer than the 10 digits so that a number typed in groups ("270361 0009")
    # reaches the CHI check, which explains what is wrong in words.
    chi_number = forms.CharField(
        label="CHI number",
        required=False,
        max_length=20,
        help_text="10 digits; the first six are the date of birth (DDMMYY). Spaces are ignored.",
    )

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "preferred_name",
            "date_of_birth",
            "chi_number",
            "team",
            "key_worker",
            "communication_needs",
            "is_carer",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "communication_needs": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "given_name": {"required": "Enter the person's given name."},
            "family_name": {"required": "Enter the person's family name."},
            "team": {
                "required": "Choose the team that supports this person.",
                "invalid_choice": "Choose one of your own teams.",
            },
            "key_worker": {"invalid_choice": "Choose a member of the person's team."},
            "date_of_birth": {"invalid": "Enter a real date, for example 27/03/1961."},
        }

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None if teams.count() == 1 else "Choose a team"
        self.fields["key_worker"].queryset = (
            User.objects.filter(memberships__team__in=teams).distinct().order_by("first_name")
        )
        self.fields["key_worker"].empty_label = "No key worker yet"
        if not self.instance.pk:
            del self.fields["version"]
            del self.fields["reason"]

    def clean_given_name(self) -> str:
        return self.cleaned_data["given_name"].strip()

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip()

    def clean_chi_number(self) -> str:
        return self.cleaned_data["chi_number"].replace(" ", "")

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        return born

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team")
        key_worker = cleaned.get("key_worker")
        if (
            team
            and key_worker
            and not Membership.objects.filter(user=key_worker, team=team).exists()
        ):
            self.add_error("key_worker", "The key worker must be a member of the person's team.")
        return cleaned


class CaseloadSearchForm(BoundedFormMixin, forms.Form):
    q = forms.CharField(
        label="Search by name or CHI number",
        required=False,
        max_length=bounds.NAME,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    # Set by the links of the team at a glance: only people of the user's teams are
    # listed whatever the number, so any whole number is safe.
    key_worker = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All my teams")] + [(t.pk, t.name) for t in teams]


# --- signing in and passwords: Django's own forms, with the caps every form has -------


class SignInForm(BoundedFormMixin, AuthenticationForm):
    text_caps = {"password": bounds.PASSWORD}


class CappedPasswordChangeForm(BoundedFormMixin, PasswordChangeForm):
    text_caps = {
        "old_password": bounds.PASSWORD,
        "new_password1": bounds.PASSWORD,
        "new_password2": bounds.PASSWORD,
    }


class CappedPasswordResetForm(BoundedFormMixin, PasswordResetForm):
    pass


class CappedSetPasswordForm(BoundedFormMixin, SetPasswordForm):
    text_caps = {"new_password1": bounds.PASSWORD, "new_password2": bounds.PASSWORD}


class CloseForm(BoundedFormMixin, VersionedFormMixin, forms.Form):
    """When and why the person's involvement ended."""

    text_caps = {"reason": bounds.NOTE}

    closed_on = forms.DateField(
        label="Involvement ended on",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date support ended.",
            "invalid": "Enter a real date, for example 30/11/2026.",
        },
    )
    reason = forms.CharField(
        label="Why is the record being closed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: moved out of the area; no longer wants support. "
        "Kept in the history.",
        error_messages={"required": "Say why the record is being closed."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())

    def clean_closed_on(self) -> datetime.date:
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError("The date support ended cannot be in the future.")
        return closed_on


class ReopenForm(BoundedFormMixin, VersionedFormMixin, forms.Form):
    text_caps = {"reason": bounds.NOTE}

    reason = forms.CharField(
        label="Why is the record being reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: support starts again. Kept in the history.",
        error_messages={"required": "Say why the record is being reopened."},
    )


# --- who cares for whom -----------------------------------------------------------------

SINCE_INVALID = "Enter a real date, for example 1/3/2019."


def _cared_for_label(person: Person) -> str:
    born = f", born {person.date_of_birth:%d/%m/%Y}" if person.date_of_birth else ""
    return f"{person.family_name}, {person.given_name}{born} ({person.team.name})"


class CaringForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """Record or change whom a carer cares for; the words are the carer's own.

    The person cared for is chosen among the people the user may see (their own
    teams), so a tampered id is refused as an invalid choice; it is chosen once,
    when the relationship is recorded.
    """

    text_caps = {"relationship": bounds.NAME, "care_given": bounds.NOTE}

    class Meta:
        model = CaringRelationship
        fields = ["cared_for", "relationship", "since", "care_given"]
        labels = {"cared_for": "Who do they care for?"}
        help_texts = {"cared_for": "People of the teams you work in."}
        widgets = {"since": DateInput(), "care_given": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "cared_for": {
                "required": "Choose the person they care for.",
                "invalid_choice": "Choose one of the people listed.",
            },
            "relationship": {"required": "Say how they are related, in the carer's words."},
            "care_given": {"required": "Say how much care they give, in the carer's words."},
            "since": {"invalid": SINCE_INVALID},
        }

    def __init__(self, *args, carer: Person, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.carer = carer
        if self.instance.pk:
            del self.fields["cared_for"]
        else:
            del self.fields["version"]
            del self.fields["reason"]
            field = self.fields["cared_for"]
            field.queryset = (
                people.exclude(pk=carer.pk)
                .filter(closed_on__isnull=True)
                .select_related("team")
                .order_by("family_name", "given_name", "id")
            )
            field.label_from_instance = _cared_for_label
            field.empty_label = "Choose a person"

    def clean_relationship(self) -> str:
        return self.cleaned_data["relationship"].strip()

    def clean_since(self) -> datetime.date | None:
        since = self.cleaned_data.get("since")
        if since and since > timezone.localdate():
            raise forms.ValidationError("The date caring started cannot be in the future.")
        return since

    def clean_cared_for(self) -> Person:
        cared_for = self.cleaned_data["cared_for"]
        if CaringRelationship.objects.current().filter(carer=self.carer, cared_for=cared_for):
            raise forms.ValidationError(
                "This caring relationship is already recorded: change it instead."
            )
        return cared_for


class CaringEndForm(BoundedFormMixin, VersionedFormMixin, forms.Form):
    """When and why a caring relationship ended: it is kept, never deleted."""

    text_caps = {"end_reason": bounds.NOTE}

    ended_on = forms.DateField(
        label="Ended on",
        widget=DateInput(),
        error_messages={"required": "Enter the date caring ended.", "invalid": SINCE_INVALID},
    )
    end_reason = forms.CharField(
        label="Why did it end?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: moved into a care home; recorded by mistake. Kept in the history.",
        error_messages={"required": "Say why the caring relationship ended."},
    )

    def __init__(self, *args, caring: CaringRelationship, **kwargs):
        super().__init__(*args, **kwargs)
        self.caring = caring
        del self.fields["reason"]
        if not self.is_bound:
            self.initial.setdefault("ended_on", timezone.localdate())

    def clean_ended_on(self) -> datetime.date:
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > timezone.localdate():
            raise forms.ValidationError("The date caring ended cannot be in the future.")
        if self.caring.since and ended_on < self.caring.since:
            raise forms.ValidationError(
                "The date caring ended cannot be before the date it started."
            )
        return ended_on
