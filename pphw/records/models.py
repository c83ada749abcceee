"""A disposal: requested by one lead, approved by another person, then a certificate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class DisposalQuerySet(models.QuerySet):
    def pending(self) -> DisposalQuerySet:
        return self.filter(status=Disposal.Status.REQUESTED)

    def for_teams(self, team_ids) -> DisposalQuerySet:
        return self.filter(team_id__in=team_ids)


class Disposal(models.Model):
    """The disposal of one person's record, from its request to its certificate.

    While it is requested it points to the person. Once approved, the person and
    everything of theirs are removed, and what is left is the certificate: the
    rule, the dates, who requested and who approved it, and how many rows of
    each table were removed. It holds no personal data: the person link is
    emptied and the request's reason (free text, which could name them) is
    cleared.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        DISPOSED = "disposed", "Disposed of"
        CANCELLED = "cancelled", "Cancelled"

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disposals",
    )
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    rule = models.CharField("retention rule", max_length=200)
    closed_on = models.DateField("record closed on")
    due_on = models.DateField("due for disposal on")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("reason for the request", max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="approved or cancelled by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rows_removed = models.JSONField("rows removed, by table", default=dict, blank=True)

    objects = DisposalQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        permissions = [("approve_disposal", "Can approve the disposal of a record")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="disposal_two_people",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="requested"),
                name="disposal_one_request_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="disposed") | Q(person__isnull=True, reason=""),
                name="disposal_certificate_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return f"Disposal {self.reference}"

    @property
    def reference(self) -> str:
        return f"D-{self.pk:06d}"
