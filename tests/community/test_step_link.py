"""A small step done by a community service links to the directory; the person sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outcomes.vocabulary import StepWho
from pphw.community.models import Service
from tests.factories import LocationFactory, ServiceFactory, StepFactory

pytestmark = pytest.mark.django_db


def _step_form(step, **changes) -> dict:
    data = {
        "what": step.what,
        "who": step.who,
        "who_name": step.who_name,
        "status": step.status,
        "version": step.version,
    }
    data.update(changes)
    return data


def test_staff_link_a_step_to_a_confirmed_open_service(client, practitioner, person):
    walking = ServiceFactory(name="Leith Walking Group")
    ServiceFactory(name="Unconfirmed group", confirmed=False)
    ServiceFactory(name="Closed group", status=Service.Status.CLOSED)
    step = StepFactory(outcome__person=person)
    client.force_login(practitioner)
    url = reverse("outcomes:step_edit", args=[step.pk])
    assert "Leith Walking Group" not in client.get(url).content.decode()
    page = client.post(url, _step_form(step, find_service="group", find="service"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Leith Walking Group" in html
    assert "Unconfirmed group" not in html and "Closed group" not in html
    step.refresh_from_db()
    assert step.history.count() == 1  # finding saves nothing
    response = client.post(
        url, _step_form(step, who=StepWho.COMMUNITY, service=walking.pk, reason="Found it")
    )
    step.refresh_from_db()
    assert response.status_code == 302
    assert step.service == walking
    assert step.history.first().service_id == walking.pk


def test_it_links_a_service_only_to_a_step_done_by_a_community_service(
    client, practitioner, person
):
    walking = ServiceFactory()
    step = StepFactory(outcome__person=person, who=StepWho.PERSON)
    client.force_login(practitioner)
    response = client.post(
        reverse("outcomes:step_edit", args=[step.pk]), _step_form(step, service=walking.pk)
    )
    assert response.status_code == 200
    assert "Link a local service only to a step done by a community service." in (
        response.content.decode()
    )
    step.refresh_from_db()
    assert step.service is None


def test_the_person_sees_the_linked_service_on_their_outcome_and_plan(client, person_user):
    walking = ServiceFactory(
        name="Leith Walking Group",
        description="A gentle walk, then tea.",
        opening_times="Mondays 10am",
        phone="01632 960101",
    )
    LocationFactory(service=walking, address="28 Ferry Road", postcode="EH6 4AE")
    step = StepFactory(outcome__person=person_user.person, who=StepWho.COMMUNITY, service=walking)
    client.force_login(person_user)
    for url in (reverse("me:outcome", args=[step.outcome_id]), reverse("me:plan")):
        html = client.get(url).content.decode()
        for text in ("Leith Walking Group", "A gentle walk, then tea.", "Mondays 10am"):
            assert text in html, (url, text)
        assert "28 Ferry Road" in html and "01632 960101" in html


def test_a_closed_service_shows_as_closed_on_the_plan(client, person_user):
    closed = ServiceFactory(name="Old lunch club", status=Service.Status.CLOSED)
    StepFactory(outcome__person=person_user.person, who=StepWho.COMMUNITY, service=closed)
    client.force_login(person_user)
    html = client.get(reverse("me:plan")).content.decode()
    assert "Old lunch club" in html
    assert "This service has closed." in html


def test_staff_see_the_open_steps_of_their_own_teams_that_use_a_service(
    client, practitioner, person, other_person
):
    walking = ServiceFactory()
    StepFactory(outcome__person=person, who=StepWho.COMMUNITY, service=walking, what="Go on Monday")
    StepFactory(
        outcome__person=other_person, who=StepWho.COMMUNITY, service=walking, what="Elsewhere"
    )
    client.force_login(practitioner)
    html = client.get(reverse("community:detail", args=[walking.pk])).content.decode()
    assert "Go on Monday" in html
    assert "Elsewhere" not in html
