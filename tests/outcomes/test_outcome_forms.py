import pytest

from outcomes.forms import OutcomeForm, StepForm
from outcomes.vocabulary import CHANGE, PROCESS, QUALITY_OF_LIFE
from tests.factories import ConversationFactory

VALID = {
    "statement": "I want to feel safe in my own home",
    "category": "feeling_safe",
    "baseline_rating": "3",
    "target_rating": "8",
    "review_interval_days": "90",
    "lifecycle_status": "active",
}


def test_it_accepts_a_valid_outcome(person):
    form = OutcomeForm(VALID, person=person)
    assert form.is_valid(), form.errors
    assert "version" not in form.fields
    assert "achievement_status" not in form.fields


@pytest.mark.parametrize("value", ["11", "-1", "abc", "2.5"])
def test_it_refuses_a_rating_outside_0_to_10(person, value):
    form = OutcomeForm({**VALID, "baseline_rating": value, "target_rating": value}, person=person)
    assert not form.is_valid()
    assert form.errors["baseline_rating"] == ["Enter a whole number from 0 to 10."]
    assert form.errors["target_rating"] == ["Enter a whole number from 0 to 10."]


@pytest.mark.parametrize("value", ["0", "10", ""])
def test_it_accepts_ratings_at_the_ends_and_none(person, value):
    assert OutcomeForm({**VALID, "baseline_rating": value}, person=person).is_valid()


def test_it_requires_the_statement(person):
    form = OutcomeForm({**VALID, "statement": "  "}, person=person)
    assert not form.is_valid()
    assert form.errors["statement"] == ["Write the outcome in the person's own words."]


def test_it_groups_the_categories(person):
    choices = OutcomeForm(person=person).fields["category"].choices
    groups = [label for label, options in choices if isinstance(options, list | tuple)]
    assert groups == [QUALITY_OF_LIFE, PROCESS, CHANGE]
    form = OutcomeForm({**VALID, "category": "made_up"}, person=person)
    assert not form.is_valid()
    assert form.errors["category"] == ["Choose one of the Talking Points categories."]


def test_it_offers_only_the_persons_own_conversations(person, other_person):
    mine = ConversationFactory(person=person)
    theirs = ConversationFactory(person=other_person)
    assert OutcomeForm({**VALID, "conversation": mine.pk}, person=person).is_valid()
    form = OutcomeForm({**VALID, "conversation": theirs.pk}, person=person)
    assert not form.is_valid()
    assert form.errors["conversation"] == ["Choose one of this person's conversations."]


def test_it_does_not_offer_entered_in_error_as_a_status(person):
    values = [value for value, _ in OutcomeForm(person=person).fields["lifecycle_status"].choices]
    assert "entered-in-error" not in values
    form = OutcomeForm({**VALID, "lifecycle_status": "entered-in-error"}, person=person)
    assert not form.is_valid()


@pytest.mark.parametrize("value", ["0", "731", "soon"])
def test_it_refuses_a_bad_review_interval(person, value):
    form = OutcomeForm({**VALID, "review_interval_days": value}, person=person)
    assert not form.is_valid()
    assert form.errors["review_interval_days"] == ["Enter a whole number of days from 1 to 730."]


@pytest.mark.django_db
def test_it_accepts_a_valid_step():
    form = StepForm({"what": "Ring the Men's Shed", "who": "community", "due_on": "2026-12-01"})
    assert form.is_valid(), form.errors
    assert "status" not in form.fields


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2026-02-31", "31/02/2026", "next week"])
def test_it_refuses_a_due_date_that_does_not_exist(value):
    form = StepForm({"what": "x", "who": "person", "due_on": value})
    assert not form.is_valid()
    assert form.errors["due_on"] == ["Enter a real date, for example 26/11/2026."]


@pytest.mark.django_db
def test_it_requires_what_and_who():
    form = StepForm({"what": "", "who": "the moon"})
    assert not form.is_valid()
    assert form.errors["what"] == ["Say what the small step is."]
    assert form.errors["who"] == ["Choose who will do it."]


def test_it_allows_a_done_date_only_for_a_done_step(step):
    data = {"what": step.what, "who": step.who, "version": step.version, "done_on": "2026-01-05"}
    form = StepForm({**data, "status": "planned"}, instance=step)
    assert not form.is_valid()
    assert form.errors["done_on"] == ["Leave this blank unless the step is done."]
    assert StepForm({**data, "status": "done"}, instance=step).is_valid()
