"""Every staff page that shows a person's record writes exactly one access row."""

import pytest
from django.urls import reverse

from pphw.audit.models import RecordAccess

PEOPLE_PAGES = [
    ("people:detail", "person"),
    ("people:edit", "person_edit"),
    ("people:history", "person_history"),
]


@pytest.mark.parametrize(("url_name", "page"), PEOPLE_PAGES)
def test_it_logs_a_staff_look_at_a_person(client, practitioner, person, url_name, page):
    client.force_login(practitioner)
    response = client.get(reverse(url_name, args=[person.pk]), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    row = RecordAccess.objects.get()
    assert (row.user, row.person, row.page, row.url_name) == (practitioner, person, page, url_name)
    assert row.ip_address == "192.0.2.7"


@pytest.mark.parametrize(("url_name", "page"), PEOPLE_PAGES)
def test_it_logs_nothing_when_a_stranger_is_refused(client, stranger, person, url_name, page):
    client.force_login(stranger)
    assert client.get(reverse(url_name, args=[person.pk])).status_code == 404
    assert not RecordAccess.objects.exists()


def test_it_logs_nothing_for_the_caseload_list(client, practitioner, person):
    client.force_login(practitioner)
    assert client.get(reverse("people:list")).status_code == 200
    assert not RecordAccess.objects.exists()
