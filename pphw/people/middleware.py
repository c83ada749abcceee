"""Whose record the ``me`` pages show: the user's own, or one they act on as a delegate."""

from __future__ import annotations

from pphw.people.roles import ACT_FOR_SESSION_KEY


class ActingForMiddleware:
    """Hand the delegate's choice from the session to :func:`pphw.people.roles.roles_for`.

    Only the choice is carried here; whether the access still lasts is checked
    by ``roles_for`` on every request, so ending it takes effect at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(ACT_FOR_SESSION_KEY) is not None:
            request.user._pphw_act_for = session[ACT_FOR_SESSION_KEY]
        return self.get_response(request)
