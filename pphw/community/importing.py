"""Reading a file of services: JSON shaped like the ALISS API's service listing, or CSV.

Parsing checks the whole file before anything is written; a problem raises
:class:`ImportProblem` with a message that names the row (or service) and the
field, so that the person importing can fix the file. See
``docs/community-import.md`` for both formats.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from pphw.community.models import POSTCODE_RE, Location, Service, normalise_postcode
from pphw.talking_points import EVERY_CATEGORY_CODES as CATEGORY_CODES
from pphw.talking_points import EVERY_CATEGORY_LABELS as CATEGORY_LABELS

MAX_BYTES = 5 * 1024 * 1024
MAX_SERVICES = 20_000

CSV_COLUMNS = [
    "name",
    "organisation",
    "description",
    "categories",
    "tags",
    "who_for",
    "opening_times",
    "phone",
    "email",
    "web",
    "accessibility",
    "cost",
    "how_to_get_there",
    "last_checked_on",
    "status",
    "place",
    "address",
    "locality",
    "postcode",
    "latitude",
    "longitude",
    "aliss_id",
]
TEXT_FIELDS = [
    "name",
    "description",
    "tags",
    "who_for",
    "opening_times",
    "phone",
    "email",
    "web",
    "accessibility",
    "cost",
    "how_to_get_there",
]
LABEL_TO_CODE = {label.lower(): code for code, label in CATEGORY_LABELS.items()}


class ImportProblem(Exception):
    """The file cannot be imported; the message says where and why."""


@dataclass
class ServiceRecord:
    """One service read from a file, checked and ready to be written."""

    where: str
    name: str
    aliss_id: str = ""
    organisation_name: str = ""
    organisation_aliss_id: str = ""
    description: str = ""
    categories: list[str] = field(default_factory=list)
    tags: str = ""
    who_for: str = ""
    opening_times: str = ""
    phone: str = ""
    email: str = ""
    web: str = ""
    accessibility: str = ""
    cost: str = ""
    how_to_get_there: str = ""
    last_checked_on: datetime.date | None = None
    status: str = Service.Status.OPEN
    locations: list[dict] = field(default_factory=list)

    @property
    def first_postcode(self) -> str:
        return self.locations[0]["postcode"] if self.locations else ""

    @property
    def match_key(self) -> tuple:
        if self.aliss_id:
            return ("aliss", self.aliss_id)
        return ("name", self.name.casefold(), self.first_postcode)

    def service_values(self) -> dict:
        return {name: getattr(self, name) for name in TEXT_FIELDS} | {
            "last_checked_on": self.last_checked_on,
            "status": self.status,
            "aliss_id": self.aliss_id,
        }


def parse_file(filename: str, data: bytes) -> list[ServiceRecord]:
    """The services in an uploaded file, all checked, or :class:`ImportProblem`."""
    if len(data) > MAX_BYTES:
        raise ImportProblem("The file is too large: at most 5 MB can be imported at once.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(
            f"The file is not UTF-8 text (a byte at position {error.start} cannot be read). "
            "Save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again."
        ) from None
    name = filename.lower()
    stripped = text.lstrip()
    if name.endswith(".json") or (not name.endswith(".csv") and stripped[:1] in "{["):
        records = parse_json(text)
    elif name.endswith(".csv"):
        records = parse_csv(text)
    else:
        raise ImportProblem("Import a .json file from ALISS or a .csv file.")
    if not records:
        raise ImportProblem("The file lists no services.")
    if len(records) > MAX_SERVICES:
        raise ImportProblem(f"The file lists {len(records)} services; at most {MAX_SERVICES}.")
    seen: dict[tuple, str] = {}
    for record in records:
        if record.match_key in seen:
            how = "ALISS id" if record.aliss_id else "name and postcode"
            raise ImportProblem(
                f"{record.where.capitalize()} repeats {seen[record.match_key]} "
                f"(the same {how}): keep one of them."
            )
        seen[record.match_key] = record.where
    return records


def _text(where: str, label: str, value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ImportProblem(f"{where.capitalize()}, {label}: expected text.")
    value = str(value).strip()
    if len(value) > limit:
        raise ImportProblem(
            f"{where.capitalize()}, {label}: at most {limit} characters (it has {len(value)})."
        )
    return value


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _date(where: str, label: str, value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ImportProblem(
            f"{where.capitalize()}, {label}: “{value}” is not a date like 2026-11-26."
        ) from None
    if not 1900 <= day.year <= 2199:
        raise ImportProblem(f"{where.capitalize()}, {label}: a date between 1900 and 2199.")
    return day


def _coordinate(where: str, label: str, value, bound: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise ImportProblem(f"{where.capitalize()}, {label}: “{value}” is not a number.") from None
    if not -bound <= number <= bound:
        raise ImportProblem(f"{where.capitalize()}, {label}: between -{bound} and {bound}.")
    return number


def _location(where: str, raw: dict) -> dict:
    postcode = normalise_postcode(_text(where, "postcode", raw.get("postcode"), 10))
    if postcode and not POSTCODE_RE.match(postcode):
        raise ImportProblem(f"{where.capitalize()}, postcode: “{postcode}” is not a UK postcode.")
    return {
        "aliss_id": _text(where, "location id", raw.get("aliss_id"), 64),
        "name": _text(where, "place", raw.get("name"), _limit(Location, "name")),
        "address": _text(where, "address", raw.get("address"), _limit(Location, "address")),
        "locality": _text(where, "locality", raw.get("locality"), _limit(Location, "locality")),
        "postcode": postcode,
        "latitude": _coordinate(where, "latitude", raw.get("latitude"), 90),
        "longitude": _coordinate(where, "longitude", raw.get("longitude"), 180),
    }


def _record(where: str, raw: dict, categories: list[str], tags: list[str]) -> ServiceRecord:
    name = _text(where, "name", raw.get("name"), _limit(Service, "name"))
    if not name:
        raise ImportProblem(f"{where.capitalize()}, name: every service needs a name.")
    values = {
        key: _text(where, key.replace("_", " "), raw.get(key), _limit(Service, key) or 5000)
        for key in TEXT_FIELDS
        if key != "name"
    }
    all_tags = [t for t in [*tags, *values.pop("tags").split(",")] if t.strip()]
    values["tags"] = ", ".join(dict.fromkeys(t.strip() for t in all_tags))[:300]
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            raise ImportProblem(
                f"{where.capitalize()}, email: “{values['email']}” is not an e-mail address."
            ) from None
    if values["web"]:
        try:
            URLValidator(schemes=["http", "https"])(values["web"])
        except ValidationError:
            raise ImportProblem(
                f"{where.capitalize()}, web: “{values['web']}” is not a web address."
            ) from None
    status = (raw.get("status") or Service.Status.OPEN).strip().lower()
    if status not in Service.Status.values:
        raise ImportProblem(f"{where.capitalize()}, status: “{status}” is not open or closed.")
    return ServiceRecord(
        where=where,
        name=name,
        aliss_id=_text(where, "id", raw.get("aliss_id"), 64),
        organisation_name=_text(where, "organisation", raw.get("organisation"), 200),
        organisation_aliss_id=_text(where, "organisation id", raw.get("organisation_id"), 64),
        categories=categories,
        last_checked_on=_date(where, "last checked on", raw.get("last_checked_on")),
        status=status,
        **values,
    )


def parse_json(text: str) -> list[ServiceRecord]:
    """An ALISS API v4 listing (``{"data": [...]}``); a v3 ``results`` list or a bare list too."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if isinstance(document, dict):
        items = document.get("data", document.get("results"))
    else:
        items = document
    if not isinstance(items, list):
        raise ImportProblem(
            "The file is not shaped like an ALISS service listing: expected a list of "
            "services under “data”."
        )
    records = []
    for number, item in enumerate(items, start=1):
        where = f"service {number}"
        if not isinstance(item, dict):
            raise ImportProblem(f"Service {number}: expected an object with a name.")
        organisation = item.get("organisation") or {}
        if not isinstance(organisation, dict):
            raise ImportProblem(f"Service {number}, organisation: expected an object.")
        categories, tags = [], []
        raw_categories = item.get("categories") or []
        if not isinstance(raw_categories, list):
            raise ImportProblem(f"Service {number}, categories: expected a list.")
        for category in raw_categories:
            if not isinstance(category, dict):
                raise ImportProblem(f"Service {number}, categories: expected name and slug.")
            code = str(category.get("slug") or "").replace("-", "_")
            if code in CATEGORY_CODES:
                categories.append(code)
            elif category.get("name"):
                tags.append(str(category["name"])[:60])
        raw_locations = item.get("locations") or []
        if not isinstance(raw_locations, list):
            raise ImportProblem(f"Service {number}, locations: expected a list.")
        locations = []
        for place_number, place in enumerate(raw_locations, start=1):
            place_where = f"{where}, location {place_number}"
            if not isinstance(place, dict):
                raise ImportProblem(f"{place_where.capitalize()}: expected an object.")
            locations.append(
                _location(
                    place_where,
                    {
                        "aliss_id": place.get("id"),
                        "name": place.get("name"),
                        "address": place.get("street_address") or place.get("formatted_address"),
                        "locality": place.get("locality"),
                        "postcode": place.get("postal_code"),
                        "latitude": place.get("latitude"),
                        "longitude": place.get("longitude"),
                    },
                )
            )
        raw = {
            "aliss_id": item.get("id"),
            "name": item.get("name"),
            "description": item.get("description"),
            "phone": item.get("phone"),
            "email": item.get("email"),
            "web": item.get("url"),
            "accessibility": _joined(item.get("accessibility_features")),
            "organisation": organisation.get("name"),
            "organisation_id": organisation.get("id"),
            "last_checked_on": item.get("last_reviewed") or item.get("last_updated"),
        }
        record = _record(where, raw, categories, tags)
        record.locations = locations
        records.append(record)
    return records


def _joined(value) -> str:
    if isinstance(value, list):
        return "; ".join(
            str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value
        ).strip("; ")
    return value if isinstance(value, str) else ""


def parse_csv(text: str) -> list[ServiceRecord]:
    """CSV with the header of :data:`CSV_COLUMNS` (in any order; ``name`` required)."""
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [(column or "").strip().lower() for column in reader.fieldnames or []]
    except csv.Error as error:
        raise ImportProblem(f"The file is not readable CSV: {error}.") from None
    if "name" not in header:
        raise ImportProblem(
            "The first row must be the header, with at least a “name” column. "
            f"The columns are: {', '.join(CSV_COLUMNS)}."
        )
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if unknown:
        raise ImportProblem(
            f"Unknown column{'s' if len(unknown) > 1 else ''} in the header: "
            f"{', '.join(unknown)}. The columns are: {', '.join(CSV_COLUMNS)}."
        )
    reader.fieldnames = header
    records = []
    try:
        for number, row in enumerate(reader, start=2):
            where = f"row {number}"
            if None in row:
                raise ImportProblem(f"Row {number}: more values than columns in the header.")
            if not any((value or "").strip() for value in row.values()):
                continue
            categories = []
            for part in (row.get("categories") or "").split(";"):
                part = part.strip()
                if not part:
                    continue
                code = part if part in CATEGORY_CODES else LABEL_TO_CODE.get(part.lower())
                if code is None:
                    raise ImportProblem(
                        f"Row {number}, categories: “{part}” is not a Talking Points category."
                    )
                categories.append(code)
            record = _record(where, row | {"organisation_id": ""}, categories, [])
            place = _location(
                where,
                {
                    "name": row.get("place"),
                    "address": row.get("address"),
                    "locality": row.get("locality"),
                    "postcode": row.get("postcode"),
                    "latitude": row.get("latitude"),
                    "longitude": row.get("longitude"),
                },
            )
            if any(value for key, value in place.items() if key != "aliss_id"):
                record.locations = [place]
            records.append(record)
    except csv.Error as error:
        raise ImportProblem(f"The file is not readable CSV: {error}.") from None
    return records
