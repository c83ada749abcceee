import datetime

import pytest
from django.utils import timezone

from conversations.forms import ConversationForm
from pphw.entered_in_error import EnteredInErrorForm

pytestmark = pytest.mark.django_db

VALID = {
    "held_on": "2026-11-02",
    "mode": "in_person",
    "what_matters": "Seeing my pals at the club",
    "strengths": "",
    "others_present": "",
    "practitioner_notes": "",
}


def test_it_accepts_a_valid_conversation():
    form = ConversationForm(VALID)
    assert form.is_valid(), form.errors
    assert "version" not in form.fields
    assert form.cleaned_data["held_on"] == datetime.date(2026, 11, 2)


def test_it_requires_what_matters_in_the_persons_words():
    form = ConversationForm({**VALID, "what_matters": "   "})
    assert not form.is_valid()
    assert form.errors["what_matters"] == [
        "Write down what matters to the person, in their own words."
    ]


def test_it_refuses_a_date_in_the_future_or_that_does_not_exist():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = ConversationForm({**VALID, "held_on": tomorrow.isoformat()})
    assert not form.is_valid()
    assert "cannot be in the future" in form.errors["held_on"][0]
    form = ConversationForm({**VALID, "held_on": "31/02/2026"})
    assert not form.is_valid()
    assert form.errors["held_on"] == ["Enter a real date, for example 26/11/2026."]


def test_it_refuses_an_unknown_mode():
    form = ConversationForm({**VALID, "mode": "telepathy"})
    assert not form.is_valid()
    assert form.errors["mode"] == ["Choose how the conversation happened."]


def test_it_requires_a_reason_to_mark_entered_in_error():
    form = EnteredInErrorForm({"version": "1", "reason": ""})
    assert not form.is_valid()
    assert form.errors["reason"] == ["Say why this was entered in error."]
    assert EnteredInErrorForm({"version": "1", "reason": "Wrong person"}).is_valid()


def test_it_refuses_a_damaged_version():
    form = EnteredInErrorForm({"version": "abc", "reason": "Wrong person"})
    assert not form.is_valid()
    assert "damaged" in form.errors["version"][0]
