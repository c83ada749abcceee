"""Looks at many people's care data at once: the team report and its downloads.

Each request writes one bulk row for each team it covered (all in one INSERT),
with how many of that team's people were in it, and no row per person.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pphw.audit.log import record_access, record_bulk_access
from pphw.audit.models import AppendOnlyError, RecordAccess
from pphw.people.models import Membership
from reviews.report import Report
from tests.factories import MembershipFactory, OutcomeFactory, PersonFactory, ReviewFactory

BULK_EXPORT = RecordAccess.Kind.BULK_EXPORT
BULK_PAGE = RecordAccess.Kind.BULK_PAGE
LONG_AGO = timezone.localdate() - datetime.timedelta(days=30)
RECENTLY = timezone.localdate() - datetime.timedelta(days=3)


def _request(user):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9")
    request.user = user
    return request


@pytest.fixture
def north_overdue(team, practitioner, person):
    """Two people of North with outcomes overdue (one of them twice), one with a story."""
    second = PersonFactory(team=team, given_name="Euan", family_name="Ross")
    outcomes = [
        OutcomeFactory(person=person, next_review_due=LONG_AGO),
        OutcomeFactory(person=person, next_review_due=LONG_AGO),
        OutcomeFactory(person=second, next_review_due=LONG_AGO),
    ]
    ReviewFactory(
        outcome=outcomes[0],
        reviewed_by=practitioner,
        reviewed_on=RECENTLY,
        what_changed="I went back to the choir.",
    )
    return outcomes


@pytest.fixture
def south_overdue(other_team):
    return OutcomeFactory(
        person=PersonFactory(team=other_team, given_name="Fatima", family_name="Khan"),
        next_review_due=LONG_AGO,
    )


def test_it_writes_one_row_per_team_in_one_insert(
    practitioner, team, other_team, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = record_bulk_access(
            _request(practitioner), "report_csv_overdue", {team.pk: 12, other_team.pk: 0}
        )
    stored = list(RecordAccess.objects.order_by("team__name"))
    assert stored == rows
    assert [(r.team, r.people_count, r.person) for r in stored] == [
        (team, 12, None),
        (other_team, 0, None),
    ]
    assert {r.kind for r in stored} == {BULK_EXPORT}
    assert {r.ip_address for r in stored} == {"192.0.2.9"}


def test_it_keeps_bulk_rows_append_only(practitioner, team):
    (row,) = record_bulk_access(_request(practitioner), "report", {team.pk: 3}, kind=BULK_PAGE)
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        RecordAccess.objects.filter(team=team).update(people_count=0)
    with pytest.raises(AppendOnlyError):
        RecordAccess.objects.filter(team=team).delete()


def test_it_refuses_the_wrong_kind_for_each_writer(practitioner, person, team):
    with pytest.raises(ValueError, match="page or an export"):
        record_access(_request(practitioner), person, "person", kind=BULK_EXPORT)
    with pytest.raises(ValueError, match="bulk page or export"):
        record_bulk_access(_request(practitioner), "report", {team.pk: 1}, kind="page")
    assert not RecordAccess.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "page"},  # a look at one record must name the person
        {"kind": "export", "team_id": "team", "people_count": 4},
        {"kind": "bulk_export", "person_id": "person"},  # a bulk row names no person
        {"kind": "bulk_export", "team_id": "team"},  # ...and says how many people
        {"kind": "bulk_page", "people_count": 4},  # ...of which team
        {"kind": "peek", "person_id": "person"},
    ],
)
def test_the_database_refuses_a_row_that_is_neither_one_person_nor_bulk(
    practitioner, person, team, fields
):
    values = {"person": person.pk, "team": team.pk}
    fields = {k: values.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordAccess.objects.create(user=practitioner, page="person", **fields)


# --- the team report and its downloads --------------------------------------------------


def test_it_logs_the_report_page_when_it_names_people(
    client, lead, team, north_overdue, south_overdue
):
    client.force_login(lead)
    response = client.get(reverse("reviews:report"))
    assert response.status_code == 200
    assert "Euan Ross" in response.content.decode()
    row = RecordAccess.objects.get()
    assert (row.user, row.kind, row.page, row.url_name) == (
        lead,
        BULK_PAGE,
        "report",
        "reviews:report",
    )
    # Isla (twice overdue, and a story) and Euan: two people of North; none of South.
    assert (row.team, row.people_count, row.person) == (team, 2, None)


def test_it_logs_nothing_for_a_report_that_names_no_one(client, lead, team):
    client.force_login(lead)
    assert client.get(reverse("reviews:report")).status_code == 200
    assert not RecordAccess.objects.exists()


def test_it_logs_nothing_for_filters_that_are_refused(client, lead, north_overdue):
    client.force_login(lead)
    response = client.get(reverse("reviews:report"), {"date_from": "1899-12-31"})
    assert response.status_code == 200
    response = client.get(reverse("reviews:report_csv", args=["overdue"]), {"date_to": "x"})
    assert response.status_code == 400
    assert not RecordAccess.objects.exists()


@pytest.mark.parametrize(
    ("table", "people"),
    [
        ("overdue", 2),
        ("review_list", 1),
        *((t, 2) for t in Report.TABLES if t not in ("overdue", "review_list")),
    ],
)
def test_it_logs_every_download_with_how_many_people_were_in_it(
    client, lead, team, north_overdue, south_overdue, table, people
):
    client.force_login(lead)
    response = client.get(reverse("reviews:report_csv", args=[table]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    row = RecordAccess.objects.get()
    assert (row.user, row.kind, row.page) == (lead, BULK_EXPORT, f"report_csv_{table}")
    assert (row.team, row.people_count, row.person) == (team, people, None)


def test_it_logs_a_download_covering_two_teams_once_per_team(
    client, lead, team, other_team, north_overdue, south_overdue
):
    MembershipFactory(user=lead, team=other_team, role=Membership.Role.LEAD)
    client.force_login(lead)
    response = client.get(reverse("reviews:report_csv", args=["overdue"]))
    body = b"".join(response.streaming_content).decode()
    assert "Fatima Khan" in body and "Euan Ross" in body
    rows = {row.team: row.people_count for row in RecordAccess.objects.all()}
    assert rows == {team: 2, other_team: 1}


def test_it_logs_nothing_when_a_practitioner_is_refused(client, practitioner, north_overdue):
    client.force_login(practitioner)
    assert client.get(reverse("reviews:report")).status_code == 403
    assert client.get(reverse("reviews:report_csv", args=["overdue"])).status_code == 403
    assert not RecordAccess.objects.exists()


# --- what a lead and a person see of bulk rows -------------------------------------------


def test_it_shows_a_lead_the_bulk_looks_at_their_teams(
    client, lead, other_lead, practitioner, team, other_team
):
    record_bulk_access(_request(practitioner), "report_csv_review_list", {team.pk: 7})
    record_bulk_access(_request(other_lead), "report_csv_overdue", {other_team.pk: 9})
    client.force_login(lead)
    response = client.get(reverse("audit:log"))
    page = response.content.decode()
    rows = list(response.context["page"].object_list)
    assert [(r.team, r.people_count) for r in rows] == [(team, 7)]
    assert "Team report download: every review, with names and stories" in page
    assert "7 people" in page
    assert "Download naming several people" in page
    assert "Practitioner" in page
    # South's download is South's lead's business.
    assert "9 people" not in page


def test_it_keeps_bulk_rows_out_of_a_persons_own_view(client, person_user, person, team, lead):
    record_bulk_access(_request(lead), "report", {team.pk: 5}, kind=BULK_PAGE)
    client.force_login(person_user)
    response = client.get(reverse("audit:my_access"))
    assert list(response.context["page"].object_list) == []
