"""Account pages: passwords, the second factor, recovery codes and sign-in history.

The password pages are Django's own views with every secret throttled
(:mod:`pphw.audit.throttle`): the old password on the change form, the links
in reset e-mails, and the requests for those e-mails.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from pphw.accounts.forms import ThrottledPasswordChangeForm
from pphw.audit.throttle import (
    Scope,
    ThrottledLinkMixin,
    throttle_clear,
    throttle_fail,
    throttle_locked_until,
    try_again_message,
)

TOO_MANY_WRONG = "Too many wrong passwords."
TOO_MANY_REQUESTS = "Too many requests for a reset link."


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change-password page; wrong old passwords are counted and paused."""

    form_class = ThrottledPasswordChangeForm

    def post(self, request, *args, **kwargs):
        account = str(request.user.pk)
        form = self.get_form()
        until = throttle_locked_until(request, Scope.PASSWORD_CHANGE, account=account)
        if until is not None:
            form.paused = try_again_message(until, what=TOO_MANY_WRONG)
        if form.is_valid():
            throttle_clear(request, Scope.PASSWORD_CHANGE, account=account)
            return self.form_valid(form)
        if form.has_error("old_password", "password_incorrect"):
            until = throttle_fail(request, Scope.PASSWORD_CHANGE, account=account)
            if until is not None:
                form.pause(try_again_message(until, what=TOO_MANY_WRONG))
        status = 429 if form.paused else 200
        return self.render_to_response(self.get_context_data(form=form), status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's "forgotten password" page; requests are counted per address and per e-mail.

    The count is kept for whatever address is typed, whether or not an account
    has it, and the answer is the same either way: the page never tells
    whether an account exists.
    """

    def form_valid(self, form):
        account = form.cleaned_data["email"].strip().lower()
        until = throttle_locked_until(self.request, Scope.RESET_REQUEST, account=account)
        if until is not None:
            form.add_error("email", try_again_message(until, what=TOO_MANY_REQUESTS))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        throttle_fail(self.request, Scope.RESET_REQUEST, account=account)
        return super().form_valid(form)


class PasswordResetConfirmView(ThrottledLinkMixin, auth_views.PasswordResetConfirmView):
    """Django's "set a new password" page of the reset link; wrong links are counted."""
