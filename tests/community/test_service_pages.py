"""The directory's pages: search, read, suggest, correct and confirm a service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pphw.community.models import Service
from tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_it_finds_the_walking_group_by_a_word_of_its_name(client, practitioner):
    walking = ServiceFactory(name="Leith Walking Group", description="Gentle walks.")
    ServiceFactory(name="Knit and Natter")
    client.force_login(practitioner)
    response = client.get(reverse("community:list"), {"q": "walk"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [walking]


def test_it_filters_by_category_and_postcode_district(client, practitioner):
    near = ServiceFactory(name="Men's Shed", categories=" things_to_do ")
    LocationFactory(service=near, postcode="EH6 7BB", district="EH6", locality="Leith")
    far = ServiceFactory(name="Shed elsewhere", categories=" things_to_do ")
    LocationFactory(service=far, postcode="G1 1AA", district="G1", locality="Glasgow")
    ServiceFactory(name="Café", categories=" seeing_people ")
    client.force_login(practitioner)
    url = reverse("community:list")
    found = client.get(url, {"category": "things_to_do", "area": "eh6"}).context["page"]
    assert list(found.object_list) == [near]
    by_town = client.get(url, {"area": "Glasgow"}).context["page"]
    assert list(by_town.object_list) == [far]


def test_it_refuses_an_unknown_category_beside_the_field(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("community:list"), {"category": "nonsense"})
    assert response.status_code == 200
    assert "Choose one of the listed." in response.content.decode()


def test_a_practitioner_suggests_a_service_that_waits_for_a_lead(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("community:create"),
        {
            "name": "Portobello Walking Football",
            "organisation_name": "Porty Sports",
            "categories": ["staying_well", "seeing_people"],
            "postcode": "eh15 1aa",
            "phone": "01632 960123",
        },
    )
    service = Service.objects.get(name="Portobello Walking Football")
    assert response.status_code == 302
    assert not service.confirmed
    assert service.suggested_by == practitioner
    assert service.organisation.name == "Porty Sports"
    assert service.category_codes == ["seeing_people", "staying_well"]
    assert service.locations.get().postcode == "EH15 1AA"
    assert service.history.get().history_user == practitioner


def test_it_keeps_the_input_and_says_what_is_wrong(client, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("community:create"),
        {"name": "", "postcode": "ZZZZ 99", "description": "Kept"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the service&#x27;s name." in html
    assert "Enter a UK postcode" in html
    assert "Kept" in html
    assert not Service.objects.exists()


def _edit_form(service, **changes) -> dict:
    data = {
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "version": service.version,
        "categories": service.category_codes,
    }
    data.update(changes)
    return data


def test_a_lead_confirms_a_suggested_service_and_it_is_in_history(client, lead):
    service = ServiceFactory(confirmed=False)
    client.force_login(lead)
    response = client.post(
        reverse("community:edit", args=[service.pk]),
        _edit_form(service, confirmed="on", reason="Phoned them"),
    )
    service.refresh_from_db()
    assert response.status_code == 302
    assert service.confirmed and service.confirmed_by == lead
    assert service.history.first().history_change_reason == "Phoned them"


def test_a_practitioner_cannot_confirm(client, practitioner):
    service = ServiceFactory(confirmed=False)
    client.force_login(practitioner)
    client.post(reverse("community:edit", args=[service.pk]), _edit_form(service, confirmed="on"))
    service.refresh_from_db()
    assert not service.confirmed


def test_it_refuses_an_edit_made_against_an_old_version(client, practitioner, lead):
    service = ServiceFactory()
    stale = _edit_form(service, name="Mine")
    client.force_login(lead)
    client.post(reverse("community:edit", args=[service.pk]), _edit_form(service, name="Theirs"))
    client.force_login(practitioner)
    response = client.post(reverse("community:edit", args=[service.pk]), stale)
    service.refresh_from_db()
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    assert service.name == "Theirs"


def test_a_closed_service_is_marked_closed(client, practitioner):
    service = ServiceFactory(status=Service.Status.CLOSED)
    client.force_login(practitioner)
    response = client.get(reverse("community:detail", args=[service.pk]))
    assert "Closed" in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_search_costs_the_same_number_of_queries(
    client, practitioner, django_assert_max_num_queries, size
):
    for n in range(size):
        LocationFactory(service=ServiceFactory(name=f"Walking group {n}"))
    client.force_login(practitioner)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("community:list"), {"q": "walking", "area": "EH6"})
    assert response.status_code == 200


def test_it_flags_a_service_not_checked_for_the_configured_months(client, practitioner, settings):
    import datetime

    from django.utils import timezone

    settings.COMMUNITY_CHECK_MONTHS = 6
    today = timezone.localdate()
    stale = ServiceFactory(name="Stale", last_checked_on=today - datetime.timedelta(days=200))
    fresh = ServiceFactory(name="Fresh", last_checked_on=today - datetime.timedelta(days=100))
    never = ServiceFactory(name="Never checked", last_checked_on=None)
    assert set(Service.objects.needs_checking()) == {stale, never}
    client.force_login(practitioner)
    html = client.get(reverse("community:detail", args=[stale.pk])).content.decode()
    assert "possibly out of date" in html
    html = client.get(reverse("community:detail", args=[fresh.pk])).content.decode()
    assert "possibly out of date" not in html
    settings.COMMUNITY_CHECK_MONTHS = 12
    assert set(Service.objects.needs_checking()) == {never}


def test_it_finds_services_by_a_carers_category(client, practitioner):
    breaks = ServiceFactory(name="Short breaks for carers", categories=" carer_life_of_own ")
    ServiceFactory(name="Café", categories=" seeing_people ")
    client.force_login(practitioner)
    response = client.get(reverse("community:list"), {"category": "carer_life_of_own"})
    assert list(response.context["page"].object_list) == [breaks]
    assert "A life of their own" in response.content.decode()


def test_it_pages_the_services_found_and_counts_them(client, practitioner):
    for n in range(30):
        ServiceFactory(name=f"Walking group {n:02}")
    ServiceFactory(name="Knit and Natter")
    client.force_login(practitioner)
    url = reverse("community:list")
    first = client.get(url, {"q": "walking"})
    assert first.context["page"].paginator.count == 30
    assert [s.name for s in first.context["page"].object_list][:2] == [
        "Walking group 00",
        "Walking group 01",
    ]
    assert "30 services found." in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(url, {"q": "walking", "page": "2"}).context["page"]
    assert second.number == 2 and [s.name for s in second.object_list][0] == "Walking group 25"
    assert len(second.object_list) == 5
    # A page out of range shows the last page; a page that is not a number, the first.
    assert client.get(url, {"q": "walking", "page": "9"}).context["page"].number == 2
    assert client.get(url, {"q": "walking", "page": "0"}).context["page"].number == 2
    assert client.get(url, {"q": "walking", "page": "x"}).context["page"].number == 1
    # A page number too large for the database to skip to is past the end as well.
    huge = client.get(url, {"q": "walking", "page": "99999999999999999999"})
    assert huge.status_code == 200 and huge.context["page"].number == 2
    nothing = client.get(url, {"q": "swimming"})
    assert nothing.context["page"].paginator.count == 0
    assert "No service matches." in nothing.content.decode()
    beyond = client.get(url, {"q": "swimming", "page": "3"})
    assert beyond.status_code == 200 and list(beyond.context["page"].object_list) == []
