from __future__ import annotations

import re

from django.urls import reverse

from pphw.history import describe_changes
from pphw.people.models import Membership, Person
from pphw.versioning import save_versioned
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.people.conftest import assert_sent_to_login, count_queries


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _url(person) -> str:
    return reverse("people:history", args=[person.pk])


def _edit(person, by, reason="", **changes):
    for name, value in changes.items():
        setattr(person, name, value)
    return save_versioned(person, expected_version=person.version, user=by, reason=reason)


def test_it_shows_who_changed_what_and_why_in_plain_words(client, practitioner, lead, person):
    _edit(person, practitioner, reason="Met at home", communication_needs="Easy read")
    _edit(person, lead, key_worker=lead)
    client.force_login(practitioner)
    response = client.get(_url(person))
    assert response.status_code == 200
    page = squash(response.content.decode())
    assert "Changed by Callum Fraser" in page
    assert "<strong>Reason:</strong> Met at home" in page
    # Field labels, not column names; names, not ids.
    assert '<th scope="row">Communication needs</th>' in page
    assert "communication_needs" not in page
    assert '<th scope="row">Key worker</th>' in page
    assert "Morag MacLeod" in page
    assert f">{lead.pk}<" not in page
    # Newest first.
    assert page.index("Changed by Morag MacLeod") < page.index("Changed by Callum Fraser")
    assert page.index("Changed by Callum Fraser") < page.index("Created by")


def test_it_shows_the_values_before_and_after(client, practitioner, person):
    _edit(person, practitioner, preferred_name="Izzy")
    client.force_login(practitioner)
    entry = client.get(_url(person)).context["page"].entries[0]
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("Preferred name", "(blank)", "Izzy")
    ]


def test_it_describes_choices_by_their_labels(team):
    membership = MembershipFactory(team=team, role=Membership.Role.PRACTITIONER)
    membership.role = Membership.Role.LEAD
    membership.save()
    newest, oldest = membership.history.order_by("-history_id")[:2]
    [change] = describe_changes(newest, oldest)
    assert (change.label, change.old, change.new) == ("Role", "Practitioner", "Team lead")


def test_it_says_who_made_the_person_and_what_they_entered(client, practitioner, team):
    client.force_login(practitioner)
    client.post(
        reverse("people:create"),
        {"given_name": "Duncan", "family_name": "Ross", "team": team.pk},
    )
    person = Person.objects.get(family_name="Ross")
    page = squash(client.get(_url(person)).content.decode())
    assert "Created by Callum Fraser" in page
    assert '<th scope="row">Team</th><td class="text-break">North</td>' in page


def test_it_pages_a_long_history_newest_first(client, practitioner, person):
    for n in range(24):
        _edit(person, practitioner, preferred_name=f"Name {n}")
    client.force_login(practitioner)
    first = client.get(_url(person))
    assert len(first.context["page"].entries) == 20
    assert first.context["page"].entries[0].changes[0].new == "Name 23"
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(_url(person), {"page": 2})
    assert len(second.context["page"].entries) == 5
    assert second.context["page"].entries[-1].action == "Created"


def test_it_costs_the_same_queries_for_a_long_history(client, practitioner, person):
    for n in range(3):
        _edit(person, practitioner, preferred_name=f"Name {n}")
    client.force_login(practitioner)
    client.get(_url(person))
    few = count_queries(lambda: client.get(_url(person)))
    for n in range(40):
        _edit(person, practitioner, preferred_name=f"More {n}")
    many = count_queries(lambda: client.get(_url(person)))
    assert many <= few + 20  # bounded by the page size (20), not by the history's length


def test_it_is_not_found_for_a_practitioner_of_another_team(client, stranger, person):
    client.force_login(stranger)
    assert client.get(_url(person)).status_code == 404


def test_it_is_not_found_for_the_person_themselves(client, person_user, person):
    client.force_login(person_user)
    assert client.get(_url(person)).status_code == 404


def test_it_is_not_found_for_a_practitioner_who_left_the_team(client, db, person):
    leaver = UserFactory(username="leaver")
    MembershipFactory(user=leaver, team=TeamFactory(name="East"))
    client.force_login(leaver)
    assert client.get(_url(person)).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, person):
    assert_sent_to_login(client.get(_url(person)), _url(person))
