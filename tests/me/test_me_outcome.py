from __future__ import annotations

from django.urls import reverse

from outcomes.models import Reflection
from tests.factories import ReviewFactory
from tests.helpers import assert_login_redirect

from .conftest import main_text


def test_it_shows_my_outcome_with_its_steps_journey_and_reviews(
    client, person_user, outcome, my_step, their_step, review
):
    client.force_login(person_user)
    response = client.get(reverse("me:outcome", args=[outcome.pk]))
    assert response.status_code == 200
    text = main_text(response)
    assert "I want to get back to the allotment" in text
    assert "It is where my friends are." in text
    assert "Phone Jean about a lift" in text and "Ask the council about a raised bed" in text
    assert "<svg" in response.content.decode()
    assert "Your rating over time" in text
    assert "Where you started" in text
    for narrative in (
        "Went to the allotment twice.",
        "Jean drove me.",
        "The rain.",
        "Try the bus.",
    ):
        assert narrative in text


def test_it_leaves_out_staff_only_parts_of_reviews(client, person_user, outcome, practitioner):
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, person_rating=7, practitioner_rating=2)
    client.force_login(person_user)
    text = main_text(client.get(reverse("me:outcome", args=[outcome.pk])))
    assert "7 out of 10" in text
    assert "practitioner's rating" not in text.lower()
    assert "2 out of 10" not in text
    assert "/reviews/" not in text


def test_it_offers_done_only_on_my_own_steps(client, person_user, outcome, my_step, their_step):
    client.force_login(person_user)
    page = client.get(reverse("me:outcome", args=[outcome.pk])).content.decode()
    assert reverse("me:step_done", args=[my_step.pk]) in page
    assert reverse("me:step_done", args=[their_step.pk]) not in page


def test_it_shows_my_reflections(client, person_user, outcome):
    Reflection.objects.create(outcome=outcome, author=person_user, text="Better week", rating=6)
    client.force_login(person_user)
    text = main_text(client.get(reverse("me:outcome", args=[outcome.pk])))
    assert "Better week" in text and "6 out of 10" in text


def test_it_is_404_for_another_persons_outcome(client, person_user, other_outcome):
    client.force_login(person_user)
    assert client.get(reverse("me:outcome", args=[other_outcome.pk])).status_code == 404


def test_it_is_404_for_an_outcome_entered_in_error(client, person_user, error_outcome):
    client.force_login(person_user)
    assert client.get(reverse("me:outcome", args=[error_outcome.pk])).status_code == 404


def test_it_is_404_for_staff(client, practitioner, outcome):
    client.force_login(practitioner)
    assert client.get(reverse("me:outcome", args=[outcome.pk])).status_code == 404


def test_it_sends_anonymous_to_login(client, outcome):
    assert_login_redirect(client.get(reverse("me:outcome", args=[outcome.pk])))


def test_it_escapes_script_in_my_words(client, person_user, outcome):
    outcome.statement = "<script>alert(1)</script>"
    outcome.save()
    client.force_login(person_user)
    page = client.get(reverse("me:outcome", args=[outcome.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_marks_my_own_check_ins_on_my_journey_apart_from_reviews(
    client, person_user, practitioner, outcome
):
    ReviewFactory(outcome=outcome, reviewed_by=practitioner, person_rating=5)
    Reflection.objects.create(outcome=outcome, author=person_user, text="Better", rating=7)
    Reflection.objects.create(outcome=outcome, author=person_user, text="No number")
    client.force_login(person_user)
    page = client.get(reverse("me:outcome", args=[outcome.pk])).content.decode()
    assert page.count("Your own check-in") == 1
    assert page.count('class="journey-check-in"') == 1
    assert "your own check-ins, the ratings you gave with your notes" in page
    # The line joins the start and the review only.
    line = page[page.index("<polyline points=") :].split('"')[1]
    assert len(line.split()) == 2

    client.force_login(practitioner)
    staff = client.get(reverse("outcomes:detail", args=[outcome.pk])).content.decode()
    assert "Your own check-in" not in staff and "journey-check-in" not in staff
