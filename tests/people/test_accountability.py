"""Accountability that cannot be edited away: users are deactivated, never deleted.

Every change in the history names who made it, and the history's "changed by"
protects the user: neither the admin nor the ORM can delete a user who appears
in it. The admin shows no care text in a user's history.
"""

import pytest
from django.apps import apps
from django.contrib.admin.sites import site
from django.db import models
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from pphw.people.models import Person, User
from pphw.people.services import DEACTIVATED, person_update
from tests.factories import UserFactory

# The history rows of records; the rows of a many-to-many field's history
# (``m2m_history_id``) belong to one of these, whose "changed by" they share.
HISTORICAL_MODELS = sorted(
    (
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type") and model._meta.pk.name == "history_id"
    ),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def edited(person, practitioner):
    """The person's details, changed by the practitioner: their name is in the history."""
    return person_update(
        person=person,
        by=practitioner,
        expected_version=person.version,
        communication_needs="Large print",
    )


def test_every_history_is_kept(db):
    names = {model._meta.label for model in HISTORICAL_MODELS}
    assert {
        "people.HistoricalUser",
        "people.HistoricalTeam",
        "people.HistoricalMembership",
        "people.HistoricalPerson",
        "conversations.HistoricalConversation",
        "conversations.HistoricalPreparation",
        "outcomes.HistoricalOutcome",
        "outcomes.HistoricalStep",
        "outcomes.HistoricalReflection",
        "reviews.HistoricalReview",
    } <= names


@pytest.mark.parametrize("model", HISTORICAL_MODELS, ids=lambda model: model._meta.label)
def test_every_historys_changed_by_protects_the_user(model):
    field = model._meta.get_field("history_user")
    assert field.remote_field.on_delete is models.PROTECT


def test_the_orm_refuses_to_delete_a_user_named_in_history(edited, practitioner):
    with pytest.raises(ProtectedError):
        practitioner.delete()
    assert User.objects.filter(pk=practitioner.pk).exists()
    assert edited.history.latest().history_user == practitioner


def test_a_queryset_cannot_delete_them_either(edited, practitioner):
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=practitioner.pk).delete()
    assert Person.history.filter(history_user=practitioner).exists()


# --- the admin --------------------------------------------------------------------------


def test_the_admin_offers_no_delete_for_users(rf, admin_user):
    model_admin = site._registry[User]
    request = rf.get("/admin/")
    request.user = admin_user
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_delete_permission(request, admin_user)
    actions = model_admin.get_actions(request)
    assert "delete_selected" not in actions
    assert "deactivate" in actions


def test_the_admin_refuses_to_delete_a_user(admin_client, edited, practitioner):
    url = reverse("admin:people_user_delete", args=[practitioner.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    admin_client.post(
        reverse("admin:people_user_changelist"),
        {"action": "delete_selected", "_selected_action": [practitioner.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=practitioner.pk).exists()
    change = admin_client.get(reverse("admin:people_user_change", args=[practitioner.pk]))
    assert reverse("admin:people_user_delete", args=[practitioner.pk]) not in (
        change.content.decode()
    )


def test_the_admin_deactivates_selected_users_with_history(
    admin_client, admin_user, practitioner, lead
):
    response = admin_client.post(
        reverse("admin:people_user_changelist"),
        {"action": "deactivate", "_selected_action": [practitioner.pk, lead.pk]},
        follow=True,
    )
    assert "2 users were deactivated: they can no longer sign in." in response.content.decode()
    for user in (practitioner, lead):
        user.refresh_from_db()
        assert not user.is_active
        latest = user.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (admin_user, DEACTIVATED)


def test_a_deactivated_user_is_signed_out(admin_client, practitioner):
    theirs = Client()
    theirs.force_login(practitioner)
    assert theirs.get(reverse("people:list")).status_code == 200
    admin_client.post(
        reverse("admin:people_user_changelist"),
        {"action": "deactivate", "_selected_action": [practitioner.pk]},
    )
    response = theirs.get(reverse("people:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_staff_admin_cannot_deactivate_themselves(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:people_user_changelist"),
        {"action": "deactivate", "_selected_action": [admin_user.pk]},
        follow=True,
    )
    assert "You cannot deactivate yourself" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_admin_shows_no_care_text_in_a_users_history(
    admin_client, practitioner, person, person_user
):
    reason = "Moved into the care home after her fall"
    client = Client()
    client.force_login(practitioner)
    client.post(reverse("people:revoke_access", args=[person.pk]), {"reason": reason})
    person_user.refresh_from_db()
    assert not person_user.is_active
    assert reason in person_user.history.latest().history_change_reason
    response = admin_client.get(reverse("admin:people_user_history", args=[person_user.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changed by" in page and "Callum Fraser" in page
    assert "fall" not in page
    # The person's own team still reads it in the person's history, and that look is logged.
    history = client.get(reverse("people:history", args=[person.pk])).content.decode()
    assert reason in history
