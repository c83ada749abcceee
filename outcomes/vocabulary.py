"""Talking Points categories and FHIR Goal statuses, stored as codes."""

from django.db import models

# The categories live below the layers that use them (the directory of local
# services tags what it offers from the same lists); they are re-exported here.
from pphw import talking_points as tp
from pphw.talking_points import CARER_CATEGORY_CODES as CARER_CATEGORY_CODES
from pphw.talking_points import CARER_CATEGORY_GROUPS as CARER_CATEGORY_GROUPS
from pphw.talking_points import CATEGORY_CODES as ADULT_CATEGORY_CODES
from pphw.talking_points import CATEGORY_GROUPS as ADULT_CATEGORY_GROUPS
from pphw.talking_points import CHANGE as CHANGE
from pphw.talking_points import PROCESS as PROCESS
from pphw.talking_points import QUALITY_OF_LIFE as QUALITY_OF_LIFE

# The adults' codes, for what picks a category for someone who is not a carer.
CATEGORY_CODES = ADULT_CATEGORY_CODES
# Every category an outcome may have: the adults' list, then the carers'.
CATEGORY_GROUPS = tp.EVERY_CATEGORY_GROUPS
OUTCOME_CATEGORY_CODES = tp.EVERY_CATEGORY_CODES
CATEGORY_LABELS = tp.EVERY_CATEGORY_LABELS
CATEGORY_CHOICES = CATEGORY_GROUPS
CATEGORY_GROUP_OF = {code: group for group, items in CATEGORY_GROUPS for code, _ in items}
SHORT_GROUP = {
    QUALITY_OF_LIFE: "quality_of_life",
    PROCESS: "process",
    CHANGE: "change",
    tp.CARER_QUALITY_OF_LIFE_CARED_FOR: "carer_cared_for",
    tp.CARER_QUALITY_OF_LIFE: "carer_quality_of_life",
    tp.CARER_MANAGING: "carer_managing",
    tp.CARER_PROCESS: "carer_process",
}


def category_groups_for(*, is_carer: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """The categories offered for an outcome of a carer's record, or of anyone else's."""
    return CARER_CATEGORY_GROUPS if is_carer else ADULT_CATEGORY_GROUPS


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
