"""The places a search by area or by distance reads, kept in step with the directory.

A :class:`~pphw.community.models.SearchPlace` is a place of a service with its
postcode district, its coordinates (if known) and its service's words. Every
service that adds or changes a service or its places calls
:func:`search_places_refresh` with the services' ids, in the same transaction:
their rows become exactly those their places give (one statement on
PostgreSQL). :func:`search_places_rebuild` works every row out again
(``manage.py rebuild_search_places``), and :func:`search_places_differences`
says which services' rows disagree with their places.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Func, QuerySet

from pphw.community.models import Location, SearchPlace, Service, WordsField
from pphw.statements import AnyOf, Ids, replace_rows

COLUMNS = ("location_id", "service_id", "district", "latitude", "longitude", "words")


def _words():
    if connection.vendor == "postgresql":
        # The very expression the service's own full-text index covers.
        return Func(
            F("service__search_document"),
            template="to_tsvector('english'::regconfig, %(expressions)s)",
            output_field=WordsField(),
        )
    return F("service__search_document")


def _places(services: Ids | None = None) -> QuerySet:
    """The rows the places of ``services`` (every service: None) give."""
    places = Location.objects.all()
    if services is not None:
        places = places.filter(AnyOf(F("service_id"), services))
    return places.order_by().values_list(
        "id", "service_id", "district", "latitude", "longitude", _words()
    )


@transaction.atomic
def search_places_refresh(service_ids: Iterable[int]) -> None:
    """Make the rows of ``service_ids`` those their places give now."""
    ids = Ids(sorted(set(service_ids)))
    if not ids:
        return
    # One refresh of a service at a time: a second waits for the first's transaction,
    # then works the rows out from the places as the first left them.
    list(Service.objects.select_for_update(no_key=True).filter(pk__in=ids).values_list("pk"))
    replace_rows(
        "keep-search-places",
        SearchPlace,
        lambda services: _places(services),
        columns=COLUMNS,
        scope={"service_id": "services"},
        services=ids,
    )


def search_places_rebuild() -> int:
    """Work every row out again from the places; the number of rows."""
    search_places_refresh(Service.objects.values_list("id", flat=True))
    return SearchPlace.objects.count()


def search_places_differences() -> list[int]:
    """The ids of the services whose rows are not those their places give."""
    kept = set(SearchPlace.objects.values_list(*COLUMNS))
    given = set(_places())
    return sorted({row[1] for row in kept ^ given})
