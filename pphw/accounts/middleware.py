"""Sends a signed-in user to the second step of signing in, or to set up a second factor;
keeps the sign-in history's session keys current."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from pphw.accounts.services import has_second_factor
from pphw.accounts.signin import PENDING_KEY, follow_session_key
from pphw.people.roles import second_factor_required

VERIFY = "accounts:verify"
ENROL = "accounts:enrol"
# Reachable whatever step the user is at.
ALWAYS = {"logout", "health"}


class SecondFactorMiddleware:
    """Until the second step is done, a session reaches only that step.

    - A user with an authenticator app whose session has not given a code is
      sent to ``accounts:verify``.
    - When ``MFA_REQUIRED`` is on, a member of staff (practitioner, team lead,
      staff admin) without an app is sent to ``accounts:enrol``.

    Everything else, every record page, the admin and every form post, answers
    with that redirect. Installed after django-otp's ``OTPMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = self.step_for(request)
        if step is not None and not self._allowed(request, step):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        return self.get_response(request)

    @staticmethod
    def step_for(request) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        if request.session.get(PENDING_KEY):
            return VERIFY
        if second_factor_required(user):
            return VERIFY if has_second_factor(user) else ENROL
        return None

    @staticmethod
    def _allowed(request, step: str) -> bool:
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return False
        return name == step or name in ALWAYS


class SignInHistoryMiddleware:
    """Keeps each sign-in's session key current, so that it can be ended from elsewhere.

    Costs nothing unless the session's key changed during the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        follow_session_key(request)
        return response
