from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from conversations.models import Conversation
from outcomes.vocabulary import (
    CATEGORY_CHOICES,
    CATEGORY_GROUP_OF,
    OPEN_LIFECYCLES,
    OUTCOME_CATEGORY_CODES,
    Achievement,
    Lifecycle,
    StepStatus,
    StepWho,
)
from pphw.community.models import Service
from pphw.history import AccountableHistory
from pphw.people.models import Person
from pphw.people.roles import PersonScopedQuerySet
from pphw.versioning import Versioned

RATING_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]
DEFAULT_REVIEW_INTERVAL_DAYS = 90
DUE_SOON_DAYS = 14


class OutcomeQuerySet(PersonScopedQuerySet):
    def current(self) -> OutcomeQuerySet:
        """Everything but records entered in error."""
        return self.exclude(lifecycle_status=Lifecycle.ENTERED_IN_ERROR)

    def entered_in_error(self) -> OutcomeQuerySet:
        return self.filter(lifecycle_status=Lifecycle.ENTERED_IN_ERROR)

    def open(self) -> OutcomeQuerySet:
        return self.filter(lifecycle_status__in=OPEN_LIFECYCLES)

    def due_for_review(
        self, *, today: datetime.date | None = None, within_days: int = DUE_SOON_DAYS
    ) -> OutcomeQuerySet:
        """Open outcomes whose next review is overdue or due within ``within_days``
        (two weeks unless told), oldest first; ``within_days=-1`` keeps the overdue only.

        A closed record's outcomes are not reviewed any more.
        """
        today = today or timezone.localdate()
        return (
            self.open()
            .filter(person__closed_on__isnull=True)
            .filter(next_review_due__lte=today + datetime.timedelta(days=within_days))
            .order_by("next_review_due", "id")
        )


class Outcome(Versioned):
    """A personal outcome, in the person's own words."""

    # Empty only for an outcome withdrawn from the wrong person's record when
    # the right person is not known (see people.Refiling).
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="outcomes")
    conversation = models.ForeignKey(
        Conversation,
        verbose_name="conversation where it was identified",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    statement = models.TextField(
        "what matters, in the person's own words",
        help_text="Write it as the person said it.",
    )
    why_it_matters = models.TextField("why it matters", blank=True)
    category = models.CharField("Talking Points category", max_length=40, choices=CATEGORY_CHOICES)
    strengths = models.TextField("strengths to build on", blank=True)
    baseline_rating = models.PositiveSmallIntegerField(
        "where are you now (0–10)", null=True, blank=True, validators=RATING_VALIDATORS
    )
    baseline_reason = models.TextField("why that number", blank=True)
    target_rating = models.PositiveSmallIntegerField(
        "where would you like to be (0–10)", null=True, blank=True, validators=RATING_VALIDATORS
    )
    what_could_help = models.TextField("what could help you get there", blank=True)
    lifecycle_status = models.CharField(
        "status", max_length=20, choices=Lifecycle.choices, default=Lifecycle.ACTIVE
    )
    achievement_status = models.CharField(
        "progress", max_length=20, choices=Achievement.choices, default=Achievement.IN_PROGRESS
    )
    review_interval_days = models.PositiveSmallIntegerField(
        "review every (days)",
        default=DEFAULT_REVIEW_INTERVAL_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    next_review_due = models.DateField("next review due", null=True, blank=True)
    entered_in_error_reason = models.TextField("reason entered in error", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["next_review_due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_rating__isnull=True) | Q(baseline_rating__lte=10),
                name="outcome_baseline_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(target_rating__isnull=True) | Q(target_rating__lte=10),
                name="outcome_target_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(lifecycle_status__in=Lifecycle.values),
                name="outcome_lifecycle_valid",
            ),
            models.CheckConstraint(
                condition=Q(achievement_status__in=Achievement.values),
                name="outcome_achievement_valid",
            ),
            models.CheckConstraint(
                condition=Q(category__in=OUTCOME_CATEGORY_CODES), name="outcome_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_interval_days__gte=1), name="outcome_interval_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "lifecycle_status"], name="outcome_person_status_idx"),
            models.Index(
                fields=["next_review_due"],
                name="outcome_review_due_idx",
                condition=Q(lifecycle_status__in=["proposed", "active", "on-hold"]),
            ),
            models.Index(fields=["category"], name="outcome_category_idx"),
            # A team's reviews due, and the overdue flags of a page of people: read
            # from the team's people, so the cost does not grow with other teams.
            models.Index(
                fields=["person", "next_review_due"],
                include=["id"],
                name="outcome_person_due_idx",
                condition=Q(lifecycle_status__in=["proposed", "active", "on-hold"]),
            ),
            # The report counts outcomes recorded by the end of a period from the counts
            # kept per team, less the few recorded since: found by this index.
            models.Index(fields=["created_at"], name="outcome_created_idx"),
        ]

    def __str__(self) -> str:
        return self.statement

    def get_absolute_url(self) -> str:
        return reverse("outcomes:detail", args=[self.pk])

    @property
    def category_group(self) -> str:
        return CATEGORY_GROUP_OF.get(self.category, "")

    @property
    def is_entered_in_error(self) -> bool:
        return self.lifecycle_status == Lifecycle.ENTERED_IN_ERROR

    @property
    def is_open(self) -> bool:
        return self.lifecycle_status in OPEN_LIFECYCLES

    def schedule_next_review(self, from_date: datetime.date | None = None) -> None:
        """Set the next review date one interval after ``from_date`` (default today)."""
        start = from_date or timezone.localdate()
        self.next_review_due = start + datetime.timedelta(days=self.review_interval_days)

    def mark_entered_in_error(self, *, reason: str) -> None:
        self.lifecycle_status = Lifecycle.ENTERED_IN_ERROR
        self.entered_in_error_reason = reason
        self.next_review_due = None


class StepQuerySet(PersonScopedQuerySet):
    person_path = "outcome__person"

    def current(self) -> StepQuerySet:
        return self.filter(entered_in_error=False)

    def unfinished(self) -> StepQuerySet:
        """Current steps still to do: planned or in progress."""
        return self.current().filter(status__in=[StepStatus.PLANNED, StepStatus.IN_PROGRESS])

    def changeable(self) -> StepQuerySet:
        """Steps that can still be changed: neither they nor their outcome entered in error."""
        return self.current().exclude(outcome__lifecycle_status=Lifecycle.ENTERED_IN_ERROR)


class Step(Versioned):
    """A small step towards an outcome."""

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="steps")
    what = models.TextField("what")
    who = models.CharField(
        "who will do it", max_length=20, choices=StepWho.choices, default=StepWho.PERSON
    )
    who_name = models.CharField(
        "their name", max_length=200, blank=True, help_text="For example: Mum, Men's Shed."
    )
    service = models.ForeignKey(
        Service,
        verbose_name="local service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        help_text="A service from the directory of local services, if it is there.",
    )
    due_on = models.DateField("by when", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    done_on = models.DateField("done on", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    added_by_person = models.BooleanField("added by the person", default=False)
    entered_in_error = models.BooleanField("entered in error", default=False)
    entered_in_error_reason = models.TextField("reason entered in error", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StepStatus.values), name="step_status_valid"
            ),
            models.CheckConstraint(condition=Q(who__in=StepWho.values), name="step_who_valid"),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | ~Q(status="done"),
                name="step_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["outcome", "order"], name="step_outcome_order_idx"),
            # The report's counts of steps done per day, worked out again by each write.
            models.Index(fields=["done_on"], condition=Q(status="done"), name="step_done_on_idx"),
        ]

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return reverse("outcomes:detail", args=[self.outcome_id]) + f"#step-{self.pk}"

    def set_status(self, status: str, *, on: datetime.date | None = None) -> None:
        """Move to ``status``; a done step records the date it was done."""
        self.status = status
        if status == StepStatus.DONE:
            self.done_on = on or self.done_on or timezone.localdate()
        else:
            self.done_on = None

    def status_before_done(self) -> str:
        """The status this step had before it was last marked done (planned if none): one query."""
        earlier = (
            self.history.exclude(status=StepStatus.DONE)
            .order_by("-history_date", "-history_id")
            .values_list("status", flat=True)
            .first()
        )
        return earlier or StepStatus.PLANNED

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error or self.outcome.is_entered_in_error

    @property
    def is_the_persons(self) -> bool:
        """The person themselves is doing this step."""
        return self.who == StepWho.PERSON

    def mark_entered_in_error(self, *, reason: str) -> None:
        self.entered_in_error = True
        self.entered_in_error_reason = reason


class ReflectionQuerySet(PersonScopedQuerySet):
    person_path = "outcome__person"

    def current(self) -> ReflectionQuerySet:
        """Notes neither entered in error themselves nor on an outcome entered in error."""
        return self.filter(entered_in_error=False).exclude(
            outcome__lifecycle_status=Lifecycle.ENTERED_IN_ERROR
        )

    def latest_first(self) -> ReflectionQuerySet:
        return self.order_by("-created_at", "-id")


class Reflection(models.Model):
    """A person's own note on how an outcome is going, with an optional rating."""

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="reflections")
    author = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="reflections")
    text = models.TextField("how it is going")
    rating = models.PositiveSmallIntegerField(
        "where are you now (0–10)", null=True, blank=True, validators=RATING_VALIDATORS
    )
    entered_in_error = models.BooleanField("entered in error", default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__lte=10),
                name="reflection_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "-created_at"], name="reflection_outcome_idx")]

    def __str__(self) -> str:
        return self.text
