"""Writing the record-access log: one INSERT per look, nothing else."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

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


def _where(request: HttpRequest) -> dict:
    """The fields every row takes from the request: who, which address name, from where."""
    match = getattr(request, "resolver_match", None)
    object_pk = None
    url_name = ""
    if match is not None:
        url_name = match.view_name or ""
        raw_pk = match.kwargs.get("pk")
        if isinstance(raw_pk, int) or (isinstance(raw_pk, str) and raw_pk.isdigit()):
            object_pk = int(raw_pk)
    return {
        "user_id": request.user.pk,
        "url_name": url_name[:100],
        "object_pk": object_pk,
        "ip_address": client_address(request),
    }


def _check_page(page: str) -> None:
    if page not in PAGES:
        raise ValueError(f"Unknown page code for the record-access log: {page!r}")


def record_access(
    request: HttpRequest, person, page: str, *, kind: str = RecordAccess.Kind.PAGE
) -> RecordAccess:
    """Log that ``request.user`` opened ``page`` of ``person``'s record, or downloaded it.

    ``person`` is a Person or its primary key; pass ``outcome.person_id`` and
    the like so that no query is needed. ``kind`` is ``PAGE`` or ``EXPORT``.
    Exactly one INSERT.
    """
    _check_page(page)
    if kind not in RecordAccess.ONE_PERSON:
        raise ValueError(f"A look at one person's record is a page or an export, not {kind!r}")
    person_id = getattr(person, "pk", person)
    return RecordAccess.objects.create(person_id=person_id, page=page, kind=kind, **_where(request))


def record_bulk_access(
    request: HttpRequest,
    page: str,
    people_by_team: Mapping[int, int],
    *,
    kind: str = RecordAccess.Kind.BULK_EXPORT,
) -> list[RecordAccess]:
    """Log that ``request.user`` saw or downloaded a list naming several people.

    ``people_by_team`` maps each team the list covered to how many of its people
    were in it (0 if none). One row per team, all in one INSERT, and no row
    per person: whatever the number of people, logging costs the same.
    """
    _check_page(page)
    if kind not in RecordAccess.BULK:
        raise ValueError(f"A look at a list of people is a bulk page or export, not {kind!r}")
    where = _where(request)
    rows = [
        RecordAccess(page=page, kind=kind, team_id=team_id, people_count=count, **where)
        for team_id, count in sorted(people_by_team.items())
    ]
    return RecordAccess.objects.bulk_create(rows)


def last_looked_at(user, person, page: str):
    """When ``user`` last opened ``page`` of ``person``'s record (None if never): one query."""
    return (
        RecordAccess.objects.filter(user=user, person=person, page=page)
        .order_by("-accessed_at", "-id")
        .values_list("accessed_at", flat=True)
        .first()
    )
