"""Writing the record-access log: one INSERT per look, nothing else."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from pphw.audit.models import RecordAccess
from pphw.audit.pages import PAGES


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from.

    ``REMOTE_ADDR`` unless ``BEHIND_PROXY`` is set; then the last address in
    ``X-Forwarded-For``, which is the one our own proxy appended (addresses to
    its left were supplied by the client and could be forged).
    """
    candidates = []
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            candidates.append(forwarded.split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def record_access(request: HttpRequest, person, page: str) -> RecordAccess:
    """Log that ``request.user`` opened ``page`` of ``person``'s record.

    ``person`` is a Person or its primary key; pass ``outcome.person_id`` and
    the like so that no query is needed. Exactly one INSERT.
    """
    if page not in PAGES:
        raise ValueError(f"Unknown page code for the record-access log: {page!r}")
    person_id = getattr(person, "pk", person)
    match = getattr(request, "resolver_match", None)
    object_pk = None
    url_name = ""
    if match is not None:
        url_name = match.view_name or ""
        raw_pk = match.kwargs.get("pk")
        if isinstance(raw_pk, int) or (isinstance(raw_pk, str) and raw_pk.isdigit()):
            object_pk = int(raw_pk)
    return RecordAccess.objects.create(
        user_id=request.user.pk,
        person_id=person_id,
        page=page,
        url_name=url_name[:100],
        object_pk=object_pk,
        ip_address=client_address(request),
    )


def last_looked_at(user, person, page: str):
    """When ``user`` last opened ``page`` of ``person``'s record (None if never): one query."""
    return (
        RecordAccess.objects.filter(user=user, person=person, page=page)
        .order_by("-accessed_at", "-id")
        .values_list("accessed_at", flat=True)
        .first()
    )
