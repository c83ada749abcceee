"""A person sees their strengths on their outcome, and can undo "I have done this"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from outcomes.models import Step
from outcomes.vocabulary import StepStatus, StepWho
from tests.factories import OutcomeFactory, StepFactory

pytestmark = pytest.mark.browser


def test_it_shows_my_strengths_and_lets_me_undo_done(sign_in, demo, page, url, assert_accessible):
    outcome = OutcomeFactory(
        person=demo.isla_person,
        statement="I want to get back to the allotment",
        strengths="My neighbour Jean drives; I know the plot well",
    )
    step = StepFactory(outcome=outcome, what="Phone Jean about a lift", who=StepWho.PERSON)
    sign_in(demo.isla)
    page.goto(url("me:outcome", outcome.pk))
    expect(page.get_by_role("heading", name="Your strengths to build on")).to_be_visible()
    expect(page.get_by_text("My neighbour Jean drives; I know the plot well")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("^I have done this.*Phone Jean")).click()
    expect(page.get_by_text("is marked done")).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "button", name=re.compile("^Undo: I have not done this yet.*Phone Jean")
    ).click()
    expect(page.get_by_text("is no longer marked done")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile("^I have done this.*Phone Jean"))
    ).to_be_visible()
    assert_accessible(page)
    assert Step.objects.get(pk=step.pk).status == StepStatus.PLANNED
