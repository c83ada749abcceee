from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from conversations.models import Conversation
from outcomes.models import RATING_VALIDATORS, Outcome
from outcomes.vocabulary import Achievement, StepWho
from pphw.history import AccountableHistory
from pphw.people.models import Person, Team
from pphw.people.roles import PersonScopedQuerySet


class Met(models.TextChoices):
    FULLY = "fully", "Fully met"
    PARTLY = "partly", "Partly met"
    NOT_YET = "not_yet", "Not yet met"


class Experience(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Progress(models.TextChoices):
    """How the outcome is going, asked once in plain words at a review.

    Each answer stands for a pair of stored codes (see ``PROGRESS_CODES``): the FHIR
    achievement status and whether the outcome is met, so that nobody has to think
    in codes.
    """

    ACHIEVED = "achieved", "Achieved it"
    IMPROVING = "improving", "Getting better"
    SUSTAINING = "sustaining", "Keeping it going"
    NO_CHANGE = "no-change", "No change yet"
    WORSENING = "worsening", "Getting harder"
    NOT_ATTAINABLE = "not-attainable", "Not possible for now"


# FHIR: "sustaining" is a goal met that needs ongoing activity to stay met.
PROGRESS_CODES: dict[str, tuple[str, str]] = {
    Progress.ACHIEVED: (Achievement.ACHIEVED, Met.FULLY),
    Progress.IMPROVING: (Achievement.IMPROVING, Met.PARTLY),
    Progress.SUSTAINING: (Achievement.SUSTAINING, Met.FULLY),
    Progress.NO_CHANGE: (Achievement.NO_CHANGE, Met.NOT_YET),
    Progress.WORSENING: (Achievement.WORSENING, Met.NOT_YET),
    Progress.NOT_ATTAINABLE: (Achievement.NOT_ATTAINABLE, Met.NOT_YET),
}
PROGRESS_HINTS = {
    Progress.ACHIEVED: "the outcome is fully met",
    Progress.IMPROVING: "moving towards it; partly met",
    Progress.SUSTAINING: "met, and kept up with ongoing support",
    Progress.NO_CHANGE: "not yet met",
    Progress.WORSENING: "further away than before; not yet met",
    Progress.NOT_ATTAINABLE: "cannot be reached at present; not yet met",
}


PROCESS_ITEMS = [
    ("listened_to", "Listened to"),
    ("having_a_say", "Having a say"),
    ("treated_with_respect", "Treated with respect"),
    ("responded_to", "Responded to"),
    ("reliability", "Reliability"),
]


def _experience_field(label: str) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Experience.choices, blank=True)


LATEST_NEXT_REVIEW = datetime.date(2199, 12, 31)


class ReviewQuerySet(PersonScopedQuerySet):
    person_path = "outcome__person"

    def current(self) -> ReviewQuerySet:
        """Everything but reviews entered in error."""
        return self.filter(entered_in_error=False)


class Review(models.Model):
    """One review of one outcome at a date."""

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("date of the review", default=timezone.localdate)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="reviewed by",
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    others_present = models.CharField("who took part", max_length=300, blank=True)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    person_rating = models.PositiveSmallIntegerField(
        "the person's rating now (0–10)", validators=RATING_VALIDATORS
    )
    practitioner_rating = models.PositiveSmallIntegerField(
        "practitioner's rating (0–10)", null=True, blank=True, validators=RATING_VALIDATORS
    )
    achievement_status = models.CharField("progress", max_length=20, choices=Achievement.choices)
    met_status = models.CharField("outcome met", max_length=10, choices=Met.choices)
    what_changed = models.TextField("what changed", blank=True)
    what_helped = models.TextField("what helped", blank=True)
    what_got_in_the_way = models.TextField("what got in the way", blank=True)
    what_next = models.TextField("what next", blank=True)
    next_review_due = models.DateField("next review due", null=True, blank=True)
    listened_to = _experience_field("I was listened to")
    having_a_say = _experience_field("I had a say")
    treated_with_respect = _experience_field("I was treated with respect")
    responded_to = _experience_field("I was responded to")
    reliability = _experience_field("Support was reliable")
    feedback_comment = models.TextField("comment on how support felt", blank=True)
    entered_in_error = models.BooleanField("entered in error", default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_rating__gte=0) & Q(person_rating__lte=10),
                name="review_person_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(practitioner_rating__isnull=True) | Q(practitioner_rating__lte=10),
                name="review_practitioner_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(achievement_status__in=Achievement.values),
                name="review_achievement_valid",
            ),
            models.CheckConstraint(condition=Q(met_status__in=Met.values), name="review_met_valid"),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True) | Q(next_review_due__gt=F("reviewed_on")),
                name="review_next_after_review",
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{name}__in": ["", "yes", "partly", "no"]}),
                name=f"review_{name}_valid",
            )
            for name, _ in PROCESS_ITEMS
        ]
        indexes = [
            models.Index(fields=["outcome", "reviewed_on"], name="review_outcome_date_idx"),
            models.Index(fields=["reviewed_on"], name="review_date_idx"),
        ]

    def __str__(self) -> str:
        return f"Review on {date_format(self.reviewed_on, 'j F Y')}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", args=[self.pk])

    def clean(self) -> None:
        """The date rules: not in the future, not before the outcome, next review after it."""
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.reviewed_on:
            if self.reviewed_on > today:
                errors["reviewed_on"] = "The date of the review cannot be in the future."
            elif self.outcome_id and self.reviewed_on < self.outcome_started_on:
                errors["reviewed_on"] = (
                    "The review cannot be dated before the outcome was recorded "
                    f"({date_format(self.outcome_started_on, 'j F Y')})."
                )
        if self.next_review_due and self.reviewed_on and self.next_review_due <= self.reviewed_on:
            errors["next_review_due"] = "The next review must be after the date of this review."
        elif self.next_review_due and self.next_review_due > LATEST_NEXT_REVIEW:
            # Later dates are typing slips, and leave no room to move the review later.
            errors["next_review_due"] = "Enter a date before the year 2200."
        if errors:
            raise ValidationError(errors)

    @property
    def outcome_started_on(self) -> datetime.date:
        return timezone.localdate(self.outcome.created_at)

    @property
    def progress_words(self) -> str:
        """How it was going, in the plain words the review form asks in.

        Reviews recorded before progress was asked once may hold other codes; those
        read as the code's own name.
        """
        return progress_words_for(self.achievement_status)

    @property
    def process_answers(self) -> list[tuple[str, str]]:
        """The person's answers on how support felt, as (question, answer) for those given."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, f"get_{name}_display")())
            for name, _ in PROCESS_ITEMS
            if getattr(self, name)
        ]


class ReviewSummary(models.Model):
    """Each outcome's first and latest current review, kept by the services that write reviews.

    One row per outcome with at least one review not entered in error. The report
    reads the latest rating here rather than finding it among every review;
    ``reviews.summaries`` keeps the rows right and rebuilds them from the reviews.
    """

    outcome = models.OneToOneField(
        Outcome, on_delete=models.CASCADE, primary_key=True, related_name="review_summary"
    )
    reviews = models.PositiveIntegerField("reviews not entered in error")
    first_reviewed_on = models.DateField()
    first_person_rating = models.PositiveSmallIntegerField()
    first_practitioner_rating = models.PositiveSmallIntegerField(null=True)
    latest_reviewed_on = models.DateField()
    latest_person_rating = models.PositiveSmallIntegerField()
    latest_practitioner_rating = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["latest_reviewed_on"], name="review_summary_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"Reviews of outcome {self.outcome_id}"


def progress_words_for(achievement_status: str) -> str:
    """A review's ``progress_words`` from its code alone, for pages that read plain rows."""
    if achievement_status in Progress.values:
        return Progress(achievement_status).label
    labels = dict(Review._meta.get_field("achievement_status").flatchoices)
    return str(labels.get(achievement_status, achievement_status))


# The counts a ``ReportDay`` row keeps, one column each (see reviews.summaries).
EXPERIENCE_COLUMNS = [f"{name}_{answer}" for name, _ in PROCESS_ITEMS for answer in Experience]
RATINGS = range(11)
DAY_COLUMNS = (
    "reviews",
    *EXPERIENCE_COLUMNS,
    *(f"rating_{r}" for r in RATINGS),
    "pair_person_higher",
    "pair_same",
    "pair_practitioner_higher",
    *(f"pair_person_{r}" for r in RATINGS),
    *(f"pair_practitioner_{r}" for r in RATINGS),
    *(f"steps_{who}" for who in StepWho.values),
    "due",
)


class ReportDay(models.Model):
    """What one team's records give the report for one day, kept by the services that write them.

    One row per team and day with something to count: the reviews on that day
    (with the person's experience answers and ratings, and how the person's rating
    compares with the practitioner's where both were given), the small steps done
    on it by who did them, and how many outcomes had a next review set to fall on
    it. Only records not entered in error, of outcomes not entered in error, count,
    each under the team of the outcome's person. Summing the rows of any run of
    days gives the report's figures for that period exactly.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="report_days")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "day"], name="report_day_unique_team_day"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} on {self.day}"


for _column in DAY_COLUMNS:
    ReportDay.add_to_class(_column, models.PositiveIntegerField(default=0))


class ReportOutcomes(models.Model):
    """How many of a team's outcomes are in each category and status today.

    Outcomes entered in error are left out. Kept by the services that write
    outcomes, reviews and people, like ``ReportDay``.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="report_outcomes")
    category = models.CharField(max_length=40)
    lifecycle_status = models.CharField(max_length=20)
    achievement_status = models.CharField(max_length=20)
    outcomes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "category", "lifecycle_status", "achievement_status"],
                name="report_outcomes_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcomes} of team {self.team_id}: {self.category}"


# The change in the person's rating stands for these where there is none.
NO_BASELINE = -100  # the outcome has no starting rating
NOT_REVIEWED = -200  # no rating from the person at the latest review


class ReportDistance(models.Model):
    """Each outcome's change in the person's rating at its latest review, by its team: the
    report's distance travelled for any period ending today, read from these rows alone.

    ``change`` is the person's rating at the latest review less the outcome's
    starting rating (``NO_BASELINE``, ``NOT_REVIEWED`` where there is none);
    ``latest_on`` the day of that review (None for none). One row per outcome
    with a person and not entered in error, kept by the services that write
    outcomes, reviews and people, like ``ReportDay``.
    """

    outcome = models.OneToOneField(
        Outcome, on_delete=models.CASCADE, primary_key=True, related_name="report_distance"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="report_distances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="report_distances")
    latest_on = models.DateField(null=True)
    change = models.SmallIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["team", "latest_on"], include=["change"], name="report_distance_team_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome {self.outcome_id}: {self.change} at {self.latest_on}"


class ReportPerson(models.Model):
    """Each person's latest review and first open outcome, for the report's list of people
    with an open outcome and no review in a period ending today.

    ``latest_on`` is the day of the latest review of any of their outcomes (None
    for none); ``first_open_on`` the day the earliest of their open outcomes was
    recorded (None for none open). One row per person with an outcome not entered
    in error, kept with ``ReportDistance``.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="report_person"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="report_people")
    latest_on = models.DateField(null=True)
    first_open_on = models.DateField(null=True)

    def __str__(self) -> str:
        return (
            f"Person {self.person_id}: reviewed {self.latest_on}, open since {self.first_open_on}"
        )


class CaseloadOutcomes(models.Model):
    """The open outcomes of open records per team, key worker and next review date: what
    the team at a glance (``reviews.team``) counts, for any day, from these rows alone.

    ``key_worker`` is None for people with no key worker yet, ``due`` None for an
    open outcome with no review date. Kept by the services that write outcomes,
    reviews and people, like ``ReportDay`` (``reviews.summaries.caseload_refresh``).
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    # As the person's own key worker: a login removed leaves its people with none.
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due = models.DateField(null=True)
    outcomes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "key_worker", "due"], name="caseload_outcomes_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcomes} of team {self.team_id}, key worker {self.key_worker_id}"


class CaseloadPeople(models.Model):
    """The people per team and key worker, with the day of the latest conversation with
    any of them: the rest of what the team at a glance shows. Kept with
    ``CaseloadOutcomes``, and by the services that write conversations."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    # As the person's own key worker: a login removed leaves its people with none.
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    people = models.PositiveIntegerField()
    last_conversation = models.DateField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "key_worker"], name="caseload_people_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.people} of team {self.team_id}, key worker {self.key_worker_id}"


class ReportVersion(models.Model):
    """A number raised whenever a team's kept figures are worked out again.

    Every service that writes something the report counts works the team's kept
    rows out again in its transaction (``reviews.summaries``), and raises this
    number in the same transaction, so the figures of a team are the same
    whenever its number is. The report keeps its summary per process under the
    numbers of the teams it covers (``reviews.report.Report.summary_inputs``)
    and reads only these to know whether what it kept still holds. The number
    is only ever raised, never set back: a row is written once per team and
    never deleted but with the team.
    """

    team = models.OneToOneField(Team, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Team {self.team_id}, version {self.version}"
