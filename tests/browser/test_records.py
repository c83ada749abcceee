"""Records management in a real browser: moving a misfiled outcome, closing a record,
and a disposal agreed by two leads; axe on every page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from outcomes import services
from pphw.people.models import Membership, Person
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_it_moves_an_outcome_recorded_against_the_wrong_person(
    sign_in, demo, page, url, assert_accessible
):
    outcome = services.outcome_create(
        person=demo.isla_person,
        by=demo.callum,
        statement="I want to get back to the pottery class",
        category="things_to_do",
    )
    sign_in(demo.callum)
    page.goto(url("outcomes:detail", outcome.pk))
    assert_accessible(page)
    page.get_by_role("link", name="Recorded against the wrong person?").click()
    expect(_heading(page)).to_have_text("Move this outcome to the right person's record")
    assert_accessible(page)
    page.get_by_role("button", name="Move it").click()
    expect(page.get_by_role("link", name=re.compile("Say why it is being moved"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Whose record does it belong on?").select_option(
        label=f"Ross, Duncan, born {demo.duncan_person.date_of_birth:%d/%m/%Y}, "
        f"CHI {demo.duncan_person.chi_number} (North)"
    )
    page.get_by_label("Why is it being moved?").fill("Another person with a similar name")
    page.get_by_role("button", name="Move it").click()
    expect(page.get_by_text("The outcome was moved to Duncan Ross's record.")).to_be_visible()
    expect(_heading(page)).to_have_text("Isla Munro")
    expect(page.get_by_text("I want to get back to the pottery class")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Change history").click()
    expect(page.get_by_text("moved to Duncan Ross's record")).to_be_visible()
    assert_accessible(page)


def test_it_closes_a_record_and_two_leads_dispose_of_it(
    sign_in, demo, page, url, assert_accessible
):
    sign_in(demo.callum)
    page.goto(url("people:detail", demo.duncan_person.pk))
    page.get_by_role("link", name="Close the record").click()
    expect(_heading(page)).to_have_text("Close Duncan Ross's record")
    assert_accessible(page)
    page.get_by_label("Why is the record being closed?").fill("Moved away")
    page.get_by_role("button", name="Close the record").click()
    expect(page.get_by_text("Duncan Ross's record is closed.")).to_be_visible()
    expect(page.get_by_role("link", name="Record a conversation")).to_have_count(0)
    assert_accessible(page)

    # Years later: closed long enough ago to be due.
    person = Person.objects.get(pk=demo.duncan_person.pk)
    Person.objects.filter(pk=person.pk).update(
        closed_on=timezone.localdate() - datetime.timedelta(days=7 * 366)
    )
    shona = UserFactory(
        username="shona", first_name="Shona", last_name="Reid", password=demo.password
    )
    MembershipFactory(user=shona, team=demo.north, role=Membership.Role.LEAD)

    page.context.clear_cookies()
    sign_in(demo.morag)
    page.get_by_role("link", name="Retention").click()
    expect(_heading(page)).to_have_text("Records due for disposal")
    assert_accessible(page)
    page.get_by_role("link", name="Ask for disposal of Duncan Ross's record").click()
    assert_accessible(page)
    page.get_by_label("Why should this record be disposed of now?").fill("Retention period over")
    page.get_by_role("button", name="Ask for disposal").click()
    expect(page.get_by_text("Disposal requested.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(shona)
    page.goto(url("records:due"))
    page.get_by_role("link", name="Decide on disposing of Duncan Ross's record").click()
    expect(_heading(page)).to_have_text("Dispose of Duncan Ross's record?")
    assert_accessible(page)
    page.get_by_label("Approve: dispose of the record now").check()
    page.get_by_label("I understand that an approved disposal cannot be undone.").check()
    page.get_by_role("button", name="Record my decision").click()
    expect(_heading(page)).to_have_text(re.compile(r"Disposal certificate D-\d{6}"))
    assert_accessible(page)
    assert not Person.objects.filter(pk=person.pk).exists()
