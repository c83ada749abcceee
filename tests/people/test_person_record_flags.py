"""The person's record and the caseload flag overdue reviews, in words."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from outcomes.models import Reflection
from outcomes.vocabulary import Lifecycle
from tests.factories import OutcomeFactory, PersonFactory, UserFactory

TODAY = timezone.localdate()


def test_it_flags_an_overdue_review_on_the_record(client, practitioner, person):
    OutcomeFactory(person=person, next_review_due=TODAY - datetime.timedelta(days=7))
    OutcomeFactory(person=person, next_review_due=TODAY + datetime.timedelta(days=7))
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "<strong>Overdue:</strong> 1 review is past its date." in page
    assert page.count('<span class="badge text-bg-danger">Overdue</span>') == 1


def test_it_does_not_flag_a_closed_outcome_or_a_future_review(client, practitioner, person):
    OutcomeFactory(
        person=person,
        lifecycle_status=Lifecycle.COMPLETED,
        next_review_due=TODAY - datetime.timedelta(days=7),
    )
    OutcomeFactory(person=person, next_review_due=TODAY)
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Overdue" not in page


def test_it_flags_people_with_an_overdue_review_in_the_caseload(client, practitioner, person, team):
    OutcomeFactory(person=person, next_review_due=TODAY - datetime.timedelta(days=1))
    PersonFactory(team=team, given_name="Duncan", family_name="Ross")
    client.force_login(practitioner)
    for name in ("people:list", "home"):
        page = client.get(reverse(name)).content.decode()
        assert page.count("Overdue review") == 1
        row = page[page.index("Isla Munro") :]
        assert row.index("Overdue review") < row.index("</th>")


def test_it_leaves_out_what_the_person_wrote_when_they_have_no_login(client, practitioner, person):
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "from their own login" not in page


def test_it_shows_what_the_person_wrote_when_they_have_a_login(
    client, practitioner, person, person_user
):
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "What Isla wrote" in page


def test_it_keeps_what_was_written_even_after_the_login_goes(client, practitioner, person):
    Reflection.objects.create(
        outcome=OutcomeFactory(person=person), author=UserFactory(), text="Getting there slowly"
    )
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Getting there slowly" in page
