"""Search the directory by distance from a postcode or place typed by staff."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pphw.community.models import Place
from pphw.community.places import PlacesProblem, parse_places, resolve_place
from tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _at(name: str, latitude: str, longitude: str, **place):
    service = ServiceFactory(name=name)
    LocationFactory(
        service=service, latitude=Decimal(latitude), longitude=Decimal(longitude), **place
    )
    return service


@pytest.fixture
def inverness_area(db):
    Place.objects.create(
        name="Inverness", kind="town", key="INVERNESS", latitude="57.4778", longitude="-4.2247"
    )
    return {
        "merkinch": _at("Merkinch Walking Group", "57.488100", "-4.240500"),  # ~0.9 miles
        "dingwall": _at("Dingwall Men's Shed", "57.595700", "-4.428200"),  # ~10 miles
        "kingussie": _at("Badenoch Walkers", "57.080000", "-4.052000"),  # ~28 miles
        "nowhere": ServiceFactory(name="No coordinates group"),
    }


def test_it_orders_by_distance_within_the_radius_and_shows_the_distance(
    client, practitioner, inverness_area
):
    client.force_login(practitioner)
    response = client.get(reverse("community:list"), {"near": "inverness", "radius": "25"})
    assert response.status_code == 200
    found = list(response.context["page"].object_list)
    assert found == [inverness_area["merkinch"], inverness_area["dingwall"]]
    assert 0.8 < found[0].distance < 1.0 and 9 < found[1].distance < 12
    html = response.content.decode()
    assert "0.9 miles away" in html
    assert "Nearest first, from Inverness, within 25 miles." in html


def test_a_smaller_radius_leaves_out_what_is_further(client, practitioner, inverness_area):
    client.force_login(practitioner)
    page = client.get(reverse("community:list"), {"near": "Inverness", "radius": "1"})
    assert list(page.context["page"].object_list) == [inverness_area["merkinch"]]
    page = client.get(reverse("community:list"), {"near": "Inverness"})  # 5 miles by default
    assert list(page.context["page"].object_list) == [inverness_area["merkinch"]]


def test_words_and_distance_combine(client, practitioner, inverness_area):
    client.force_login(practitioner)
    page = client.get(reverse("community:list"), {"near": "Inverness", "radius": "25", "q": "shed"})
    assert list(page.context["page"].object_list) == [inverness_area["dingwall"]]


def test_an_unknown_place_is_said_plainly_beside_the_field(client, practitioner, inverness_area):
    client.force_login(practitioner)
    response = client.get(reverse("community:list"), {"near": "Atlantis", "q": "walk"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "\u201cAtlantis\u201d is not a place the directory knows" in html
    assert 'value="walk"' in html
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize(
    "params",
    [
        {"near": "Inverness", "radius": "1000000"},
        {"near": "Inverness", "radius": "-5"},
        {"near": "Inverness", "radius": "nan"},
        {"near": "x" * 500},
        {"near": "\x00"},
        {"near": "'; DROP TABLE community_place; --"},
    ],
)
def test_bad_distance_input_is_refused_not_a_500(client, practitioner, inverness_area, params):
    client.force_login(practitioner)
    response = client.get(reverse("community:list"), params)
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert Place.objects.count() == 1


def test_a_place_is_found_from_the_directorys_own_postcodes_and_towns(db):
    _at("Merkinch Walking Group", "57.488100", "-4.240500", postcode="IV3 8AD", district="IV3")
    _at("Clachnaharry group", "57.490100", "-4.260500", postcode="IV3 8RE", district="IV3")
    exact = resolve_place("iv38ad")
    assert (exact.name, exact.latitude, exact.longitude) == ("IV3 8AD", 57.4881, -4.2405)
    district = resolve_place("IV3")
    assert district.latitude == pytest.approx(57.4891)
    # An unknown postcode in a known district: the district's middle.
    assert resolve_place("IV3 9ZZ").name == "IV3"
    town = resolve_place("leith")  # the factory's town: the middle of its two places
    assert (town.name, town.latitude) == ("leith", pytest.approx(57.4891))
    assert resolve_place("Glasgow") is None


def test_the_gazetteer_comes_before_the_directory(db):
    _at("Merkinch Walking Group", "57.488100", "-4.240500", postcode="IV3 8AD", district="IV3")
    Place.objects.create(name="IV3", kind="district", key="IV3", latitude="57.5", longitude="-4.3")
    assert resolve_place("iv3").latitude == 57.5


def test_the_gazetteer_file_is_imported_and_reimported_without_duplicates(tmp_path, capsys):
    path = tmp_path / "places.csv"
    path.write_text(
        "place,latitude,longitude\nInverness,57.4778,-4.2247\niv3 8ad,57.4881,-4.2405\n"
    )
    call_command("import_places", str(path))
    assert "2 added" in capsys.readouterr().out
    assert set(Place.objects.values_list("key", "kind")) == {
        ("INVERNESS", "town"),
        ("IV3 8AD", "postcode"),
    }
    path.write_text("place,latitude,longitude\nINVERNESS,57.4800,-4.2247\n")
    call_command("import_places", str(path))
    assert "0 added, 1 updated" in capsys.readouterr().out
    assert Place.objects.get(key="INVERNESS").latitude == Decimal("57.480000")
    assert Place.objects.get(key="INVERNESS").history.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,lat,lon\nInverness,57,-4\n", "The first row must be"),
        (b"place,latitude,longitude\nInverness,north,-4\n", "Row 2, latitude: not a number"),
        (b"place,latitude,longitude\nInverness,91,-4\n", "Row 2, latitude: must be between"),
        (b"place,latitude,longitude\nA,1,2\nB,1,200\n", "Row 3, longitude"),
        (b"place,latitude,longitude\n,1,2\n", "Row 2, place"),
        (b"place,latitude,longitude\nA,1\n", "Row 2: expected 3 values"),
        (b"place,latitude,longitude\nA,NaN,2\n", "Row 2, latitude"),
        ("place,latitude,longitude\nBr\u00fcck,1,2\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_bad_gazetteer_file_names_the_row_and_imports_nothing(tmp_path, content, message):
    with pytest.raises(PlacesProblem, match=message):
        parse_places(content)
    path = tmp_path / "places.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_places", str(path))
    assert not Place.objects.exists()


def test_a_four_character_district_keeps_its_name(db):
    from pphw.community.services import place_import

    place_import(rows=[("iv15", Decimal("57.595"), Decimal("-4.43"))])
    assert Place.objects.get().name == "IV15"
    assert resolve_place("IV15").name == "IV15"


def test_the_distance_is_the_great_circle_distance_in_miles(inverness_area):
    """``near`` works the haversine distance out in SQL as one expression (``MilesFrom``):
    the same figure as the formula worked in Python, to well under the 0.1 mile shown."""
    import math

    from pphw.community.models import EARTH_RADIUS_MILES, Service

    def haversine(lat1, lon1, lat2, lon2):
        lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
        a = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(min(a, 1.0)))

    found = {s.pk: s.distance for s in Service.objects.near(57.4778, -4.2247, 25)}
    assert set(found) == {inverness_area["merkinch"].pk, inverness_area["dingwall"].pk}
    assert found[inverness_area["merkinch"].pk] == pytest.approx(
        haversine(57.4778, -4.2247, 57.4881, -4.2405), abs=1e-9
    )
    assert found[inverness_area["dingwall"].pk] == pytest.approx(
        haversine(57.4778, -4.2247, 57.5957, -4.4282), abs=1e-9
    )
