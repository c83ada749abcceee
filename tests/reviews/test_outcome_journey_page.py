import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import OutcomeFactory, ReviewFactory
from tests.reviews.report_data import touch_session

TODAY = timezone.localdate()


def test_it_shows_the_journey_on_the_outcome_page(client, practitioner, person):
    outcome = OutcomeFactory(
        person=person,
        baseline_rating=3,
        created_at=timezone.now() - datetime.timedelta(days=100),
    )
    ReviewFactory(
        outcome=outcome,
        reviewed_on=TODAY - datetime.timedelta(days=5),
        person_rating=8,
        what_changed="I walked to the shop on my own",
    )
    client.force_login(practitioner)
    response = client.get(reverse("outcomes:detail", args=[outcome.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg class="journey-chart"' in page
    assert "I walked to the shop on my own" in page
    assert reverse("reviews:create", args=[outcome.pk]) in page
    assert (
        '<th scope="col">Date</th><th scope="col">What</th><th scope="col">Rating (0–10)</th>'
        in page
    )


def test_it_costs_the_same_queries_with_many_reviews(
    client, practitioner, person, django_assert_max_num_queries
):
    outcome = OutcomeFactory(
        person=person, created_at=timezone.now() - datetime.timedelta(days=400)
    )
    client.force_login(practitioner)
    url = reverse("outcomes:detail", args=[outcome.pk])
    ReviewFactory(outcome=outcome, reviewed_on=TODAY - datetime.timedelta(days=300))
    touch_session(client)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        ReviewFactory(outcome=outcome, reviewed_on=TODAY - datetime.timedelta(days=290 - n * 10))
    touch_session(client)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
