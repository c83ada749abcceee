"""The directory of local services and groups: what the community offers.

The directory is not care data: any member of staff may read it and suggest a
service, and a team lead confirms what was suggested. Every change is kept in
history; edits of a service go through the version guard.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Lookup,
    Min,
    OuterRef,
    Q,
)
from django.db.models.expressions import Func, RawSQL
from django.urls import reverse
from django.utils import timezone

from pphw.history import AccountableHistory
from pphw.talking_points import EVERY_CATEGORY_CODES as CATEGORY_CODES
from pphw.talking_points import EVERY_CATEGORY_LABELS as CATEGORY_LABELS
from pphw.versioning import Versioned

# The text the full-text index covers; the index itself (PostgreSQL only) is
# made by migration 0002 on exactly this expression, so the planner uses it.
SEARCH_EXPRESSION = 'to_tsvector(\'english\'::regconfig, "community_service"."search_document")'
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
DISTRICT_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def check_cutoff(today: datetime.date | None = None) -> datetime.date:
    """A service last checked before this day may be out of date."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=round(settings.COMMUNITY_CHECK_MONTHS * 30.44))


def normalise_postcode(value: str) -> str:
    """``eh11 2ab`` -> ``EH11 2AB``: upper case, one space before the inward code."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def postcode_district(postcode: str) -> str:
    """The outward code of a postcode (``EH11 2AB`` -> ``EH11``)."""
    normal = normalise_postcode(postcode)
    return normal.split(" ")[0] if " " in normal else normal


EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.0


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, ...]:
    """South, north, west and east edges of a box holding every point within ``miles``."""
    import math

    dlat = miles / MILES_PER_DEGREE_LATITUDE
    # Longitude degrees shrink towards the poles; never divide by (nearly) zero.
    dlon = miles / (MILES_PER_DEGREE_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


class MilesFrom(Func):
    """The great-circle (haversine) distance in miles from a point to the coordinates in
    two fields (``"search_places__latitude"``, ``"search_places__longitude"`` from a
    Service), as an expression the database computes (SQLite gets the functions from
    Django).

    One expression rather than a tree of Django's math functions: the SQL is the same,
    term for term (so are the distances), but it is built, resolved, compared and compiled
    as one node, which a distance search does several times per request.
    """

    output_field = FloatField()
    arity = 2

    def __init__(self, latitude_field: str, longitude_field: str, latitude, longitude):
        super().__init__(F(latitude_field), F(longitude_field))
        self.origin = (float(latitude), float(longitude))

    def as_sql(self, compiler, connection, **extra_context):
        (lat, lat_params), (lon, lon_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        if connection.vendor == "postgresql":
            lat, lon, least = f"({lat})::double precision", f"({lon})::double precision", "LEAST"
        else:
            cast = "REAL" if connection.vendor == "sqlite" else "DOUBLE PRECISION"
            lat, lon = f"CAST({lat} AS {cast})", f"CAST({lon} AS {cast})"
            least = "MIN" if connection.vendor == "sqlite" else "LEAST"
        origin_lat, origin_lon = self.origin
        sql = (
            f"(%s * ASIN(SQRT({least}((POWER(SIN(((RADIANS({lat}) - RADIANS(%s)) / %s)), %s)"
            f" + ((COS(RADIANS(%s)) * COS(RADIANS({lat})))"
            f" * POWER(SIN(((RADIANS({lon}) - RADIANS(%s)) / %s)), %s))), %s))))"
        )
        params = [
            2 * EARTH_RADIUS_MILES,
            *lat_params,
            origin_lat,
            2,
            2,
            origin_lat,
            *lat_params,
            *lon_params,
            origin_lon,
            2,
            2,
            1.0,
        ]
        return sql, params


class Organisation(models.Model):
    """Who runs one or more services: a charity, a club, a council service."""

    name = models.CharField(max_length=200)
    aliss_id = models.CharField("ALISS id", max_length=64, blank=True)
    web = models.URLField("web address", max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["aliss_id"], condition=~Q(aliss_id=""), name="organisation_aliss_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(models.QuerySet):
    def open(self) -> ServiceQuerySet:
        return self.filter(status=Service.Status.OPEN)

    def confirmed(self) -> ServiceQuerySet:
        return self.filter(confirmed=True)

    def needs_checking(self, *, today: datetime.date | None = None) -> ServiceQuerySet:
        """Services not checked within ``COMMUNITY_CHECK_MONTHS`` (or never checked)."""
        return self.filter(
            Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=check_cutoff(today))
        )

    def linkable(self) -> ServiceQuerySet:
        """What a small step may be linked to: confirmed services that are open."""
        return self.open().confirmed()

    def search(self, words: str) -> ServiceQuerySet:
        """Services whose name, organisation, description or tags match ``words``.

        Full-text search (English stemming: "walk" finds "walking") on
        PostgreSQL, through its GIN index; plain matching of every word elsewhere.
        """
        words = (words or "").strip()
        if not words:
            return self
        if connection.vendor == "postgresql":
            return self.filter(
                RawSQL(  # noqa: S611 (the words go in as a parameter; the SQL is fixed)
                    f"{SEARCH_EXPRESSION} @@ plainto_tsquery('english'::regconfig, %s)",
                    [words],
                    output_field=BooleanField(),
                )
            )
        condition = Q()
        for word in words.split():
            condition &= Q(search_document__icontains=word)
        return self.filter(condition)

    def in_category(self, code: str) -> ServiceQuerySet:
        if not code:
            return self
        return self.filter(categories__contains=f" {code} ")

    def matching(self, words: str, area: str) -> ServiceQuerySet:
        """Services whose words match ``words`` (as :meth:`search`) with a place in ``area``
        (as :meth:`in_area`).

        For a postcode district or a full postcode, both are matched on the same
        rows of :class:`SearchPlace` (a place's district beside its service's
        words), through that one narrow table's two indexes, so that only the
        services that pass both are read; otherwise words and area are matched
        apart, on the services and on their places.
        """
        district = _district_of(area)
        if district is None:
            return self.search(words).in_area(area)
        places = SearchPlace.objects.filter(_words_match("words", words), district=district)
        return self.filter(pk__in=places.values("service_id"))

    def in_area(self, area: str) -> ServiceQuerySet:
        """Services with a place in ``area``: a postcode district (``EH11``), a
        full postcode (its district) or a town or locality."""
        area = (area or "").strip()
        if not area:
            return self
        district = _district_of(area)
        places = Location.objects.filter(service=OuterRef("pk"))
        if district is not None:
            places = places.filter(district=district)
        else:
            places = places.filter(Q(locality__icontains=area) | Q(address__icontains=area))
        return self.filter(Exists(places))

    def near(
        self, latitude: float, longitude: float, miles: float, *, words: str = ""
    ) -> ServiceQuerySet:
        """Services with a place within ``miles`` of a point whose words match ``words``
        (as :meth:`search` matches them), nearest first, each with ``distance`` (miles
        to its nearest place).

        The places are read from :class:`SearchPlace`, which holds each place's
        coordinates beside its service's words: both conditions are answered by that
        one narrow table's indexes (a box on the coordinates, the full-text index on
        the words), so only the places that pass both are joined to their services
        (otherwise chosen by category or area). The exact great-circle
        distance is worked out once for each place left, the nearest kept per service.
        """
        south, north, west, east = bounding_box(latitude, longitude, miles)
        # One filter() call: every condition is on the same place.
        return (
            self.filter(
                _words_match("search_places__words", words),
                search_places__latitude__gte=south,
                search_places__latitude__lte=north,
                search_places__longitude__gte=west,
                search_places__longitude__lte=east,
            )
            .annotate(
                distance=Min(
                    MilesFrom(
                        "search_places__latitude", "search_places__longitude", latitude, longitude
                    )
                )
            )
            .filter(distance__lte=miles)
            .order_by("distance", "name", "id")
        )


def _district_of(area: str) -> str | None:
    """The postcode district ``area`` names (a district or a full postcode); else None."""
    compact = re.sub(r"\s+", "", area or "").upper()
    if DISTRICT_RE.match(compact):
        # A district as typed ("IV15", "eh11"): never split like a full postcode.
        return compact
    if POSTCODE_RE.match(normalise_postcode(area)):
        return postcode_district(area)
    return None


def _words_match(field: str, words: str) -> Q:
    """``field`` (a :class:`WordsField`) matches every one of ``words``; all when none."""
    words = (words or "").strip()
    if not words:
        return Q()
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__matches": words})
    return Q(*(Q(**{f"{field}__icontains": word}) for word in words.split()))


class Service(Versioned):
    """One service or group a person can use, with where, when and how to reach it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
    )
    aliss_id = models.CharField("ALISS id", max_length=64, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField("what it is", max_length=5000, blank=True)
    # Talking Points category codes, each between spaces (" seeing_people things_to_do "),
    # so that one category is found by a plain "contains" on every database.
    categories = models.CharField("what it helps with", max_length=400, blank=True)
    tags = models.CharField(
        max_length=300, blank=True, help_text="Words people search for, separated by commas."
    )
    who_for = models.CharField("who it is for", max_length=300, blank=True)
    opening_times = models.CharField("when", max_length=500, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mail", max_length=254, blank=True)
    web = models.URLField("web address", max_length=500, blank=True)
    accessibility = models.CharField("accessibility", max_length=1000, blank=True)
    cost = models.CharField(max_length=200, blank=True)
    how_to_get_there = models.CharField("how to get there", max_length=1000, blank=True)
    last_checked_on = models.DateField("last checked on", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    confirmed = models.BooleanField("confirmed by a team lead", default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    search_document = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory(excluded_fields=["search_document"])

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["aliss_id"], condition=~Q(aliss_id=""), name="service_aliss_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="service_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "confirmed", "name"], name="service_status_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def needs_checking(self) -> bool:
        """Not checked within ``COMMUNITY_CHECK_MONTHS``: its details may be out of date."""
        return self.last_checked_on is None or self.last_checked_on < check_cutoff()

    @property
    def category_codes(self) -> list[str]:
        return [code for code in self.categories.split() if code in CATEGORY_LABELS]

    @property
    def category_labels(self) -> list[str]:
        return [CATEGORY_LABELS[code] for code in self.category_codes]

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def set_categories(self, codes) -> None:
        """Keep the known codes, in the vocabulary's order; unknown codes raise ValueError."""
        unknown = sorted(set(codes) - set(CATEGORY_CODES))
        if unknown:
            raise ValueError(f"Unknown categories: {', '.join(unknown)}")
        chosen = [code for code in CATEGORY_CODES if code in set(codes)]
        self.categories = f" {' '.join(chosen)} " if chosen else ""

    def refresh_search_document(self) -> None:
        """The words search looks at: name, organisation, description, tags, who it is for."""
        parts = [
            self.name,
            self.organisation.name if self.organisation_id else "",
            self.description,
            self.tags,
            self.who_for,
            " ".join(self.category_labels),
        ]
        self.search_document = " ".join(part for part in parts if part)

    def confirm(self, *, by) -> None:
        self.confirmed = True
        self.confirmed_by = by


class Location(models.Model):
    """Where a service happens."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    aliss_id = models.CharField("ALISS id", max_length=64, blank=True)
    name = models.CharField("place", max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    locality = models.CharField("town or area", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    district = models.CharField("postcode district", max_length=4, blank=True, editable=False)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    history = AccountableHistory()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["district"], name="location_district_idx"),
            models.Index(fields=["latitude", "longitude"], name="location_coordinates_idx"),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.address, self.postcode) if part)

    def set_postcode(self, postcode: str) -> None:
        self.postcode = normalise_postcode(postcode)
        self.district = postcode_district(self.postcode) if self.postcode else ""


class WordsField(models.TextField):
    """The words of a service as search matches them: on PostgreSQL a ``tsvector``
    (English stemming, as :meth:`ServiceQuerySet.search`), elsewhere the plain text."""

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


@WordsField.register_lookup
class Matches(Lookup):
    """``words__matches="walking group"``: PostgreSQL full-text matching of every word."""

    lookup_name = "matches"
    prepare_rhs = False

    def as_sql(self, compiler, connection) -> tuple[str, tuple]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @@ plainto_tsquery('english'::regconfig, %s)", (*lhs_params, self.rhs)


class SearchPlace(models.Model):
    """A place of a service with its postcode district, its coordinates (where known)
    and its service's words: what a search by area or by distance reads
    (:meth:`ServiceQuerySet.matching`, :meth:`ServiceQuerySet.near`).

    Not a record: rows worked out from services and their places, kept by the
    directory's services in the same transaction as the change
    (``pphw.community.search_places``) and rebuilt by ``manage.py rebuild_search_places``.
    """

    location = models.OneToOneField(
        Location, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="search_places")
    district = models.CharField(max_length=4, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    words = WordsField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["district"], name="place_district_idx"),
            models.Index(fields=["latitude", "longitude"], name="place_coordinates_idx"),
        ]

    def __str__(self) -> str:
        return f"Place {self.location_id} of service {self.service_id}"


class PlaceQuerySet(models.QuerySet):
    def named(self, text: str) -> PlaceQuerySet:
        return self.filter(key=Place.key_for(text))


class Place(models.Model):
    """A place staff may search near: a postcode, a postcode district or a town,
    with its coordinates (a small gazetteer, imported from a file; no internet)."""

    class Kind(models.TextChoices):
        POSTCODE = "postcode", "Postcode"
        DISTRICT = "district", "Postcode district"
        TOWN = "town", "Town or area"

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The name as searched: upper case, spaces squeezed; postcodes normalised.
    key = models.CharField(max_length=100, unique=True, editable=False)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    history = AccountableHistory()

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["postcode", "district", "town"]), name="place_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def kind_of(text: str) -> str:
        normal = normalise_postcode(text)
        if POSTCODE_RE.match(normal):
            return Place.Kind.POSTCODE
        if DISTRICT_RE.match(re.sub(r"\s+", "", text or "").upper()):
            return Place.Kind.DISTRICT
        return Place.Kind.TOWN

    @staticmethod
    def key_for(text: str) -> str:
        kind = Place.kind_of(text)
        if kind == Place.Kind.POSTCODE:
            return normalise_postcode(text)
        if kind == Place.Kind.DISTRICT:
            return re.sub(r"\s+", "", text).upper()
        return " ".join((text or "").split()).upper()

    def set_name(self, text: str) -> None:
        self.kind = self.kind_of(text)
        self.key = self.key_for(text)
        # A postcode district is named as its key ("IV15"), never split like a postcode.
        self.name = self.key if self.kind != Place.Kind.TOWN else text.strip()


class CategoryCount(models.Model):
    """How many linkable (confirmed, open) services list each category.

    Kept by the directory's services in the same transaction as the change
    (``pphw.community.counts``), so the report's "services for this category"
    reads a row per category rather than matching every service. A category no
    linkable service lists has no row, or a row of 0.
    """

    category = models.CharField(max_length=40, primary_key=True)
    services = models.PositiveIntegerField("linkable services listing it", default=0)

    def __str__(self) -> str:
        return f"{self.category}: {self.services}"
