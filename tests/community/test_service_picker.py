"""The directory picker: find local services by name without JavaScript, in the
conversation's strengths and resources and on the full small step form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conversations.models import Conversation
from outcomes.vocabulary import StepWho
from pphw.community.forms import PICKER_LIMIT
from pphw.community.models import Service
from pphw.history import history_entries
from tests.factories import ConversationFactory, ServiceFactory, StepFactory

pytestmark = pytest.mark.django_db


def _conversation_data(**changes) -> dict:
    data = {
        "held_on": "2026-01-10",
        "mode": "in_person",
        "what_matters": "Getting out of the house again.",
        "strengths": "My sister phones every day.",
    }
    data.update(changes)
    return data


def test_finding_walk_lists_the_walking_group_keeps_what_was_typed_and_saves_nothing(
    client, practitioner, person
):
    ServiceFactory(name="Merkinch Walking Group")
    ServiceFactory(name="Knit and Natter")
    ServiceFactory(name="Closed Walkers", status=Service.Status.CLOSED)
    ServiceFactory(name="Unchecked Walkers", confirmed=False)
    client.force_login(practitioner)
    url = reverse("conversations:create", args=[person.pk])
    response = client.post(url, _conversation_data(find_service="walk", find="service"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Merkinch Walking Group" in html
    assert "Knit and Natter" not in html
    assert "Closed Walkers" not in html and "Unchecked Walkers" not in html
    assert "1 service matches \u201cwalk\u201d" in html
    assert "My sister phones every day." in html
    assert "<title>Error" not in html
    assert not Conversation.objects.exists()


def test_the_picked_service_is_saved_shown_and_kept_in_one_history_row(
    client, practitioner, person
):
    walking = ServiceFactory(name="Merkinch Walking Group", phone="01632 960101")
    client.force_login(practitioner)
    url = reverse("conversations:create", args=[person.pk])
    response = client.post(url, _conversation_data(services=[walking.pk], find_service="walk"))
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert list(conversation.services.all()) == [walking]
    history = list(conversation.history.all())
    assert len(history) == 1
    assert [row.service_id for row in history[0].services.all()] == [walking.pk]
    detail = client.get(conversation.get_absolute_url()).content.decode()
    assert "Merkinch Walking Group" in detail and "01632 960101" in detail
    record = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Local services used: Merkinch Walking Group" in record


def test_a_change_of_services_is_one_history_row_that_names_them(client, practitioner, person):
    walking = ServiceFactory(name="Merkinch Walking Group")
    shed = ServiceFactory(name="Dingwall Men's Shed")
    conversation = ConversationFactory(person=person, practitioner=practitioner)
    conversation.services.set([walking])
    client.force_login(practitioner)
    response = client.post(
        reverse("conversations:edit", args=[conversation.pk]),
        _conversation_data(
            services=[walking.pk, shed.pk], version=conversation.version, reason="Also the shed"
        ),
    )
    assert response.status_code == 302
    conversation.refresh_from_db()
    newest = conversation.history.order_by("-history_date", "-history_id").first()
    assert newest.history_change_reason == "Also the shed"
    assert conversation.history.filter(version=conversation.version).count() == 1
    [entry] = history_entries([newest])
    [change] = [c for c in entry.changes if c.field == "services"]
    assert change.label == "Local services they use"
    assert change.old == "(none)" or "Merkinch" in change.old
    assert "Dingwall Men's Shed" in change.new and "Merkinch Walking Group" in change.new


def test_a_conversation_keeps_a_service_that_closed_since(client, practitioner, person):
    walking = ServiceFactory(name="Merkinch Walking Group")
    conversation = ConversationFactory(person=person, practitioner=practitioner)
    conversation.services.set([walking])
    Service.objects.filter(pk=walking.pk).update(status=Service.Status.CLOSED)
    client.force_login(practitioner)
    url = reverse("conversations:edit", args=[conversation.pk])
    assert "Merkinch Walking Group" in client.get(url).content.decode()
    response = client.post(
        url, _conversation_data(services=[walking.pk], version=conversation.version)
    )
    assert response.status_code == 302
    assert list(conversation.services.all()) == [walking]


@pytest.mark.parametrize("tampered", ["999999", "abc", "-1", "1 OR 1=1"])
def test_a_tampered_or_unlinkable_service_is_refused_beside_the_field(
    client, practitioner, person, tampered
):
    client.force_login(practitioner)
    response = client.post(
        reverse("conversations:create", args=[person.pk]), _conversation_data(services=[tampered])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Choose services from the list" in html
    assert not Conversation.objects.exists()


def test_a_closed_service_cannot_be_newly_picked(client, practitioner, person):
    closed = ServiceFactory(name="Closed Walkers", status=Service.Status.CLOSED)
    client.force_login(practitioner)
    response = client.post(
        reverse("conversations:create", args=[person.pk]), _conversation_data(services=[closed.pk])
    )
    assert response.status_code == 200
    assert not Conversation.objects.exists()


def test_many_matches_list_only_the_first_page_and_say_how_many(client, practitioner, person):
    for n in range(PICKER_LIMIT + 5):
        ServiceFactory(name=f"Walking group {n:02d}")
    client.force_login(practitioner)
    response = client.post(
        reverse("conversations:create", args=[person.pk]),
        _conversation_data(find_service="walking", find="service"),
    )
    html = response.content.decode()
    assert f"{PICKER_LIMIT + 5} services match" in html
    assert html.count('name="services"') == PICKER_LIMIT


def test_the_step_form_links_a_service_found_by_search(client, practitioner, person):
    walking = ServiceFactory(name="Merkinch Walking Group")
    step = StepFactory(outcome__person=person)
    client.force_login(practitioner)
    url = reverse("outcomes:step_edit", args=[step.pk])
    data = {
        "what": step.what,
        "who": StepWho.COMMUNITY,
        "status": step.status,
        "version": step.version,
        "find_service": "walk",
    }
    found = client.post(url, {**data, "find": "service"}).content.decode()
    assert f'value="{walking.pk}"' in found
    assert "None: not in the directory" in found
    response = client.post(url, {**data, "service": walking.pk})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.service == walking
    assert step.history.count() == 2


def test_the_step_form_searching_with_hostile_words_is_harmless(client, practitioner, person):
    step = StepFactory(outcome__person=person)
    client.force_login(practitioner)
    for words in ("'); DROP TABLE community_service; --", "\x00", "<script>", "a" * 5000, "&|!"):
        response = client.post(
            reverse("outcomes:step_edit", args=[step.pk]),
            {
                "what": "x",
                "who": "community",
                "version": 1,
                "find_service": words,
                "find": "service",
            },
        )
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[1]
    assert Service.objects.count() == 0


def test_the_person_sees_the_services_of_their_conversations_in_their_download(
    client, person_user, practitioner
):
    walking = ServiceFactory(name="Merkinch Walking Group")
    conversation = ConversationFactory(person=person_user.person, practitioner=practitioner)
    conversation.services.set([walking])
    client.force_login(person_user)
    data = client.get(reverse("me:export_json")).json()
    [row] = data["conversations"]
    assert row["local_services"] == [{"id": walking.pk, "name": "Merkinch Walking Group"}]
