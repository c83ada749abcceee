"""django-axes' sign-in logs: every failed sign-in is kept, and the admin can only read them."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.sites import site
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

URL = reverse("login")
LOGS = [AccessAttempt, AccessLog, AccessFailureLog]


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def logs(client, practitioner):
    """A failed sign-in and a successful one: a row in each of the three logs."""
    _sign_in(client, "prac", "wrong-password")
    AccessAttempt.objects.create(
        username="someone", ip_address="192.0.2.77", failures_since_start=1, user_agent="x"
    )
    _sign_in(client, "prac", PASSWORD)
    client.logout()
    return {
        AccessAttempt: AccessAttempt.objects.get(),
        AccessLog: AccessLog.objects.get(),
        AccessFailureLog: AccessFailureLog.objects.get(),
    }


def test_it_keeps_every_failed_sign_in(client, practitioner):
    assert settings.AXES_ENABLE_ACCESS_FAILURE_LOG
    for _ in range(5):
        _sign_in(client, "prac", "wrong-password")
    failures = list(AccessFailureLog.objects.order_by("attempt_time", "id"))
    assert len(failures) == 5
    assert {(f.username, f.ip_address) for f in failures} == {("prac", "192.0.2.10")}
    # The fifth locked the login, and says so.
    assert [f.locked_out for f in failures] == [False] * 4 + [True]


def test_it_keeps_failures_beyond_axes_own_limit(settings):
    # django-axes deletes a username's oldest failures beyond this limit.
    assert settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT >= 2**31 - 1


def test_it_keeps_failures_after_a_successful_sign_in_clears_the_count(client, practitioner):
    _sign_in(client, "prac", "wrong-password")
    _sign_in(client, "prac", PASSWORD)
    assert not AccessAttempt.objects.exists()
    assert AccessFailureLog.objects.filter(username="prac").count() == 1
    assert AccessLog.objects.filter(username="prac").count() == 1


@pytest.mark.parametrize("model", LOGS, ids=lambda model: model.__name__)
def test_the_admin_cannot_add_change_or_delete_a_sign_in_log(rf, admin_user, model):
    model_admin = site._registry[model]
    request = rf.get("/admin/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)
    assert model_admin.get_actions(request) == {}


@pytest.mark.parametrize("model", LOGS, ids=lambda model: model.__name__)
def test_the_admin_refuses_every_change_to_a_sign_in_log(client, admin_user, logs, model):
    row = logs[model]
    name = model._meta.model_name
    client.force_login(admin_user)  # itself a sign-in, logged before anything is tried
    before = list(model.objects.values())
    assert client.get(reverse(f"admin:axes_{name}_changelist")).status_code == 200
    change = reverse(f"admin:axes_{name}_change", args=[row.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"username": "tampered"}).status_code == 403
    delete = reverse(f"admin:axes_{name}_delete", args=[row.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse(f"admin:axes_{name}_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert client.get(reverse(f"admin:axes_{name}_add")).status_code == 403
    assert list(model.objects.values()) == before
