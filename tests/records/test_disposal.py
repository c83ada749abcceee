"""Retention and disposal: due after the retention period, two people, nothing left behind."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations.models import Preparation
from conversations.services import conversation_record
from outcomes import services as outcome_services
from pphw.audit.models import RecordAccess
from pphw.people.models import Membership, Person
from pphw.people.services import person_close
from pphw.records.models import Disposal
from pphw.records.services import DisposalRefused, disposal_approve, disposal_request
from tests.factories import MembershipFactory, PersonFactory, ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="scans PostgreSQL's information schema"
    ),
]

GIVEN, FAMILY = "Oighrig", "Drumnadrochit"
PHRASE = "Ptarmigan-lighthouse-semaphore"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def second_lead(team):
    user = UserFactory(username="lead2", first_name="Shona", last_name="Reid")
    MembershipFactory(user=user, team=team, role=Membership.Role.LEAD)
    return user


@pytest.fixture
def subject(team, practitioner):
    """A person with a login and a full record, closed seven years ago."""
    person = PersonFactory(team=team, given_name=GIVEN, family_name=FAMILY)
    login = UserFactory(username="oighrig.d", first_name=GIVEN, last_name=FAMILY)
    person.user = login
    person.save()
    conversation = conversation_record(
        person=person, by=practitioner, what_matters=f"{PHRASE} in the conversation"
    )
    outcome = outcome_services.outcome_create(
        person=person,
        by=practitioner,
        conversation=conversation,
        statement=f"{PHRASE} as an outcome",
        category="seeing_people",
    )
    outcome_services.step_create(outcome=outcome, by=practitioner, what=f"{PHRASE} step")
    outcome_services.reflection_add(outcome=outcome, by=login, text=f"{PHRASE} note", rating=3)
    ReviewFactory(outcome=outcome, what_changed=f"{PHRASE} review", reviewed_by=practitioner)
    Preparation.objects.create(person=person, talk_about=f"{PHRASE} to talk about")
    # Looks at the record, by staff and by the person, and a failed sign-in by their login.
    _signed_in(practitioner).get(reverse("people:detail", args=[person.pk]))
    _signed_in(login).get(reverse("me:export_json"))
    Client().post(reverse("login"), {"username": login.username, "password": "wrong"})
    person_close(
        person=person,
        by=practitioner,
        on=timezone.localdate() - datetime.timedelta(days=7 * 366),
        reason=f"{PHRASE} moved away",
        expected_version=person.version,
    )
    return Person.objects.get(pk=person.pk)


def _text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')
            """
        )
        return cursor.fetchall()


def _tables_mentioning(needles: list[str]) -> set[str]:
    """Every table with a text or JSON column holding any of ``needles``."""
    quote = connection.ops.quote_name
    found = set()
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            for needle in needles:
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} WHERE {quote(column)}::text ILIKE %s LIMIT 1",  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found.add(f"{table}.{column} has {needle!r}")
    return found


def test_it_lists_closed_records_past_their_retention_period(subject, lead, team):
    recent = PersonFactory(team=team, given_name="Recent", family_name="Closure")
    person_close(
        person=recent, by=lead, on=timezone.localdate(), reason="Ended", expected_version=1
    )
    page = _signed_in(lead).get(reverse("records:due")).content.decode()
    assert f"{GIVEN} {FAMILY}" in page
    assert "Recent Closure" not in page


def test_it_removes_everything_of_the_person_once_a_second_person_approves(
    subject, lead, second_lead
):
    before = set(_tables_mentioning([GIVEN, FAMILY, subject.chi_number, PHRASE]))
    assert before  # the scan finds the person while they are there
    requester = _signed_in(lead)
    response = requester.post(
        reverse("records:request", args=[subject.pk]), {"reason": "Retention period over"}
    )
    assert response.status_code == 302
    disposal = Disposal.objects.get()
    # The lead who asked cannot also approve.
    refused = requester.post(
        reverse("records:decide", args=[disposal.pk]), {"decision": "approve", "confirm": "on"}
    )
    assert refused.status_code == 200
    assert "someone else must approve it" in refused.content.decode()
    assert Person.objects.filter(pk=subject.pk).exists()

    approved = _signed_in(second_lead).post(
        reverse("records:decide", args=[disposal.pk]), {"decision": "approve", "confirm": "on"}
    )
    assert approved.status_code == 302
    assert not Person.objects.filter(pk=subject.pk).exists()
    assert _tables_mentioning([GIVEN, FAMILY, subject.chi_number, PHRASE]) == set()

    disposal.refresh_from_db()
    assert disposal.status == Disposal.Status.DISPOSED
    assert (disposal.requested_by, disposal.decided_by) == (lead, second_lead)
    assert disposal.person is None and disposal.reason == ""
    assert disposal.rows_removed["outcomes.Outcome"] == 1
    assert disposal.rows_removed["outcomes.HistoricalOutcome"] >= 2
    assert disposal.rows_removed["people.User"] == 1
    # The looks at the record are kept, pointing to the disposal instead of the person.
    kept = RecordAccess.objects.filter(pseudonym=disposal.reference)
    assert kept.count() >= 3 and not kept.filter(person__isnull=False).exists()
    certificate = _signed_in(lead).get(reverse("records:certificate", args=[disposal.pk]))
    assert certificate.status_code == 200
    assert disposal.reference in certificate.content.decode()


def test_it_lets_a_records_officer_approve(subject, lead):
    officer = UserFactory(username="officer", first_name="Records", last_name="Officer")
    officer.user_permissions.add(Permission.objects.get(codename="approve_disposal"))
    disposal = disposal_request(person=subject, by=lead, reason="Retention over")
    response = _signed_in(officer).post(
        reverse("records:decide", args=[disposal.pk]), {"decision": "approve", "confirm": "on"}
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=subject.pk).exists()


def test_it_never_lets_one_user_request_and_approve(subject, lead):
    disposal = disposal_request(person=subject, by=lead, reason="Retention over")
    with pytest.raises(DisposalRefused):
        disposal_approve(disposal=disposal, by=lead)
    assert Person.objects.filter(pk=subject.pk).exists()


def test_it_refuses_a_record_not_yet_due(lead, team):
    person = PersonFactory(team=team)
    person_close(
        person=person, by=lead, on=timezone.localdate(), reason="Ended", expected_version=1
    )
    with pytest.raises(DisposalRefused):
        disposal_request(person=person, by=lead, reason="Too early")
    response = _signed_in(lead).post(
        reverse("records:request", args=[person.pk]), {"reason": "Too early"}
    )
    assert response.status_code == 200
    assert "not past its retention period" in response.content.decode()


def test_it_refuses_approval_once_the_record_is_reopened(subject, lead, second_lead):
    from pphw.people.services import person_reopen

    disposal = disposal_request(person=subject, by=lead, reason="Retention over")
    person_reopen(person=subject, by=lead, reason="Back in touch", expected_version=subject.version)
    with pytest.raises(DisposalRefused):
        disposal_approve(disposal=disposal, by=second_lead)
    assert Person.objects.filter(pk=subject.pk).exists()


def test_it_keeps_the_record_when_the_request_is_cancelled(subject, lead, second_lead):
    disposal = disposal_request(person=subject, by=lead, reason="Retention over")
    response = _signed_in(second_lead).post(
        reverse("records:decide", args=[disposal.pk]), {"decision": "cancel"}
    )
    assert response.status_code == 302
    disposal.refresh_from_db()
    assert disposal.status == Disposal.Status.CANCELLED
    assert Person.objects.filter(pk=subject.pk).exists()


def test_it_refuses_practitioners_and_people(subject, practitioner, person_user):
    assert _signed_in(practitioner).get(reverse("records:due")).status_code == 403
    assert _signed_in(person_user).get(reverse("records:due")).status_code == 404
    response = Client().get(reverse("records:due"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_hides_other_teams_records_from_a_lead(subject, other_lead):
    assert (
        _signed_in(other_lead).get(reverse("records:request", args=[subject.pk])).status_code == 404
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose whether to approve or cancel."),
        ({"decision": "delete-everything"}, "Choose whether to approve or cancel."),
        ({"decision": "approve"}, "Tick this to confirm that the disposal cannot be undone."),
    ],
)
def test_it_refuses_an_unclear_decision(subject, lead, second_lead, data, message):
    disposal = disposal_request(person=subject, by=lead, reason="Retention over")
    response = _signed_in(second_lead).post(reverse("records:decide", args=[disposal.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.filter(pk=subject.pk).exists()
    disposal.refresh_from_db()
    assert disposal.status == Disposal.Status.REQUESTED
