"""The version guard: no edit silently overwrites another.

Every editable care record carries a ``version`` integer. A form carries the
version it was built from; saving goes through :func:`save_versioned`, which
bumps the version with a conditional UPDATE (``WHERE version = expected``) and
only then saves the instance, so the history row is written once per accepted
edit. Two saves from the same version: the database lets exactly one through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from pphw import bounds
from pphw.history import Change, describe_changes, save_with_relations


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


@dataclass
class VersionConflict(Exception):
    """Raised when a save was made against an older version than the stored one."""

    current: models.Model
    changes: list[Change] = field(default_factory=list)
    changed_by: str = "someone else"
    changed_at: object = None

    def __str__(self) -> str:
        return f"{self.current} was changed by {self.changed_by} since this form was opened."


def _conflict(instance: models.Model, expected_version: int) -> VersionConflict:
    model = type(instance)
    current = model._default_manager.get(pk=instance.pk)
    records = list(
        current.history.filter(version__gte=expected_version).order_by("history_date", "history_id")
    )
    changes: list[Change] = []
    changed_by = "someone else"
    changed_at = None
    if records:
        newest = records[-1]
        changed_at = newest.history_date
        if newest.history_user is not None:
            changed_by = newest.history_user.get_full_name() or newest.history_user.username
        base = records[0] if records[0].version == expected_version else None
        if base is not None and base is not newest:
            changes = describe_changes(newest, base)
    return VersionConflict(
        current=current, changes=changes, changed_by=changed_by, changed_at=changed_at
    )


@transaction.atomic
def save_versioned(
    instance: models.Model,
    *,
    expected_version: int,
    user=None,
    reason: str = "",
    relations: dict | None = None,
) -> models.Model:
    """Save ``instance`` if the stored row is still at ``expected_version``.

    Raises :class:`VersionConflict` (and writes nothing) otherwise. The acting
    user and the reason go into the history row; many-to-many ``relations``
    (field name to the objects it now holds) are set and kept in the same row.
    """
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if updated != 1:
        raise _conflict(instance, expected_version)
    instance.version = expected_version + 1
    if user is not None:
        instance._history_user = user
    instance._change_reason = reason.strip() if reason else None
    if relations:
        save_with_relations(instance, relations)
    else:
        instance.save()
    return instance


KEEP_AND_RETRY = "Your own changes are still below: check them against theirs and save again."


def conflict_message(
    conflict: VersionConflict, *, noun: str = "record", advice: str = KEEP_AND_RETRY
) -> str:
    """Why a change was refused: who changed the record, when, and what they changed.

    The one wording of a version conflict, for forms and one-click actions alike.
    """
    if conflict.changes:
        summary = "; ".join(f"{c.label}: now \u201c{c.new}\u201d" for c in conflict.changes)
    else:
        summary = "see the history for details"
    when = ""
    if conflict.changed_at is not None:
        when = " at " + date_format(timezone.localtime(conflict.changed_at), "j F Y, H:i")
    return (
        f"Not saved: {conflict.changed_by} changed this {noun}{when} after you opened it "
        f"({summary}). {advice}"
    )


class VersionedFormMixin(forms.Form):
    """Adds the hidden version and the optional reason for change to a model form."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "invalid": "This form was damaged in transit; please reload the page and try again.",
            "required": "This form was damaged in transit; please reload the page and try again.",
            "min_value": "This form was damaged in transit; please reload the page and try again.",
        },
    )
    reason = forms.CharField(
        label="Reason for change (optional)",
        required=False,
        max_length=bounds.REASON,
        widget=forms.TextInput,
        help_text="Kept in the history beside this change.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version

    def model_fields(self) -> dict:
        """The cleaned values of the model's own fields, for a ``<thing>_update`` service."""
        skip = {"version", "reason"}
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in skip and name in self.fields
        }

    def refuse_for_conflict(
        self,
        conflict: VersionConflict,
        *,
        noun: str = "record",
        advice: str = KEEP_AND_RETRY,
        point_at_newer: bool = True,
    ) -> None:
        """Keep the user's input and explain why it was refused.

        With ``point_at_newer`` (the conflict is about this form's own record),
        the form takes the newer version, so that saving again is a deliberate
        choice over the other change.
        """
        if point_at_newer:
            data = self.data.copy()
            data["version"] = conflict.current.version
            self.data = data
        self.add_error(None, conflict_message(conflict, noun=noun, advice=advice))
