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


@pytest.fixture
def records(person, practitioner):
    from tests.factories import ConversationFactory, OutcomeFactory, ReviewFactory, StepFactory

    conversation = ConversationFactory(person=person, practitioner=practitioner)
    outcome = OutcomeFactory(person=person, conversation=conversation)
    return {
        "person": person,
        "conversation": conversation,
        "outcome": outcome,
        "step": StepFactory(outcome=outcome),
        "review": ReviewFactory(outcome=outcome, reviewed_by=practitioner),
    }


RECORD_PAGES = [
    ("conversations:create", "person", "conversation_create"),
    ("conversations:detail", "conversation", "conversation"),
    ("conversations:edit", "conversation", "conversation_edit"),
    ("conversations:entered_in_error", "conversation", "conversation_entered_in_error"),
    ("outcomes:create", "person", "outcome_create"),
    ("outcomes:detail", "outcome", "outcome"),
    ("outcomes:edit", "outcome", "outcome_edit"),
    ("outcomes:history", "outcome", "outcome_history"),
    ("outcomes:entered_in_error", "outcome", "outcome_entered_in_error"),
    ("outcomes:step_create", "outcome", "step_create"),
    ("outcomes:step_edit", "step", "step_edit"),
    ("outcomes:step_entered_in_error", "step", "step_entered_in_error"),
    ("reviews:create", "outcome", "review_create"),
    ("reviews:detail", "review", "review"),
    ("people:invite", "person", "person_invite"),
    ("people:revoke_access", "person", "person_revoke_access"),
]


@pytest.mark.parametrize(("url_name", "arg", "page"), RECORD_PAGES)
def test_it_logs_every_staff_page_of_a_record(client, practitioner, records, url_name, arg, page):
    key = "person_pk" if url_name.endswith(":create") and arg == "person" else "pk"
    client.force_login(practitioner)
    response = client.get(reverse(url_name, kwargs={key: records[arg].pk}))
    assert response.status_code in (200, 302)
    row = RecordAccess.objects.get()
    assert (row.user, row.person, row.page) == (practitioner, records["person"], page)


def test_it_logs_a_persons_download_of_their_own_data(client, person_user, person):
    client.force_login(person_user)
    assert client.get(reverse("me:export_json")).status_code == 200
    row = RecordAccess.objects.get()
    assert (row.user, row.person, row.page) == (person_user, person, "export")


def test_it_logs_a_download_as_an_export(client, person_user, person):
    client.force_login(person_user)
    client.get(reverse("me:export_json"))
    assert RecordAccess.objects.get().kind == RecordAccess.Kind.EXPORT


@pytest.mark.parametrize(
    ("url_name", "page"), [("me:history", "own_history"), ("me:plan", "own_plan")]
)
def test_it_logs_the_persons_own_history_and_plan(client, person_user, person, url_name, page):
    client.force_login(person_user)
    assert client.get(reverse(url_name)).status_code == 200
    row = RecordAccess.objects.get()
    assert (row.user, row.person, row.page, row.kind) == (
        person_user,
        person,
        page,
        RecordAccess.Kind.PAGE,
    )


@pytest.mark.parametrize("url_name", ["me:history", "me:plan"])
def test_it_logs_nothing_when_staff_are_refused_the_persons_own_pages(
    client, practitioner, person, url_name
):
    client.force_login(practitioner)
    assert client.get(reverse(url_name)).status_code == 404
    assert not RecordAccess.objects.exists()


def test_it_logs_every_history_page_staff_open(client, practitioner, records):
    client.force_login(practitioner)
    client.get(reverse("people:history", args=[records["person"].pk]))
    client.get(reverse("outcomes:history", args=[records["outcome"].pk]))
    assert [row.page for row in RecordAccess.objects.order_by("id")] == [
        "person_history",
        "outcome_history",
    ]
