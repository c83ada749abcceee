"""Every page and export costs the same number of queries whatever the size of the data.

Each page is requested once with a little data and once with several times as
much (more people, outcomes, steps, reviews, reflections, conversations and
history), and must run the same number of queries both times, within a bound.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Reflection
from outcomes.vocabulary import StepStatus, StepWho
from reviews.report import LIST_TABLES, Report
from tests.factories import (
    ConversationFactory,
    LocationFactory,
    OutcomeFactory,
    PersonFactory,
    ReviewFactory,
    ServiceFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db

SMALL = 2
LARGE = 10
# Bounds are the counts measured in a test, where each request also runs a
# savepoint and its release (ATOMIC_REQUESTS inside the test's transaction).


class World:
    """Records around one person of the team, grown a round at a time."""

    def __init__(self, *, team, practitioner, lead, person, person_user):
        self.team = team
        self.practitioner = practitioner
        self.lead = lead
        self.person = person
        self.person_user = person_user
        self.outcome = None
        self.conversation = None
        self.review = None
        self.service = None
        self.rounds = 0

    def grow(self, rounds: int) -> None:
        for _ in range(rounds):
            self._grow_once()

    def _grow_once(self) -> None:
        today = timezone.localdate()
        self.rounds += 1
        n = self.rounds
        neighbour = PersonFactory(team=self.team, key_worker=self.practitioner)
        conversation = ConversationFactory(person=self.person, practitioner=self.practitioner)
        outcome = OutcomeFactory(
            person=self.person,
            conversation=conversation,
            baseline_rating=3,
            next_review_due=today - datetime.timedelta(days=n),
        )
        if self.outcome is None:
            self.outcome, self.conversation = outcome, conversation
        for subject in (outcome, self.outcome, OutcomeFactory(person=neighbour)):
            StepFactory(outcome=subject)
            StepFactory(
                outcome=subject,
                status=StepStatus.DONE,
                done_on=today - datetime.timedelta(days=n),
            )
            review = ReviewFactory(
                outcome=subject,
                reviewed_by=self.practitioner,
                reviewed_on=today - datetime.timedelta(days=n),
                person_rating=n % 11,
                listened_to="yes",
                what_changed=f"Round {n}: I went to the lunch club.",
                conversation=conversation,
            )
            self.review = self.review or review
        Reflection.objects.create(
            outcome=self.outcome, author=self.person_user, text=f"Going well ({n})", rating=6
        )
        # Local services, with places, that small steps on the person's plan use.
        service = ServiceFactory(name=f"Walking group {n}")
        LocationFactory(service=service)
        self.service = self.service or service
        for used in (service, self.service):
            StepFactory(outcome=self.outcome, who=StepWho.COMMUNITY, service=used)
        # Edits, so that history pages have more to page through.
        self.person.communication_needs = f"Large print ({n})"
        self.person.save()
        self.outcome.why_it_matters = f"To see my friends ({n})"
        self.outcome.save()
        # Something entered in error, which some pages list apart.
        mistaken = OutcomeFactory(person=self.person)
        mistaken.mark_entered_in_error(reason="Recorded for the wrong person")
        mistaken.save()


@pytest.fixture
def world(team, practitioner, lead, person, person_user):
    return World(
        team=team, practitioner=practitioner, lead=lead, person=person, person_user=person_user
    )


@dataclass(frozen=True)
class Page:
    name: str
    user: str
    url: Callable[[World], str]
    bound: int


def _url(
    name: str, obj: str | None = None, *, arg: str = "", query: str = ""
) -> Callable[[World], str]:
    def build(world: World) -> str:
        args = [getattr(world, obj).pk] if obj else [arg] if arg else []
        return reverse(name, args=args) + query

    return build


STAFF_PAGES = [
    Page("home", "practitioner", _url("home"), 10),
    Page("people:list", "practitioner", _url("people:list"), 9),
    Page("people:list (search)", "practitioner", _url("people:list", query="?q=a"), 9),
    Page("people:detail", "practitioner", _url("people:detail", "person"), 18),
    Page("people:edit", "practitioner", _url("people:edit", "person"), 11),
    Page("people:history", "practitioner", _url("people:history", "person"), 14),
    Page("conversations:detail", "practitioner", _url("conversations:detail", "conversation"), 8),
    Page("conversations:edit", "practitioner", _url("conversations:edit", "conversation"), 7),
    Page("outcomes:detail", "practitioner", _url("outcomes:detail", "outcome"), 12),
    Page("outcomes:edit", "practitioner", _url("outcomes:edit", "outcome"), 8),
    Page("outcomes:history", "practitioner", _url("outcomes:history", "outcome"), 17),
    Page("reviews:create", "practitioner", _url("reviews:create", "outcome"), 10),
    Page("reviews:detail", "practitioner", _url("reviews:detail", "review"), 9),
    Page("reviews:due", "practitioner", _url("reviews:due"), 8),
    # The report logs one bulk row (an INSERT) when it names people.
    Page("reviews:report", "lead", _url("reviews:report"), 22),
    # The summary to share: every table (disclosure control runs across all of them),
    # the people counted (1 query) and the log (1 INSERT).
    Page("reviews:report_print", "lead", _url("reviews:report_print"), 20),
    *[
        Page(
            f"reviews:report_csv ({table})",
            "lead",
            _url("reviews:report_csv", arg=table),
            # Each download counts the people in it (1 query) and logs it (1 INSERT); a
            # table of the summary works out all of them, as the page does, so that each
            # CSV hides what the others hide.
            10 if table in LIST_TABLES else 20,
        )
        for table in Report.TABLES
    ],
    Page("audit:log", "lead", _url("audit:log"), 8),
    Page("community:list", "practitioner", _url("community:list"), 8),
    Page("community:list (search)", "practitioner", _url("community:list", query="?q=walk"), 8),
    Page("community:detail", "practitioner", _url("community:detail", "service"), 9),
    Page("community:edit", "practitioner", _url("community:edit", "service"), 8),
]

PERSON_PAGES = [
    Page("me:home", "person_user", _url("me:home"), 12),
    Page("me:outcome", "person_user", _url("me:outcome", "outcome"), 12),
    Page("me:plan", "person_user", _url("me:plan"), 13),
    Page("me:history", "person_user", _url("me:history"), 18),
    Page("me:preparation", "person_user", _url("me:preparation"), 8),
    Page("me:export", "person_user", _url("me:export"), 7),
    Page("me:export_json", "person_user", _url("me:export_json"), 23),
    Page("audit:my_access", "person_user", _url("audit:my_access"), 8),
]


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request records the session's last use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", STAFF_PAGES + PERSON_PAGES, ids=lambda page: page.name)
def test_it_costs_the_same_number_of_queries_at_two_data_sizes(client, world, page):
    client.force_login(getattr(world, page.user))
    world.grow(SMALL)
    small = queries_for(client, page.url(world))
    world.grow(LARGE - SMALL)
    large = queries_for(client, page.url(world))
    assert large == small, f"{page.name}: {small} queries with a little data, {large} with more"
    assert large <= page.bound, f"{page.name}: {large} queries, more than {page.bound}"
