"""The history of a person's own outcomes and small steps, in plain words."""

from __future__ import annotations

from django.core.paginator import Page

from outcomes.models import Outcome, Step
from pphw.history import paginate_merged_history
from pphw.people.models import Person


def _subject(record) -> str:
    if record.instance_type is Step:
        return f"small step \u201c{record.what}\u201d"
    return f"outcome \u201c{record.statement}\u201d"


def own_history_page(person: Person, page_number, *, per_page: int = 20) -> Page:
    """One page of changes to ``person``'s outcomes and steps, newest first.

    The person's own changes read "You".
    """
    # The outcomes that are theirs now: one moved away from their record takes
    # its history with it, including changes made while it was wrongly here.
    page = paginate_merged_history(
        [
            Outcome.history.filter(id__in=Outcome.objects.filter(person=person).values("pk")),
            Step.history.filter(outcome__person_id=person.pk),
        ],
        page_number,
        per_page=per_page,
        subject=_subject,
        hidden=frozenset({"person"}),
    )
    for entry in page.entries:
        if person.user_id is not None and entry.record.history_user_id == person.user_id:
            entry.who = "you"
    return page
