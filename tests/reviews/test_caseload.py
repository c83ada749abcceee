"""The team at a glance and the count of reviews due read rows kept per team and key
worker: they stay equal to the records after any series of writes, and the figures
from them equal those counted."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conversations.models import Conversation
from conversations.services import (
    conversation_mark_entered_in_error,
    conversation_move,
    conversation_record,
    conversation_update,
)
from outcomes.models import Outcome
from outcomes.services import (
    outcome_create,
    outcome_mark_entered_in_error,
    outcome_move,
    outcome_update,
)
from outcomes.vocabulary import Achievement, Lifecycle
from pphw.people.models import Person
from pphw.people.services import person_close, person_create, person_reopen, person_update
from reviews.models import CaseloadOutcomes, CaseloadPeople, Met
from reviews.services import review_record
from reviews.summaries import counts_differences, counts_rebuild
from reviews.team import SOON_DAYS, due_count, team_rows
from tests.factories import MembershipFactory, OutcomeFactory, PersonFactory, UserFactory
from tests.helpers import series_of_writes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _caseload_differences() -> list:
    return [d for d in counts_differences() if d[0][0] in ("caseload", "caseload people")]


def _counted(team_ids, today):
    """The figures worked out from the records, as the page did before the rows were kept."""
    people = {
        worker: (n, last)
        for worker, n, last in Person.objects.filter(team_id__in=team_ids)
        .values_list("key_worker_id")
        .annotate(n=Count("pk"), last=Max("last_conversation__held_on"))
        .order_by()
    }
    outcomes = {
        worker: (n, overdue, soon)
        for worker, n, overdue, soon in Outcome.objects.open()
        .filter(person__team_id__in=team_ids, person__closed_on__isnull=True)
        .values_list("person__key_worker_id")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(next_review_due__lt=today)),
            soon=Count(
                "pk", filter=Q(next_review_due__lte=today + datetime.timedelta(days=SOON_DAYS))
            ),
        )
        .order_by()
    }
    return {
        worker: (*people.get(worker, (0, None)), *outcomes.get(worker, (0, 0, 0)))
        for worker in set(people) | set(outcomes)
    }


def _shown(team_ids, today):
    return {
        None if row.worker is None else row.worker.pk: (
            row.people,
            row.last_conversation,
            row.open_outcomes,
            row.overdue,
            row.due_soon,
        )
        for row in team_rows(set(team_ids), today=today)
        if row.people or row.open_outcomes or row.last_conversation
    }


DAYS = st.integers(-60, 60)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("person"), st.integers(0, 2), st.integers(0, 1)),
        st.tuples(st.just("key_worker"), st.integers(0, 9), st.integers(0, 2)),
        st.tuples(st.just("team"), st.integers(0, 9)),
        st.tuples(st.just("close"), st.integers(0, 9)),
        st.tuples(st.just("conversation"), st.integers(0, 9), DAYS),
        st.tuples(st.just("conversation_date"), st.integers(0, 9), DAYS),
        st.tuples(st.just("conversation_in_error"), st.integers(0, 9)),
        st.tuples(st.just("outcome"), st.integers(0, 9)),
        st.tuples(
            st.just("outcome_edit"),
            st.integers(0, 9),
            DAYS,
            st.sampled_from([Lifecycle.ACTIVE, Lifecycle.ON_HOLD, Lifecycle.COMPLETED]),
        ),
        st.tuples(st.just("outcome_in_error"), st.integers(0, 9)),
        st.tuples(st.just("review"), st.integers(0, 9), DAYS, st.booleans()),
        st.tuples(st.just("outcome_move"), st.integers(0, 9), st.integers(0, 9)),
        st.tuples(st.just("conversation_move"), st.integers(0, 9), st.integers(0, 9)),
    ),
    max_size=12,
)


@series_of_writes(max_examples=30)
@given(actions=ACTIONS, shift=DAYS)
def test_the_caseload_rows_stay_equal_to_the_records(
    actions, shift, practitioner, lead, person, team, other_team
):
    """After any series of people added, given another key worker, moved, closed and
    reopened, conversations recorded, redated, marked entered in error and moved to
    another person, and outcomes recorded, edited, reviewed (setting the next review),
    marked entered in error and moved: the kept rows equal a rebuild, and the page's
    figures from them equal those counted from the records, on any day."""
    workers = [practitioner, lead, None]
    with transaction.atomic():
        for kind, index, *rest in actions:
            people = list(Person.objects.order_by("pk"))
            someone = people[index % len(people)]
            if kind == "person":
                person_create(
                    by=lead,
                    given_name="New",
                    family_name="Person",
                    team=[team, other_team][rest[0]],
                    key_worker=workers[index],
                )
            elif kind == "key_worker":
                person_update(
                    person=someone,
                    by=lead,
                    expected_version=someone.version,
                    key_worker=workers[rest[0]],
                )
            elif kind == "team":
                to = other_team if someone.team_id == team.pk else team
                person_update(person=someone, by=lead, expected_version=someone.version, team=to)
            elif kind == "close":
                if someone.is_closed:
                    person_reopen(
                        person=someone, by=lead, reason="Back", expected_version=someone.version
                    )
                else:
                    person_close(
                        person=someone,
                        by=lead,
                        on=TODAY,
                        reason="Moved away",
                        expected_version=someone.version,
                    )
            elif kind == "conversation":
                conversation_record(
                    person=someone,
                    by=practitioner,
                    held_on=TODAY + datetime.timedelta(days=min(rest[0], 0)),
                    what_matters="Getting out more",
                )
            elif kind in ("conversation_date", "conversation_in_error", "conversation_move"):
                conversations = list(
                    Conversation.objects.current().filter(person__isnull=False).order_by("pk")
                )
                if not conversations:
                    continue
                talk = conversations[index % len(conversations)]
                if kind == "conversation_move":
                    to = people[rest[0] % len(people)]
                    if to.pk != talk.person_id:
                        conversation_move(
                            conversation=talk,
                            by=practitioner,
                            to_person=to,
                            reason="Filed against the wrong person",
                            expected_version=talk.version,
                        )
                elif kind == "conversation_date":
                    conversation_update(
                        conversation=talk,
                        by=practitioner,
                        expected_version=talk.version,
                        held_on=TODAY + datetime.timedelta(days=min(rest[0], 0)),
                    )
                else:
                    conversation_mark_entered_in_error(
                        conversation=talk,
                        by=practitioner,
                        reason="Wrong person",
                        expected_version=talk.version,
                    )
            elif kind == "outcome":
                outcome_create(
                    person=someone,
                    by=practitioner,
                    statement="To get out more",
                    category="seeing_people",
                )
            else:
                outcomes = list(
                    Outcome.objects.current().filter(person__isnull=False).order_by("pk")
                )
                if not outcomes:
                    continue
                outcome = outcomes[index % len(outcomes)]
                if kind == "review":
                    days, close = rest
                    # A closed outcome cannot be reviewed: nothing is written then.
                    with contextlib.suppress(ValidationError):
                        review_record(
                            outcome=outcome,
                            by=practitioner,
                            expected_version=outcome.version,
                            review_fields={
                                "reviewed_on": TODAY - datetime.timedelta(days=abs(days)),
                                "person_rating": 5,
                                "achievement_status": Achievement.IMPROVING,
                                "met_status": Met.PARTLY,
                            },
                            close_outcome=close,
                        )
                elif kind == "outcome_move":
                    to = people[rest[0] % len(people)]
                    if to.pk != outcome.person_id:
                        outcome_move(
                            outcome=outcome,
                            by=practitioner,
                            to_person=to,
                            reason="Filed against the wrong person",
                            expected_version=outcome.version,
                        )
                elif kind == "outcome_edit":
                    days, lifecycle = rest
                    outcome_update(
                        outcome=outcome,
                        by=practitioner,
                        expected_version=outcome.version,
                        next_review_due=TODAY + datetime.timedelta(days=days),
                        lifecycle_status=lifecycle,
                    )
                else:
                    outcome_mark_entered_in_error(
                        outcome=outcome,
                        by=practitioner,
                        reason="Wrong person",
                        expected_version=outcome.version,
                    )
        assert _caseload_differences() == []
        day = TODAY + datetime.timedelta(days=shift)
        for team_ids in ((team.pk,), (other_team.pk,), (team.pk, other_team.pk)):
            assert _shown(team_ids, day) == _counted(team_ids, day)
            # The reviews due page's count, for each key worker and none.
            for worker in (None, practitioner.pk, lead.pk):
                due = Outcome.objects.open().filter(
                    person__team_id__in=team_ids,
                    person__closed_on__isnull=True,
                    next_review_due__lte=day,
                )
                if worker is not None:
                    due = due.filter(person__key_worker_id=worker)
                assert due_count(set(team_ids), until=day, key_worker=worker) == due.count()

        def kept_rows() -> tuple[list, list]:
            # Lists, not sets: a row kept twice (as one of no key worker could be) shows.
            return (
                sorted(
                    CaseloadOutcomes.objects.values_list(
                        "team_id", "key_worker_id", "due", "outcomes"
                    ),
                    key=repr,
                ),
                sorted(
                    CaseloadPeople.objects.values_list(
                        "team_id", "key_worker_id", "people", "last_conversation"
                    ),
                    key=repr,
                ),
            )

        kept = kept_rows()
        counts_rebuild()
        assert kept_rows() == kept
        transaction.set_rollback(True)


def test_the_page_reads_the_kept_rows(client, lead, practitioner, team, person):
    """Deleting the kept rows changes the page; the rebuild restores it."""
    OutcomeFactory(person=person, next_review_due=TODAY - datetime.timedelta(days=2))
    client.force_login(lead)

    def practitioner_figures() -> tuple:
        (row,) = [r for r in team_rows({team.pk}, today=TODAY) if r.worker == practitioner]
        return row.people, row.open_outcomes, row.overdue

    assert practitioner_figures() == (1, 1, 1)
    CaseloadOutcomes.objects.all().delete()
    CaseloadPeople.objects.all().delete()
    assert practitioner_figures() == (0, 0, 0)
    counts_rebuild()
    assert practitioner_figures() == (1, 1, 1)
    assert client.get(reverse("reviews:team")).status_code == 200


def test_a_new_key_worker_takes_the_caseload_at_once(client, lead, practitioner, team, person):
    colleague = UserFactory(first_name="Aileen", last_name="Ross")
    MembershipFactory(user=colleague, team=team)
    OutcomeFactory(person=person, next_review_due=TODAY + datetime.timedelta(days=3))
    person_update(person=person, by=lead, expected_version=person.version, key_worker=colleague)
    rows = {r.worker: r for r in team_rows({team.pk}, today=TODAY)}
    assert (rows[colleague].people, rows[colleague].open_outcomes, rows[colleague].due_soon) == (
        1,
        1,
        1,
    )
    assert (rows[practitioner].people, rows[practitioner].open_outcomes) == (0, 0)


def test_a_closed_record_keeps_its_person_but_not_its_open_outcomes(lead, practitioner, team):
    someone = PersonFactory(team=team, key_worker=practitioner)
    OutcomeFactory(person=someone)
    person_close(person=someone, by=lead, on=TODAY, reason="Moved away", expected_version=1)
    (row,) = [r for r in team_rows({team.pk}, today=TODAY) if r.worker == practitioner]
    assert (row.people, row.open_outcomes) == (1, 0)
