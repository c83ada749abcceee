"""Importing the directory from an ALISS-shaped JSON file or a CSV file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pphw.community.importing import ImportProblem, parse_file
from pphw.community.models import Location, Service
from pphw.community.services import service_import

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs"
JSON_EXAMPLE = (DOCS / "community-services-example.json").read_bytes()
CSV_EXAMPLE = (DOCS / "community-services-example.csv").read_bytes()
HEADER = "name,organisation,postcode,categories\n"


def _upload(client, name: str, data: bytes):
    return client.post(
        reverse("community:import"), {"file": SimpleUploadedFile(name, data)}, follow=False
    )


def test_it_imports_the_aliss_example_and_confirms_it(client, lead):
    client.force_login(lead)
    response = _upload(client, "aliss.json", JSON_EXAMPLE)
    assert response.status_code == 200
    assert "Imported: 2 added, 0 updated, 0 unchanged." in response.content.decode()
    walking = Service.objects.get(name="Leith Walking Group")
    assert walking.confirmed and walking.confirmed_by == lead
    assert walking.aliss_id == "7d0b2a4e-0000-4000-8000-000000000001"
    assert walking.category_codes == ["staying_well"]
    assert "Physical activity" in walking.tag_list
    assert walking.organisation.name == "Leith Community Health Walks"
    place = walking.locations.get()
    assert (place.postcode, place.district, place.locality) == ("EH6 4AE", "EH6", "Leith")
    assert str(walking.last_checked_on) == "2026-09-14"


def test_a_second_import_changes_nothing_and_a_changed_file_updates(client, lead):
    client.force_login(lead)
    _upload(client, "aliss.json", JSON_EXAMPLE)
    again = _upload(client, "aliss.json", JSON_EXAMPLE)
    assert "0 added, 0 updated, 2 unchanged" in again.content.decode()
    document = json.loads(JSON_EXAMPLE)
    document["data"][0]["phone"] = "01632 960199"
    changed = _upload(client, "aliss.json", json.dumps(document).encode())
    assert "0 added, 1 updated, 1 unchanged" in changed.content.decode()
    assert Service.objects.count() == 2
    walking = Service.objects.get(name="Leith Walking Group")
    assert walking.phone == "01632 960199"
    assert walking.history.first().history_change_reason == "Imported"


def test_it_imports_the_csv_example_and_matches_by_name_and_postcode(client, lead):
    client.force_login(lead)
    first = _upload(client, "services.csv", CSV_EXAMPLE)
    assert "2 added" in first.content.decode()
    shed = Service.objects.get(name="Men's Shed Portobello")
    assert shed.category_codes == ["things_to_do", "seeing_people"]
    assert shed.locations.get().latitude is not None
    lunch = Service.objects.get(name="Lunch Club")
    assert lunch.category_codes == ["seeing_people"]
    again = _upload(client, "services.csv", CSV_EXAMPLE)
    assert "0 added, 0 updated, 2 unchanged" in again.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.json", b'{"services": []}', "not shaped like an ALISS service listing"),
        ("a.json", b'{"data": [{"name": ""}]}', "Service 1, name: every service needs a name."),
        ("a.json", b"{not json", "not valid JSON (line 1"),
        ("a.json", b'{"data": []}', "lists no services"),
        (
            "a.json",
            b'{"data": [{"name": "A", "id": "x"}, {"name": "B", "id": "x"}]}',
            "Service 2 repeats service 1 (the same ALISS id)",
        ),
        ("a.csv", (HEADER + "Walk,,EH6 4AE,\nWalk,,eh6 4ae,\n").encode(), "Row 3 repeats row 2"),
        ("a.csv", (HEADER + ",Org,EH6 4AE,\n").encode(), "Row 2, name: every service needs"),
        ("a.csv", (HEADER + "Walk,,NOPE,\n").encode(), "Row 2, postcode"),
        ("a.csv", (HEADER + "Walk,,,flying\n").encode(), "Row 2, categories: “flying”"),
        ("a.csv", b"title,where\nWalk,Leith\n", "with at least a “name” column"),
        ("a.csv", b"name,colour\nWalk,red\n", "Unknown column in the header: colour"),
        ("a.csv", ("name\n" + "x" * 201 + "\n").encode(), "Row 2, name: at most 200"),
        ("a.csv", "name\nCaf\u00e9\n".encode("latin-1"), "not UTF-8 text"),
        ("a.csv", b"name\n" + b"x" * (5 * 1024 * 1024), "too large"),
        ("a.txt", b"name\nWalk\n", "Import a .json file from ALISS or a .csv file."),
    ],
)
def test_it_refuses_a_bad_file_saying_where_and_imports_nothing(client, lead, name, data, message):
    client.force_login(lead)
    response = _upload(client, name, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "data-error-summary" in html
    assert not Service.objects.exists()


def test_nothing_is_half_imported_when_a_late_row_is_bad(client, lead):
    rows = "".join(f"Group {n},,EH6 4AE,\n" for n in range(50)) + "Bad,,EH6 4AE,nonsense\n"
    client.force_login(lead)
    response = _upload(client, "a.csv", (HEADER + rows).encode())
    assert "Row 52, categories" in response.content.decode()
    assert not Service.objects.exists()
    assert not Location.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(lead, monkeypatch):
    records = parse_file("a.json", JSON_EXAMPLE)
    records[1].name = None  # breaks the second write, after the first was made
    with pytest.raises(Exception):  # noqa: B017 (any database error will do)
        service_import(records=records, by=lead)
    assert not Service.objects.exists()


def test_a_practitioner_may_not_import(client, practitioner):
    client.force_login(practitioner)
    assert _upload(client, "aliss.json", JSON_EXAMPLE).status_code == 403
    assert not Service.objects.exists()


def test_parse_names_the_field_of_a_nested_location():
    bad = {"data": [{"name": "A", "locations": [{"latitude": "north"}]}]}
    with pytest.raises(ImportProblem, match="Service 1, location 1, latitude"):
        parse_file("a.json", json.dumps(bad).encode())
