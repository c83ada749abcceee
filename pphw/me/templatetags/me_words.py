"""Plain words for a person reading their own record: no codes, no staff jargon."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format

from outcomes.vocabulary import Achievement, Lifecycle, StepStatus, StepWho

register = template.Library()

OUTCOME_STATUS = {
    Lifecycle.PROPOSED: "Just getting started",
    Lifecycle.ACTIVE: "Working on it",
    Lifecycle.ON_HOLD: "On hold for now",
    Lifecycle.COMPLETED: "Finished",
    Lifecycle.CANCELLED: "Stopped",
}
PROGRESS = {
    Achievement.IN_PROGRESS: "Under way",
    Achievement.IMPROVING: "Getting better",
    Achievement.WORSENING: "Getting harder",
    Achievement.NO_CHANGE: "No change yet",
    Achievement.ACHIEVED: "Achieved",
    Achievement.SUSTAINING: "Keeping it going",
    Achievement.NOT_ACHIEVED: "Not achieved",
    Achievement.NO_PROGRESS: "No progress yet",
    Achievement.NOT_ATTAINABLE: "Not possible for now",
}
STEP_STATUS = {
    StepStatus.PLANNED: "To do",
    StepStatus.IN_PROGRESS: "Started",
    StepStatus.DONE: "Done",
    StepStatus.NOT_GOING_AHEAD: "Not going ahead",
}


@register.filter
def outcome_status_words(outcome) -> str:
    return OUTCOME_STATUS.get(outcome.lifecycle_status, "")


@register.filter
def progress_words(code: str) -> str:
    return PROGRESS.get(code, "")


@register.filter
def step_status_words(step) -> str:
    words = STEP_STATUS.get(step.status, "")
    if step.status == StepStatus.DONE and step.done_on:
        return f"Done on {date_format(step.done_on, 'j F Y')}"
    return words


@register.filter
def who_words(step) -> str:
    """Who is doing a step, said to the person: "You", "Your key worker (Callum)", ..."""
    name = step.who_name.strip()
    if step.who == StepWho.PERSON:
        return "You"
    if step.who == StepWho.PRACTITIONER:
        return f"Your practitioner ({name})" if name else "Your practitioner"
    label = {
        StepWho.FAMILY: "Family or carer",
        StepWho.COMMUNITY: "A community group or service",
        StepWho.OTHER: "Someone else",
    }.get(step.who, "Someone else")
    return f"{label}: {name}" if name else label


@register.filter
def is_mine(step) -> bool:
    return step.who == StepWho.PERSON
