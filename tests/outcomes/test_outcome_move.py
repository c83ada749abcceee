"""An outcome recorded against the wrong person: moved to the right one, or withdrawn."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from outcomes import services
from outcomes.models import Outcome, Reflection
from pphw.audit.models import RecordAccess
from pphw.people.models import Refiling
from tests.factories import (
    ConversationFactory,
    MembershipFactory,
    ReviewFactory,
    StepFactory,
)
from tests.helpers import everything_the_person_sees, post_move, signed_in

pytestmark = pytest.mark.django_db

WORDS = "Zebrafinch allotment on Tuesdays"
STEP_WORDS = "Phone Kestrelwood garden club"
REVIEW_WORDS = "Marram grass went well"
NOTE_WORDS = "Quillwort notes from the person"


@pytest.fixture
def misfiled(person, person_user, practitioner):
    """An outcome with a step, a review and a note, recorded against ``person`` by mistake."""
    conversation = ConversationFactory(person=person, practitioner=practitioner)
    outcome = services.outcome_create(
        person=person,
        by=practitioner,
        conversation=conversation,
        statement=WORDS,
        category="things_to_do",
    )
    services.step_create(outcome=outcome, by=practitioner, what=STEP_WORDS)
    ReviewFactory(outcome=outcome, what_changed=REVIEW_WORDS, conversation=conversation)
    services.reflection_add(outcome=outcome, by=person_user, text=NOTE_WORDS, rating=4)
    services.outcome_update(
        outcome=outcome, by=practitioner, expected_version=1, why_it_matters=f"{WORDS} again"
    )
    outcome.refresh_from_db()
    return outcome


def test_it_moves_the_outcome_and_everything_on_it_to_the_right_person(
    misfiled, person, person_user, right_person, practitioner
):
    staff = signed_in(practitioner)
    staff.get(reverse("outcomes:detail", args=[misfiled.pk]))  # a look while misfiled
    step = misfiled.steps.get()
    staff.get(reverse("outcomes:step_edit", args=[step.pk]))
    response = post_move(staff, "outcomes:move", misfiled, right_person)
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()

    misfiled.refresh_from_db()
    assert misfiled.person == right_person
    assert misfiled.conversation is None  # that conversation is the wrong person's
    assert misfiled.reviews.get().conversation is None
    assert Reflection.objects.get(text=NOTE_WORDS).outcome == misfiled

    wrong = everything_the_person_sees(signed_in(person_user))
    for words in (WORDS, STEP_WORDS, REVIEW_WORDS, NOTE_WORDS, "Edit a small step"):
        assert words not in wrong
    assert (
        json.loads(signed_in(person_user).get(reverse("me:export_json")).content)["outcomes"] == []
    )
    assert signed_in(person_user).get(reverse("me:outcome", args=[misfiled.pk])).status_code == 404

    right = everything_the_person_sees(signed_in(right_person.user))
    for words in (WORDS, STEP_WORDS, REVIEW_WORDS, NOTE_WORDS):
        assert words in right
    assert person.full_name not in right  # the move names nobody to the right person
    export = json.loads(signed_in(right_person.user).get(reverse("me:export_json")).content)
    # Its whole history went with it: created, changed while misfiled, moved.
    assert len(export["history"]["outcomes"]) == 3


def test_it_leaves_an_accountable_trace_on_both_records_without_the_content(
    misfiled, person, right_person, practitioner
):
    staff = signed_in(practitioner)
    post_move(
        staff, "outcomes:move", misfiled, right_person, reason="Same name, different date of birth"
    )
    refiling = Refiling.objects.get()
    assert (refiling.kind, refiling.record_id) == ("outcome", misfiled.pk)
    assert (refiling.from_person, refiling.to_person, refiling.by) == (
        person,
        right_person,
        practitioner,
    )
    wrong_history = staff.get(reverse("people:history", args=[person.pk])).content.decode()
    assert "moved to Eilidh Rossbaird&#x27;s record" in wrong_history
    assert "Same name, different date of birth" in wrong_history
    assert WORDS not in wrong_history
    right_history = staff.get(reverse("people:history", args=[right_person.pk])).content.decode()
    assert "recorded against Isla Munro by mistake was moved here" in right_history
    outcome_history = staff.get(reverse("outcomes:history", args=[misfiled.pk])).content.decode()
    assert "Moved: recorded against the wrong person" in outcome_history
    pages = set(
        RecordAccess.objects.filter(page="outcome_move").values_list("person_id", flat=True)
    )
    assert pages == {person.pk, right_person.pk}


def test_it_withdraws_an_outcome_whose_right_person_is_not_known(
    misfiled, person, person_user, practitioner
):
    response = post_move(
        signed_in(practitioner), "outcomes:move", misfiled, None, reason="Not known whose it is"
    )
    assert response.status_code == 302
    misfiled.refresh_from_db()
    assert misfiled.person is None
    assert Outcome.objects.visible_to(practitioner).filter(pk=misfiled.pk).count() == 0
    assert Refiling.objects.get().withdrawn
    wrong = everything_the_person_sees(signed_in(person_user))
    for words in (WORDS, STEP_WORDS, REVIEW_WORDS, NOTE_WORDS):
        assert words not in wrong
    page = signed_in(practitioner).get(reverse("people:history", args=[person.pk]))
    assert "was withdrawn" in page.content.decode()


def test_it_moves_an_outcome_already_marked_entered_in_error(
    misfiled, person, right_person, practitioner
):
    services.outcome_mark_entered_in_error(
        outcome=misfiled,
        by=practitioner,
        reason="recorded against the wrong person",
        expected_version=misfiled.version,
    )
    misfiled.refresh_from_db()
    assert (
        post_move(signed_in(practitioner), "outcomes:move", misfiled, right_person).status_code
        == 302
    )
    misfiled.refresh_from_db()
    assert misfiled.person == right_person


def test_it_offers_only_people_the_user_may_write_to(
    misfiled, practitioner, other_person, right_person
):
    staff = signed_in(practitioner)
    page = staff.get(reverse("outcomes:move", args=[misfiled.pk])).content.decode()
    assert "Rossbaird, Eilidh" in page
    assert other_person.family_name not in page
    response = post_move(staff, "outcomes:move", misfiled, other_person)
    assert response.status_code == 200
    assert "Choose one of the people listed." in response.content.decode()
    misfiled.refresh_from_db()
    assert misfiled.person_id != other_person.pk
    assert not Refiling.objects.exists()


def test_it_moves_to_a_person_of_another_team_of_the_user(
    misfiled, practitioner, other_person, other_team
):
    MembershipFactory(user=practitioner, team=other_team)
    assert (
        post_move(signed_in(practitioner), "outcomes:move", misfiled, other_person).status_code
        == 302
    )
    misfiled.refresh_from_db()
    assert misfiled.person == other_person


def test_it_needs_a_reason_and_keeps_the_choice(misfiled, practitioner, right_person):
    response = post_move(
        signed_in(practitioner), "outcomes:move", misfiled, right_person, reason="  "
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say why it is being moved." in page
    assert f'value="{right_person.pk}" selected' in page
    misfiled.refresh_from_db()
    assert misfiled.person != right_person


def test_it_refuses_a_move_from_an_out_of_date_page(misfiled, practitioner, right_person):
    stale_version = misfiled.version
    services.outcome_update(
        outcome=misfiled, by=practitioner, expected_version=stale_version, strengths="New"
    )
    response = signed_in(practitioner).post(
        reverse("outcomes:move", args=[misfiled.pk]),
        {"to_person": right_person.pk, "reason": "Wrong person", "version": stale_version},
    )
    assert response.status_code == 200
    assert "Not saved: Callum Fraser changed this outcome" in response.content.decode()
    misfiled.refresh_from_db()
    assert misfiled.person != right_person
    assert not Refiling.objects.exists()


def test_it_keeps_the_step_with_the_outcome(misfiled, practitioner, right_person):
    step = StepFactory(outcome=misfiled, what="Another step")
    post_move(signed_in(practitioner), "outcomes:move", misfiled, right_person)
    staff = signed_in(practitioner)
    page = staff.get(reverse("people:detail", args=[right_person.pk])).content.decode()
    assert WORDS in page
    assert staff.get(reverse("outcomes:step_edit", args=[step.pk])).status_code == 200
