"""Forms of the account pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.people.forms import CappedPasswordChangeForm


class ThrottledPasswordChangeForm(CappedPasswordChangeForm):
    """Django's change-password form that refuses, without checking, while paused.

    ``paused`` is the message to show while too many wrong old passwords have
    been tried: the old password is then not even compared.
    """

    paused: str | None = None

    def clean_old_password(self):
        if self.paused:
            raise ValidationError(self.paused, code="paused")
        return super().clean_old_password()

    def pause(self, message: str) -> None:
        """Show ``message`` beside the old password in place of what was wrong with it."""
        self.paused = message
        self.errors["old_password"] = self.error_class([message])


class CodeForm(BoundedFormMixin, forms.Form):
    """The six-digit code from an authenticator app (setting one up)."""

    code = forms.CharField(
        label="The 6-digit code your app shows",
        max_length=20,
        # No autofocus: the steps above the field come first.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": "Type the 6-digit code your app shows."},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError("The code is 6 digits, like 123456. Type the one your app shows.")
        return code

    def refuse(self, message: str) -> None:
        self.add_error("code", message)


class SecondStepForm(BoundedFormMixin, forms.Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=40,
        help_text="6 digits from the app, or one of your recovery codes, like abcd-efgh-jkmn.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "Type the code your authenticator app shows."},
    )

    def refuse(self, message: str) -> None:
        self.add_error("code", message)


class ConfirmPasswordForm(BoundedFormMixin, forms.Form):
    """Type your password again before turning two-step sign-in off."""

    text_caps = {"password": bounds.PASSWORD}

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Type your password to confirm it is you."},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.paused: str | None = None
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if self.paused:
            raise ValidationError(self.paused, code="paused")
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.", code="password_incorrect")
        return password


class ResetForm(BoundedFormMixin, forms.Form):
    """An administrator resets someone's second factor."""

    text_caps = {"reason": bounds.REASON}

    reason = forms.CharField(
        label="Why? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: lost their phone. Kept with the record of the reset.",
    )
