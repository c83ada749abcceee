import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes.vocabulary import Lifecycle
from pphw.audit.models import RecordAccess
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    OutcomeFactory,
    PersonFactory,
    UserFactory,
)
from tests.reviews.report_data import touch_session

TODAY = timezone.localdate()
URL = reverse("reviews:team")


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def caseloads(team, other_team, practitioner, lead, person, other_person):
    """Callum has Isla and Ewan; Morag (the lead) has Duncan; Ravi's team is not the lead's."""
    ewan = PersonFactory(team=team, key_worker=practitioner, given_name="Ewan")
    duncan = PersonFactory(team=team, key_worker=lead, given_name="Duncan")
    PersonFactory(team=team, key_worker=None, given_name="Nobody")
    OutcomeFactory(person=person, next_review_due=days(-3))
    OutcomeFactory(person=person, next_review_due=days(10))
    OutcomeFactory(person=ewan, next_review_due=days(40))
    OutcomeFactory(person=ewan, next_review_due=days(-1), lifecycle_status=Lifecycle.COMPLETED)
    OutcomeFactory(
        person=ewan, next_review_due=days(-1), lifecycle_status=Lifecycle.ENTERED_IN_ERROR
    )
    OutcomeFactory(person=duncan, next_review_due=days(28))
    OutcomeFactory(person=other_person, next_review_due=days(-5))
    ConversationFactory(person=person, practitioner=practitioner, held_on=days(-20))
    ConversationFactory(person=ewan, practitioner=practitioner, held_on=days(-4))
    ConversationFactory(
        person=ewan, practitioner=practitioner, held_on=days(-1), entered_in_error=True
    )
    return {"ewan": ewan, "duncan": duncan}


def _rows(page: str) -> list[list[str]]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


def test_it_counts_each_key_workers_caseload(client, lead, practitioner, caseloads):
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _rows(response.content.decode())
    by_name = {row[0].split("No longer")[0]: row[1:] for row in rows}
    # People, open outcomes, overdue, overdue or due in 28 days, last conversation.
    assert by_name["Callum Fraser"] == ["2", "3", "1", "2", date(days(-4))]
    assert by_name["Morag MacLeod"] == ["1", "1", "0", "1", "None yet"]
    assert by_name["No key worker yet"] == ["1", "0", "0", "0", "None yet"]
    assert "Ravi" not in response.content.decode()


def date(day):
    return f"{day.day} {day:%B %Y}"


def test_it_links_each_figure_to_the_list_behind_it(client, lead, practitioner, caseloads):
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert f'href="/people/?key_worker={practitioner.pk}"' in page
    assert f'href="/reviews/due/?key_worker={practitioner.pk}&amp;within=-1"' in page
    assert f'href="/reviews/due/?key_worker={practitioner.pk}&amp;within=28"' in page
    listed = client.get(f"/people/?key_worker={practitioner.pk}").content.decode()
    assert "Ewan" in listed and "Duncan" not in listed
    assert "Showing the people whose key worker is Callum Fraser" in listed
    due = client.get(f"/reviews/due/?key_worker={practitioner.pk}&within=28").content.decode()
    assert "2 outcomes due a review" in due


def test_it_sorts_by_each_column_both_ways(client, lead, caseloads):
    client.force_login(lead)
    page = client.get(URL, {"sort": "-people"}).content.decode()
    assert [row[0] for row in _rows(page)][:1] == ["Callum Fraser"]
    assert 'aria-sort="descending"' in page and 'href="?sort=people"' in page
    page = client.get(URL, {"sort": "people"}).content.decode()
    names = [row[0] for row in _rows(page)]
    assert names.index("Morag MacLeod") < names.index("Callum Fraser")
    assert 'aria-sort="ascending"' in page
    for key in ("name", "-name", "open", "-overdue", "soon", "-last", "last"):
        assert client.get(URL, {"sort": key}).status_code == 200


def test_it_ignores_a_sort_it_does_not_know(client, lead, caseloads):
    client.force_login(lead)
    for value in ("nonsense", "-", "--people", "x" * 5000, "'; drop table"):
        response = client.get(URL, {"sort": value})
        assert response.status_code == 200
        assert 'aria-sort="ascending"' in response.content.decode()  # by name


def test_it_is_for_leads_only(client, practitioner, person_user, caseloads):
    client.force_login(practitioner)
    assert client.get(URL).status_code == 403
    client.force_login(person_user)
    assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_it_logs_no_look_at_a_record(client, lead, caseloads):
    client.force_login(lead)
    client.get(URL)
    assert not RecordAccess.objects.exists()


def test_it_still_shows_a_former_member_who_keeps_a_caseload(client, lead, team):
    former = UserFactory(first_name="Old", last_name="Hand")
    PersonFactory(team=team, key_worker=former)
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert "No longer a member of your teams" in page
    assert f"key_worker={former.pk}" not in page


def test_it_costs_the_same_queries_for_bigger_teams(client, lead, team):
    client.force_login(lead)
    counts = []
    for _ in range(2):
        for _ in range(5):
            worker = UserFactory()
            MembershipFactory(user=worker, team=team)
            someone = PersonFactory(team=team, key_worker=worker)
            OutcomeFactory(person=someone, next_review_due=days(-1))
            ConversationFactory(person=someone, practitioner=worker)
        touch_session(client)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
