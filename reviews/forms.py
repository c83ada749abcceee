"""The review form (with its step formsets) and the report's filters."""

from __future__ import annotations

import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from outcomes.models import Outcome, Step
from outcomes.vocabulary import CATEGORY_GROUPS, SHORT_GROUP, StepStatus, StepWho
from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.people.forms import DateInput
from pphw.versioning import VersionedFormMixin
from reviews.models import PROCESS_ITEMS, PROGRESS_CODES, PROGRESS_HINTS, Progress, Review
from reviews.report import CARERS_EXCLUDED, CARERS_ONLY

DATE_INVALID = "Enter a real date, for example 26/11/2026."
RATING_ERRORS = {
    "required": "Enter a number from 0 to 10.",
    "invalid": "Enter a whole number from 0 to 10.",
    "min_value": "Enter a number from 0 to 10.",
    "max_value": "Enter a number from 0 to 10.",
}
RATING_ATTRS = {"min": 0, "max": 10, "class": "rating-input"}


def _conversation_label(conversation) -> str:
    return f"{date_format(conversation.held_on, 'j F Y')} ({conversation.get_mode_display()})"


class ReviewForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """A review of one outcome, asked as a conversation; ``version`` is the outcome's.

    Progress is asked once, in plain words (``progress``); ``clean()`` turns the
    answer into the stored achievement status and "outcome met".
    """

    text_caps = {
        "what_changed": bounds.NARRATIVE,
        "what_helped": bounds.NARRATIVE,
        "what_got_in_the_way": bounds.NARRATIVE,
        "what_next": bounds.NARRATIVE,
        "feedback_comment": bounds.NOTE,
    }

    progress = forms.ChoiceField(
        label="How is it going?",
        choices=Progress.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the outcome is going.",
            "invalid_choice": "Choose one of the answers about how it is going.",
        },
    )
    close_outcome = forms.BooleanField(
        label="Close this outcome (mark it completed)",
        required=False,
        help_text="For example when it has been achieved and the person agrees it is done. "
        "No next review is then scheduled.",
    )

    # The fields a practitioner fills in less often: shown folded away.
    MORE_FIELDS = (
        "reviewed_on",
        "others_present",
        "conversation",
        "practitioner_rating",
        "next_review_due",
    )
    FEEDBACK_FIELDS = tuple(name for name, _ in PROCESS_ITEMS) + ("feedback_comment",)

    class Meta:
        model = Review
        fields = [
            "reviewed_on",
            "others_present",
            "conversation",
            "person_rating",
            "practitioner_rating",
            "what_changed",
            "what_helped",
            "what_got_in_the_way",
            "what_next",
            "next_review_due",
            "listened_to",
            "having_a_say",
            "treated_with_respect",
            "responded_to",
            "reliability",
            "feedback_comment",
        ]
        labels = {
            "person_rating": "Where are you now? Their own rating, 0 to 10",
            "practitioner_rating": "Your own rating as practitioner (0 to 10, optional)",
            "what_helped": "What helped?",
            "what_got_in_the_way": "What got in the way?",
            "what_next": "What next?",
            "conversation": "Conversation where the review took place (optional)",
        }
        help_texts = {
            "person_rating": "0 is the worst it could be, 10 the best.",
            "practitioner_rating": "Kept apart from the person's rating.",
            "others_present": "For example: daughter, peer worker.",
            "next_review_due": "Leave blank to use the outcome's review interval.",
        }
        widgets = {
            "reviewed_on": DateInput(),
            "next_review_due": DateInput(),
            "person_rating": forms.NumberInput(attrs=RATING_ATTRS),
            "practitioner_rating": forms.NumberInput(attrs=RATING_ATTRS),
            "what_changed": forms.Textarea(attrs={"rows": 3}),
            "what_helped": forms.Textarea(attrs={"rows": 3}),
            "what_got_in_the_way": forms.Textarea(attrs={"rows": 3}),
            "what_next": forms.Textarea(attrs={"rows": 3}),
            "feedback_comment": forms.Textarea(attrs={"rows": 2}),
            "listened_to": forms.RadioSelect,
            "having_a_say": forms.RadioSelect,
            "treated_with_respect": forms.RadioSelect,
            "responded_to": forms.RadioSelect,
            "reliability": forms.RadioSelect,
        }
        error_messages = {
            "reviewed_on": {"required": "Enter the date of the review.", "invalid": DATE_INVALID},
            "next_review_due": {"invalid": DATE_INVALID},
            "person_rating": RATING_ERRORS,
            "practitioner_rating": RATING_ERRORS,
            "conversation": {"invalid_choice": "Choose one of this person's conversations."},
        }

    def __init__(self, *args, outcome: Outcome, **kwargs):
        kwargs.setdefault("instance", Review(outcome=outcome))
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        del self.fields["reason"]
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.update(
                version=outcome.version,
                reviewed_on=today,
                next_review_due=today + datetime.timedelta(days=outcome.review_interval_days),
            )
        self.fields["what_changed"].label = f"What changed, in {outcome.person.known_as}'s words?"
        conversations = self.fields["conversation"]
        conversations.queryset = outcome.person.conversations.current().order_by("-held_on", "-id")
        conversations.empty_label = "Not part of a recorded conversation"
        conversations.label_from_instance = _conversation_label
        for name, _ in PROCESS_ITEMS:
            choices = [c for c in self.fields[name].choices if c[0]]
            self.fields[name].choices = [("", "Not asked")] + choices

    def clean(self):
        cleaned = super().clean()
        progress = cleaned.get("progress")
        if progress:
            achievement, met = PROGRESS_CODES[progress]
            self.instance.achievement_status = achievement
            self.instance.met_status = met
        if cleaned.get("close_outcome"):
            # A closed outcome has no next review.
            cleaned["next_review_due"] = None
            self.instance.next_review_due = None
            self.errors.pop("next_review_due", None)
        return cleaned

    def review_fields(self) -> dict:
        """The fields of the review to record, with progress as its stored codes."""
        fields = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"progress", "close_outcome", "version"}
        }
        achievement, met = PROGRESS_CODES[self.cleaned_data["progress"]]
        return {**fields, "achievement_status": achievement, "met_status": met}

    @property
    def progress_options(self) -> list[dict]:
        """The progress answers with their meanings, for the template to lay out."""
        chosen = self["progress"].value()
        return [
            {
                "value": value,
                "label": label,
                "hint": PROGRESS_HINTS[value],
                "id": f"{self['progress'].auto_id}_{index}",
                "checked": chosen == value,
            }
            for index, (value, label) in enumerate(Progress.choices)
        ]

    def section_has_errors(self, names) -> bool:
        return any(self.errors.get(name) for name in names)

    @property
    def more_has_errors(self) -> bool:
        return self.section_has_errors(self.MORE_FIELDS)

    @property
    def feedback_has_errors(self) -> bool:
        return self.section_has_errors(self.FEEDBACK_FIELDS)


class StepUpdateForm(forms.Form):
    """What happened to one open small step since the last review."""

    KEEP = ""
    CHOICES = [
        (KEEP, "No change"),
        (StepStatus.IN_PROGRESS, "In progress"),
        (StepStatus.DONE, "Done"),
        (StepStatus.NOT_GOING_AHEAD, "Not going ahead"),
    ]

    step = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(
        choices=CHOICES, required=False, widget=forms.RadioSelect, label="What happened"
    )


class BaseStepUpdateFormSet(forms.BaseFormSet):
    """One form per open step of the outcome; ids outside it are refused."""

    def __init__(self, *args, steps: list[Step], **kwargs):
        self.steps = {step.pk: step for step in steps}
        kwargs.setdefault(
            "initial", [{"step": s.pk, "version": s.version, "status": ""} for s in steps]
        )
        super().__init__(*args, **kwargs)
        for form, step in zip(self.forms, steps, strict=False):
            form.fields["status"].label = f"What happened to “{step.what}”"
            form.step_obj = step

    def clean(self):
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            step_id = form.cleaned_data.get("step")
            if step_id not in self.steps or step_id in seen:
                raise forms.ValidationError(
                    "The list of small steps was changed in transit; please reload the page."
                )
            seen.add(step_id)

    def updates(self) -> list[tuple[Step, int, str]]:
        """(step, version the form was built from, new status) for each changed step."""
        return [
            (self.steps[form.cleaned_data["step"]], form.cleaned_data["version"], status)
            for form in self.forms
            if (status := form.cleaned_data.get("status"))
        ]


def step_update_formset(data=None, *, steps: list[Step]) -> BaseStepUpdateFormSet:
    formset_class = forms.formset_factory(
        StepUpdateForm,
        formset=BaseStepUpdateFormSet,
        extra=0,
        max_num=len(steps),
        validate_max=True,
        absolute_max=max(len(steps), 1),
    )
    return formset_class(data, steps=steps, prefix="steps")


class NewStepForm(BoundedFormMixin, forms.Form):
    """A new small step agreed at the review; a blank row is ignored."""

    what = forms.CharField(
        label="New small step",
        max_length=bounds.STEP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    who = forms.ChoiceField(label="Who will do it", choices=StepWho.choices, initial=StepWho.PERSON)
    who_name = forms.CharField(label="Their name (optional)", max_length=200, required=False)
    due_on = forms.DateField(
        label="By when (optional)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_INVALID},
    )

    def clean_what(self) -> str:
        # Only a row with something in it reaches here (blank extra rows are skipped),
        # so an empty description means a half-filled row.
        what = self.cleaned_data["what"].strip()
        if not what:
            raise forms.ValidationError("Describe the small step, or clear this row.")
        return what


NewStepFormSet = forms.formset_factory(
    NewStepForm, extra=2, max_num=10, validate_max=True, absolute_max=10
)


def new_step_formset(data=None) -> forms.BaseFormSet:
    return NewStepFormSet(data, prefix="new_steps")


# --- the reviews-due filters -------------------------------------------------------

DUE_WINDOWS = [
    (-1, "Overdue only"),
    (7, "Overdue or due in the next 7 days"),
    (14, "Overdue or due in the next 14 days"),
    (28, "Overdue or due in the next 4 weeks"),
    (90, "Overdue or due in the next 90 days"),
]


class ReviewsDueFilterForm(BoundedFormMixin, forms.Form):
    """The filters of "Reviews due", from the query string."""

    key_worker = forms.TypedChoiceField(
        label="Key worker",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a member of your teams."},
    )
    within = forms.TypedChoiceField(
        label="When",
        choices=DUE_WINDOWS,
        coerce=int,
        required=False,
        empty_value=14,
        initial=14,
        error_messages={"invalid_choice": "Choose one of the periods listed."},
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_worker"].choices = [("", "Anyone")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in colleagues
        ]

    def selects(self) -> list[dict]:
        """Each filter as its select shows it, in order (reviews/due.html).

        The page renders them as plain HTML rather than through crispy, which was a
        third of its rendering. The option shown as chosen is the one in the query
        string, or the field's initial value when the query string has none.
        """
        shown = []
        for name in self.fields:
            bound = self[name]
            if self.is_bound and bound.html_name in self.data:
                chosen = self.data.get(bound.html_name)
            else:
                chosen = self.get_initial_for_field(bound.field, name)
            chosen = "" if chosen is None else str(chosen)
            shown.append(
                {
                    "id": bound.auto_id,
                    "name": bound.html_name,
                    "label": bound.label,
                    "errors": bound.errors,
                    "options": [
                        (str(value), label, str(value) == chosen)
                        for value, label in bound.field.choices
                    ],
                }
            )
        return shown


# --- the report's filters ----------------------------------------------------------


def category_filter_choices() -> list:
    groups = [(f"group:{SHORT_GROUP[name]}", f"All of “{name}”") for name, _ in CATEGORY_GROUPS]
    return [("", "All categories"), ("Category groups", groups)] + [
        (name, list(items)) for name, items in CATEGORY_GROUPS
    ]


class PlainSelect(forms.Select):
    """A select written out in Python rather than through the template engine.

    The HTML is that of Django's ``select.html`` and ``select_option.html`` (the
    same elements, attributes and text, all escaped); a template per option was
    most of the time of drawing the report's filters.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, group_choices, _ in widget["optgroups"]:
            if group_name:
                parts.append(format_html('  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '  <option value="{}"{}>{}</option>',
                    str(option["value"]),
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in group_choices
            )
            if group_name:
                parts.append("  </optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped above


class ReportFilterForm(BoundedFormMixin, forms.Form):
    """The team lead report's filters, from the query string."""

    team = forms.TypedChoiceField(
        label="Team",
        required=False,
        widget=PlainSelect,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the teams you lead."},
    )
    practitioner = forms.TypedChoiceField(
        label="Key worker",
        required=False,
        widget=PlainSelect,
        coerce=int,
        empty_value=None,
        help_text="People whose key worker is this practitioner.",
        error_messages={"invalid_choice": "Choose a member of the teams you lead."},
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_INVALID},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_INVALID},
    )
    category = forms.ChoiceField(
        label="Outcome category",
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": "Choose one of the Talking Points categories."},
    )
    carers = forms.ChoiceField(
        label="Carers",
        required=False,
        widget=PlainSelect,
        choices=[
            ("", "All people"),
            (CARERS_ONLY, "Carers only (their own outcomes)"),
            (CARERS_EXCLUDED, "Excluding carers"),
        ],
        help_text="Carers with their own record: their outcomes apart from the people "
        "they care for.",
        error_messages={"invalid_choice": "Choose one of the options listed."},
    )

    def __init__(self, *args, teams, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All my teams")] + [(t.pk, t.name) for t in teams]
        self.fields["practitioner"].choices = [("", "Anyone")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in practitioners
        ]
        self.fields["category"].choices = category_filter_choices()

    # The order the filters are shown in (the error summary keeps the fields' order).
    SHOWN = ("team", "practitioner", "category", "date_from", "date_to", "carers")

    def shown_fields(self) -> list[tuple[forms.BoundField, str]]:
        """Each filter in the order shown, with its control's HTML in Bootstrap's classes.

        Rendered by a plain template (``reviews/report.html``) rather than crispy
        forms, for speed; the HTML is the same: Django adds ``aria-invalid`` and
        ``aria-describedby`` (help text, then error) to each control.
        """
        shown = []
        for name in self.SHOWN:
            field = self[name]
            if isinstance(field.field.widget, forms.Select):
                css = "select form-select"
            else:
                css = "dateinput form-control"
            if field.errors:
                css += " is-invalid"
            shown.append((field, field.as_widget(attrs={"class": css})))
        return shown

    def rendered_key(self) -> str:
        """Every value the filters' HTML is drawn from, as text: each filter's choices,
        the value it shows and its errors, and the errors of the whole form. The
        page keeps the drawn filters per process under it (reviews/report.html)."""
        return repr(
            (
                [
                    (
                        name,
                        getattr(self.fields[name], "choices", None),
                        self[name].value(),
                        self.errors.get(name),
                    )
                    for name in self.SHOWN
                ],
                self.non_field_errors(),
            )
        )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        date_to = cleaned.get("date_to") or today
        date_from = cleaned.get("date_from") or date_to - datetime.timedelta(days=364)
        if "date_to" in cleaned:
            cleaned["date_to"] = date_to
        if "date_from" in cleaned:
            cleaned["date_from"] = date_from
        if "date_from" in cleaned and "date_to" in cleaned and date_from > date_to:
            self.add_error("date_to", "The end of the period must be on or after its start.")
        # Show the dates in use in the From and To boxes, defaults included.
        data = self.data.copy()
        for name in ("date_from", "date_to"):
            if name in cleaned and not data.get(name):
                data[name] = cleaned[name].isoformat()
        self.data = data
        return cleaned

    def described(self) -> list[tuple[str, str]]:
        """The filters in use, in words (for the printed summary); call after ``is_valid``."""
        described = []
        for name in ("team", "practitioner", "category"):
            field = self.fields[name]
            value = self.cleaned_data.get(name)
            chosen = dict(_flat_choices(field.choices)).get(
                "" if value is None else value, str(value)
            )
            described.append((str(field.label), str(chosen)))
        return described


def _flat_choices(choices) -> list[tuple]:
    """Choices with their groups opened out."""
    flat = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat += list(label)
        else:
            flat.append((value, label))
    return flat
