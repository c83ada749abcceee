from __future__ import annotations

import json

import pytest
from django.urls import reverse

from conversations.models import Preparation
from outcomes.models import Reflection
from tests.factories import ConversationFactory, OutcomeFactory, ReviewFactory, StepFactory
from tests.helpers import assert_login_redirect


@pytest.fixture
def everything(person, person_user, practitioner, outcome, my_step, review, error_outcome):
    conversation = ConversationFactory(
        person=person,
        practitioner=practitioner,
        what_matters="Isla's allotment",
        practitioner_notes="Isla seemed brighter today.",
    )
    reflection = Reflection.objects.create(outcome=outcome, author=person_user, text="Good week")
    preparation = Preparation.objects.create(person=person, talk_about="My sleep")
    return {
        "conversation": conversation,
        "reflection": reflection,
        "preparation": preparation,
    }


@pytest.fixture
def someone_else(other_person, other_person_user, stranger):
    outcome = OutcomeFactory(person=other_person, statement="FATIMA-OUTCOME")
    StepFactory(outcome=outcome, what="FATIMA-STEP")
    ReviewFactory(outcome=outcome, reviewed_by=stranger, what_changed="FATIMA-REVIEW")
    ConversationFactory(person=other_person, practitioner=stranger, what_matters="FATIMA-TALK")
    Reflection.objects.create(outcome=outcome, author=other_person_user, text="FATIMA-REFLECTION")
    Preparation.objects.create(person=other_person, talk_about="FATIMA-PREPARATION")


def _download(client, user):
    client.force_login(user)
    response = client.get(reverse("me:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    return response, json.loads(response.content)


def test_it_holds_every_record_of_mine(
    client, person_user, person, outcome, my_step, review, error_outcome, everything
):
    _, data = _download(client, person_user)
    assert data["format"] == "pphw-my-data" and data["format_version"] == 1
    assert data["person"]["given_name"] == "Isla" and data["person"]["team"] == "North"
    assert data["login"]["username"] == "isla"
    assert [c["what_matters"] for c in data["conversations"]] == ["Isla's allotment"]
    assert data["conversations"][0]["practitioner_notes"] == "Isla seemed brighter today."
    assert data["conversations"][0]["practitioner"] == "Callum Fraser"
    statements = {o["statement"]: o for o in data["outcomes"]}
    assert set(statements) == {outcome.statement, error_outcome.statement}
    assert statements[error_outcome.statement]["lifecycle_status_label"] == "Entered in error"
    mine = statements[outcome.statement]
    assert mine["category_label"] == "Having things to do"
    assert [s["what"] for s in mine["steps"]] == ["Phone Jean about a lift"]
    assert mine["reviews"][0]["what_changed"] == "Went to the allotment twice."
    assert mine["reviews"][0]["practitioner_rating"] == 4
    assert mine["reviews"][0]["reviewed_by"] == "Callum Fraser"
    assert mine["reflections"][0]["text"] == "Good week"
    assert mine["reflections"][0]["author"] == "Isla Munro"
    assert [p["talk_about"] for p in data["preparations"]] == ["My sleep"]


def test_it_includes_the_change_history_of_each_kind_of_record(
    client, person_user, outcome, my_step, practitioner, everything
):
    client.force_login(person_user)
    client.post(
        reverse("me:outcome_words", args=[outcome.pk]),
        {"statement": "Reworded", "why_it_matters": "", "version": outcome.version},
    )
    _, data = _download(client, person_user)
    history = data["history"]
    assert set(history) == {
        "person",
        "conversations",
        "outcomes",
        "steps",
        "reviews",
        "reflections",
        "preparations",
    }
    changed = [h for h in history["outcomes"] if h["action"] == "changed"]
    assert changed[-1]["by"] == "Isla Munro"
    assert changed[-1]["values"]["statement"] == "Reworded"
    assert changed[-1]["reason"] == "Reworded by the person"
    created = [h for h in history["outcomes"] if h["action"] == "created"]
    assert created[0]["values"]["statement"] == "I want to get back to the allotment"
    for kind in ("steps", "reviews", "reflections", "preparations", "conversations", "person"):
        assert history[kind], kind


def test_it_holds_nothing_of_anyone_else(client, person_user, everything, someone_else):
    response, _ = _download(client, person_user)
    text = response.content.decode()
    assert "FATIMA" not in text
    assert "Fatima" not in text
    assert "Khan" not in text


def test_the_other_person_gets_only_their_own(client, other_person_user, everything, someone_else):
    response, data = _download(client, other_person_user)
    text = response.content.decode()
    assert "FATIMA-OUTCOME" in text and "FATIMA-REFLECTION" in text
    assert "Isla" not in text and "allotment" not in text


def test_it_costs_the_same_queries_whatever_the_data(
    client, person_user, person, practitioner, django_assert_max_num_queries
):
    client.force_login(person_user)
    client.get(reverse("me:export"))  # the first request of a session also writes it
    counts = []
    for size in (1, 8):
        for _ in range(size):
            outcome = OutcomeFactory(person=person)
            StepFactory(outcome=outcome)
            ReviewFactory(outcome=outcome, reviewed_by=practitioner)
            ConversationFactory(person=person, practitioner=practitioner)
        with django_assert_max_num_queries(30) as captured:
            client.get(reverse("me:export_json"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_export_page_offers_the_download_and_the_plan(client, person_user):
    client.force_login(person_user)
    page = client.get(reverse("me:export")).content.decode()
    assert reverse("me:export_json") in page and reverse("me:plan") in page


def test_export_pages_are_404_for_staff(client, practitioner):
    client.force_login(practitioner)
    for name in ("me:export", "me:export_json", "me:plan"):
        assert client.get(reverse(name)).status_code == 404


def test_export_pages_send_anonymous_to_login(client, db):
    for name in ("me:export", "me:export_json", "me:plan"):
        assert_login_redirect(client.get(reverse(name)))


def test_it_includes_who_has_looked_at_my_record(client, person, person_user, practitioner):
    client.force_login(practitioner)
    client.get(reverse("people:detail", args=[person.pk]))
    _, data = _download(client, person_user)
    looks = data["looks"]
    staff = [look for look in looks if look["who"] == "Callum Fraser"]
    assert len(staff) == 1
    assert staff[0]["page"] == "person"
    assert staff[0]["role"] == "Practitioner"
    assert staff[0]["page_label"]
    assert staff[0]["when"][:4].isdigit()
    assert looks == sorted(looks, key=lambda look: look["when"])
