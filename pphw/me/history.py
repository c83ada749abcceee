"""The history of a person's own outcomes and small steps, told to them in plain words."""

from __future__ import annotations

from django.core.paginator import Page
from django.utils.formats import date_format

from outcomes.models import Outcome, Step
from outcomes.vocabulary import StepStatus
from pphw.history import HistoryEntry, paginate_merged_history
from pphw.me.templatetags.me_words import OUTCOME_STATUS, PROGRESS
from pphw.people.models import Person

# Bookkeeping, or said already by another sentence of the same change.
UNSAID = {"done_on", "added_by_person", "entered_in_error_reason", "conversation"}
STEP_STATUS_SENTENCES = {
    StepStatus.PLANNED: "{who} marked it as not started yet.",
    StepStatus.IN_PROGRESS: "{who} marked it as started.",
    StepStatus.DONE: "{who} marked it done.",
    StepStatus.NOT_GOING_AHEAD: "{who} marked it as not going ahead.",
}


def _subject(record) -> str:
    if record.instance_type is Step:
        return f"small step \u201c{record.what}\u201d"
    return f"outcome \u201c{record.statement}\u201d"


def _quoted(value: str) -> str:
    return "nothing" if value == "(blank)" else f"\u201c{value}\u201d"


def _rating(value: str) -> str:
    return "no number" if value == "(blank)" else f"{value} out of 10"


def _outcome_sentence(who: str, change, record) -> str:
    new, old = change.new, change.old
    field = change.field
    if field == "statement":
        return f"{who} changed the words of your outcome from {_quoted(old)} to {_quoted(new)}."
    if field == "why_it_matters":
        return f"{who} changed why it matters to you to {_quoted(new)}."
    if field == "strengths":
        return f"{who} changed your strengths to build on to {_quoted(new)}."
    if field == "baseline_rating":
        return f"{who} changed where you started from {_rating(old)} to {_rating(new)}."
    if field == "target_rating":
        return f"{who} changed where you would like to be to {_rating(new)}."
    if field == "lifecycle_status":
        words = OUTCOME_STATUS.get(record.lifecycle_status, new)
        return f"{who} changed where it stands to \u201c{words}\u201d."
    if field == "achievement_status":
        words = PROGRESS.get(record.achievement_status, new)
        return f"{who} noted how it is going as \u201c{words}\u201d."
    if field == "next_review_due":
        if new == "(blank)":
            return f"{who} took away the date of your next review."
        return f"{who} set your next review for {new}."
    if field == "review_interval_days":
        return f"{who} set your reviews to come every {new} days."
    if field == "entered_in_error":
        return f"{who} marked this outcome as recorded by mistake."
    return f"{who} changed \u201c{change.label.lower()}\u201d to {_quoted(new)}."


def _step_sentence(who: str, change, record) -> str:
    new = change.new
    field = change.field
    if field == "status":
        return STEP_STATUS_SENTENCES.get(record.status, f"{who} changed it to {new}.").format(
            who=who
        )
    if field == "what":
        return f"{who} changed the words from {_quoted(change.old)} to {_quoted(new)}."
    if field == "due_on":
        if new == "(blank)":
            return f"{who} took away the date it was due."
        return f"{who} set it to be done by {new}."
    if field == "who":
        return f"{who} changed who is doing it to {new.lower()}."
    if field == "who_name":
        return f"{who} changed the name of who is doing it to {_quoted(new)}."
    if field == "entered_in_error":
        return f"{who} marked this small step as recorded by mistake."
    return f"{who} changed \u201c{change.label.lower()}\u201d to {_quoted(new)}."


def _created_sentence(who: str, record) -> str:
    if record.instance_type is Step:
        due = f", to do by {date_format(record.due_on, 'j F Y')}" if record.due_on else ""
        return f"{who} added the small step \u201c{record.what}\u201d{due}."
    return f"{who} wrote down your outcome \u201c{record.statement}\u201d."


def sentences_for(entry: HistoryEntry) -> list[str]:
    """What one change did, one sentence per thing changed, said to the person."""
    who = "You" if entry.who == "you" else entry.who
    record = entry.record
    if entry.action == "Created":
        return [_created_sentence(who, record)]
    describe = _step_sentence if record.instance_type is Step else _outcome_sentence
    said = [describe(who, c, record) for c in entry.changes if c.field not in UNSAID]
    if not said and any(c.field == "done_on" for c in entry.changes):
        said = [f"{who} changed the day it was done."]
    return said or [f"{who} saved it again, with nothing you can see changed."]


def own_history_page(
    person: Person, page_number, *, per_page: int = 20, for_delegate: bool = False
) -> Page:
    """One page of changes to ``person``'s outcomes and steps, newest first.

    Each entry carries ``sentences``: what changed, said to the person ("You
    marked it done."); the person's own changes read "You", or their name
    when a delegate is reading (``for_delegate``).
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
            entry.who = person.known_as if for_delegate else "you"
        entry.sentences = sentences_for(entry)
    return page
