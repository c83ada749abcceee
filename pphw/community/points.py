"""The places a search by distance reads, kept in step with the directory.

A :class:`~pphw.community.models.SearchPoint` is a place of a service that has
coordinates, with its service's words. Every service that adds or changes a
service or its places calls :func:`points_refresh` with the services' ids, in the
same transaction: their points become exactly those their places give (one
statement on PostgreSQL). :func:`points_rebuild` works every point out again
(``manage.py community_points``), and :func:`points_differences` says which
services' points disagree with their places.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, Func, QuerySet

from pphw.community.models import Location, SearchPoint, Service, WordsField
from pphw.statements import AnyOf, Ids, replace_rows

COLUMNS = ("location_id", "service_id", "latitude", "longitude", "words")


def _words():
    if connection.vendor == "postgresql":
        # The very expression the service's own full-text index covers.
        return Func(
            F("service__search_document"),
            template="to_tsvector('english'::regconfig, %(expressions)s)",
            output_field=WordsField(),
        )
    return F("service__search_document")


def _points(services: Ids | None = None) -> QuerySet:
    """The points the places of ``services`` (every service: None) give."""
    located = Location.objects.filter(latitude__isnull=False, longitude__isnull=False)
    if services is not None:
        located = located.filter(AnyOf(F("service_id"), services))
    return located.order_by().values_list("id", "service_id", "latitude", "longitude", _words())


def points_refresh(service_ids: Iterable[int]) -> None:
    """Make the points of ``service_ids`` those their places give now."""
    ids = Ids(sorted(set(service_ids)))
    if not ids:
        return
    replace_rows(
        "keep-search-points",
        SearchPoint,
        lambda services: _points(services),
        columns=COLUMNS,
        scope={"service_id": "services"},
        services=ids,
    )


def points_rebuild() -> int:
    """Work every point out again from the places; the number of points."""
    SearchPoint.objects.exclude(service__in=Service.objects.all()).delete()
    points_refresh(Service.objects.values_list("id", flat=True))
    return SearchPoint.objects.count()


def points_differences() -> list[int]:
    """The ids of the services whose points are not those their places give."""
    kept = set(SearchPoint.objects.values_list(*COLUMNS))
    given = set(_points())
    return sorted({row[1] for row in kept ^ given})
