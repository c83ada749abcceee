"""Two people saving at once, through the real pages, on separate PostgreSQL connections.

Each round: both users open the page (so both hold the same version), then
both submit at the same moment from their own thread and connection. Exactly
one save wins, the other is told plainly that it was not saved, history has
exactly one new row, nothing answers 500 and no thread is left waiting.
``PPHW_RACE_ROUNDS`` sets the rounds per test (default 3).
"""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from outcomes.models import Step
from outcomes.vocabulary import StepStatus
from pphw.people.models import Person
from reviews.models import Review
from tests.concurrency import race
from tests.security.html_forms import main_form

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real row locking between two connections needs PostgreSQL",
    ),
    pytest.mark.usefixtures("fast_passwords"),
]

ROUNDS = int(os.environ.get("PPHW_RACE_ROUNDS", "3"))
REFUSED = "Not saved"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_form(client: Client, url: str, changes: dict):
    """Open the form at ``url`` now; return a job that submits it later with ``changes``."""
    page = client.get(url)
    assert page.status_code == 200
    data = main_form(page.content.decode()).data()
    data.update(changes)

    def job():
        return client.post(url, data, follow=True)

    return job


def outcome_of(responses) -> tuple[list[int], list[int]]:
    """Which submissions were saved and which were refused, by position."""
    assert all(r.status_code != 500 for r in responses), [r.status_code for r in responses]
    texts = [r.content.decode() for r in responses]
    refused = [i for i, text in enumerate(texts) if REFUSED in text]
    saved = [i for i in range(len(texts)) if i not in refused]
    return saved, refused


def history_count(obj) -> int:
    return obj.history.count()


@pytest.fixture
def outcome(person):
    from tests.factories import OutcomeFactory

    return OutcomeFactory(person=person)


@pytest.fixture
def step(outcome):
    from tests.factories import StepFactory

    return StepFactory(outcome=outcome)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_it_lets_one_of_two_outcome_edits_win(outcome, practitioner, lead, round_):
    url = reverse("outcomes:edit", args=[outcome.pk])
    words = [f"Callum's words {round_}", f"Morag's words {round_}"]
    before = history_count(outcome)
    jobs = [
        post_form(signed_in(user), url, {"why_it_matters": text})
        for user, text in zip((practitioner, lead), words, strict=True)
    ]
    saved, refused = outcome_of(race(*jobs))
    assert len(saved) == 1 and len(refused) == 1
    outcome.refresh_from_db()
    assert outcome.why_it_matters == words[saved[0]]
    assert outcome.version == 2
    assert history_count(outcome) == before + 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_it_lets_one_of_two_step_edits_win(step, practitioner, lead, round_):
    url = reverse("outcomes:step_edit", args=[step.pk])
    words = [f"Walk to the shop {round_}", f"Walk to the park {round_}"]
    before = history_count(step)
    jobs = [
        post_form(signed_in(user), url, {"what": text})
        for user, text in zip((practitioner, lead), words, strict=True)
    ]
    saved, refused = outcome_of(race(*jobs))
    assert len(saved) == 1 and len(refused) == 1
    step.refresh_from_db()
    assert step.what == words[saved[0]]
    assert history_count(step) == before + 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_it_lets_one_of_two_person_edits_win(person, practitioner, lead, round_):
    url = reverse("people:edit", args=[person.pk])
    words = [f"Large print {round_}", f"BSL interpreter {round_}"]
    before = history_count(person)
    jobs = [
        post_form(signed_in(user), url, {"communication_needs": text})
        for user, text in zip((practitioner, lead), words, strict=True)
    ]
    saved, refused = outcome_of(race(*jobs))
    assert len(saved) == 1 and len(refused) == 1
    person = Person.objects.get(pk=person.pk)
    assert person.communication_needs == words[saved[0]]
    assert history_count(person) == before + 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_it_keeps_a_review_and_an_outcome_edit_apart(outcome, practitioner, lead, round_):
    before = history_count(outcome)
    edit = post_form(
        signed_in(practitioner),
        reverse("outcomes:edit", args=[outcome.pk]),
        {"why_it_matters": f"Edited during a review {round_}"},
    )
    review = post_form(
        signed_in(lead),
        reverse("reviews:create", args=[outcome.pk]),
        {
            "person_rating": "6",
            "progress": "improving",
            "what_changed": f"Went out twice {round_}",
        },
    )
    saved, refused = outcome_of(race(edit, review))
    assert len(saved) == 1 and len(refused) == 1
    outcome.refresh_from_db()
    reviews = Review.objects.filter(outcome=outcome).count()
    if saved == [0]:
        assert outcome.why_it_matters == f"Edited during a review {round_}"
        assert reviews == 0
    else:
        assert outcome.why_it_matters != f"Edited during a review {round_}"
        assert outcome.achievement_status == "improving"
        assert reviews == 1
    assert outcome.version == 2
    assert history_count(outcome) == before + 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_it_marks_a_step_done_once_when_two_people_complete_it(
    step, practitioner, person_user, round_
):
    before = history_count(step)
    person_client = signed_in(person_user)
    staff_client = signed_in(practitioner)

    def by_person():
        return person_client.post(
            reverse("me:step_done", args=[step.pk]), {"version": step.version}, follow=True
        )

    def by_practitioner():
        return staff_client.post(
            reverse("outcomes:step_status", args=[step.pk]),
            {"status": StepStatus.DONE, "version": step.version},
            follow=True,
        )

    saved, refused = outcome_of(race(by_person, by_practitioner))
    assert len(saved) == 1 and len(refused) == 1
    fresh = Step.objects.get(pk=step.pk)
    assert fresh.status == StepStatus.DONE
    assert fresh.done_on is not None
    assert fresh.version == 2
    assert history_count(fresh) == before + 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_it_lets_one_of_a_move_and_an_edit_win(outcome, person, practitioner, lead, round_):
    from tests.factories import PersonFactory

    right_person = PersonFactory(team=person.team, given_name="Eilidh", family_name="Rossbaird")
    before = history_count(outcome)
    move = post_form(
        signed_in(practitioner),
        reverse("outcomes:move", args=[outcome.pk]),
        {"to_person": str(right_person.pk), "reason": f"Wrong person {round_}"},
    )
    edit = post_form(
        signed_in(lead),
        reverse("outcomes:edit", args=[outcome.pk]),
        {"why_it_matters": f"Edited during a move {round_}"},
    )
    saved, refused = outcome_of(race(move, edit))
    assert len(saved) == 1 and len(refused) == 1
    outcome.refresh_from_db()
    if saved == [0]:
        assert outcome.person_id == right_person.pk
        assert outcome.why_it_matters != f"Edited during a move {round_}"
    else:
        assert outcome.person_id == person.pk
        assert outcome.why_it_matters == f"Edited during a move {round_}"
    assert outcome.version == 2
    assert history_count(outcome) == before + 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_logins_accepting_one_invitation_at_once_give_it_to_one(
    person, person_user, other_person_user, kirsty, round_
):
    from pphw.me.invitations import delegate_invite
    from pphw.people.models import Delegation

    delegation, invitation = delegate_invite(
        person=person,
        by=person_user,
        given_name="Fatima",
        family_name="Khan",
        relationship="her friend",
        scope="see",
    )
    before = history_count(delegation)
    jobs = []
    for user in (other_person_user, kirsty):
        client = signed_in(user)
        form_url = client.get(invitation.path).url
        assert "Add this access" in client.get(form_url).content.decode()
        jobs.append(lambda client=client, form_url=form_url: client.post(form_url, {"accept": "1"}))
    responses = race(*jobs)
    assert all(r.status_code in (200, 302) for r in responses), responses
    accepted = [r for r in responses if r.status_code == 302]
    assert len(accepted) == 1
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert any(
        words in refused
        for words in ("already been used", "This link does not work", "may just have been used")
    ), refused
    fresh = Delegation.objects.get(pk=delegation.pk)
    assert fresh.delegate in (other_person_user, kirsty)
    assert history_count(fresh) == before + 1
    assert not type(person_user).objects.get(pk=invitation.user.pk).is_active
