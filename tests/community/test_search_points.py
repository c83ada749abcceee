"""The places a search by distance reads stay equal to the directory's places."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from pphw.community.admin import ServiceAdmin
from pphw.community.importing import ServiceRecord
from pphw.community.models import SearchPoint, Service
from pphw.community.points import points_differences, points_rebuild
from pphw.community.services import service_import, service_suggest, service_update
from pphw.versioning import VersionConflict
from tests.factories import LocationFactory, ServiceFactory
from tests.helpers import series_of_writes

pytestmark = pytest.mark.django_db

# Places around Inverness (57.4778, -4.2247), and one with no coordinates.
PLACES = [
    {"name": "Merkinch hall", "postcode": "IV3 8AA", "latitude": "57.4881", "longitude": "-4.2405"},
    {
        "name": "Dingwall hall",
        "postcode": "IV15 9AA",
        "latitude": "57.5957",
        "longitude": "-4.4282",
    },
    {"name": "Kingussie hall", "postcode": "PH21 1AA", "latitude": "57.08", "longitude": "-4.052"},
    {"name": "Somewhere", "postcode": "IV1 1AA", "latitude": None, "longitude": None},
]


def _location(number: int | None) -> dict | None:
    if number is None:
        return None
    place = PLACES[number]
    return {
        "name": place["name"],
        "address": "",
        "locality": "",
        "postcode": place["postcode"],
        "latitude": place["latitude"] and Decimal(place["latitude"]),
        "longitude": place["longitude"] and Decimal(place["longitude"]),
    }


def _near_inverness(words: str = "", miles: float = 25) -> list[str]:
    found = Service.objects.near(57.4778, -4.2247, miles, words=words)
    return [service.name for service in found]


NAMES = st.sampled_from(["Walking group", "Men's shed", "Lunch club", "Book group"])
PLACE = st.one_of(st.none(), st.integers(0, len(PLACES) - 1))
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("suggest"), NAMES, PLACE),
        st.tuples(st.just("rename"), st.integers(0, 4), NAMES),
        st.tuples(st.just("move"), st.integers(0, 4), PLACE),
        st.tuples(st.just("import"), st.integers(0, 2), NAMES, st.lists(PLACE, max_size=2)),
    ),
    max_size=12,
)


@series_of_writes()
@given(actions=ACTIONS)
def test_the_points_stay_equal_to_a_rebuild(actions, practitioner, lead):
    """After any series of suggestions, renamings, moves and imports (places added,
    moved, removed, replaced): the points kept are those the places give."""
    with transaction.atomic():
        for kind, *rest in actions:
            services = list(Service.objects.order_by("pk"))
            if kind == "suggest":
                name, place = rest
                service_suggest(
                    by=practitioner, categories=[], name=name, location=_location(place)
                )
            elif kind == "import":
                number, name, places = rest
                record = ServiceRecord(
                    where="row 1",
                    name=name,
                    aliss_id=f"test-{number}",
                    locations=[
                        {"aliss_id": "", "address": "", "locality": ""} | _location(place)
                        for place in places
                        if place is not None
                    ],
                )
                service_import(records=[record], by=lead)
            elif rest[0] < len(services):
                service = services[rest[0]]
                change = {"name": rest[1]} if kind == "rename" else {"location": _location(rest[1])}
                service_update(service=service, by=lead, expected_version=service.version, **change)
        assert points_differences() == []
        kept = set(SearchPoint.objects.values_list("location_id", "service_id", "words"))
        points_rebuild()
        assert set(SearchPoint.objects.values_list("location_id", "service_id", "words")) == kept
        transaction.set_rollback(True)


def test_a_search_by_distance_follows_each_write_at_once(practitioner, lead):
    service = service_suggest(
        by=practitioner, categories=[], name="Merkinch walking group", location=_location(0)
    )
    assert _near_inverness("walk") == ["Merkinch walking group"]
    # Renamed: the old words no longer find it, the new ones do.
    service = service_update(
        service=service, by=lead, expected_version=service.version, name="Merkinch lunch club"
    )
    assert _near_inverness("walk") == []
    assert _near_inverness("lunch") == ["Merkinch lunch club"]
    # Moved out of reach, then its coordinates removed: not found by distance at all.
    service = service_update(
        service=service, by=lead, expected_version=service.version, location=_location(2)
    )
    assert _near_inverness("lunch") == []
    assert _near_inverness("lunch", miles=30) == ["Merkinch lunch club"]
    service_update(
        service=service, by=lead, expected_version=service.version, location=_location(3)
    )
    assert _near_inverness("lunch", miles=30) == []
    assert not SearchPoint.objects.exists()


def test_an_import_keeps_the_points_of_every_place(lead):
    places = [{"aliss_id": "", "address": "", "locality": ""} | _location(n) for n in (0, 1)]
    record = ServiceRecord(where="row 1", name="Highland walkers", aliss_id="hw", locations=places)
    service_import(records=[record], by=lead)
    assert _near_inverness("walkers") == ["Highland walkers"]
    assert SearchPoint.objects.count() == 2
    # Re-imported with one place far away: only that one is left, out of reach.
    record.locations = [{"aliss_id": "", "address": "", "locality": ""} | _location(2)]
    service_import(records=[record], by=lead)
    assert _near_inverness("walkers") == []
    assert SearchPoint.objects.count() == 1
    assert points_differences() == []


def test_the_words_and_the_distance_are_matched_on_the_same_place(practitioner):
    """A service with a walking group's words far away and another place nearby is found
    by its nearby place; a nearby service whose words differ is not."""
    service_suggest(by=practitioner, categories=[], name="Highland walkers", location=_location(2))
    near = Service.objects.get(name="Highland walkers")
    LocationFactory(service=near, latitude=Decimal("57.4881"), longitude=Decimal("-4.2405"))
    service_suggest(by=practitioner, categories=[], name="Lunch club", location=_location(1))
    found = list(Service.objects.near(57.4778, -4.2247, 5, words="walkers"))
    assert [service.name for service in found] == ["Highland walkers"]
    assert 0.8 < found[0].distance < 1.0


def test_a_search_by_distance_reads_the_points_not_the_places(practitioner):
    """Deleting the kept points changes the answer; the rebuild restores it."""
    service_suggest(
        by=practitioner, categories=[], name="Merkinch walking group", location=_location(0)
    )
    with CaptureQueriesContext(connection) as queries:
        assert _near_inverness("walk") == ["Merkinch walking group"]
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "community_searchpoint" in sql and "community_location" not in sql
    SearchPoint.objects.all().delete()
    assert _near_inverness("walk") == []
    assert points_rebuild() == 1
    assert _near_inverness("walk") == ["Merkinch walking group"]


def test_a_version_conflict_leaves_the_points_alone(lead):
    service = ServiceFactory(name="Walking group")
    LocationFactory(service=service, latitude=Decimal("57.4881"), longitude=Decimal("-4.2405"))
    with pytest.raises(VersionConflict):
        service_update(service=service, by=lead, expected_version=99, name="Lunch club")
    assert _near_inverness("walking") == ["Walking group"]


def test_the_command_rebuilds_and_checks(capsys):
    service = ServiceFactory(name="Walking group")
    LocationFactory(service=service, latitude=Decimal("57.4881"), longitude=Decimal("-4.2405"))
    SearchPoint.objects.all().delete()
    with pytest.raises(CommandError, match="1 service"):
        call_command("rebuild_search_points", "--check")
    assert f"Service {service.pk}: its search places are out of step" in capsys.readouterr().out
    call_command("rebuild_search_points")
    assert "Rebuilt 1 search places" in capsys.readouterr().out
    call_command("rebuild_search_points", "--check")
    assert _near_inverness("walking") == ["Walking group"]


def test_an_admin_change_keeps_the_points(rf, lead):
    service = ServiceFactory(name="Walking group")
    place = LocationFactory(
        service=service, latitude=Decimal("57.4881"), longitude=Decimal("-4.2405")
    )
    model_admin = ServiceAdmin(Service, admin.site)
    request = rf.post("/")
    request.user = lead
    service.name = "Lunch club"
    model_admin.save_model(request, service, form=None, change=True)
    place.latitude = Decimal("57.08")
    place.save()

    class Form:
        instance = service

        def save_m2m(self):
            pass

    model_admin.save_related(request, Form(), formsets=[], change=True)
    assert _near_inverness("lunch") == []
    assert _near_inverness("lunch", miles=30) == ["Lunch club"]
    assert points_differences() == []
