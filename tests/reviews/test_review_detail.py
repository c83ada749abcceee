import datetime

from django.urls import reverse
from django.utils import timezone

from pphw.audit.models import RecordAccess
from tests.factories import OutcomeFactory, ReviewFactory


def make_review(person, practitioner):
    outcome = OutcomeFactory(
        person=person, created_at=timezone.now() - datetime.timedelta(days=90), baseline_rating=2
    )
    return ReviewFactory(
        outcome=outcome,
        reviewed_by=practitioner,
        person_rating=7,
        practitioner_rating=6,
        what_helped="The <script>alert(1)</script> bus pass",
        listened_to="yes",
        reliability="partly",
    )


def test_it_shows_the_review_to_the_team(client, practitioner, person):
    review = make_review(person, practitioner)
    client.force_login(practitioner)
    response = client.get(reverse("reviews:detail", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "7 out of 10" in page
    assert "6 out of 10" in page
    assert "I got to the shop twice on my own." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'I was listened to</dt><dd class="col-sm-8">Yes' in page
    assert 'Support was reliable</dt><dd class="col-sm-8">Partly' in page
    assert "<svg" in page
    assert RecordAccess.objects.filter(user=practitioner, person=person, page="review").exists()


def test_it_shows_the_review_to_the_lead(client, lead, practitioner, person):
    review = make_review(person, practitioner)
    client.force_login(lead)
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 200


def test_it_hides_the_review_from_another_team(client, stranger, other_lead, practitioner, person):
    review = make_review(person, practitioner)
    for user in (stranger, other_lead):
        client.force_login(user)
        assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 404


def test_it_answers_404_to_a_person(client, person_user, practitioner, person):
    review = make_review(person, practitioner)
    client.force_login(person_user)
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 404


def test_it_sends_anonymous_to_login(client, practitioner, person):
    review = make_review(person, practitioner)
    response = client.get(reverse("reviews:detail", args=[review.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_progress_in_plain_words_and_keeps_older_codes_readable(
    client, practitioner, person
):
    review = make_review(person, practitioner)
    older = ReviewFactory(
        outcome=review.outcome,
        reviewed_by=practitioner,
        reviewed_on=review.reviewed_on - datetime.timedelta(days=30),
        achievement_status="no-progress",
        met_status="not_yet",
    )
    client.force_login(practitioner)
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert 'How it was going</dt><dd class="col-sm-8">Getting better' in page
    assert 'Outcome met</dt><dd class="col-sm-8">Partly met' in page
    page = client.get(reverse("reviews:detail", args=[older.pk])).content.decode()
    assert 'How it was going</dt><dd class="col-sm-8">No progress' in page
    assert 'Outcome met</dt><dd class="col-sm-8">Not yet met' in page
