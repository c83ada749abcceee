"""The history of an outcome together with the history of its small steps."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Value
from django.utils.text import Truncator

from outcomes.models import Outcome, Step
from pphw.history import history_entries

OUTCOME, STEP = "outcome", "step"


def _subject(record) -> str:
    if record.instance_type is Step:
        return f"small step \u201c{Truncator(record.what).chars(80)}\u201d"
    return "outcome"


def outcome_history_page(outcome: Outcome, page_number, *, per_page: int = 20) -> Page:
    """One page of changes to ``outcome`` and its steps, newest first.

    The two history tables are merged in the database (a UNION of dates and
    ids), so only the rows of the page shown are loaded, whatever the length
    of the history.
    """
    kind = CharField()
    keys = (
        outcome.history.order_by()
        .annotate(kind=Value(OUTCOME, output_field=kind))
        .values_list("history_date", "history_id", "kind")
        .union(
            Step.history.filter(outcome_id=outcome.pk)
            .order_by()
            .annotate(kind=Value(STEP, output_field=kind))
            .values_list("history_date", "history_id", "kind"),
            all=True,
        )
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(keys, per_page).get_page(page_number)
    rows = list(page.object_list)
    wanted = {
        OUTCOME: [history_id for _, history_id, k in rows if k == OUTCOME],
        STEP: [history_id for _, history_id, k in rows if k == STEP],
    }
    loaded = {}
    if wanted[OUTCOME]:
        for record in Outcome.history.filter(history_id__in=wanted[OUTCOME]).select_related(
            "history_user"
        ):
            loaded[(OUTCOME, record.history_id)] = record
    if wanted[STEP]:
        for record in Step.history.filter(history_id__in=wanted[STEP]).select_related(
            "history_user"
        ):
            loaded[(STEP, record.history_id)] = record
    records = [loaded[(k, history_id)] for _, history_id, k in rows]
    page.entries = history_entries(records, subject=_subject)
    return page
