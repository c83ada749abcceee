from __future__ import annotations

from django.urls import reverse

from outcomes.models import Outcome
from pphw.versioning import save_versioned
from tests.helpers import assert_login_redirect

from .conftest import main_text


def test_it_shows_changes_to_my_outcomes_and_steps_in_plain_words(
    client, person_user, practitioner, outcome, my_step, other_outcome
):
    staff_copy = Outcome.objects.get(pk=outcome.pk)
    staff_copy.baseline_rating = 4
    save_versioned(
        staff_copy, expected_version=staff_copy.version, user=practitioner, reason="Typo"
    )
    client.force_login(person_user)
    client.post(reverse("me:step_done", args=[my_step.pk]), {"version": my_step.version})
    response = client.get(reverse("me:history"))
    assert response.status_code == 200
    text = main_text(response)
    assert "Callum Fraser changed where you started from 3 out of 10 to 4 out of 10." in text
    assert "Why: Typo" in text
    assert "your small step “Phone Jean about a lift”" in text
    assert "You marked it done." in text
    assert "Marked done by the person" not in text
    assert "Fatima" not in text
    # Written for the person: no staff field names, no "Yes/No" bookkeeping.
    assert "Added by the person" not in text
    assert "person's own words" not in text


def test_it_tells_each_change_in_one_sentence_newest_first(client, person_user, outcome):
    client.force_login(person_user)
    client.post(
        reverse("me:outcome_words", args=[outcome.pk]),
        {
            "statement": "I want to grow my own veg",
            "why_it_matters": "It is where my friends are.",
            "version": outcome.version,
        },
    )
    client.post(reverse("me:step_add", args=[outcome.pk]), {"what": "Buy seed potatoes"})
    text = main_text(client.get(reverse("me:history")))
    added = "You added the small step “Buy seed potatoes”."
    reworded = (
        "You changed the words of your outcome from “I want to get back to the allotment” "
        "to “I want to grow my own veg”."
    )
    assert added in text and reworded in text
    assert text.index(added) < text.index(reworded)


def test_it_pages_a_long_history(client, person_user, person):
    from tests.factories import OutcomeFactory

    for _ in range(25):
        OutcomeFactory(person=person)
    client.force_login(person_user)
    response = client.get(reverse("me:history"))
    assert "Page 1 of 2" in response.content.decode()
    assert client.get(reverse("me:history"), {"page": "2"}).status_code == 200
    assert client.get(reverse("me:history"), {"page": "nonsense"}).status_code == 200


def test_it_is_404_for_staff(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("me:history")).status_code == 404


def test_it_sends_anonymous_to_login(client, db):
    assert_login_redirect(client.get(reverse("me:history")))
