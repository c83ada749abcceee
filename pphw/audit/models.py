"""The record-access log: who looked at which person's record, when and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from pphw.audit.pages import page_label


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of the record-access log."""


class RecordAccessQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The record-access log is append-only: rows cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The record-access log is append-only: rows cannot be removed.")

    # QuerySet.update() is also reached through bulk_update(); refuse it the same way.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The record-access log is append-only: rows cannot be changed.")

    def pseudonymise(self, *, person_id: int, user_id: int | None, pseudonym: str) -> int:
        """The one sanctioned change, made when a person's record is disposed of.

        Their rows keep when, what and by whom, but no longer point to them:
        ``person`` and (for their own looks) ``user`` are emptied and the
        disposal's pseudonym recorded. On PostgreSQL the append-only trigger lets
        exactly this through while ``pphw.disposal`` is set for the transaction.
        Returns how many rows were changed.
        """
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL pphw.disposal = 'on'")
            # QuerySet.update itself, past this class's refusal.
            update = models.QuerySet.update
            changed = update(self.filter(person_id=person_id), person=None, pseudonym=pseudonym)
            if user_id is not None:
                changed += update(self.filter(user_id=user_id), user=None, pseudonym=pseudonym)
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL pphw.disposal = 'off'")
        return changed


class RecordAccess(models.Model):
    """One look at care data: a person's record, a download of it, or a list naming many.

    A *page* or *export* row names the one person whose record it was. A *bulk*
    row (a report page or a download naming several people) names no person:
    it records the team it covered and how many of that team's people were in
    it, so that logging costs one INSERT whatever the number of people. A bulk
    look that covered several teams writes one row per team, in that INSERT.

    Append-only. The application offers no way to change or remove a row; on
    PostgreSQL a trigger also refuses UPDATE and DELETE (migration 0002).
    """

    class Kind(models.TextChoices):
        PAGE = "page", "Page"
        EXPORT = "export", "Download"
        BULK_PAGE = "bulk_page", "Page naming several people"
        BULK_EXPORT = "bulk_export", "Download naming several people"

    ONE_PERSON = (Kind.PAGE, Kind.EXPORT)
    BULK = (Kind.BULK_PAGE, Kind.BULK_EXPORT)

    # Empty only once the person whose own look this was has been disposed of.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="who",
        on_delete=models.PROTECT,
        null=True,
        related_name="record_accesses",
    )
    kind = models.CharField(
        "kind of access", max_length=20, choices=Kind.choices, default=Kind.PAGE
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="whose record",
        on_delete=models.PROTECT,
        related_name="record_accesses",
        null=True,
        blank=True,
    )
    # Set once the record was disposed of: the disposal's reference, where the
    # row pointed to the person (or was their own look) before.
    pseudonym = models.CharField("disposed record", max_length=20, blank=True)
    team = models.ForeignKey(
        "people.Team",
        verbose_name="team covered",
        on_delete=models.PROTECT,
        related_name="bulk_accesses",
        null=True,
        blank=True,
        db_index=False,  # access_team_when_idx serves
    )
    people_count = models.PositiveIntegerField("people in it", null=True, blank=True)
    # A short code from pphw.audit.pages; the codes are not choices on purpose,
    # so that a new page needs no migration of this append-only table.
    page = models.CharField("page or export", max_length=40)
    url_name = models.CharField("address name", max_length=100, blank=True)
    object_pk = models.PositiveBigIntegerField("record number", null=True, blank=True)
    accessed_at = models.DateTimeField("when", default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)

    objects = RecordAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-id"]
        verbose_name = "record access"
        verbose_name_plural = "record accesses"
        indexes = [
            models.Index(fields=["person", "-accessed_at"], name="access_person_when_idx"),
            models.Index(fields=["user", "-accessed_at"], name="access_user_when_idx"),
            models.Index(fields=["team", "-accessed_at"], name="access_team_when_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["page", "export"], team__isnull=True, people_count__isnull=True)
                    & (Q(person__isnull=False) | ~Q(pseudonym=""))
                )
                | Q(
                    kind__in=["bulk_page", "bulk_export"],
                    person__isnull=True,
                    team__isnull=False,
                    people_count__isnull=False,
                ),
                name="access_one_person_or_bulk",
                violation_error_message=(
                    "A look at one record names its person (or, once it was disposed of, "
                    "the disposal); a bulk look names a team and how many people were in it."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.is_bulk:
            whose = f"{self.people_count} people of team {self.team_id}"
        else:
            whose = f"person {self.person_id}"
        return f"{self.user_id} opened {self.page} of {whose} at {self.accessed_at}"

    def save(self, *args, **kwargs):
        # An invariant, not business logic: a stored row is never rewritten.
        if not self._state.adding:
            raise AppendOnlyError("The record-access log is append-only: rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The record-access log is append-only: rows cannot be removed.")

    @property
    def is_bulk(self) -> bool:
        return self.kind in self.BULK

    @property
    def page_label(self) -> str:
        return page_label(self.page)


class ThrottleCount(models.Model):
    """Failed tries at one kind of secret, counted for one account or one address.

    ``key`` is a keyed hash of what is counted (a user's number, an e-mail
    address typed into the reset form, a network address), so that the table
    holds no address that a stranger typed. The rows are working state, not a
    record: they are removed on success and forgotten after the pause.
    """

    scope = models.CharField(max_length=30)
    key = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "throttle count"
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="throttle_scope_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.failures} failures"
