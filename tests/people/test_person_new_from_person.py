"""Near the top of the record: what the person wrote since this member of staff last looked."""

from __future__ import annotations

from django.urls import reverse

from outcomes.models import Reflection
from tests.factories import OutcomeFactory


def test_it_shows_what_the_person_wrote_since_i_last_looked(
    client, practitioner, person, person_user
):
    outcome = OutcomeFactory(person=person, statement="I want to get back to the allotment")
    Reflection.objects.create(outcome=outcome, author=person_user, text="Old news")
    url = reverse("people:detail", args=[person.pk])
    client.force_login(practitioner)
    first = client.get(url).content.decode()
    assert "since you last looked" not in first  # a first look: everything is new

    Reflection.objects.create(outcome=outcome, author=person_user, text="Dug the first bed")
    client.force_login(person_user)
    client.post(reverse("me:step_add", args=[outcome.pk]), {"what": "Buy seed potatoes"})
    client.post(
        reverse("me:preparation"),
        {"talk_about": "My sleep", "matters_most": "", "going_well": ""},
    )
    client.force_login(practitioner)
    page = client.get(url).content.decode()
    new = page[page.index("since you last looked") : page.index('id="details-heading"')]
    assert "Dug the first bed" in new
    assert "Buy seed potatoes" in new
    assert "My sleep" in new
    assert "Old news" not in new
    # Looked at now: nothing is new on the next look.
    assert "since you last looked" not in client.get(url).content.decode()
