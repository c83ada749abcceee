"""The record-access log: who looked at which person's record, when and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
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
    """One look at a person's record by a member of staff, or one export of it.

    Append-only. The application offers no way to change or remove a row; on
    PostgreSQL a trigger also refuses UPDATE and DELETE (migration 0002).
    """

    # Empty only once the person whose own look this was has been disposed of.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="who",
        on_delete=models.PROTECT,
        null=True,
        related_name="record_accesses",
    )
    # Empty only once the record has been disposed of: ``pseudonym`` then names
    # the disposal, so the looks stay countable without pointing to anyone.
    person = models.ForeignKey(
        "people.Person",
        verbose_name="whose record",
        on_delete=models.PROTECT,
        null=True,
        related_name="record_accesses",
    )
    pseudonym = models.CharField("disposed record", max_length=20, blank=True)
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
