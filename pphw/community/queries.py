"""The directory's search page: one page of services found and their first place,
counted in the same query, and each result's card rendered once per process."""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.template.loader import get_template
from django.utils.safestring import SafeString

from pphw.community.models import Location, Service, check_cutoff
from pphw.statements import AnyOf, Ids, statement_rows

FOUND = "found_count"

# The largest OFFSET PostgreSQL takes (a bigint); a page number typed past it can
# only be past the end.
LARGEST_OFFSET = 2**63 - 1


class CountingPaginator(Paginator):
    """Reads a page and the number of rows found in one query (``COUNT(*) OVER ()``),
    so that a search's conditions, and a distance search's great-circle distances,
    are worked out once per request rather than once for the count and once for the page.

    The count is asked for separately only for a page number below 1 or past the
    end (typed by hand): then, as ``Paginator.get_page`` does, the last page is shown.
    A page number too large for the database to skip to is past the end too.
    """

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list.annotate(**{FOUND: Window(Count("*"))}), per_page, **kwargs)

    def get_page(self, number) -> Page:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        if number < 1 or bottom + self.per_page > LARGEST_OFFSET:
            return super().get_page(number)
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if rows:
            self.count = getattr(rows[0], FOUND)
        elif number == 1:
            self.count = 0
        else:
            return super().get_page(number)
        return self._get_page(rows, number, self)


def _first_places(services: Ids) -> QuerySet:
    # What str(place) shows, in the places' own order.
    return (
        Location.objects.filter(AnyOf(F("service_id"), services))
        .order_by("id")
        .values_list("id", "service_id", "name", "address", "postcode")
    )


def with_first_place(services: list[Service]) -> list[Service]:
    """Give each service its first place (``first_place``, or None), in one statement
    built once per process (``pphw.statements``)."""
    first: dict[int, Location] = {}
    if services:
        rows = statement_rows(
            "first-places",
            Location,
            _first_places,
            # At most a page of services: one plan serves every page, so it is prepared.
            prepare=True,
            services=Ids([s.pk for s in services]),
        )
        for pk, service_id, name, address, postcode in rows:
            if service_id not in first:
                first[service_id] = Location(
                    pk=pk, service_id=service_id, name=name, address=address, postcode=postcode
                )
    for service in services:
        service.first_place = first.get(service.pk)
    return services


CARD_TEMPLATE = "community/_service_result.html"

# The columns a result's card reads (with ``id``, ``distance`` and ``first_place``): the
# search reads only these, not the whole row (``search_document`` is the longest).
CARD_FIELDS = (
    "name",
    "status",
    "confirmed",
    "last_checked_on",
    "description",
    "organisation__name",
)


def card_key(service: Service, *, list_url: str, near: bool, cutoff: datetime.date) -> str:
    """Every value a result's card shows (and nothing about who looks at it); ``cutoff``
    is the day before which a service may be out of date (``check_cutoff``)."""
    place = service.first_place
    checked = service.last_checked_on
    values = (
        list_url,
        service.pk,
        service.name,
        service.is_closed,
        service.confirmed,
        checked is None or checked < cutoff,
        service.distance if near else None,
        service.organisation.name if service.organisation_id else None,
        service.description,
        str(place) if place is not None else None,
    )
    return "community-card:" + hashlib.sha256(repr(values).encode()).hexdigest()


def result_cards(services: list[Service], *, list_url: str, near: bool) -> list[SafeString]:
    """The rendered card of each service found, kept in the per-process ``fragments``
    cache under a key of every value it shows, so that an edit shows at once."""
    cache = caches["fragments"]
    cutoff = check_cutoff()
    keys = [card_key(service, list_url=list_url, near=near, cutoff=cutoff) for service in services]
    kept = cache.get_many(keys)
    template = None
    new = {}
    cards = []
    for key, service in zip(keys, services, strict=True):
        card = kept.get(key)
        if card is None:
            template = template or get_template(CARD_TEMPLATE)
            card = new[key] = SafeString(
                template.render({"service": service, "near": near, "list_url": list_url})
            )
        cards.append(card)
    if new:
        cache.set_many(new)
    return cards
