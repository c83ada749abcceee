"""Talking Points categories and FHIR Goal statuses, stored as codes."""

from django.db import models

QUALITY_OF_LIFE = "Quality of life"
PROCESS = "Process (how support is experienced)"
CHANGE = "Change"

CATEGORY_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        QUALITY_OF_LIFE,
        [
            ("feeling_safe", "Feeling safe"),
            ("things_to_do", "Having things to do"),
            ("seeing_people", "Seeing people"),
            ("staying_well", "Staying as well as you can"),
            ("living_as_you_want", "Living where you want / as you want"),
            ("dealing_with_stigma", "Dealing with stigma or discrimination"),
        ],
    ),
    (
        PROCESS,
        [
            ("listened_to", "Listened to"),
            ("having_a_say", "Having a say"),
            ("treated_with_respect", "Treated with respect"),
            ("responded_to", "Responded to"),
            ("reliability", "Reliability"),
        ],
    ),
    (
        CHANGE,
        [
            ("improved_confidence", "Improved confidence or morale"),
            ("improved_skills", "Improved skills"),
            ("improved_mobility", "Improved mobility"),
            ("reduced_symptoms", "Reduced symptoms"),
        ],
    ),
]

CATEGORY_CHOICES = CATEGORY_GROUPS
CATEGORY_CODES = [code for _, items in CATEGORY_GROUPS for code, _ in items]
CATEGORY_LABELS = {code: label for _, items in CATEGORY_GROUPS for code, label in items}
CATEGORY_GROUP_OF = {code: group for group, items in CATEGORY_GROUPS for code, _ in items}
SHORT_GROUP = {QUALITY_OF_LIFE: "quality_of_life", PROCESS: "process", CHANGE: "change"}


class Lifecycle(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    ON_HOLD = "on-hold", "On hold"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    ENTERED_IN_ERROR = "entered-in-error", "Entered in error"


OPEN_LIFECYCLES = [Lifecycle.PROPOSED, Lifecycle.ACTIVE, Lifecycle.ON_HOLD]
CLOSED_LIFECYCLES = [Lifecycle.COMPLETED, Lifecycle.CANCELLED]


class Achievement(models.TextChoices):
    IN_PROGRESS = "in-progress", "In progress"
    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no-change", "No change"
    ACHIEVED = "achieved", "Achieved"
    SUSTAINING = "sustaining", "Sustaining"
    NOT_ACHIEVED = "not-achieved", "Not achieved"
    NO_PROGRESS = "no-progress", "No progress"
    NOT_ATTAINABLE = "not-attainable", "Not attainable"


class StepStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_GOING_AHEAD = "not_going_ahead", "Not going ahead"


class StepWho(models.TextChoices):
    PERSON = "person", "The person"
    FAMILY = "family", "Family or carer"
    PRACTITIONER = "practitioner", "Practitioner"
    COMMUNITY = "community", "Community or third sector"
    OTHER = "other", "Other"
