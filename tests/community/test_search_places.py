"""The places a search by area or by distance reads stay equal to the directory's places."""

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
from pphw.community.models import SearchPlace, Service
from pphw.community.search_places import search_places_differences, search_places_rebuild
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
def test_the_search_places_stay_equal_to_a_rebuild(actions, practitioner, lead):
    """After any series of suggestions, renamings, moves and imports (places added,
    moved, removed, replaced): the rows kept are those the places give."""
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
        assert search_places_differences() == []
        kept = set(SearchPlace.objects.values_list("location_id", "service_id", "words"))
        search_places_rebuild()
        assert set(SearchPlace.objects.values_list("location_id", "service_id", "words")) == kept
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
    assert list(SearchPlace.objects.values_list("district", "latitude")) == [("IV1", None)]


def test_an_import_keeps_a_search_place_for_every_place(lead):
    places = [{"aliss_id": "", "address": "", "locality": ""} | _location(n) for n in (0, 1)]
    record = ServiceRecord(where="row 1", name="Highland walkers", aliss_id="hw", locations=places)
    service_import(records=[record], by=lead)
    assert _near_inverness("walkers") == ["Highland walkers"]
    assert SearchPlace.objects.count() == 2
    # Re-imported with one place far away: only that one is left, out of reach.
    record.locations = [{"aliss_id": "", "address": "", "locality": ""} | _location(2)]
    service_import(records=[record], by=lead)
    assert _near_inverness("walkers") == []
    assert SearchPlace.objects.count() == 1
    assert search_places_differences() == []


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


def test_a_search_by_distance_reads_the_search_places_not_the_places(practitioner):
    """Deleting the kept rows changes the answer; the rebuild restores it."""
    service_suggest(
        by=practitioner, categories=[], name="Merkinch walking group", location=_location(0)
    )
    with CaptureQueriesContext(connection) as queries:
        assert _near_inverness("walk") == ["Merkinch walking group"]
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "community_searchplace" in sql and "community_location" not in sql
    SearchPlace.objects.all().delete()
    assert _near_inverness("walk") == []
    assert search_places_rebuild() == 1
    assert _near_inverness("walk") == ["Merkinch walking group"]


def test_a_version_conflict_leaves_the_search_places_alone(lead):
    service = ServiceFactory(name="Walking group")
    LocationFactory(service=service, latitude=Decimal("57.4881"), longitude=Decimal("-4.2405"))
    with pytest.raises(VersionConflict):
        service_update(service=service, by=lead, expected_version=99, name="Lunch club")
    assert _near_inverness("walking") == ["Walking group"]


def test_the_command_rebuilds_and_checks(capsys):
    service = ServiceFactory(name="Walking group")
    LocationFactory(service=service, latitude=Decimal("57.4881"), longitude=Decimal("-4.2405"))
    SearchPlace.objects.all().delete()
    with pytest.raises(CommandError, match="1 service"):
        call_command("rebuild_search_places", "--check")
    assert f"Service {service.pk}: its search places are out of step" in capsys.readouterr().out
    call_command("rebuild_search_places")
    assert "Rebuilt 1 search places" in capsys.readouterr().out
    call_command("rebuild_search_places", "--check")
    assert _near_inverness("walking") == ["Walking group"]


def test_the_admin_keeps_the_words_and_districts_of_the_search_places(rf, lead):
    """An organisation renamed: its services are found by the new name; a place's
    postcode changed in the admin: the district follows."""
    from pphw.community.admin import OrganisationAdmin
    from pphw.community.models import Organisation

    organisation = Organisation.objects.create(name="Highland Hikers")
    service = ServiceFactory(name="Saturday walk", organisation=organisation)
    place = LocationFactory(service=service, postcode="IV3 8AA", district="IV3")
    request = rf.post("/")
    request.user = lead
    organisation.name = "Glen Ramblers"
    OrganisationAdmin(Organisation, admin.site).save_model(request, organisation, None, True)
    assert _in_area("ramblers", "IV3") == ["Saturday walk"]
    assert _in_area("hikers", "IV3") == []

    class Formset:
        forms = [type("Form", (), {"instance": place})()]

        def save(self):
            place.save()

    place.postcode = "iv15 9aa"
    model_admin = ServiceAdmin(Service, admin.site)
    model_admin.save_formset(request, None, Formset(), change=True)
    service_form = type("Form", (), {"instance": service, "save_m2m": lambda self: None})()
    model_admin.save_related(request, service_form, [], True)
    assert _in_area("", "IV15") == ["Saturday walk"]
    assert search_places_differences() == []


def test_an_admin_change_keeps_the_search_places(rf, lead):
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
    assert search_places_differences() == []


def _in_area(words: str, area: str) -> list[str]:
    return sorted(service.name for service in Service.objects.matching(words, area))


@pytest.mark.parametrize(
    ("words", "area", "found"),
    [
        # A district or a postcode: words and area matched on the same kept rows.
        ("walking", "IV3", ["Walking club", "Walking group"]),
        ("walking", "iv3 8aa", ["Walking club", "Walking group"]),
        ("club", "IV3", ["Walking club"]),
        ("", "IV15", ["Men's shed"]),
        ("shed", "IV3", []),
        # A town: words on the services, the town on their places.
        ("walking", "Merkinch", ["Walking club"]),
        ("group", "", ["Book group", "Walking group"]),
    ],
)
def test_words_and_an_area_find_what_each_finds_apart(practitioner, words, area, found):
    service_suggest(by=practitioner, categories=[], name="Walking group", location=_location(0))
    service_suggest(by=practitioner, categories=[], name="Men's shed", location=_location(1))
    far = service_suggest(
        by=practitioner, categories=[], name="Walking club", location=_location(2)
    )
    LocationFactory(service=far, locality="Merkinch", postcode="IV3 8BB", district="IV3")
    service_suggest(by=practitioner, categories=[], name="Book group")
    apart = sorted(s.name for s in Service.objects.search(words).in_area(area))
    assert _in_area(words, area) == apart == found


def test_a_search_by_area_reads_the_search_places(practitioner):
    """For a postcode district the words and the area are matched on the kept rows:
    deleting them changes the answer; the rebuild restores it."""
    service_suggest(by=practitioner, categories=[], name="Walking group", location=_location(0))
    with CaptureQueriesContext(connection) as queries:
        assert _in_area("walking", "IV3") == ["Walking group"]
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "community_searchplace" in sql and "community_location" not in sql
    SearchPlace.objects.all().delete()
    assert _in_area("walking", "IV3") == []
    search_places_rebuild()
    assert _in_area("walking", "IV3") == ["Walking group"]


@pytest.mark.django_db(transaction=True)
def test_the_search_places_are_kept_outside_a_transaction_too():
    """As the browser tests' live server writes: no transaction is open around the write."""
    service = ServiceFactory(name="Walking group")
    LocationFactory(service=service, latitude=Decimal("57.4881"), longitude=Decimal("-4.2405"))
    assert _near_inverness("walking") == ["Walking group"]
    assert search_places_differences() == []
