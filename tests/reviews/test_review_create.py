import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Outcome, Step
from outcomes.vocabulary import Achievement, Lifecycle, StepStatus
from pphw.versioning import save_versioned
from reviews.models import Review
from tests.factories import OutcomeFactory, StepFactory

TODAY = timezone.localdate()


@pytest.fixture
def outcome(person):
    return OutcomeFactory(
        person=person,
        statement="I want to get to the allotment on my own",
        baseline_rating=2,
        review_interval_days=30,
        created_at=timezone.now() - datetime.timedelta(days=60),
    )


@pytest.fixture
def steps(outcome):
    return [
        StepFactory(outcome=outcome, what="Ask about the bus pass"),
        StepFactory(outcome=outcome, what="Try the walk with Mum", status=StepStatus.IN_PROGRESS),
        StepFactory(outcome=outcome, what="Already done", status=StepStatus.DONE, done_on=TODAY),
    ]


def url(outcome):
    return reverse("reviews:create", args=[outcome.pk])


def post_data(outcome, open_steps=(), statuses=(), **overrides):
    data = {
        "version": outcome.version,
        "reviewed_on": TODAY.isoformat(),
        "others_present": "Mum",
        "person_rating": "6",
        "practitioner_rating": "",
        "progress": "improving",
        "what_changed": "Got there twice with Mum",
        "what_helped": "",
        "what_got_in_the_way": "",
        "what_next": "",
        "next_review_due": "",
        "listened_to": "yes",
        "having_a_say": "",
        "treated_with_respect": "",
        "responded_to": "",
        "reliability": "",
        "feedback_comment": "",
        "steps-TOTAL_FORMS": str(len(open_steps)),
        "steps-INITIAL_FORMS": str(len(open_steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": str(len(open_steps)),
        "new_steps-TOTAL_FORMS": "2",
        "new_steps-INITIAL_FORMS": "0",
        "new_steps-MIN_NUM_FORMS": "0",
        "new_steps-MAX_NUM_FORMS": "10",
        "new_steps-0-what": "",
        "new_steps-0-who": "person",
        "new_steps-1-what": "",
        "new_steps-1-who": "person",
    }
    for i, step in enumerate(open_steps):
        data[f"steps-{i}-step"] = step.pk
        data[f"steps-{i}-version"] = step.version
        data[f"steps-{i}-status"] = statuses[i] if i < len(statuses) else ""
    data.update(overrides)
    return data


def test_it_shows_the_form_with_defaults_and_open_steps(client, practitioner, outcome, steps):
    client.force_login(practitioner)
    response = client.get(url(outcome))
    assert response.status_code == 200
    page = response.content.decode()
    assert "I want to get to the allotment on my own" in page
    assert (TODAY + datetime.timedelta(days=30)).isoformat() in page
    assert "“Ask about the bus pass”" in page
    assert "“Try the walk with Mum”" in page
    assert "Already done" not in page
    assert "Close this outcome" in page


def test_it_saves_the_review_steps_and_outcome_together(client, practitioner, outcome, steps):
    client.force_login(practitioner)
    data = post_data(
        outcome,
        steps[:2],
        statuses=[StepStatus.DONE, StepStatus.NOT_GOING_AHEAD],
        **{"new_steps-0-what": "Join the Men's Shed", "new_steps-0-who": "community"},
    )
    response = client.post(url(outcome), data, follow=True)
    review = Review.objects.get()
    assert response.redirect_chain == [(reverse("reviews:detail", args=[review.pk]), 302)]
    assert (
        "The review was saved. “Ask about the bus pass” is marked done. "
        "“Try the walk with Mum” is not going ahead. "
        "1 new small step was added: “Join the Men&#x27;s Shed”."
    ) in response.content.decode()
    assert review.person_rating == 6
    assert review.listened_to == "yes"
    assert review.reviewed_by == practitioner
    outcome.refresh_from_db()
    assert outcome.achievement_status == Achievement.IMPROVING
    assert outcome.next_review_due == TODAY + datetime.timedelta(days=30)
    assert Step.objects.get(pk=steps[0].pk).status == StepStatus.DONE
    assert Step.objects.get(pk=steps[1].pk).status == StepStatus.NOT_GOING_AHEAD
    new = Step.objects.get(what="Join the Men's Shed")
    assert new.who == "community"
    assert new.history.get().history_user == practitioner
    assert Step.objects.filter(outcome=outcome).count() == 4


@pytest.mark.parametrize(
    ("progress", "achievement", "met"),
    [
        ("achieved", Achievement.ACHIEVED, "fully"),
        ("improving", Achievement.IMPROVING, "partly"),
        ("sustaining", Achievement.SUSTAINING, "fully"),
        ("no-change", Achievement.NO_CHANGE, "not_yet"),
        ("worsening", Achievement.WORSENING, "not_yet"),
        ("not-attainable", Achievement.NOT_ATTAINABLE, "not_yet"),
    ],
)
def test_it_asks_progress_once_and_stores_both_codes(
    client, practitioner, outcome, progress, achievement, met
):
    client.force_login(practitioner)
    response = client.post(url(outcome), post_data(outcome, progress=progress), follow=True)
    review = Review.objects.get()
    assert (review.achievement_status, review.met_status) == (achievement, met)
    assert Outcome.objects.get(pk=outcome.pk).achievement_status == achievement
    assert "No small steps were changed." in response.content.decode()


def test_it_asks_the_person_first_and_folds_away_the_less_common_fields(
    client, practitioner, outcome, steps
):
    client.force_login(practitioner)
    page = client.get(url(outcome)).content.decode()
    assert page.count('name="progress"') == 6
    assert "achievement_status" not in page and "met_status" not in page
    assert page.index("Where are you now?") < page.index("What helped?")
    assert page.index("What got in the way?") < page.index("Small steps")
    more = page[page.index("<summary>More about this review</summary>") :]
    for name in ("reviewed_on", "others_present", "practitioner_rating", "next_review_due"):
        assert f'name="{name}"' in more


def test_it_opens_the_folded_part_that_has_an_error(client, practitioner, outcome):
    client.force_login(practitioner)
    response = client.post(url(outcome), post_data(outcome, practitioner_rating="12"))
    assert response.status_code == 200
    assert '<details class="review-more mb-3" open>\n    <summary>More about' in (
        response.content.decode()
    )


def test_it_closes_the_outcome_when_chosen(client, practitioner, outcome):
    client.force_login(practitioner)
    data = post_data(
        outcome,
        progress="achieved",
        close_outcome="on",
        next_review_due="not a date",
    )
    response = client.post(url(outcome), data)
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.lifecycle_status == Lifecycle.COMPLETED
    assert outcome.next_review_due is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"person_rating": "11"}, "Enter a number from 0 to 10."),
        ({"person_rating": "-1"}, "Enter a number from 0 to 10."),
        ({"person_rating": "abc"}, "Enter a whole number from 0 to 10."),
        ({"person_rating": ""}, "Enter a number from 0 to 10."),
        ({"practitioner_rating": "12"}, "Enter a number from 0 to 10."),
        (
            {"reviewed_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "The date of the review cannot be in the future.",
        ),
        (
            {"reviewed_on": (TODAY - datetime.timedelta(days=61)).isoformat()},
            "The review cannot be dated before the outcome was recorded",
        ),
        ({"reviewed_on": "2026-02-31"}, "Enter a real date"),
        ({"next_review_due": TODAY.isoformat()}, "The next review must be after the date"),
        ({"next_review_due": "9999-12-31"}, "Enter a date between the years 1900 and 2199."),
        ({"reviewed_on": "1899-12-31"}, "Enter a date between the years 1900 and 2199."),
        ({"what_helped": "x" * 10_001}, "This is longer than 10,000 characters"),
        ({"progress": "maybe"}, "Choose one of the answers about how it is going."),
        ({"progress": ""}, "Choose how the outcome is going."),
        ({"new_steps-0-who": "community"}, "Describe the small step, or clear this row."),
        ({"steps-0-step": "999999"}, "The list of small steps was changed in transit"),
        ({"version": "abc"}, "This form was damaged in transit"),
    ],
)
def test_it_refuses_bad_input_keeping_the_rest(
    client, practitioner, outcome, steps, overrides, message
):
    client.force_login(practitioner)
    data = post_data(outcome, steps[:2], statuses=[StepStatus.DONE], **overrides)
    data["what_changed"] = "Kept: 💚 <b>words</b>"
    response = client.post(url(outcome), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Kept: 💚 &lt;b&gt;words&lt;/b&gt;" in page
    assert not Review.objects.exists()
    assert Step.objects.get(pk=steps[0].pk).status == StepStatus.PLANNED
    assert Outcome.objects.get(pk=outcome.pk).version == 1


def test_it_refuses_a_review_of_an_outcome_changed_meanwhile(client, practitioner, lead, outcome):
    client.force_login(practitioner)
    data = post_data(outcome)
    outcome.why_it_matters = "So I can grow my own veg"
    save_versioned(outcome, expected_version=1, user=lead)
    response = client.post(url(outcome), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: Morag MacLeod changed this record" in page
    assert "Got there twice with Mum" in page
    assert 'name="version" value="2"' in page
    assert not Review.objects.exists()


def test_it_cannot_update_a_step_of_another_outcome(client, practitioner, outcome, person):
    elsewhere = StepFactory(outcome=OutcomeFactory(person=person))
    client.force_login(practitioner)
    data = post_data(outcome)
    data.update(
        {
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "1",
            "steps-0-step": elsewhere.pk,
            "steps-0-version": elsewhere.version,
            "steps-0-status": "done",
        }
    )
    response = client.post(url(outcome), data)
    assert response.status_code == 200
    assert not Review.objects.exists()
    assert Step.objects.get(pk=elsewhere.pk).status == StepStatus.PLANNED


def test_it_lets_the_lead_review(client, lead, outcome):
    client.force_login(lead)
    assert client.get(url(outcome)).status_code == 200
    assert client.post(url(outcome), post_data(outcome)).status_code == 302
    assert Review.objects.get().reviewed_by == lead


def test_it_does_not_review_a_closed_outcome(client, practitioner, outcome):
    outcome.lifecycle_status = Lifecycle.CANCELLED
    outcome.save()
    client.force_login(practitioner)
    response = client.post(url(outcome), post_data(outcome))
    assert response.status_code == 302
    assert response.url == outcome.get_absolute_url()
    assert not Review.objects.exists()


def test_it_answers_404_to_another_team(client, stranger, other_lead, outcome):
    for user in (stranger, other_lead):
        client.force_login(user)
        assert client.get(url(outcome)).status_code == 404
        assert client.post(url(outcome), post_data(outcome)).status_code == 404
    assert not Review.objects.exists()


def test_it_answers_404_to_a_person(client, person_user, outcome):
    client.force_login(person_user)
    assert client.get(url(outcome)).status_code == 404
    assert client.post(url(outcome), post_data(outcome)).status_code == 404


def test_it_sends_anonymous_to_login(client, outcome):
    response = client.get(url(outcome))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
