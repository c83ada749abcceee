"""The history of a person's own outcomes and small steps, in plain words."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Value

from outcomes.models import Outcome, Step
from pphw.history import history_entries
from pphw.people.models import Person

OUTCOME, STEP = "outcome", "step"


def _subject(record) -> str:
    if record.instance_type is Step:
        return f"small step \u201c{record.what}\u201d"
    return f"outcome \u201c{record.statement}\u201d"


def own_history_page(person: Person, page_number, *, per_page: int = 20) -> Page:
    """One page of changes to ``person``'s outcomes and steps, newest first.

    The two history tables are merged in the database (a UNION of dates and
    ids), so only the rows of the page are loaded whatever the history's length.
    The person's own changes read "You".
    """
    kind = CharField()
    keys = (
        Outcome.history.filter(person_id=person.pk)
        .order_by()
        .annotate(kind=Value(OUTCOME, output_field=kind))
        .values_list("history_date", "history_id", "kind")
        .union(
            Step.history.filter(outcome__person_id=person.pk)
            .order_by()
            .annotate(kind=Value(STEP, output_field=kind))
            .values_list("history_date", "history_id", "kind"),
            all=True,
        )
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(keys, per_page).get_page(page_number)
    rows = list(page.object_list)
    loaded = {}
    for key, model in ((OUTCOME, Outcome), (STEP, Step)):
        ids = [history_id for _, history_id, k in rows if k == key]
        if ids:
            records = model.history.filter(history_id__in=ids).select_related("history_user")
            loaded.update({(key, record.history_id): record for record in records})
    records = [loaded[(k, history_id)] for _, history_id, k in rows]
    page.entries = history_entries(records, subject=_subject)
    for entry in page.entries:
        if person.user_id is not None and entry.record.history_user_id == person.user_id:
            entry.who = "you"
    return page
