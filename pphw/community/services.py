"""Writes to the directory of local services.

Every write records the acting user in history. Any member of staff may
suggest a service or correct one; only a team lead confirms it. Edits go
through the version guard so that no change silently overwrites another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pphw.community.counts import category_counts_change, shape_of, stored_shape
from pphw.community.models import Location, Organisation, Place, Service
from pphw.community.search_places import search_places_refresh
from pphw.people.models import User
from pphw.people.roles import roles_for
from pphw.versioning import save_versioned

LOCATION_FIELDS = ("name", "address", "locality", "postcode", "latitude", "longitude")
ONLY_LEADS_CONFIRM = "Only a team lead can confirm a service."


def organisation_for(name: str, *, aliss_id: str = "", web: str = "") -> Organisation | None:
    """The organisation of that ALISS id, else of that name; made when there is none."""
    name = (name or "").strip()
    if not name:
        return None
    found = None
    if aliss_id:
        found = Organisation.objects.filter(aliss_id=aliss_id).first()
    if found is None:
        found = Organisation.objects.filter(name__iexact=name).order_by("id").first()
    if found is None:
        found = Organisation.objects.create(name=name, aliss_id=aliss_id, web=web)
    return found


def _save_main_location(service: Service, location: dict | None, by: User) -> None:
    """The service's first place: changed in place, made when missing, kept when blank."""
    if location is None:
        return
    values = {key: location.get(key) for key in LOCATION_FIELDS}
    if not any(values.values()):
        return
    place = service.locations.order_by("id").first() or Location(service=service)
    for key in ("name", "address", "locality"):
        setattr(place, key, values[key] or "")
    place.latitude, place.longitude = values["latitude"], values["longitude"]
    place.set_postcode(values["postcode"] or "")
    place._history_user = by
    place.save()


@transaction.atomic
def service_suggest(
    *,
    by: User,
    categories: list[str],
    organisation_name: str = "",
    location: dict | None = None,
    **fields,
) -> Service:
    """Add a service to the directory, unconfirmed until a team lead confirms it."""
    service = Service(suggested_by=by, organisation=organisation_for(organisation_name), **fields)
    service.set_categories(categories)
    service.refresh_search_document()
    service._history_user = by
    service._change_reason = "Suggested"
    service.save()
    category_counts_change(None, shape_of(service))
    _save_main_location(service, location, by)
    search_places_refresh([service.pk])
    return service


@transaction.atomic
def service_update(
    *,
    service: Service,
    by: User,
    expected_version: int,
    reason: str = "",
    categories: list[str] | None = None,
    organisation_name: str | None = None,
    location: dict | None = None,
    confirmed: bool | None = None,
    **fields,
) -> Service:
    """Change a service through the version guard; confirming it is for team leads only."""
    before = stored_shape(service.pk)
    if confirmed is not None and confirmed != service.confirmed:
        if not roles_for(by).is_lead:
            raise PermissionDenied(ONLY_LEADS_CONFIRM)
        if confirmed:
            service.confirm(by=by)
        else:
            service.confirmed, service.confirmed_by = False, None
    for name, value in fields.items():
        setattr(service, name, value)
    if categories is not None:
        service.set_categories(categories)
    if organisation_name is not None:
        service.organisation = organisation_for(organisation_name)
    service.refresh_search_document()
    save_versioned(service, expected_version=expected_version, user=by, reason=reason)
    category_counts_change(before, shape_of(service))
    _save_main_location(service, location, by)
    search_places_refresh([service.pk])
    return service


@dataclass
class ImportReport:
    """What an import did: the names of the services added, updated and left alone."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"Imported: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged."
        )


def _existing(record) -> Service | None:
    if record.aliss_id:
        found = Service.objects.filter(aliss_id=record.aliss_id).first()
        if found is not None:
            return found
    candidates = Service.objects.filter(name__iexact=record.name)
    if record.first_postcode:
        candidates = candidates.filter(locations__postcode=record.first_postcode)
    else:
        candidates = candidates.filter(locations__isnull=True)
    return candidates.order_by("id").first()


def _places(service: Service) -> list[tuple]:
    return [
        (p.aliss_id, p.name, p.address, p.locality, p.postcode, p.latitude, p.longitude)
        for p in service.locations.order_by("id")
    ]


def _record_places(record) -> list[tuple]:
    return [
        (p["aliss_id"], p["name"], p["address"], p["locality"], p["postcode"])
        + (p["latitude"], p["longitude"])
        for p in record.locations
    ]


def _replace_places(service: Service, record, by: User) -> None:
    for place in service.locations.all():
        place._history_user = by
        place.delete()
    for values in record.locations:
        place = Location(service=service, **{k: v for k, v in values.items() if k != "postcode"})
        place.set_postcode(values["postcode"])
        place._history_user = by
        place.save()


@transaction.atomic
def service_import(*, records: list, by: User) -> ImportReport:
    """Add or refresh services read from a file, all or nothing.

    An entry is matched by its ALISS id, else by name and postcode, so that a
    second import of the same file changes nothing. Services imported by a
    team lead count as confirmed.
    """
    if not roles_for(by).is_lead:
        raise PermissionDenied("Only a team lead can import services.")
    report = ImportReport()
    changed: list[int] = []
    for record in records:
        organisation = organisation_for(
            record.organisation_name, aliss_id=record.organisation_aliss_id
        )
        service = _existing(record)
        values = record.service_values()
        counted = None if service is None else stored_shape(service.pk)
        if service is None:
            service = Service(suggested_by=by, organisation=organisation, **values)
            service.confirm(by=by)
            service.set_categories(record.categories)
            service.refresh_search_document()
            service._history_user = by
            service._change_reason = "Imported"
            service.save()
            category_counts_change(None, shape_of(service))
            _replace_places(service, record, by)
            report.added.append(service.name)
            changed.append(service.pk)
            continue
        before = {name: getattr(service, name) for name in values} | {
            "categories": service.categories,
            "organisation_id": service.organisation_id,
        }
        for name, value in values.items():
            setattr(service, name, value)
        service.organisation = organisation
        service.set_categories(record.categories)
        after = {name: getattr(service, name) for name in values} | {
            "categories": service.categories,
            "organisation_id": service.organisation_id,
        }
        places_changed = _places(service) != _record_places(record)
        if before == after and not places_changed:
            report.unchanged.append(service.name)
            continue
        if before != after:
            service.refresh_search_document()
            save_versioned(service, expected_version=service.version, user=by, reason="Imported")
            category_counts_change(counted, shape_of(service))
        if places_changed:
            _replace_places(service, record, by)
        report.updated.append(service.name)
        changed.append(service.pk)
    search_places_refresh(changed)
    return report


@dataclass
class PlacesReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def summary(self) -> str:
        return (
            f"Places: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} left as they were."
        )


@transaction.atomic
def place_import(*, rows, by: User | None = None) -> PlacesReport:
    """Add or update gazetteer places (name, latitude, longitude), matched by their
    normalised name, so that a re-import updates rather than duplicates."""
    report = PlacesReport()
    existing = {place.key: place for place in Place.objects.all()}
    for name, latitude, longitude in rows:
        place = Place(latitude=latitude, longitude=longitude)
        place.set_name(name)
        found = existing.get(place.key)
        if found is not None and (found.latitude, found.longitude) == (latitude, longitude):
            report.unchanged += 1
            continue
        if found is not None:
            found.latitude, found.longitude = latitude, longitude
            place = found
            report.updated += 1
        else:
            report.added += 1
        place._history_user = by
        place._change_reason = "Imported"
        place.save()
        existing[place.key] = place
    return report
