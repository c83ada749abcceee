"""The record-access log: who looked at which person's record, when and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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


class RecordAccess(models.Model):
    """One look at a person's record by a member of staff, or one export of it.

    Append-only. The application offers no way to change or remove a row; on
    PostgreSQL a trigger also refuses UPDATE and DELETE (migration 0002).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="who",
        on_delete=models.PROTECT,
        related_name="record_accesses",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="whose record",
        on_delete=models.PROTECT,
        related_name="record_accesses",
    )
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
        ]

    def __str__(self) -> str:
        return f"{self.user_id} opened {self.page} of person {self.person_id} at {self.accessed_at}"

    def save(self, *args, **kwargs):
        # An invariant, not business logic: a stored row is never rewritten.
        if not self._state.adding:
            raise AppendOnlyError("The record-access log is append-only: rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The record-access log is append-only: rows cannot be removed.")

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
