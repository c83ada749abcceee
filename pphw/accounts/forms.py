"""Forms of the account pages."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError


class ThrottledPasswordChangeForm(PasswordChangeForm):
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
