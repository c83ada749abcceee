from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from pphw.community.models import Service
from pphw.history import AccountableHistory
from pphw.people.models import Person
from pphw.people.roles import PersonScopedQuerySet
from pphw.versioning import Versioned


class ConversationQuerySet(PersonScopedQuerySet):
    def current(self) -> ConversationQuerySet:
        return self.filter(entered_in_error=False)


class Conversation(Versioned):
    """A "what matters" conversation with a person."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video"
        OTHER = "other", "Other"

    # Empty only for a conversation withdrawn from the wrong person's record
    # when the right person is not known (see people.Refiling).
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, related_name="conversations"
    )
    held_on = models.DateField("date of the conversation", default=timezone.localdate)
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="practitioner",
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    mode = models.CharField(
        "how it happened", max_length=20, choices=Mode.choices, default=Mode.IN_PERSON
    )
    others_present = models.CharField(
        "who else took part",
        max_length=300,
        blank=True,
        help_text="For example: their daughter, a peer worker.",
    )
    what_matters = models.TextField(
        "what matters to the person, in their own words",
        help_text="Write it as they said it.",
    )
    strengths = models.TextField(
        "strengths and resources",
        blank=True,
        help_text="What is working, who and what helps, community groups they use.",
    )
    services = models.ManyToManyField(
        Service,
        verbose_name="local services they use",
        blank=True,
        related_name="conversations",
        help_text="Groups and services from the directory that the person already uses.",
    )
    practitioner_notes = models.TextField("practitioner's notes", blank=True)
    agreed_with_person = models.BooleanField(
        "the person has seen and agreed this record", default=False
    )
    entered_in_error = models.BooleanField("entered in error", default=False)
    entered_in_error_reason = models.TextField("reason entered in error", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory(m2m_fields=["services"])

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode__in=["in_person", "phone", "video", "other"]),
                name="conversation_mode_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-held_on"], name="conversation_person_date_idx"),
        ]

    def __str__(self) -> str:
        from django.utils.formats import date_format

        return f"Conversation on {date_format(self.held_on, 'j F Y')}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail", args=[self.pk])

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error

    def mark_entered_in_error(self, *, reason: str) -> None:
        self.entered_in_error = True
        self.entered_in_error_reason = reason


class PreparationQuerySet(PersonScopedQuerySet):
    def open(self) -> PreparationQuerySet:
        """Notes not yet talked about in a conversation, the latest first."""
        return self.filter(conversation__isnull=True).order_by("-created_at", "-id")

    def with_last_changed(self) -> PreparationQuerySet:
        """Each note with ``last_changed_at``, when it was last saved, in the same query."""
        # The history model by name: `Preparation.history` makes a new manager class
        # on every access, which is a millisecond of every record page.
        history = self.model._meta.apps.get_model("conversations", "HistoricalPreparation")
        saves = history.objects.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
        return self.annotate(last_changed_at=Subquery(saves.values("history_date")[:1]))


class Preparation(Versioned):
    """What a person would like to talk about before their next conversation (House of Care)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="preparations")
    talk_about = models.TextField("what I would like to talk about", blank=True)
    matters_most = models.TextField("what matters most to me right now", blank=True)
    going_well = models.TextField("what is going well", blank=True)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name="talked about in",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preparations",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = AccountableHistory()

    objects = PreparationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"], name="preparation_person_idx")]

    def __str__(self) -> str:
        return "Preparation for the next conversation"


class LastConversation(models.Model):
    """The date of each person's latest conversation not entered in error.

    Kept by the conversation services in the same transaction (``conversations.
    summaries``), so that the latest conversation per team and key worker kept for
    the team at a glance (``reviews.models.CaseloadPeople``) is worked out from one
    row per person rather than every conversation. No row: no current conversation yet.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="last_conversation"
    )
    held_on = models.DateField("date of the latest conversation")

    def __str__(self) -> str:
        return f"Latest conversation of person {self.person_id}"
