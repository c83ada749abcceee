"""The Talking Points outcome categories (adults), stored as codes.

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
