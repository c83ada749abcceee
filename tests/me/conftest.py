from __future__ import annotations

import html
import re

import pytest

from outcomes.vocabulary import Lifecycle, StepWho
from tests.factories import OutcomeFactory, ReviewFactory, StepFactory


@pytest.fixture
def outcome(person):
    return OutcomeFactory(
        person=person,
        statement="I want to get back to the allotment",
        why_it_matters="It is where my friends are.",
        category="things_to_do",
        baseline_rating=3,
        target_rating=8,
    )


@pytest.fixture
def my_step(outcome):
    return StepFactory(outcome=outcome, what="Phone Jean about a lift", who=StepWho.PERSON, order=0)


@pytest.fixture
def their_step(outcome):
    return StepFactory(
        outcome=outcome,
        what="Ask the council about a raised bed",
        who=StepWho.PRACTITIONER,
        who_name="Callum",
        order=1,
    )


@pytest.fixture
def closed_outcome(person):
    return OutcomeFactory(
        person=person, statement="I want to sleep better", lifecycle_status=Lifecycle.COMPLETED
    )


@pytest.fixture
def error_outcome(person):
    return OutcomeFactory(
        person=person,
        statement="Typed on the wrong record",
        lifecycle_status=Lifecycle.ENTERED_IN_ERROR,
    )


@pytest.fixture
def other_outcome(other_person):
    return OutcomeFactory(person=other_person, statement="Fatima's own outcome")


@pytest.fixture
def other_step(other_outcome):
    return StepFactory(outcome=other_outcome, what="Fatima's step", who=StepWho.PERSON)


@pytest.fixture
def review(outcome, practitioner):
    return ReviewFactory(
        outcome=outcome,
        reviewed_by=practitioner,
        person_rating=6,
        practitioner_rating=4,
        what_changed="Went to the allotment twice.",
        what_helped="Jean drove me.",
        what_got_in_the_way="The rain.",
        what_next="Try the bus.",
    )


def main_text(response) -> str:
    """The visible words of the page's <main>, tags removed, as a person would read them."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(main)).split())
