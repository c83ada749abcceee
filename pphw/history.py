"""Plain-words change history built on django-simple-history's ``diff_against``.

Field labels instead of column names, choice labels instead of codes, names
instead of ids: what a practitioner or a person can read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords


class AccountableHistory(HistoricalRecords):
    """django-simple-history's ``HistoricalRecords``, whose "changed by" cannot be emptied.

    simple-history's ``history_user`` is ``on_delete=SET_NULL``: deleting a user
    would leave every change they made saying it was made by no one. Here it is
    ``PROTECT``, so a user who appears in any history cannot be deleted at all
    (they are deactivated instead). simple-history offers no option for it, so
    this takes the field it builds and changes that one thing.
    """

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        user = fields.get("history_user")
        if isinstance(user, models.ForeignKey):
            user.remote_field.on_delete = models.PROTECT
        return fields

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        # Kept so that ``save_with_relations`` can write one history row itself.
        if not getattr(sender._meta, "abstract", False) and not hasattr(sender, "_history_records"):
            sender._history_records = self


def save_with_relations(instance: models.Model, relations: dict) -> None:
    """Save ``instance`` and set its many-to-many ``relations`` as ONE history row.

    simple-history would write a row for the save and another for each change of
    a many-to-many field; here the relations are set first (or, for a new record,
    straight after its first save, unrecorded) and one row, carrying the acting
    user, the reason and the relations as they now are, is written last.
    """
    created = instance.pk is None
    instance.skip_history_when_saving = True
    try:
        if created:
            instance.save()
        for name, values in relations.items():
            getattr(instance, name).set(values)
        if not created:
            instance.save()
    finally:
        del instance.skip_history_when_saving
    type(instance)._history_records.create_historical_record(instance, "+" if created else "~")


# Bookkeeping that a reader does not need to see.
HIDDEN_FIELDS = {"version", "created_at", "updated_at", "id", "order"}
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: models.Model
    action: str
    who: str
    when: object
    reason: str
    changes: list[Change]
    subject: str = ""


def display_value(model_field: models.Field, value, names: dict | None = None) -> str:
    """A stored value as a person would read it.

    ``names`` maps (related model, pk) to the name of a related object, when the
    caller has looked them up together (see ``related_names``).
    """
    if value is None or value == "":
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        return date_format(value, "j F Y, H:i")
    if isinstance(model_field, models.DateField):
        return date_format(value, "j F Y")
    if isinstance(model_field, models.ForeignKey):
        if names is not None and (model_field.related_model, value) in names:
            return names[(model_field.related_model, value)]
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(removed #{value})"
    return str(value)


def _field_of(record: models.Model, name: str) -> models.Field:
    return record.instance_type._meta.get_field(name)


def describe_changes(
    new_record, old_record, names: dict | None = None, *, hidden: frozenset[str] = frozenset()
) -> list[Change]:
    """The changes from ``old_record`` to ``new_record`` (two historical records)."""
    m2m = {field.name for field in getattr(new_record, "_history_m2m_fields", ())}
    delta = new_record.diff_against(old_record, excluded_fields=HIDDEN_FIELDS | hidden | m2m)
    changes = []
    for change in delta.changes:
        model_field = _field_of(new_record, change.field)
        changes.append(
            Change(
                field=change.field,
                label=str(model_field.verbose_name).capitalize(),
                old=display_value(model_field, change.old, names),
                new=display_value(model_field, change.new, names),
            )
        )
    return changes


def describe_creation(
    record, names: dict | None = None, *, hidden: frozenset[str] = frozenset()
) -> list[Change]:
    changes = []
    for model_field in record.instance_type._meta.concrete_fields:
        if model_field.name in HIDDEN_FIELDS or model_field.name in hidden:
            continue
        value = getattr(record, model_field.attname)
        if value in (None, ""):
            continue
        changes.append(
            Change(
                field=model_field.name,
                label=str(model_field.verbose_name).capitalize(),
                old="",
                new=display_value(model_field, value, names),
            )
        )
    return changes


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def previous_records(records) -> dict[tuple[type, int], models.Model]:
    """The record before each of ``records`` (as ``prev_record`` gives it), keyed by
    (historical model, history_id): two queries per historical model, however many
    records there are."""
    by_model = defaultdict(list)
    for record in records:
        if record.history_type != "+":
            by_model[type(record)].append(record.history_id)
    previous = {}
    for model, history_ids in by_model.items():
        object_id = model.instance_type._meta.pk.attname
        earlier = model.objects.filter(
            **{object_id: OuterRef(object_id)}, history_date__lt=OuterRef("history_date")
        ).order_by("-history_date", "-history_id")
        pairs = dict(
            model.objects.filter(history_id__in=history_ids)
            .annotate(previous_id=Subquery(earlier.values("history_id")[:1]))
            .values_list("history_id", "previous_id")
        )
        loaded = model.objects.in_bulk([pk for pk in pairs.values() if pk is not None])
        for history_id, previous_id in pairs.items():
            if previous_id is not None:
                previous[(model, history_id)] = loaded[previous_id]
    return previous


def related_names(records) -> dict[tuple[type, object], str]:
    """Names of the objects the records' foreign keys point to: one query per
    related model, however many records there are."""
    wanted = defaultdict(set)
    for record in records:
        for model_field in record.instance_type._meta.concrete_fields:
            if isinstance(model_field, models.ForeignKey) and model_field.name not in HIDDEN_FIELDS:
                value = getattr(record, model_field.attname)
                if value is not None:
                    wanted[model_field.related_model].add(value)
    names = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(pks).items():
            names[(model, pk)] = str(obj)
    return names


def linked_names(records) -> dict[tuple[type, int, str], list[str]]:
    """What each historical record's many-to-many fields held, by name: one query per
    field, however many records there are."""
    by_field = defaultdict(list)
    for record in records:
        for m2m_field in getattr(record, "_history_m2m_fields", ()):
            by_field[(type(record), m2m_field)].append(record.history_id)
    linked = defaultdict(list)
    for (model, m2m_field), history_ids in by_field.items():
        target = m2m_field.m2m_reverse_field_name()
        # On the history model, the field's name gives the manager of its history rows.
        rows = (
            getattr(model, m2m_field.name)
            .model.objects.filter(history_id__in=history_ids)
            .select_related(target)
        )
        for row in rows:
            linked[(model, row.history_id, m2m_field.name)].append(str(getattr(row, target)))
    return {key: sorted(names) for key, names in linked.items()}


def relation_changes(record, previous, linked: dict) -> list[Change]:
    """The changes of ``record``'s many-to-many fields since ``previous`` (or at creation)."""
    changes = []
    for m2m_field in getattr(record, "_history_m2m_fields", ()):
        new = linked.get((type(record), record.history_id, m2m_field.name), [])
        old = (
            linked.get((type(previous), previous.history_id, m2m_field.name), [])
            if previous is not None
            else []
        )
        if new != old and (previous is not None or record.history_type == "+"):
            changes.append(
                Change(
                    field=m2m_field.name,
                    label=str(m2m_field.verbose_name).capitalize(),
                    old="; ".join(old) or "(none)",
                    new="; ".join(new) or "(none)",
                )
            )
    return changes


def history_entries(
    records, *, subject=None, hidden: frozenset[str] = frozenset()
) -> list[HistoryEntry]:
    """Entries for historical records given newest first; ``hidden`` fields are left out.

    The previous records and the names of related objects are fetched together
    (``previous_records``, ``related_names``), so a page of history costs the
    same number of queries however long it is.
    """
    records = list(records)
    previous_of = previous_records(records)
    names = related_names([*records, *previous_of.values()])
    linked = linked_names([*records, *previous_of.values()])
    entries = []
    for record in records:
        previous = previous_of.get((type(record), record.history_id))
        if record.history_type == "+":
            changes = describe_creation(record, names, hidden=hidden)
        else:
            changes = describe_changes(record, previous, names, hidden=hidden) if previous else []
        changes += relation_changes(record, previous, linked)
        entries.append(
            HistoryEntry(
                record=record,
                action=ACTIONS.get(record.history_type, record.history_type),
                who=_who(record),
                when=record.history_date,
                reason=record.history_change_reason or "",
                changes=changes,
                subject=subject(record) if subject else "",
            )
        )
    return entries


def paginate_history(queryset, page_number, *, per_page: int = 20, subject=None) -> Page:
    """A page of history, newest first, with the entries on ``page.entries``."""
    queryset = queryset.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(queryset, per_page).get_page(page_number)
    page.entries = history_entries(page.object_list, subject=subject)
    return page


def paginate_merged_history(
    histories,
    page_number,
    *,
    per_page: int = 20,
    subject=None,
    hidden: frozenset[str] = frozenset(),
) -> Page:
    """A page of several history querysets merged into one list, newest first.

    The tables are merged in the database (a UNION of dates and ids), so only
    the rows of the page shown are loaded, however long the histories are.
    """
    keyed = [
        queryset.order_by()
        .annotate(source=Value(index, output_field=IntegerField()))
        .values_list("history_date", "history_id", "source")
        for index, queryset in enumerate(histories)
    ]
    keys = keyed[0].union(*keyed[1:], all=True).order_by("-history_date", "-history_id")
    page = Paginator(keys, per_page).get_page(page_number)
    rows = list(page.object_list)
    loaded = {}
    for index, queryset in enumerate(histories):
        ids = [history_id for _, history_id, source in rows if source == index]
        if ids:
            records = queryset.filter(history_id__in=ids).select_related("history_user")
            loaded.update({(index, record.history_id): record for record in records})
    page.entries = history_entries(
        [loaded[(source, history_id)] for _, history_id, source in rows],
        subject=subject,
        hidden=hidden,
    )
    return page
