"""The Talking Points outcome categories, stored as codes: the adults' list and the carers'.

``CATEGORY_GROUPS`` is the adults' list (what a local service helps with is
tagged from it too); ``CARER_CATEGORY_GROUPS`` is the list for unpaid carers
with their own record, from the Talking Points outcomes important to carers
(see ``docs/vocabulary.md`` for the source).

They sit at the bottom of the layers because both the care record (an
outcome's category) and the directory of local services (what a service helps
with) use them.
"""

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

CATEGORY_CODES = [code for _, items in CATEGORY_GROUPS for code, _ in items]
CATEGORY_LABELS = {code: label for _, items in CATEGORY_GROUPS for code, label in items}

CARER_QUALITY_OF_LIFE_CARED_FOR = "Carer: quality of life of the person cared for"
CARER_QUALITY_OF_LIFE = "Carer: quality of life for the carer"
CARER_MANAGING = "Carer: managing the caring role"
CARER_PROCESS = "Carer: process (how support is experienced)"

# The carers' list keeps the source's order and wording; the codes start with
# "carer_" so that they never collide with the adults'.
CARER_CATEGORY_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        CARER_QUALITY_OF_LIFE_CARED_FOR,
        [("carer_cared_for_quality_of_life", "Quality of life for the person cared for")],
    ),
    (
        CARER_QUALITY_OF_LIFE,
        [
            ("carer_health_wellbeing", "Maintaining health and wellbeing"),
            ("carer_life_of_own", "A life of their own"),
            ("carer_relationship", "Positive relationship with the person cared for"),
            ("carer_financial", "Freedom from financial hardship"),
        ],
    ),
    (
        CARER_MANAGING,
        [
            ("carer_choices", "Choices in caring, including the limits of caring"),
            ("carer_informed", "Feeling informed, skilled and equipped"),
            ("carer_satisfaction", "Satisfaction in caring"),
            ("carer_partnership", "Partnership with services"),
        ],
    ),
    (
        CARER_PROCESS,
        [
            ("carer_valued", "Valued, respected and expertise recognised"),
            ("carer_having_a_say", "Having a say in services"),
            ("carer_responsive", "Flexible and responsive to changing needs"),
            ("carer_practitioners", "Positive relationship with practitioners"),
            ("carer_accessible", "Accessible, available and free at the point of need"),
        ],
    ),
]

CARER_CATEGORY_CODES = [code for _, items in CARER_CATEGORY_GROUPS for code, _ in items]
CARER_CATEGORY_LABELS = {code: label for _, items in CARER_CATEGORY_GROUPS for code, label in items}

# Every category: the adults' list, then the carers'. An outcome takes one of the list
# that fits its record; a local service may be tagged from both, so that the report's
# gap list can name carers' categories the directory does not yet serve.
EVERY_CATEGORY_GROUPS = CATEGORY_GROUPS + CARER_CATEGORY_GROUPS
EVERY_CATEGORY_CODES = CATEGORY_CODES + CARER_CATEGORY_CODES
EVERY_CATEGORY_LABELS = {**CATEGORY_LABELS, **CARER_CATEGORY_LABELS}
