"""The Django admin: staff admins manage users, teams and memberships, with history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pphw.people.models import Membership, Team
from tests.factories import UserFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def membership(practitioner):
    return Membership.objects.get(user=practitioner)


@pytest.mark.parametrize("model", ["user", "team", "membership"])
def test_it_lists_each_model_for_a_staff_admin(client, admin_user, practitioner, model):
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:people_{model}_changelist"))
    assert response.status_code == 200


def test_it_opens_the_change_and_history_pages(client, admin_user, practitioner, membership):
    client.force_login(admin_user)
    pages = (("user", practitioner), ("team", membership.team), ("membership", membership))
    for model, obj in pages:
        change = client.get(reverse(f"admin:people_{model}_change", args=[obj.pk]))
        assert change.status_code == 200
        history = client.get(reverse(f"admin:people_{model}_history", args=[obj.pk]))
        assert history.status_code == 200
        assert history.context["page_obj"].paginator.count >= 1


def test_it_keeps_history_of_changes_made_in_the_admin(client, admin_user, team):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:people_team_change", args=[team.pk]),
        {"name": "North", "area": "Highland"},
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.area == "Highland"
    record = team.history.first()
    assert record.history_user == admin_user
    history = client.get(reverse("admin:people_team_history", args=[team.pk]))
    records = list(history.context["page_obj"].object_list)
    assert [r.history_type for r in records] == ["~", "+"]
    assert records[0].history_user == admin_user


def test_it_adds_a_team_through_the_admin(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("admin:people_team_add"), {"name": "East", "area": "Fife"})
    assert Team.objects.get(name="East").history.get().history_user == admin_user


def test_it_keeps_the_admin_from_practitioners(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("admin:people_user_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
