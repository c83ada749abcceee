"""Every page and export costs the same number of queries whatever the size of the data.

Each page is requested once with a little data and once with several times as
much (more people, outcomes, steps, reviews, reflections, conversations and
history), and must run the same number of queries both times, within a bound.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outcomes.models import Reflection
from outcomes.vocabulary import StepStatus, StepWho
from reviews.report import LIST_TABLES, Report
from tests.factories import (
    CarerFactory,
    CaringRelationshipFactory,
    ConversationFactory,
    DelegationFactory,
    LocationFactory,
    OutcomeFactory,
    PersonFactory,
    ReviewFactory,
    ServiceFactory,
    StepFactory,
    UserFactory,
    counts_once,
)

pytestmark = pytest.mark.django_db

SMALL = 2
LARGE = 10
# Bounds are the counts measured in a test (a person's and a delegate's pages
# include one query for the records they may act on as a delegate), where each request also runs a
# savepoint and its release (ATOMIC_REQUESTS inside the test's transaction).


class World:
    """Records around one person of the team, grown a round at a time."""

    def __init__(self, *, team, practitioner, lead, person, person_user, kirsty=None):
        self.kirsty = kirsty
        self.delegation = None
        self.team = team
        self.practitioner = practitioner
        self.lead = lead
        self.person = person
        self.person_user = person_user
        self.outcome = None
        self.conversation = None
        self.review = None
        self.service = None
        self.carer = None
        self.caring = None
        self.step = None
        self.rounds = 0

    def grow(self, rounds: int) -> None:
        with counts_once():
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
        LocationFactory(
            service=service,
            latitude=Decimal("55.970000") + Decimal(n) / 1000,
            longitude=Decimal("-3.170000"),
        )
        self.service = self.service or service
        for used in (service, self.service):
            StepFactory(outcome=self.outcome, who=StepWho.COMMUNITY, service=used)
        # ... and that conversations name as what the person already uses.
        conversation.services.add(service, self.service)
        self.step = self.step or StepFactory(
            outcome=self.outcome, who=StepWho.COMMUNITY, service=self.service
        )
        # Carers: a new one caring for the person each round; the first also cares for
        # each neighbour, and for someone of another team whom the staff may not see.
        carer = CarerFactory(team=self.team)
        caring = CaringRelationshipFactory(carer=carer, cared_for=self.person)
        if self.carer is None:
            self.carer, self.caring = carer, caring
        CaringRelationshipFactory(carer=self.carer, cared_for=neighbour)
        CaringRelationshipFactory(carer=self.carer, cared_for=PersonFactory())
        own = OutcomeFactory(person=self.carer, category="carer_life_of_own")
        StepFactory(outcome=own)
        ReviewFactory(outcome=own, reviewed_by=self.practitioner)
        # Edits, so that history pages have more to page through.
        self.person.communication_needs = f"Large print ({n})"
        self.person.save()
        self.outcome.why_it_matters = f"To see my friends ({n})"
        self.outcome.save()
        # Something entered in error, which some pages list apart.
        mistaken = OutcomeFactory(person=self.person)
        mistaken.mark_entered_in_error(reason="Recorded for the wrong person")
        mistaken.save()
        # Someone else the person trusts, who added a step; and one whose access ended.
        other = UserFactory()
        DelegationFactory(person=self.person, delegate=other, given_by=self.person_user)
        step = StepFactory(outcome=self.outcome, who=StepWho.PERSON, added_by_person=True)
        step.history.update(history_user=other)
        DelegationFactory(
            person=self.person,
            given_by=self.person_user,
            ended_at=timezone.now(),
            ended_by=self.person_user,
        )
        if self.delegation is None and self.kirsty is not None:
            self.delegation = DelegationFactory(
                person=self.person, delegate=self.kirsty, scope="help", given_by=self.person_user
            )


@pytest.fixture
def world(team, practitioner, lead, person, person_user, kirsty):
    return World(
        team=team,
        practitioner=practitioner,
        lead=lead,
        person=person,
        person_user=person_user,
        kirsty=kirsty,
    )


@dataclass(frozen=True)
class Page:
    name: str
    user: str
    url: Callable[[World], str]
    bound: int
    # A delegate: the person whose record they chose to look at, before the page.
    act_for: bool = False


def _url(
    name: str, obj: str | None = None, *, arg: str = "", query: str = ""
) -> Callable[[World], str]:
    def build(world: World) -> str:
        args = [getattr(world, obj).pk] if obj else [arg] if arg else []
        return reverse(name, args=args) + query.format(practitioner=world.practitioner.pk)

    return build


STAFF_PAGES = [
    Page("home", "practitioner", _url("home"), 10),
    Page("people:list", "practitioner", _url("people:list"), 9),
    Page("people:list (search)", "practitioner", _url("people:list", query="?q=a"), 9),
    Page("people:detail", "practitioner", _url("people:detail", "person"), 21),
    Page("people:detail (a carer)", "practitioner", _url("people:detail", "carer"), 16),
    Page("people:carer_plan", "practitioner", _url("people:carer_plan", "carer"), 12),
    Page("people:caring_create", "practitioner", _url("people:caring_create", "carer"), 8),
    Page("people:caring_edit", "practitioner", _url("people:caring_edit", "caring"), 8),
    Page("people:caring_end", "practitioner", _url("people:caring_end", "caring"), 8),
    Page("people:edit", "practitioner", _url("people:edit", "person"), 11),
    Page("people:history", "practitioner", _url("people:history", "person"), 16),
    Page("people:print", "practitioner", _url("people:print", "person"), 10),
    Page("people:delegates", "practitioner", _url("people:delegates", "person"), 8),
    Page("people:legal_authority", "practitioner", _url("people:legal_authority", "person"), 7),
    Page("people:delegation_end", "practitioner", _url("people:delegation_end", "delegation"), 7),
    Page("conversations:detail", "practitioner", _url("conversations:detail", "conversation"), 9),
    Page("conversations:edit", "practitioner", _url("conversations:edit", "conversation"), 9),
    Page("outcomes:detail", "practitioner", _url("outcomes:detail", "outcome"), 12),
    Page("outcomes:edit", "practitioner", _url("outcomes:edit", "outcome"), 8),
    Page("outcomes:history", "practitioner", _url("outcomes:history", "outcome"), 17),
    Page("reviews:create", "practitioner", _url("reviews:create", "outcome"), 10),
    Page("reviews:detail", "practitioner", _url("reviews:detail", "review"), 9),
    Page("reviews:due", "practitioner", _url("reviews:due"), 8),
    Page(
        "reviews:due (filtered)",
        "lead",
        _url("reviews:due", query="?within=28&key_worker={practitioner}"),
        8,
    ),
    Page("reviews:team", "lead", _url("reviews:team"), 8),
    Page("reviews:team (sorted)", "lead", _url("reviews:team", query="?sort=-overdue"), 8),
    Page(
        "people:list (key worker)",
        "lead",
        _url("people:list", query="?key_worker={practitioner}"),
        10,
    ),
    # The report logs one bulk row (an INSERT) when it names people. The list of people
    # with no review reads one more than it shows to tell whether there are more.
    Page("reviews:report", "lead", _url("reviews:report"), 18),
    # By key worker the figures are counted from the records, not the rows kept per team.
    Page(
        "reviews:report (key worker)",
        "lead",
        _url("reviews:report", query="?practitioner={practitioner}"),
        21,
    ),
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
    Page("community:list", "practitioner", _url("community:list"), 7),
    Page("community:list (search)", "practitioner", _url("community:list", query="?q=walk"), 7),
    Page(
        "community:list (distance)",
        "practitioner",
        _url("community:list", query="?near=Leith&radius=25&q=walking"),
        9,
    ),
    Page("community:detail", "practitioner", _url("community:detail", "service"), 9),
    Page("conversations:create", "practitioner", _url("conversations:create", "person"), 9),
    Page("outcomes:step_create", "practitioner", _url("outcomes:step_create", "outcome"), 9),
    Page("outcomes:step_edit", "practitioner", _url("outcomes:step_edit", "step"), 9),
    Page("community:edit", "practitioner", _url("community:edit", "service"), 8),
]

PERSON_PAGES = [
    Page("me:home", "person_user", _url("me:home"), 13),
    Page("me:outcome", "person_user", _url("me:outcome", "outcome"), 14),
    Page("me:plan", "person_user", _url("me:plan"), 14),
    Page("me:history", "person_user", _url("me:history"), 19),
    Page("me:preparation", "person_user", _url("me:preparation"), 9),
    Page("me:export", "person_user", _url("me:export"), 8),
    Page("me:export_json", "person_user", _url("me:export_json"), 25),
    Page("audit:my_access", "person_user", _url("audit:my_access"), 9),
    Page("me:delegates", "person_user", _url("me:delegates"), 9),
    Page("me:delegate_invite", "person_user", _url("me:delegate_invite"), 9),
]

DELEGATE_PAGES = [
    Page("me:home (delegate)", "kirsty", _url("me:home"), 14, act_for=True),
    Page("me:outcome (delegate)", "kirsty", _url("me:outcome", "outcome"), 15, act_for=True),
    Page("me:plan (delegate)", "kirsty", _url("me:plan"), 14, act_for=True),
    Page("me:history (delegate)", "kirsty", _url("me:history"), 19, act_for=True),
    Page("me:preparation (delegate)", "kirsty", _url("me:preparation"), 10, act_for=True),
    Page("me:export_json (delegate)", "kirsty", _url("me:export_json"), 25, act_for=True),
]


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request records the session's last use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "page", STAFF_PAGES + PERSON_PAGES + DELEGATE_PAGES, ids=lambda page: page.name
)
def test_it_costs_the_same_number_of_queries_at_two_data_sizes(client, world, page):
    client.force_login(getattr(world, page.user))
    world.grow(SMALL)
    if page.act_for:
        client.post(reverse("me:act_for", args=[world.person.pk]))
    small = queries_for(client, page.url(world))
    world.grow(LARGE - SMALL)
    large = queries_for(client, page.url(world))
    assert large == small, f"{page.name}: {small} queries with a little data, {large} with more"
    assert large <= page.bound, f"{page.name}: {large} queries, more than {page.bound}"


# The directory picker's "Find services" button posts the form back to its page.
FIND_PAGES = [
    ("conversations:create", "person", {"what_matters": "x"}),
    ("conversations:edit", "conversation", {"what_matters": "x", "services": "0"}),
    ("outcomes:step_create", "outcome", {"what": "x", "who": "community"}),
    ("outcomes:step_edit", "step", {"what": "x", "who": "community", "version": "1"}),
]


@pytest.mark.parametrize(("name", "obj", "data"), FIND_PAGES, ids=[p[0] for p in FIND_PAGES])
def test_finding_a_service_costs_the_same_at_two_data_sizes(client, world, name, obj, data):
    client.force_login(world.practitioner)
    counts = []
    for rounds in (SMALL, LARGE - SMALL):
        world.grow(rounds)
        url = reverse(name, args=[getattr(world, obj).pk])
        post = {**data, "find_service": "walking group", "find": "service"}
        if obj == "conversation":
            post["services"] = [world.service.pk]
        client.post(url, post)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, post)
        assert response.status_code == 200
        assert "Walking group" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{name}: {counts}"
    assert counts[1] <= 12, f"{name}: {counts[1]} queries"
