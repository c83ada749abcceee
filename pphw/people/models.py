from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pphw.history import AccountableHistory
from pphw.people.roles import PersonScopedQuerySet
from pphw.people.validators import validate_chi_number
from pphw.versioning import Versioned


class User(AbstractUser):
    """Everyone who signs in: staff, and people who use support."""

    history = AccountableHistory(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    area = models.CharField(max_length=100, blank=True)
    history = AccountableHistory()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        LEAD = "lead", "Team lead"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    history = AccountableHistory()

    class Meta:
        ordering = ["team__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_unique_user_team"),
            models.CheckConstraint(
                condition=Q(role__in=["practitioner", "lead"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.team}"


class PersonQuerySet(PersonScopedQuerySet):
    person_path = ""

    def closed_before(self, day: datetime.date) -> PersonQuerySet:
        """People whose involvement was closed on or before ``day``."""
        return self.filter(closed_on__isnull=False, closed_on__lte=day)

    def search(self, text: str) -> PersonQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        digits = text.replace(" ", "")
        if digits.isdigit():
            return self.filter(chi_number__startswith=digits)
        query = Q()
        for word in text.split()[:5]:
            query &= (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        return self.filter(query)


class Person(Versioned):
    """Someone who uses support and services."""

    given_name = models.CharField("given name", max_length=100)
    family_name = models.CharField("family name", max_length=100)
    preferred_name = models.CharField(
        "preferred name",
        max_length=100,
        blank=True,
        help_text="What they like to be called, if not their given name.",
    )
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    chi_number = models.CharField(
        "CHI number",
        max_length=10,
        blank=True,
        validators=[validate_chi_number],
        help_text="10 digits; the first six are the date of birth (DDMMYY).",
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="people")
    key_worker = models.ForeignKey(
        User,
        verbose_name="key worker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_people",
    )
    communication_needs = models.TextField(
        "communication needs",
        blank=True,
        help_text="For example: large print, BSL interpreter, easy read.",
    )
    user = models.OneToOneField(
        User,
        verbose_name="own login",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_carer = models.BooleanField(
        "this is a carer's own record",
        default=False,
        help_text="An unpaid carer with their own record: their outcomes use the Talking "
        "Points carers' categories, and they can have an adult carer support plan.",
    )
    closed_on = models.DateField("involvement closed on", null=True, blank=True)
    closure_reason = models.TextField("why involvement was closed", blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["chi_number"],
                condition=~Q(chi_number=""),
                name="person_chi_number_unique",
                violation_error_message="Another person already has this CHI number.",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "family_name", "given_name"], name="person_team_name_idx"),
            # The open records of a team, read from the index alone (reviews due).
            models.Index(
                fields=["team", "id"],
                name="person_open_team_idx",
                condition=Q(closed_on__isnull=True),
            ),
            models.Index(fields=["chi_number"], name="person_chi_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.given_name} ({self.preferred_name}) {self.family_name}"
        return f"{self.given_name} {self.family_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.given_name

    @property
    def is_closed(self) -> bool:
        """Involvement has ended: the record is kept, read-only, for its retention period."""
        return self.closed_on is not None

    def close(self, *, on: datetime.date, reason: str) -> None:
        self.closed_on = on
        self.closure_reason = reason

    def reopen(self) -> None:
        self.closed_on = None
        self.closure_reason = ""

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])


class CaringQuerySet(PersonScopedQuerySet):
    """Caring relationships, seen through the carer's record.

    Staff who may see the carer may see (and change) the relationship; whether
    they are also shown the person cared for is decided per row by
    :func:`pphw.people.caring.relationships_for`.
    """

    person_path = "carer"

    def current(self) -> CaringQuerySet:
        return self.filter(ended_on__isnull=True)

    def involving(self, person: Person) -> CaringQuerySet:
        return self.filter(Q(carer=person) | Q(cared_for=person))


class CaringRelationship(Versioned):
    """One person caring for another: both have their own record.

    Ended, never deleted: an ended relationship stays in both records' history.
    """

    carer = models.ForeignKey(
        Person, verbose_name="carer", on_delete=models.PROTECT, related_name="caring_for"
    )
    cared_for = models.ForeignKey(
        Person,
        verbose_name="person cared for",
        on_delete=models.PROTECT,
        related_name="cared_for_by",
    )
    relationship = models.CharField(
        "how they are related",
        max_length=100,
        help_text="In the carer's words: for example wife, son, neighbour, friend.",
    )
    since = models.DateField("caring since", null=True, blank=True)
    care_given = models.TextField(
        "how much care, in the carer's words",
        max_length=2000,
        help_text="What the carer does and how often, and how caring affects their own life.",
    )
    ended_on = models.DateField("ended on", null=True, blank=True)
    end_reason = models.TextField("why it ended", blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    objects = CaringQuerySet.as_manager()

    class Meta:
        ordering = ["ended_on", "-since", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(carer=models.F("cared_for")), name="caring_not_oneself"
            ),
            models.UniqueConstraint(
                fields=["carer", "cared_for"],
                condition=Q(ended_on__isnull=True),
                name="caring_one_current_per_pair",
                violation_error_message="This carer already cares for this person.",
            ),
        ]
        indexes = [
            models.Index(fields=["carer", "ended_on"], name="caring_carer_idx"),
            models.Index(fields=["cared_for", "ended_on"], name="caring_cared_for_idx"),
        ]

    def __str__(self) -> str:
        return f"caring relationship #{self.pk}"

    @property
    def has_ended(self) -> bool:
        return self.ended_on is not None

    def end(self, *, on: datetime.date, reason: str) -> None:
        self.ended_on = on
        self.end_reason = reason


class Refiling(models.Model):
    """A conversation or outcome recorded against the wrong person, moved or withdrawn.

    One row per correction, never changed: the accountable trace on both
    records (who moved what, from whom, to whom, when and why) that staff see
    in each person's history, without the entry's content. ``to_person`` is
    empty when the entry was withdrawn because the right person is not known.
    ``hidden_looks`` are the record-access rows of ``from_person`` that were
    looks at the entry, so that the person it was wrongly filed against is not
    shown them.
    """

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", "conversation"
        OUTCOME = "outcome", "outcome"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    record_id = models.PositiveBigIntegerField("record number")
    from_person = models.ForeignKey(
        Person,
        verbose_name="recorded by mistake against",
        on_delete=models.PROTECT,
        related_name="refiled_away",
    )
    to_person = models.ForeignKey(
        Person,
        verbose_name="moved to",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refiled_here",
    )
    by = models.ForeignKey(User, verbose_name="by", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("when", default=timezone.now)
    reason = models.TextField("why", max_length=2000)
    hidden_looks = models.ManyToManyField("audit.RecordAccess", related_name="+", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["conversation", "outcome"]), name="refiling_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(from_person=models.F("to_person")), name="refiling_to_another_person"
            ),
        ]
        indexes = [
            models.Index(fields=["from_person", "-at"], name="refiling_from_idx"),
            models.Index(fields=["to_person", "-at"], name="refiling_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.record_id} refiled"

    @property
    def withdrawn(self) -> bool:
        return self.to_person_id is None


class DelegationQuerySet(PersonScopedQuerySet):
    person_path = "person"

    def active(self, today: datetime.date | None = None) -> DelegationQuerySet:
        """Access that lasts today: not ended, not past its end or review date, login active."""
        today = today or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            Q(review_due__isnull=True) | Q(review_due__gte=today),
            ended_at__isnull=True,
            delegate__is_active=True,
        )


class Delegation(models.Model):
    """Access to a person's record given to someone else: a delegate.

    Either the person invited someone they trust from their own pages
    (``INVITED``), or staff recorded a legal authority (a power of attorney or
    a guardianship under the Adults with Incapacity (Scotland) Act 2000) whose
    holder has access of the recorded scope (``LEGAL``). The access lasts
    until it is ended, or until its end date or review date has passed. Rows
    are never deleted: ending one records when, by whom and why.
    """

    class Kind(models.TextChoices):
        INVITED = "invited", "invited by the person"
        LEGAL = "legal", "legal authority"

    class Scope(models.TextChoices):
        SEE = "see", "see my plan"
        HELP = "help", "see and help with my plan"

    class Authority(models.TextChoices):
        POWER_OF_ATTORNEY = "power_of_attorney", "Power of attorney"
        GUARDIANSHIP = "guardianship", "Guardianship (Adults with Incapacity (Scotland) Act 2000)"
        OTHER = "other", "Other legal authority"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="delegations")
    delegate = models.ForeignKey(
        User, verbose_name="delegate", on_delete=models.PROTECT, related_name="delegations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INVITED)
    relationship = models.CharField(
        "relationship, in words",
        max_length=100,
        help_text="As pphw says it to them: “her friend”, “his daughter”, “their attorney”.",
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.SEE)
    since = models.DateTimeField("since", default=timezone.now)
    ends_on = models.DateField("ends on", null=True, blank=True)
    given_by = models.ForeignKey(
        User, verbose_name="given by", on_delete=models.PROTECT, related_name="+"
    )
    authority = models.CharField(
        "type of legal authority", max_length=30, choices=Authority.choices, blank=True
    )
    reference = models.CharField("reference", max_length=100, blank=True)
    document_date = models.DateField("date of the document", null=True, blank=True)
    review_due = models.DateField("review date", null=True, blank=True)
    evidence = models.TextField("evidence seen", blank=True, max_length=2000)
    ended_at = models.DateTimeField("ended at", null=True, blank=True)
    ended_by = models.ForeignKey(
        User,
        verbose_name="ended by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.TextField("why it was ended", blank=True, max_length=2000)
    history = AccountableHistory()

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["-since", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["invited", "legal"]), name="delegation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(scope__in=["see", "help"]), name="delegation_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="invited") | ~Q(authority=""),
                name="delegation_legal_has_authority",
            ),
        ]
        indexes = [
            models.Index(fields=["delegate", "ended_at"], name="delegation_delegate_idx"),
            models.Index(fields=["person", "ended_at"], name="delegation_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} for {self.person}, as {self.relationship}"

    @property
    def may_help(self) -> bool:
        return self.scope == self.Scope.HELP

    @property
    def is_legal(self) -> bool:
        return self.kind == self.Kind.LEGAL

    def is_active(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.ended_at is None
            and (self.ends_on is None or self.ends_on >= today)
            and (self.review_due is None or self.review_due >= today)
        )

    def end(self, *, by: User, reason: str) -> None:
        self.ended_at = timezone.now()
        self.ended_by = by
        self.end_reason = reason
