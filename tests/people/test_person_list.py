from __future__ import annotations

from django.urls import reverse

from pphw.people.models import Membership
from tests.factories import MembershipFactory, PersonFactory
from tests.people.conftest import assert_sent_to_login, count_queries

URL = reverse("people:list")


def test_it_lists_only_the_people_of_my_teams(client, practitioner, person, other_person):
    client.force_login(practitioner)
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [person]
    assert other_person.full_name not in response.content.decode()


def test_it_searches_by_name(client, practitioner, team, person):
    PersonFactory(team=team, given_name="Duncan", family_name="Ross")
    client.force_login(practitioner)
    response = client.get(URL, {"q": "munro"})
    assert [p.family_name for p in response.context["page"].object_list] == ["Munro"]
    assert "1 person matching “munro”" in response.content.decode()


def test_it_searches_by_given_and_family_name_together(client, practitioner, team, person):
    PersonFactory(team=team, given_name="Isla", family_name="Ross")
    client.force_login(practitioner)
    response = client.get(URL, {"q": "Isla Munro"})
    assert list(response.context["page"].object_list) == [person]


def test_it_searches_by_chi_number_with_or_without_spaces(client, practitioner, team, person):
    PersonFactory(team=team)
    client.force_login(practitioner)
    chi = person.chi_number
    for text in (chi, chi[:6], f"{chi[:6]} {chi[6:]}"):
        response = client.get(URL, {"q": text})
        assert list(response.context["page"].object_list) == [person], text


def test_it_never_finds_people_of_other_teams_by_search(client, practitioner, other_person):
    client.force_login(practitioner)
    for text in (other_person.family_name, other_person.chi_number):
        response = client.get(URL, {"q": text})
        assert list(response.context["page"].object_list) == []
        assert "Nobody matches" in response.content.decode()


def test_it_filters_by_team_for_someone_in_two_teams(
    client, practitioner, person, other_team, other_person
):
    MembershipFactory(user=practitioner, team=other_team, role=Membership.Role.PRACTITIONER)
    client.force_login(practitioner)
    assert client.get(URL).context["page"].paginator.count == 2
    response = client.get(URL, {"team": other_team.pk})
    assert list(response.context["page"].object_list) == [other_person]


def test_it_paginates_25_at_a_time(client, practitioner, team):
    PersonFactory.create_batch(30, team=team)
    client.force_login(practitioner)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_it_keeps_the_search_in_the_page_links(client, practitioner, team):
    PersonFactory.create_batch(30, team=team, family_name="Ross")
    client.force_login(practitioner)
    page = client.get(URL, {"q": "Ross"}).content.decode()
    assert 'href="?q=Ross&amp;page=2"' in page


def test_it_shows_html_in_names_escaped(client, practitioner, team):
    PersonFactory(team=team, given_name="<script>alert(1)</script>", family_name="Bold")
    client.force_login(practitioner)
    page = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_refuses_an_overlong_search_politely(client, practitioner, person):
    client.force_login(practitioner)
    response = client.get(URL, {"q": "x" * 10_000})
    assert response.status_code == 200
    assert "This is longer than 100 characters (it has 10,000)." in response.content.decode()


def test_it_is_not_found_for_a_person(client, person_user):
    client.force_login(person_user)
    assert client.get(URL).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, db):
    assert_sent_to_login(client.get(URL), URL)


def test_it_costs_the_same_queries_for_many_people(client, practitioner, team):
    PersonFactory.create_batch(3, team=team, key_worker=practitioner, family_name="Ross")
    client.force_login(practitioner)
    client.get(URL)  # the first request of a session writes it
    few = count_queries(lambda: client.get(URL, {"q": "Ross"}))
    PersonFactory.create_batch(60, team=team, key_worker=practitioner, family_name="Ross")
    many = count_queries(lambda: client.get(URL, {"q": "Ross"}))
    assert many == few


def test_it_ties_the_search_error_to_the_search_field(client, practitioner, person):
    client.force_login(practitioner)
    page = client.get(URL, {"q": "x" * 101}).content.decode()
    assert 'aria-invalid="true" aria-describedby="q-error"' in page
    assert 'id="q-error">This is longer than 100 characters' in page


# --- the first page of everyone, read by statements built once (pphw.people.queries) ---


def _paginated(team_ids, page=1):
    """What the paginated QuerySet gives: the rows and the count."""
    from django.core.paginator import Paginator

    from pphw.people.models import Person

    people = Person.objects.filter(team_id__in=team_ids).select_related("team", "key_worker")
    found = Paginator(people, 25).page(page)
    return [(p.pk, p.team.name, p.key_worker_id) for p in found.object_list], found.paginator.count


def _shown(page):
    return [(p.pk, p.team.name, p.key_worker_id) for p in page.object_list]


def test_the_first_page_is_what_the_paginated_list_gives(client, practitioner, team, other_team):
    from pphw.people.queries import caseload_first_page

    MembershipFactory(user=practitioner, team=other_team)
    for size in (0, 3, 25):
        rows, count = caseload_first_page([team.pk], size=25)
        assert ([(p.pk, p.team.name, p.key_worker_id) for p in rows], count) == _paginated(
            [team.pk]
        )
        PersonFactory.create_batch(size, team=team, key_worker=practitioner if size else None)
    PersonFactory.create_batch(4, team=other_team, closed_on="2026-01-05")
    for team_ids in ([team.pk], [team.pk, other_team.pk], [other_team.pk]):
        rows, count = caseload_first_page(team_ids, size=25)
        assert ([(p.pk, p.team.name, p.key_worker_id) for p in rows], count) == _paginated(team_ids)
    client.force_login(practitioner)
    for query in ({}, {"page": "1"}, {"q": "", "team": ""}):
        page = client.get(URL, query).context["page"]
        assert (_shown(page), page.paginator.count) == _paginated([team.pk, other_team.pk])
        assert page.paginator.num_pages == 2 and page.has_next()
    page = client.get(URL, {"page": "2"}).context["page"]
    assert (_shown(page), page.paginator.count) == _paginated([team.pk, other_team.pk], 2)
    page = client.get(URL, {"team": other_team.pk}).context["page"]
    assert (_shown(page), page.paginator.count) == _paginated([other_team.pk])


def test_the_first_page_never_shows_another_teams_people(client, stranger, person, other_person):
    client.force_login(stranger)
    page = client.get(URL).context["page"]
    assert [p.pk for p in page.object_list] == [other_person.pk]
    assert page.paginator.count == 1
    assert person.full_name not in client.get(URL).content.decode()
