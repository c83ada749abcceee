"""A small, deliberately built data set whose report figures are worked out by hand.

The period runs from FROM to TO; outcomes are recorded before it starts.
"""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

from outcomes.vocabulary import Achievement, Lifecycle, StepStatus, StepWho
from pphw.versioning import save_versioned
from reviews.report import Filters
from tests.factories import OutcomeFactory, PersonFactory, ReviewFactory, StepFactory

TODAY = timezone.localdate()
FROM = TODAY - datetime.timedelta(days=180)
TO = TODAY - datetime.timedelta(days=30)
RECORDED = timezone.now() - datetime.timedelta(days=200)


def day(start: datetime.date, offset: int) -> datetime.date:
    return start + datetime.timedelta(days=offset)


def build(team, other_team, practitioner, person) -> dict:
    """Returns the outcomes by name; see the comments for each one's part in the figures."""
    second = PersonFactory(team=team, given_name="Euan", family_name="Ross")
    elsewhere = PersonFactory(team=other_team)
    later = timezone.now() + datetime.timedelta(days=60)

    def outcome(name, who=person, **kwargs):
        kwargs.setdefault("created_at", RECORDED)
        kwargs.setdefault("next_review_due", day(TODAY, 60))
        kwargs.setdefault("statement", f"Outcome {name}")
        return OutcomeFactory(person=who, **kwargs)

    def review(o, on, rating, **kwargs):
        kwargs.setdefault("what_changed", f"Story of {o.statement} on {on.isoformat()}")
        return ReviewFactory(
            outcome=o, reviewed_on=on, person_rating=rating, reviewed_by=practitioner, **kwargs
        )

    o = {}
    # Distance travelled: baseline 3 unless said; the latest review in the period counts.
    o["o1"] = outcome("o1", category="staying_well", baseline_rating=3)
    o["o1"].achievement_status = Achievement.IMPROVING
    o["o1"].save()
    review(o["o1"], day(FROM, 10), 9, listened_to="yes")
    review(o["o1"], day(FROM, 20), 6, listened_to="yes")  # latest in period: +3
    review(o["o1"], day(TO, 1), 0, listened_to="no")  # after the period: ignored
    o["o2"] = outcome("o2", category="staying_well", baseline_rating=3)
    review(o["o2"], TO, 5, listened_to="yes", what_changed="The newest story")  # +2, on TO
    o["o3"] = outcome("o3", category="staying_well", baseline_rating=3)
    review(o["o3"], FROM, 4, listened_to="yes")  # +1, on FROM
    o["o4"] = outcome("o4", category="staying_well", baseline_rating=3)
    review(o["o4"], day(FROM, 30), 7, listened_to="yes")  # +4
    review(o["o4"], day(FROM, 40), 1, entered_in_error=True)  # entered in error: ignored
    o["o5"] = outcome("o5", category="staying_well", baseline_rating=3, next_review_due=TO)
    review(o["o5"], day(FROM, 50), 3, listened_to="partly")  # 0
    o["o6"] = outcome(
        "o6",
        category="staying_well",
        baseline_rating=3,
        lifecycle_status=Lifecycle.COMPLETED,
        next_review_due=day(TODAY, -10),
    )
    review(o["o6"], day(FROM, 60), 2, listened_to="partly")  # -1
    o["o13"] = outcome("o13", who=second, category="improved_confidence", baseline_rating=2)
    review(o["o13"], day(FROM, 70), 4, listened_to="yes")  # +2
    o["o14"] = outcome("o14", who=second, category="improved_confidence", baseline_rating=2)
    review(o["o14"], day(FROM, 80), 4)  # +2, no feedback
    # Left out: no starting rating.
    o["o7"] = outcome("o7", category="feeling_safe", baseline_rating=None)
    review(o["o7"], day(FROM, 90), 8)
    # Left out: not reviewed in the period.
    o["o8"] = outcome(
        "o8", category="feeling_safe", baseline_rating=5, next_review_due=day(TODAY, -5)
    )
    o["o9"] = outcome(
        "o9", category="listened_to", baseline_rating=5, next_review_due=day(FROM, 10)
    )
    review(o["o9"], day(FROM, -1), 9)  # before the period
    o["o9"].next_review_due = day(FROM, 20)
    save_versioned(o["o9"], expected_version=1, user=practitioner)
    o["o9"].why_it_matters = "Edited, same due date"
    save_versioned(o["o9"], expected_version=2, user=practitioner)
    # Never counted: entered in error, another team's, recorded after the period.
    o["o10"] = outcome(
        "o10",
        category="staying_well",
        lifecycle_status=Lifecycle.ENTERED_IN_ERROR,
        next_review_due=day(FROM, 5),
    )
    review(o["o10"], day(FROM, 5), 9, listened_to="no")
    o["o11"] = outcome("o11", who=elsewhere, category="staying_well", next_review_due=day(FROM, 5))
    review(o["o11"], day(FROM, 5), 9, listened_to="no")
    o["o12"] = outcome("o12", category="staying_well", created_at=later)

    # Small steps done in the period: the person 5, family 1, community 2 (one on TO).
    for offset in range(5):
        StepFactory(outcome=o["o1"], status=StepStatus.DONE, done_on=day(FROM, offset))
    StepFactory(outcome=o["o2"], who=StepWho.FAMILY, status=StepStatus.DONE, done_on=day(FROM, 3))
    StepFactory(outcome=o["o3"], who=StepWho.COMMUNITY, status=StepStatus.DONE, done_on=TO)
    StepFactory(outcome=o["o3"], who=StepWho.COMMUNITY, status=StepStatus.DONE, done_on=FROM)
    StepFactory(outcome=o["o3"], status=StepStatus.DONE, done_on=day(TO, 1))  # after
    StepFactory(
        outcome=o["o3"], status=StepStatus.DONE, done_on=day(FROM, 2), entered_in_error=True
    )
    StepFactory(outcome=o["o3"], status=StepStatus.IN_PROGRESS)
    StepFactory(outcome=o["o10"], status=StepStatus.DONE, done_on=day(FROM, 2))
    StepFactory(outcome=o["o11"], status=StepStatus.DONE, done_on=day(FROM, 2))
    return o


def filters(team, **kwargs) -> Filters:
    kwargs.setdefault("date_from", FROM)
    kwargs.setdefault("date_to", TO)
    return Filters(team_ids=(team.pk,), **kwargs)


def touch_session(client) -> None:
    """Mark the session as just seen, so a request does not also write it (idle timeout)."""
    from pphw.middleware import IDLE_KEY

    session = client.session
    session[IDLE_KEY] = int(time.time())
    session.save()
