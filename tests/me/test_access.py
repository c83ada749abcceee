"""A person sees only their own record, and only through the ``me`` pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ConversationFactory


@pytest.fixture
def own_ids(person, outcome, my_step, review, practitioner):
    conversation = ConversationFactory(person=person, practitioner=practitioner)
    return {
        "person": person.pk,
        "outcome": outcome.pk,
        "step": my_step.pk,
        "review": review.pk,
        "conversation": conversation.pk,
    }


STAFF_PAGES = [
    ("home", None),
    ("people:list", None),
    ("people:create", None),
    ("people:detail", "person"),
    ("people:edit", "person"),
    ("people:history", "person"),
    ("people:invite", "person"),
    ("people:revoke_access", "person"),
    ("conversations:create", "person"),
    ("conversations:detail", "conversation"),
    ("conversations:edit", "conversation"),
    ("outcomes:create", "person"),
    ("outcomes:detail", "outcome"),
    ("outcomes:edit", "outcome"),
    ("outcomes:history", "outcome"),
    ("outcomes:step_create", "outcome"),
    ("outcomes:step_edit", "step"),
    ("reviews:create", "outcome"),
    ("reviews:detail", "review"),
    ("reviews:due", None),
    ("reviews:report", None),
]


@pytest.mark.parametrize("name,kind", STAFF_PAGES)
def test_staff_pages_about_my_own_record_are_404_for_me(client, person_user, own_ids, name, kind):
    client.force_login(person_user)
    url = reverse(name, args=[own_ids[kind]] if kind else [])
    response = client.get(url)
    if name == "home":
        assert response.status_code == 302 and response.url == reverse("me:home")
    else:
        assert response.status_code == 404, url


ME_PAGES_WITH_IDS = [
    ("get", "me:outcome", "outcome"),
    ("get", "me:outcome_words", "outcome"),
    ("post", "me:outcome_words", "outcome"),
    ("get", "me:step_add", "outcome"),
    ("post", "me:step_add", "outcome"),
    ("get", "me:reflection_add", "outcome"),
    ("post", "me:reflection_add", "outcome"),
    ("post", "me:step_done", "step"),
]


@pytest.mark.parametrize("method,name,kind", ME_PAGES_WITH_IDS)
def test_my_pages_with_another_persons_ids_are_404(
    client, person_user, other_outcome, other_step, method, name, kind
):
    other = {"outcome": other_outcome.pk, "step": other_step.pk}
    client.force_login(person_user)
    url = reverse(name, args=[other[kind]])
    data = {"statement": "x", "what": "x", "text": "x", "version": "1"}
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ["me:home", "me:preparation", "me:history", "me:export", "me:export_json", "me:plan"],
)
def test_my_pages_are_404_for_staff_and_a_user_without_a_record(
    client, practitioner, name, django_user_model
):
    client.force_login(practitioner)
    assert client.get(reverse(name)).status_code == 404
    nobody = django_user_model.objects.create_user("nobody", password="x" * 16)
    client.force_login(nobody)
    assert client.get(reverse(name)).status_code == 404
