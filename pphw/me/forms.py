"""Forms for a person's own pages, and for inviting a person to them.

Each form a person fills in names only the fields they may change: whatever
else a crafted POST carries is ignored.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from conversations.models import Preparation
from outcomes.models import Outcome, Reflection, Step
from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.people.forms import DateInput
from pphw.versioning import VersionedFormMixin

RATING_ERRORS = {
    "invalid": "Enter a whole number from 0 to 10, or leave it empty.",
    "min_value": "Enter a number from 0 to 10.",
    "max_value": "Enter a number from 0 to 10.",
}


def _text(
    label: str,
    *,
    required: bool,
    limit: int = bounds.WORDS,
    rows: int = 4,
    error_messages: dict | None = None,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=error_messages,
    )


def _rating(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages=RATING_ERRORS,
    )


class OutcomeWordsForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """The person rewords their outcome: only the statement and why it matters."""

    statement = _text(
        "What matters to me, in my own words",
        required=True,
        rows=3,
        error_messages={"required": "Write what matters to you. It cannot be empty."},
    )
    why_it_matters = _text("Why it matters to me", required=False)

    class Meta:
        model = Outcome
        fields = ["statement", "why_it_matters"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A person's own words need no "reason for change".
        del self.fields["reason"]


class OwnStepForm(BoundedFormMixin, forms.ModelForm):
    """A small step the person will do themselves."""

    what = forms.CharField(
        label="What will you do?",
        max_length=bounds.STEP,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the small step you will take."},
    )
    due_on = forms.DateField(
        label="By when (optional)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 27/03/2027."},
    )

    class Meta:
        model = Step
        fields = ["what", "due_on"]


class StepDoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReflectionForm(BoundedFormMixin, forms.ModelForm):
    text = _text(
        "How is it going?",
        required=True,
        error_messages={"required": "Write a few words about how it is going."},
    )
    rating = _rating("Where are you now, from 0 to 10? (optional)")

    class Meta:
        model = Reflection
        fields = ["text", "rating"]


class PreparationForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """House of Care: what the person would like from their next conversation."""

    talk_about = _text("What would you like to talk about?", required=False)
    matters_most = _text("What matters most to you right now?", required=False)
    going_well = _text("What is going well?", required=False)

    class Meta:
        model = Preparation
        fields = ["talk_about", "matters_most", "going_well"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new note has no version yet; the person's own words need no reason.
        self.fields["version"].required = False
        del self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("talk_about", "matters_most", "going_well")):
            raise ValidationError("Write something in at least one of the boxes.")
        return cleaned


# --- setting a password from an invitation ------------------------------------------

PLAIN_PASSWORD_ERRORS = {
    "password_too_short": (
        "This password is too short. Use at least {min_length} characters: "
        "letters, numbers, spaces and symbols all count."
    ),
    "password_too_common": (
        "Lots of people use this password, so it is easy to guess. "
        "Try three or four words that are not connected, like “kettle garden blue river”."
    ),
    "password_entirely_numeric": (
        "A password made only of numbers is easy to guess. Add some letters or words."
    ),
    "password_too_similar": (
        "This password is too like your name or username. Choose something else."
    ),
    "password_mismatch": "The two passwords are not the same. Type the same password twice.",
}


def min_password_length() -> int:
    for validator in settings.AUTH_PASSWORD_VALIDATORS:
        if validator["NAME"].endswith("MinimumLengthValidator"):
            return validator.get("OPTIONS", {}).get("min_length", 8)
    return 8


class InvitationPasswordForm(BoundedFormMixin, SetPasswordForm):
    """Django's set-password form, with the validators' rules said in plain words."""

    text_caps = {"new_password1": bounds.PASSWORD, "new_password2": bounds.PASSWORD}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password1"].help_text = (
            f"At least {min_password_length()} characters. Not a common password, not only "
            "numbers, and not like your name. Three or four unconnected words are strong "
            "and easy to remember."
        )
        self.fields["new_password2"].label = "Type the same password again"
        self.fields["new_password2"].help_text = "This checks that there was no typing mistake."

    def add_error(self, field, error):
        if isinstance(error, ValidationError) and hasattr(error, "error_list"):
            error = ValidationError([self._plain(item) for item in error.error_list])
        super().add_error(field, error)

    @staticmethod
    def _plain(error: ValidationError) -> ValidationError:
        plain = PLAIN_PASSWORD_ERRORS.get(error.code or "")
        if plain is None:
            return error
        return ValidationError(plain.format(min_length=min_password_length()), code=error.code)


# --- inviting a person, and revoking their access (staff) -------------------------------


class InviteForm(BoundedFormMixin, forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="What they type to sign in. Letters, numbers and . @ + - _ only.",
        error_messages={"required": "Enter a username for them."},
    )
    email = forms.EmailField(
        label="E-mail address (optional)",
        required=False,
        max_length=254,
        help_text="If you give one, the link is e-mailed to them too. "
        "Otherwise, hand the link over in person.",
        error_messages={"invalid": "Enter an e-mail address like name@example.org."},
    )


class RevokeForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is their access being revoked?",
        max_length=bounds.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the history of their record.",
        error_messages={"required": "Give a reason. It is kept in the history."},
    )
