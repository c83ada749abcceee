import datetime

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from outcomes.vocabulary import Lifecycle
from reviews.journey import journey_for
from tests.factories import OutcomeFactory, ReviewFactory

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def make_outcome(person, **kwargs):
    kwargs.setdefault("created_at", timezone.now() - datetime.timedelta(days=300))
    return OutcomeFactory(person=person, baseline_rating=2, target_rating=8, **kwargs)


def test_it_starts_from_the_baseline_and_follows_reviews_in_date_order(person, practitioner):
    outcome = make_outcome(person)
    later = ReviewFactory(outcome=outcome, reviewed_on=days_ago(10), person_rating=7)
    earlier = ReviewFactory(outcome=outcome, reviewed_on=days_ago(100), person_rating=4)
    ReviewFactory(outcome=outcome, reviewed_on=days_ago(50), person_rating=0, entered_in_error=True)
    journey = journey_for(outcome)
    assert [(p.kind, p.rating) for p in journey.points] == [
        ("Start", 2),
        ("Review", 4),
        ("Review", 7),
    ]
    assert journey.reviews == [earlier, later]
    assert journey.reviews_newest_first == [later, earlier]
    assert journey.points[0].on == days_ago(300)


def test_it_lays_the_points_out_by_date_and_rating(person):
    outcome = make_outcome(person)
    ReviewFactory(outcome=outcome, reviewed_on=days_ago(150), person_rating=10)
    ReviewFactory(outcome=outcome, reviewed_on=TODAY, person_rating=0)
    journey = journey_for(outcome)
    start, middle, end = journey.points
    assert start.x == journey.plot_left
    assert end.x == journey.plot_right
    assert middle.x == (journey.plot_left + journey.plot_right) / 2
    assert middle.y == journey.plot_top
    assert end.y == journey.plot_bottom
    assert journey.line == f"{start.x},{start.y} {middle.x},{middle.y} {end.x},{end.y}"
    assert journey.target_y is not None


def test_it_labels_at_most_six_dates(person):
    outcome = make_outcome(person)
    for n in range(12):
        ReviewFactory(outcome=outcome, reviewed_on=days_ago(250 - n * 20), person_rating=n % 11)
    journey = journey_for(outcome)
    assert len(journey.points) == 13
    assert len(journey.x_labels) == 6
    assert journey.x_labels[0][1] == journey.points[0].x
    assert journey.x_labels[-1][1] == journey.points[-1].x


def test_it_has_no_points_without_a_baseline_or_reviews(person):
    outcome = OutcomeFactory(person=person, baseline_rating=None)
    journey = journey_for(outcome)
    assert journey.points == []
    assert journey.summary == "No ratings recorded yet."


def test_it_costs_one_query(person, django_assert_num_queries):
    outcome = make_outcome(person)
    for n in range(5):
        ReviewFactory(outcome=outcome, reviewed_on=days_ago(200 - n), person_rating=n)
    with django_assert_num_queries(1):
        journey_for(outcome)


def render_tag(outcome, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load reviews_tags %}{% outcome_journey outcome %}")
    return template.render(Context({"outcome": outcome, "request": request}))


def test_it_renders_the_chart_table_and_narratives(person, practitioner):
    outcome = make_outcome(person)
    review = ReviewFactory(
        outcome=outcome,
        reviewed_on=days_ago(30),
        person_rating=6,
        reviewed_by=practitioner,
        what_changed="Went to the café <b>alone</b>",
        what_next="Try the bus",
    )
    html = render_tag(outcome, practitioner)
    assert 'role="img"' in html
    assert "style=" not in html
    assert "<caption>The person's rating over time (they would like to be at 8)</caption>" in html
    assert "Starting point" in html
    assert f'href="/reviews/{review.pk}/">Review</a>' in html
    assert "<td>6</td>" in html
    assert "from 2 on" in html and "to 6 on" in html
    assert "Went to the café &lt;b&gt;alone&lt;/b&gt;" in html
    assert "Try the bus" in html
    assert "Review this outcome" in html


def test_it_offers_no_review_of_a_closed_outcome(person, practitioner):
    outcome = make_outcome(person, lifecycle_status=Lifecycle.COMPLETED)
    assert "Review this outcome" not in render_tag(outcome, practitioner)
