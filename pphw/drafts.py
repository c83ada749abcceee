"""What was typed into a form posted after the session ended, kept until the user is back.

When a signed-in form is posted after the inactivity limit, the idle-timeout
middleware signs the user out as before, but first keeps what was posted
(``keep``): in the new session that replaces the old one, so on the server
(the browser holds only the session's random key), signed so that it cannot
be altered, marked with the user it belongs to and the page it came from, and
only for ``DRAFT_KEEP_MINUTES``. Passwords and the CSRF token are never kept,
and a post without a valid CSRF token is not kept at all.

Signing in keeps the session's contents (Django's ``login`` only changes its
key), so when the same user signs in again and is taken back to the form, the
view (marked ``@restores``: drafts are kept only for those) hands its form to
``restore``, which fills it in and says that nothing
was saved yet. A draft is given back once, only to the user who typed it, and
only on the page it came from; anyone else signing in on that browser drops it
unread (``discard_unless_owner``).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve

DRAFT_KEY = "_pphw_draft"
SALT = "pphw.drafts"
NOT_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "old_password"}
# A session row is no place for an upload-sized post.
MAX_CHARACTERS = 2_000_000
RESTORED = (
    "What you typed before you were signed out is back below. Nothing has been saved "
    "yet: check it and save."
)


def restores(view: Callable) -> Callable:
    """Mark a view whose form ``restore`` fills in (innermost decorator, so others copy it)."""
    view.restores_drafts = True
    return view


def restores_drafts(path: str) -> bool:
    """Whether the view at ``path`` gives a kept draft back (only then is one kept)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "restores_drafts", False)


def csrf_valid(request: HttpRequest) -> bool:
    """Whether a post carries a valid CSRF token (the token is in a cookie: no database)."""
    if getattr(request, "csrf_processing_done", False):
        return True
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def typed(request: HttpRequest) -> list[tuple[str, str]]:
    """The fields a post carried, in order, without the token and any password."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_KEPT
        for value in values
    ]


def keep(request: HttpRequest, *, user_id: int, fields: list[tuple[str, str]]) -> bool:
    """Keep ``fields`` for ``user_id`` and this page in the session; False if too large."""
    if sum(len(name) + len(value) for name, value in fields) > MAX_CHARACTERS:
        return False
    request.session[DRAFT_KEY] = signing.dumps(
        {"user": user_id, "path": request.path, "fields": fields}, salt=SALT, compress=True
    )
    return True


def _read(request: HttpRequest) -> dict | None:
    raw = request.session.get(DRAFT_KEY)
    if raw is None:
        return None
    try:
        return signing.loads(raw, salt=SALT, max_age=settings.DRAFT_KEEP_MINUTES * 60)
    except signing.BadSignature:  # Expired, or not ours.
        del request.session[DRAFT_KEY]
        return None


def discard_unless_owner(request: HttpRequest) -> None:
    """Drop a draft that belongs to someone other than the signed-in user."""
    if DRAFT_KEY not in request.session:
        return
    draft = _read(request)
    if draft is not None and draft["user"] != request.user.pk:
        del request.session[DRAFT_KEY]


def restore(request: HttpRequest, form: forms.BaseForm) -> forms.BaseForm:
    """Fill ``form`` (unbound, on a GET) with the signed-in user's draft of this page, once."""
    if request.method != "GET" or form.is_bound or DRAFT_KEY not in request.session:
        return form
    draft = _read(request)
    if draft is None or draft["user"] != request.user.pk or draft["path"] != request.path:
        return form
    del request.session[DRAFT_KEY]
    values: dict[str, list[str]] = {}
    for name, value in draft["fields"]:
        values.setdefault(name, []).append(value)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if key in values:
            multiple = isinstance(field, forms.MultipleChoiceField)
            form.initial[name] = values[key] if multiple else values[key][-1]
        elif isinstance(field, forms.BooleanField):
            # An unticked box is not posted at all: it was unticked.
            form.initial[name] = False
    messages.warning(request, RESTORED)
    return form
