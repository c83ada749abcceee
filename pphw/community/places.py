"""Where a typed postcode or place is, without the internet.

A place is looked up first in the gazetteer (``Place``: postcodes, postcode
districts and towns with their coordinates, imported from a file), then in the
directory itself: the middle of its own locations with that postcode, postcode
district or town. Each step is one query, so resolving costs at most a few.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Avg, Count

from pphw.community.models import Location, Place, postcode_district
from pphw.statements import statement_rows


@dataclass(frozen=True)
class Point:
    name: str
    latitude: float
    longitude: float


def _middle(locations, name: str) -> Point | None:
    found = locations.filter(latitude__isnull=False, longitude__isnull=False).aggregate(
        latitude=Avg("latitude"), longitude=Avg("longitude"), places=Count("id")
    )
    if not found["places"]:
        return None
    return Point(name, float(found["latitude"]), float(found["longitude"]))


def resolve_place(text: str) -> Point | None:
    """The coordinates of a postcode, postcode district or town, or None if not known."""
    text = " ".join((text or "").split())
    if not text:
        return None
    kind = Place.kind_of(text)
    key = Place.key_for(text)
    if kind == Place.Kind.POSTCODE:
        # The most precise known: the postcode itself, then its district.
        return (
            _known(key)
            or _middle(Location.objects.filter(postcode=key), key)
            or resolve_place(postcode_district(key))
        )
    if kind == Place.Kind.DISTRICT:
        return _known(key) or _middle(Location.objects.filter(district=key), key)
    return _known(key) or _middle(Location.objects.filter(locality__iexact=text), text)


def _place(key: str):
    # The key is unique: at most one row, so no ORDER BY and no model to build.
    return Place.objects.filter(key=key).order_by().values_list("name", "latitude", "longitude")


def _known(key: str) -> Point | None:
    # Every search by distance starts here: one statement, built once per process and
    # prepared on the connection (pphw.statements).
    for name, latitude, longitude in statement_rows(
        "gazetteer-place", Place, _place, prepare=True, key=key
    ):
        return Point(name, float(latitude), float(longitude))
    return None


class PlacesProblem(ValueError):
    """A gazetteer file that cannot be imported; the message names the row and field."""


PLACES_HEADER = ["place", "latitude", "longitude"]


def parse_places(content: bytes) -> list[tuple[str, Decimal, Decimal]]:
    """Rows of a gazetteer CSV (header ``place,latitude,longitude``), checked whole."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlacesProblem("The file is not UTF-8 text; save it as CSV UTF-8.") from error
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    if header != PLACES_HEADER:
        raise PlacesProblem(f"The first row must be: {','.join(PLACES_HEADER)}.")
    rows = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise PlacesProblem(f"Row {number}: expected 3 values, found {len(row)}.")
        name = " ".join(row[0].split())
        if not name or len(name) > 100:
            raise PlacesProblem(f"Row {number}, place: give a name of at most 100 characters.")
        coordinates = []
        for field, value, limit in (("latitude", row[1], 90), ("longitude", row[2], 180)):
            try:
                number_value = Decimal(value.strip())
            except InvalidOperation as error:
                raise PlacesProblem(f"Row {number}, {field}: not a number.") from error
            if not number_value.is_finite() or abs(number_value) > limit:
                raise PlacesProblem(f"Row {number}, {field}: must be between -{limit} and {limit}.")
            coordinates.append(number_value.quantize(Decimal("0.000001")))
        rows.append((name, *coordinates))
    return rows
