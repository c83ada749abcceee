import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.vocabulary import Lifecycle
from tests.factories import OutcomeFactory, PersonFactory
from tests.reviews.report_data import touch_session

TODAY = timezone.localdate()
URL = reverse("reviews:due")


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def outcomes(person, other_person):
    return {
        "overdue": OutcomeFactory(person=person, statement="Overdue one", next_review_due=days(-9)),
        "soon": OutcomeFactory(person=person, statement="Due soon one", next_review_due=days(14)),
        "today": OutcomeFactory(person=person, statement="Due today one", next_review_due=TODAY),
        "later": OutcomeFactory(person=person, statement="Later one", next_review_due=days(15)),
        "closed": OutcomeFactory(
            person=person,
            statement="Closed one",
            next_review_due=days(-3),
            lifecycle_status=Lifecycle.COMPLETED,
        ),
        "error": OutcomeFactory(
            person=person,
            statement="Wrong one",
            next_review_due=days(-3),
            lifecycle_status=Lifecycle.ENTERED_IN_ERROR,
        ),
        "other_team": OutcomeFactory(
            person=other_person, statement="Other team one", next_review_due=days(-3)
        ),
    }


def test_it_lists_overdue_and_due_soon_oldest_first(client, practitioner, outcomes):
    client.force_login(practitioner)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Overdue one") < page.index("Due today one") < page.index("Due soon one")
    assert 'Overdue</span> <span class="text-nowrap">by 9 days</span>' in page
    assert "Due today" in page
    for absent in ("Later one", "Closed one", "Wrong one", "Other team one"):
        assert absent not in page
    assert reverse("reviews:create", args=[outcomes["overdue"].pk]) in page
    assert "Isla Munro" in page


def test_it_shows_the_count_on_the_home_page(client, practitioner, outcomes):
    client.force_login(practitioner)
    response = client.get(reverse("home"))
    assert "3 reviews overdue or due in the next 14 days" in response.content.decode()


def test_it_lets_a_lead_of_the_team_see_the_list(client, lead, outcomes):
    client.force_login(lead)
    assert "Overdue one" in client.get(URL).content.decode()


def test_it_shows_another_team_only_its_own(client, stranger, outcomes):
    client.force_login(stranger)
    page = client.get(URL).content.decode()
    assert "Other team one" in page
    assert "Overdue one" not in page


def test_it_answers_404_to_a_person(client, person_user):
    client.force_login(person_user)
    assert client.get(URL).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_costs_the_same_queries_for_many_outcomes(
    client, practitioner, team, django_assert_max_num_queries
):
    client.force_login(practitioner)
    OutcomeFactory(person=PersonFactory(team=team), next_review_due=days(-1))
    touch_session(client)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
    for _ in range(30):
        OutcomeFactory(person=PersonFactory(team=team), next_review_due=days(-1))
    touch_session(client)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


def test_it_filters_by_key_worker_and_window(client, practitioner, lead, team, outcomes):
    other = PersonFactory(team=team, key_worker=lead, given_name="Duncan", family_name="Ross")
    OutcomeFactory(person=other, statement="Duncan's one", next_review_due=days(-2))
    OutcomeFactory(person=other, statement="Duncan's later one", next_review_due=days(40))
    client.force_login(practitioner)

    page = client.get(URL, {"key_worker": lead.pk}).content.decode()
    assert "Duncan&#x27;s one" in page
    assert "Overdue one" not in page
    assert "Duncan&#x27;s later one" not in page

    page = client.get(URL, {"within": "90"}).content.decode()
    assert "Duncan&#x27;s later one" in page and "Later one" in page

    page = client.get(URL, {"within": "-1"}).content.decode()
    assert "Overdue one" in page and "Duncan&#x27;s one" in page
    assert "Due today one" not in page and "Due soon one" not in page


def test_it_explains_a_bad_filter_beside_it(client, practitioner, outcomes):
    client.force_login(practitioner)
    response = client.get(URL, {"within": "1000", "key_worker": "999999"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose one of the periods listed." in page
    assert "Choose a member of your teams." in page
    assert "Overdue one" in page  # the default list still shows


def test_it_keeps_the_review_button_and_dates_on_one_line(client, practitioner, outcomes):
    client.force_login(practitioner)
    page = client.get(URL).content.decode()
    assert 'class="btn btn-outline-primary btn-sm text-nowrap"' in page
    assert '<time class="text-nowrap"' in page


def test_it_says_a_key_worker_was_chosen_only_when_one_was(client, practitioner, lead, team):
    kept = PersonFactory(team=team, key_worker=lead)
    OutcomeFactory(person=kept, statement="Kept by Morag", next_review_due=days(-1))
    client.force_login(practitioner)

    page = client.get(URL).content.decode()
    assert "Kept by Morag" in page and "Key worker: Morag MacLeod" in page
    assert "for the key worker chosen" not in page

    page = client.get(URL, {"key_worker": lead.pk}).content.decode()
    assert "for the key worker chosen" in page


def test_it_pages_the_outcomes_oldest_first(client, practitioner, team):
    for n in range(30):
        OutcomeFactory(
            person=PersonFactory(team=team), statement=f"Number {n:02}", next_review_due=days(-n)
        )
    client.force_login(practitioner)

    first = client.get(URL).content.decode()
    assert "30 outcomes due a review" in first
    assert first.index("Number 29") < first.index("Number 05")
    assert "Number 04" not in first

    second = client.get(URL, {"page": 2}).content.decode()
    assert "30 outcomes due a review" in second
    assert [f"Number {n:02}" in second for n in range(30)] == [n < 5 for n in range(30)]
    assert second.index("Number 04") < second.index("Number 00")

    beyond = client.get(URL, {"page": 99}).content.decode()  # The last page, as Django pages.
    assert "Number 00" in beyond and "Number 05" not in beyond


def test_a_page_of_reviews_due_is_cut_at_its_own_size_whatever_the_count_told():
    """The count comes from the rows kept per team: were it ever low, the last page
    would still hold every row, not stop at the count."""
    from reviews.views import CountedPaginator

    paginator = CountedPaginator(list(range(30)), 25, count=20)
    assert paginator.num_pages == 1
    assert list(paginator.page(1).object_list) == list(range(25))
    assert list(CountedPaginator(list(range(30)), 25, count=30).page(2).object_list) == [
        *range(25, 30)
    ]


@pytest.mark.parametrize("within", [-1, 0, 14, 90])
def test_the_first_page_read_by_a_statement_built_once_is_what_the_queryset_finds(
    team, other_team, practitioner, lead, within
):
    """The first page (``due_first_page``) has the rows, order, names and key workers
    that ``Outcome.objects.due_for_review`` gives a member of the teams, in every window,
    for every key worker or none."""
    from outcomes.models import Outcome
    from reviews.team import due_first_page

    workers = [practitioner, lead, None]
    for n in range(40):
        person = PersonFactory(
            team=(team, other_team)[n % 2],
            key_worker=workers[n % 3],
            preferred_name="Wee" if n % 5 == 0 else "",
            closed_on=days(-1) if n % 11 == 0 else None,
        )
        OutcomeFactory(
            person=person,
            next_review_due=days(n % 20 - 10),
            lifecycle_status=Lifecycle.COMPLETED if n % 7 == 0 else Lifecycle.ACTIVE,
        )
    until = days(within)
    for team_ids in ({team.pk}, {team.pk, other_team.pk}):
        for worker in (None, practitioner.pk, lead.pk):
            expected = Outcome.objects.filter(person__team_id__in=team_ids).due_for_review(
                today=TODAY, within_days=within
            )
            if worker is not None:
                expected = expected.filter(person__key_worker_id=worker)
            expected = list(expected.select_related("person__key_worker")[:25])
            found = due_first_page(team_ids, until=until, key_worker=worker, size=25)
            assert [
                (o.pk, o.next_review_due, o.statement, o.person.pk, o.person.full_name)
                for o in found
            ] == [
                (o.pk, o.next_review_due, o.statement, o.person.pk, o.person.full_name)
                for o in expected
            ]
            assert [o.person.key_worker and o.person.key_worker.get_full_name() for o in found] == [
                o.person.key_worker and o.person.key_worker.get_full_name() for o in expected
            ]
            assert expected or within == -1 or worker is not None
