"""The history of an outcome together with the history of its small steps."""

from __future__ import annotations

from django.core.paginator import Page
from django.utils.text import Truncator

from outcomes.models import Outcome, Step
from pphw.history import paginate_merged_history


def _subject(record) -> str:
    if record.instance_type is Step:
        return f"small step \u201c{Truncator(record.what).chars(80)}\u201d"
    return "outcome"


def outcome_history_page(outcome: Outcome, page_number, *, per_page: int = 20) -> Page:
    """One page of changes to ``outcome`` and its steps, newest first."""
    return paginate_merged_history(
        [outcome.history.all(), Step.history.filter(outcome_id=outcome.pk)],
        page_number,
        per_page=per_page,
        subject=_subject,
    )
