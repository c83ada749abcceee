"""Account pages: passwords, the second factor, recovery codes and sign-in history.

The password pages are Django's own views with every secret throttled
(:mod:`pphw.audit.throttle`): the old password on the change form, the links
in reset e-mails, and the requests for those e-mails.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pphw.accounts.forms import (
    CodeForm,
    ConfirmPasswordForm,
    ResetForm,
    SecondStepForm,
    ThrottledPasswordChangeForm,
)
from pphw.accounts.models import RecoveryCode, SecurityEvent, SignIn
from pphw.accounts.qr import grouped_secret, qr_data_uri, setup_address
from pphw.accounts.services import (
    Check,
    has_second_factor,
    new_totp_key,
    recovery_codes_renew,
    second_factor_check,
    second_factor_enrol,
    second_factor_remove,
    sessions_end,
    totp_step_for,
)
from pphw.accounts.signin import (
    ENROL_KEY,
    NEW_CODES_KEY,
    PENDING_KEY,
    current_sign_in_id,
    next_page,
    second_step_done,
    tell_security_events,
)
from pphw.audit.log import client_address
from pphw.audit.throttle import (
    Scope,
    ThrottledLinkMixin,
    throttle_clear,
    throttle_fail,
    throttle_locked_until,
    try_again_message,
)
from pphw.people import access
from pphw.people.models import User
from pphw.people.roles import second_factor_required

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


# --- the second factor -------------------------------------------------------------------

TOO_MANY_CODES = "Too many wrong codes."
WRONG_CODE = (
    "That code did not work. Type the code your app shows now (it changes every 30 seconds), "
    "or one of your recovery codes."
)
USED_CODE = "That recovery code has already been used: each one works once. Try another."


def _codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user).unused().count()


RECENT_SIGN_INS = 10


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """The user's own account: password, two-step sign-in, recent sign-ins and changes."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    sign_ins = list(SignIn.objects.filter(user=user)[:RECENT_SIGN_INS])
    open_keys = set(
        Session.objects.filter(
            session_key__in=[s.session_key for s in sign_ins if s.session_key],
            expire_date__gt=timezone.now(),
        ).values_list("session_key", flat=True)
    )
    this_one = current_sign_in_id(request)
    for sign_in in sign_ins:
        sign_in.is_this_session = sign_in.pk == this_one
        sign_in.is_open = sign_in.ended_at is None and sign_in.session_key in open_keys
    context = {
        "device": device,
        "codes_left": _codes_left(user) if device else 0,
        "required": second_factor_required(user),
        "sign_ins": sign_ins,
        "others_open": any(s.is_open and not s.is_this_session for s in sign_ins),
        "events": list(SecurityEvent.objects.filter(user=user).select_related("by")[:10]),
        "nav": "account",
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def end_sessions(request: HttpRequest) -> HttpResponse:
    """Sign out everywhere else: every other session of this user ends now."""
    ended = sessions_end(user=request.user, keep_session_key=request.session.session_key)
    if ended:
        sessions = "session" if ended == 1 else "sessions"
        messages.success(request, f"Signed out everywhere else: {ended} other {sessions} ended.")
    else:
        messages.info(request, "You were not signed in anywhere else.")
    return redirect(reverse("accounts:account") + "#sign-ins-heading")


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan or type the secret, then type a code to confirm."""
    user = request.user
    if has_second_factor(user):
        messages.info(request, "You already sign in with an authenticator app.")
        return redirect("accounts:account")
    key = request.session.get(ENROL_KEY) or new_totp_key()
    request.session[ENROL_KEY] = key
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        account_id = str(user.pk)
        until = throttle_locked_until(request, Scope.ONE_TIME_CODE, account=account_id)
        step = None if until else totp_step_for(key, form.cleaned_data["code"])
        if until is None and step is None:
            until = throttle_fail(request, Scope.ONE_TIME_CODE, account=account_id)
            if until is None:
                form.refuse(
                    "That code did not work. Check that the app shows pphw and your username, "
                    "and type the code it shows now."
                )
        if until is not None:
            form.refuse(try_again_message(until, what=TOO_MANY_CODES))
            status = 429
        elif step is not None:
            throttle_clear(request, Scope.ONE_TIME_CODE, account=account_id)
            codes = second_factor_enrol(
                user=user, key=key, last_t=step, address=client_address(request)
            )
            del request.session[ENROL_KEY]
            otp_login(request, TOTPDevice.objects.get(user=user, confirmed=True))
            second_step_done(request, SignIn.Factor.APP)
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, "Two-step sign-in is on.")
            query = urlencode({"next": next_page(request)})
            return redirect(f"{reverse('accounts:recovery_codes')}?{query}")
    address = setup_address(user, key)
    context = {
        "form": form,
        "qr": qr_data_uri(address),
        "secret": grouped_secret(key),
        "required": second_factor_required(user),
        "next": next_page(request),
        "signing_in": not request.user.is_verified() and second_factor_required(user),
        "nav": "account",
    }
    return render(request, "accounts/enrol.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified() or not has_second_factor(user):
        request.session.pop(PENDING_KEY, None)
        return redirect(next_page(request))
    form = SecondStepForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        account_id = str(user.pk)
        until = throttle_locked_until(request, Scope.ONE_TIME_CODE, account=account_id)
        result = None
        if until is None:
            result = second_factor_check(
                user=user, code=form.cleaned_data["code"], address=client_address(request)
            )
            if result.passed:
                throttle_clear(request, Scope.ONE_TIME_CODE, account=account_id)
                otp_login(request, result.device)
                request.session.pop(PENDING_KEY, None)
                second_step_done(
                    request,
                    SignIn.Factor.APP
                    if result.outcome is Check.APP
                    else SignIn.Factor.RECOVERY_CODE,
                )
                tell_security_events(request, user)
                if result.outcome is Check.RECOVERY_CODE:
                    messages.warning(request, _recovery_code_warning(result.codes_left))
                return redirect(next_page(request))
            until = throttle_fail(request, Scope.ONE_TIME_CODE, account=account_id)
        if until is not None:
            form.refuse(try_again_message(until, what=TOO_MANY_CODES))
            status = 429
        else:
            form.refuse(USED_CODE if result.outcome is Check.USED_RECOVERY_CODE else WRONG_CODE)
    context = {"form": form, "next": next_page(request), "signing_in": True}
    return render(request, "accounts/verify.html", context, status=status)


def _recovery_code_warning(left: int) -> str:
    codes = "recovery code" if left == 1 else "recovery codes"
    advice = " Make new ones from your account page." if left <= 3 else ""
    return (
        "You signed in with a recovery code. It will not work again. "
        f"You have {left} {codes} left.{advice}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; and making a new set (the old ones stop working)."""
    user = request.user
    if not has_second_factor(user):
        messages.info(request, "Recovery codes come with two-step sign-in. Turn it on first.")
        return redirect("accounts:account")
    if request.method == "POST":
        request.session[NEW_CODES_KEY] = recovery_codes_renew(
            user=user, address=client_address(request)
        )
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    context = {
        "codes": codes,
        "codes_left": _codes_left(user),
        "next": next_page(request),
        "nav": "account",
    }
    return render(request, "accounts/recovery_codes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-step sign-in off, for someone who does not have to use it."""
    user = request.user
    access.require(
        not second_factor_required(user),
        "Staff must sign in with a second factor. An administrator can reset it if you "
        "have lost your phone.",
    )
    if not has_second_factor(user):
        return redirect("accounts:account")
    form = ConfirmPasswordForm(user, request.POST or None)
    status = 200
    if request.method == "POST":
        account_id = str(user.pk)
        until = throttle_locked_until(request, Scope.PASSWORD_CHANGE, account=account_id)
        if until is not None:
            form.paused = try_again_message(until, what=TOO_MANY_WRONG)
        if form.is_valid():
            throttle_clear(request, Scope.PASSWORD_CHANGE, account=account_id)
            second_factor_remove(user=user, by=user, address=client_address(request))
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            request.session.pop(PENDING_KEY, None)
            messages.success(request, "Two-step sign-in is off. You sign in with your password.")
            return redirect("accounts:account")
        if form.has_error("password", "password_incorrect"):
            until = throttle_fail(request, Scope.PASSWORD_CHANGE, account=account_id)
            if until is not None:
                form.errors["password"] = form.error_class(
                    [try_again_message(until, what=TOO_MANY_WRONG)]
                )
        status = 429 if until is not None else 200
    return render(
        request, "accounts/turn_off.html", {"form": form, "nav": "account"}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff admin resets someone's second factor (a lost phone)."""
    access.require_account_admin(request.user)
    target = get_object_or_404(User, pk=pk)
    device = TOTPDevice.objects.filter(user=target, confirmed=True).first()
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        second_factor_remove(
            user=target,
            by=request.user,
            address=client_address(request),
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            f"The second factor of {target} was reset. They will be told when they next sign in"
            " and, if they must use one, asked to set up their app again.",
        )
        return redirect("admin:people_user_change", target.pk)
    context = {"form": form, "target": target, "device": device}
    return render(request, "accounts/reset.html", context)
