import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import resolve, reverse

from pphw.audit.log import client_address, record_access
from pphw.audit.models import AppendOnlyError, RecordAccess


def _request(user, path="/people/1/", **meta):
    request = RequestFactory().get(path, **meta)
    request.user = user
    request.resolver_match = resolve(path)
    return request


def test_it_writes_one_row_with_one_insert(practitioner, person, django_assert_num_queries):
    request = _request(practitioner, reverse("people:detail", args=[person.pk]))
    with django_assert_num_queries(1):
        row = record_access(request, person.pk, "person")
    row = RecordAccess.objects.get(pk=row.pk)
    assert row.user == practitioner
    assert row.person == person
    assert row.page == "person"
    assert row.url_name == "people:detail"
    assert row.object_pk == person.pk
    assert row.ip_address == "127.0.0.1"
    assert row.accessed_at is not None


def test_it_refuses_an_unknown_page_code(practitioner, person):
    with pytest.raises(ValueError):
        record_access(_request(practitioner), person, "no-such-page")
    assert RecordAccess.objects.count() == 0


def test_it_ignores_forwarded_for_unless_behind_a_proxy(practitioner):
    request = _request(practitioner, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.5"


@override_settings(BEHIND_PROXY=True)
def test_it_takes_the_address_our_proxy_appended(practitioner):
    request = _request(
        practitioner, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.160"
    )
    assert client_address(request) == "81.2.69.160"


@override_settings(BEHIND_PROXY=True)
def test_it_falls_back_to_the_socket_address_when_forwarded_for_is_rubbish(practitioner):
    request = _request(practitioner, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="<script>")
    assert client_address(request) == "10.0.0.5"


def test_it_refuses_to_change_or_remove_a_row_in_the_app(practitioner, person):
    row = record_access(_request(practitioner), person, "person")
    row.page = "export"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        RecordAccess.objects.filter(pk=row.pk).update(page="export")
    with pytest.raises(AppendOnlyError):
        RecordAccess.objects.all().delete()
    assert RecordAccess.objects.get(pk=row.pk).page == "person"


def test_it_offers_no_add_change_or_delete_in_the_admin(rf, admin_user):
    model_admin = site._registry[RecordAccess]
    request = rf.get("/admin/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)


def test_it_lets_a_superuser_read_the_log_in_the_admin(admin_client, practitioner, person):
    row = record_access(_request(practitioner), person, "person")
    response = admin_client.get(reverse("admin:audit_recordaccess_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Callum Fraser" in page
    assert f'<td class="field-whose_record">{person.pk}</td>' in page
    # The staff admin is in no team: the person is shown by number, not by name.
    assert "Isla" not in page and "Munro" not in page
    detail = admin_client.get(reverse("admin:audit_recordaccess_change", args=[row.pk]))
    assert detail.status_code == 200
    assert "Munro" not in detail.content.decode()


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


@pg_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_recordaccess SET page = 'export'",
        "DELETE FROM audit_recordaccess",
    ],
)
def test_it_refuses_update_and_delete_in_the_database(practitioner, person, sql):
    from django.db import DatabaseError, transaction

    record_access(_request(practitioner), person, "person")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert RecordAccess.objects.filter(page="person").count() == 1
