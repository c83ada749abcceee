"""Talking Points categories and FHIR Goal statuses, stored as codes."""

from django.db import models

# The categories live below the layers that use them (the directory of local
# services tags what it offers with them too); they are re-exported here.
from pphw.talking_points import CATEGORY_CODES as CATEGORY_CODES
from pphw.talking_points import CATEGORY_GROUPS, CHANGE, PROCESS, QUALITY_OF_LIFE
from pphw.talking_points import CATEGORY_LABELS as CATEGORY_LABELS

CATEGORY_CHOICES = CATEGORY_GROUPS
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
