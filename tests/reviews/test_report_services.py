"""Asset mapping in the team report: the local services steps used, and the gaps."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.vocabulary import StepStatus, StepWho
from reviews.report import FEWER_THAN_5, Filters, Report
from tests.factories import OutcomeFactory, ServiceFactory, StepFactory

pytestmark = pytest.mark.django_db


def _filters(team) -> Filters:
    today = timezone.localdate()
    return Filters(
        team_ids=(team.pk,), date_from=today - datetime.timedelta(days=90), date_to=today
    )


def test_it_counts_the_steps_that_used_each_service_and_hides_small_counts(person, team):
    walking = ServiceFactory(name="Walking group", categories=" staying_well ")
    cafe = ServiceFactory(name="Cafe", categories=" seeing_people ")
    today = timezone.localdate()
    outcome = OutcomeFactory(person=person, category="staying_well")
    for n in range(6):
        StepFactory(
            outcome=outcome,
            who=StepWho.COMMUNITY,
            service=walking,
            status=StepStatus.DONE,
            done_on=today - datetime.timedelta(days=n),
        )
    StepFactory(outcome=outcome, who=StepWho.COMMUNITY, service=cafe)
    # A step done long before the period is not counted.
    StepFactory(
        outcome=outcome,
        who=StepWho.COMMUNITY,
        service=cafe,
        status=StepStatus.DONE,
        done_on=today - datetime.timedelta(days=400),
    )
    rows = Report(_filters(team)).table("services").rows
    assert rows == [["Walking group", 6, 6], ["Cafe", FEWER_THAN_5, 0]]


def test_it_lists_the_categories_with_outcomes_but_no_service(person, team):
    ServiceFactory(categories=" seeing_people ")
    ServiceFactory(categories=" feeling_safe ", confirmed=False)
    for category in ("seeing_people", "feeling_safe", "improved_mobility"):
        OutcomeFactory(person=person, category=category)
    rows = Report(_filters(team)).table("gaps").rows
    assert sorted(row[0] for row in rows) == ["Feeling safe", "Improved mobility"]
    assert all(row[1] == FEWER_THAN_5 for row in rows)


def test_the_lead_sees_both_tables_on_the_report(client, lead, person):
    OutcomeFactory(person=person, category="improved_mobility")
    client.force_login(lead)
    html = client.get(reverse("reviews:report")).content.decode()
    assert "Local services that small steps used" in html
    assert "Where the directory lists no service" in html


def test_a_service_for_carers_closes_a_carers_gap(person, team):
    from tests.factories import CarerFactory

    carer = CarerFactory(team=team)
    OutcomeFactory(person=carer, category="carer_life_of_own")
    OutcomeFactory(person=carer, category="carer_informed")
    ServiceFactory(name="Carers' centre breaks", categories=" carer_life_of_own ")
    rows = Report(_filters(team)).table("gaps").rows
    assert [row[0] for row in rows] == ["Feeling informed, skilled and equipped"]
