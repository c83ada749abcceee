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
from django.utils import timezone

from conversations.models import Preparation
from outcomes.models import Outcome, Reflection, Step
from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.people.forms import DateInput
from pphw.people.models import Delegation
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


# --- access a person gives to someone they trust; legal authorities (staff) ------------


class DelegateInviteForm(BoundedFormMixin, forms.Form):
    """The person names someone they trust and chooses how much they may do."""

    given_name = forms.CharField(
        label="Their first name",
        max_length=bounds.NAME,
        error_messages={"required": "Enter their first name."},
    )
    family_name = forms.CharField(
        label="Their family name",
        max_length=bounds.NAME,
        error_messages={"required": "Enter their family name."},
    )
    relationship = forms.CharField(
        label="Who they are to you, as pphw should say it to them",
        max_length=100,
        help_text="For example “her friend”, “his daughter”, “their neighbour”. They will see: "
        "“You are looking at your plan as her friend”, with your name.",
        error_messages={"required": "Say who they are to you, for example “her friend”."},
    )
    scope = forms.ChoiceField(
        label="What may they do?",
        choices=Delegation.Scope.choices,
        widget=forms.RadioSelect,
        initial=Delegation.Scope.SEE,
        help_text="“See and help” lets them add small steps, mark steps done and write a note "
        "before your next conversation. Nobody but you can change the words of your outcomes.",
        error_messages={"required": "Choose what they may do."},
    )
    ends_on = forms.DateField(
        label="Until (optional)",
        required=False,
        widget=DateInput(),
        help_text="Leave empty for access until you end it.",
        error_messages={"invalid": "Enter a date like 26/11/2026."},
    )
    email = forms.EmailField(
        label="Their e-mail address (optional)",
        required=False,
        max_length=254,
        help_text="If you give one, the link is e-mailed to them. Otherwise, you will see the "
        "link on the screen to give them yourself.",
        error_messages={"invalid": "Enter an e-mail address like name@example.org."},
    )

    def clean_ends_on(self):
        ends_on = self.cleaned_data.get("ends_on")
        if ends_on is not None and ends_on < timezone.localdate():
            raise ValidationError("The end date has passed. Choose today or a later date.")
        return ends_on


class LegalAuthorityForm(DelegateInviteForm):
    """Staff record a legal authority; its holder gets access of the recorded scope."""

    text_caps = {"evidence": bounds.NOTE}

    authority = forms.ChoiceField(
        label="Type of legal authority",
        choices=[("", "Choose one")] + list(Delegation.Authority.choices),
        error_messages={"required": "Choose the type of legal authority."},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=100,
        required=False,
        help_text="For example the Office of the Public Guardian's registration number.",
    )
    document_date = forms.DateField(
        label="Date of the document",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the document.",
            "invalid": "Enter a date like 26/11/2026.",
        },
    )
    review_due = forms.DateField(
        label="Review date (optional)",
        required=False,
        widget=DateInput(),
        help_text="Access ends when this date has passed, until the authority is recorded again.",
        error_messages={"invalid": "Enter a date like 26/11/2026."},
    )
    evidence = forms.CharField(
        label="Evidence seen",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you saw and where it is kept, for example “certified copy seen, "
        "scanned to the records system”.",
        error_messages={"required": "Note the evidence you saw."},
    )

    field_order = [
        "given_name",
        "family_name",
        "relationship",
        "authority",
        "reference",
        "document_date",
        "scope",
        "review_due",
        "ends_on",
        "evidence",
        "email",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].label = "Who they are to the person, as pphw should say it"
        self.fields["relationship"].help_text = (
            "For example “her attorney”, “his guardian”. They will see: "
            "“You are looking at Isla's plan as her attorney”, with the person's name."
        )
        self.fields["scope"].label = "Scope of the authority"
        self.fields["ends_on"].label = "Ends on (optional)"
        self.fields["ends_on"].help_text = "When the authority itself ends, if it does."
        self.fields[
            "email"
        ].help_text = (
            "If you give one, the link is e-mailed to them. Otherwise, hand it over yourself."
        )

    def clean(self):
        cleaned = super().clean()
        document_date = cleaned.get("document_date")
        if document_date is not None and document_date > timezone.localdate():
            self.add_error("document_date", "The document cannot be dated in the future.")
        review_due = cleaned.get("review_due")
        if review_due is not None and review_due < timezone.localdate():
            self.add_error("review_due", "The review date has passed: the authority gives nothing.")
        return cleaned


class DelegationEndForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=bounds.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the history.",
    )
