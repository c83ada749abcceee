from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from conversations.forms import BAD_DATE
from outcomes.models import Outcome, Step
from outcomes.vocabulary import (
    ADULT_CATEGORY_GROUPS,
    CARER_CATEGORY_GROUPS,
    Lifecycle,
    StepStatus,
    StepWho,
    category_groups_for,
)
from pphw import bounds
from pphw.bounds import BoundedFormMixin
from pphw.community.forms import FIND, ServicePickerMixin, find_service_field
from pphw.community.models import Service
from pphw.people.forms import DateInput
from pphw.versioning import VersionedFormMixin

RATING_ERROR = "Enter a whole number from 0 to 10."


def rating_field(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": RATING_ERROR,
            "min_value": RATING_ERROR,
            "max_value": RATING_ERROR,
        },
    )


class OutcomeForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """Create or edit a personal outcome.

    The conversation is limited to the person's own current conversations, so a
    tampered id is refused as an invalid choice. Statuses are edited here, but
    "entered in error" has its own action with a required reason.
    """

    text_caps = {
        "statement": bounds.WORDS,
        "why_it_matters": bounds.WORDS,
        "strengths": bounds.WORDS,
        "baseline_reason": bounds.WORDS,
        "what_could_help": bounds.WORDS,
    }

    baseline_rating = rating_field("Where are you now (0–10)?", "0 is the worst, 10 the best.")
    target_rating = rating_field("Where would you like to be (0–10)?")
    review_interval_days = forms.IntegerField(
        label="Review every (days)",
        min_value=1,
        max_value=730,
        initial=90,
        help_text="The next review date is counted from today.",
        error_messages={
            "required": "Enter how often to review, in days (for example 90).",
            "invalid": "Enter a whole number of days from 1 to 730.",
            "min_value": "Enter a whole number of days from 1 to 730.",
            "max_value": "Enter a whole number of days from 1 to 730.",
        },
    )

    class Meta:
        model = Outcome
        fields = [
            "conversation",
            "statement",
            "why_it_matters",
            "category",
            "strengths",
            "baseline_rating",
            "baseline_reason",
            "target_rating",
            "what_could_help",
            "review_interval_days",
            "lifecycle_status",
            "achievement_status",
        ]
        labels = {
            "statement": "What matters, in the person's own words",
            "baseline_reason": "Why that number?",
            "what_could_help": "What could help you get there?",
        }
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "why_it_matters": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "baseline_reason": forms.Textarea(attrs={"rows": 2}),
            "what_could_help": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "statement": {"required": "Write the outcome in the person's own words."},
            "category": {
                "required": "Choose the Talking Points category closest to this outcome.",
                "invalid_choice": "Choose one of the Talking Points categories.",
            },
            "conversation": {"invalid_choice": "Choose one of this person's conversations."},
            "lifecycle_status": {"invalid_choice": "Choose one of the statuses listed."},
            "achievement_status": {"invalid_choice": "Choose one of the progress options listed."},
        }

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        conversation = self.fields["conversation"]
        conversation.queryset = person.conversations.current().order_by("-held_on", "-id")
        conversation.empty_label = "Not linked to a conversation"
        conversation.required = False
        self.fields["category"].choices = [("", "Choose a category"), *self._category_groups()]
        self.fields["lifecycle_status"].choices = [
            choice for choice in Lifecycle.choices if choice[0] != Lifecycle.ENTERED_IN_ERROR
        ]
        if self.instance.pk:
            self.fields[
                "review_interval_days"
            ].help_text = "Changing this moves the next review date by the difference."
        else:
            del self.fields["version"]
            del self.fields["reason"]
            del self.fields["achievement_status"]

    def _category_groups(self) -> list:
        """A carer's record is offered the carers' categories, anyone else's the adults'.

        An outcome recorded before the record was marked (or unmarked) as a carer's
        keeps its category on edit: both lists are offered then.
        """
        groups = category_groups_for(is_carer=self.person.is_carer)
        current = self.instance.category if self.instance.pk else ""
        if current and all(current != code for _, items in groups for code, _ in items):
            return ADULT_CATEGORY_GROUPS + CARER_CATEGORY_GROUPS
        return groups


class StepForm(BoundedFormMixin, ServicePickerMixin, VersionedFormMixin, forms.ModelForm):
    """Add or edit a small step; the status and done date only when editing.

    The local service is chosen with the directory picker (``ServicePickerMixin``):
    a search box and at most a page of matching services, however long the
    directory is.
    """

    picker_field = "service"

    text_caps = {"what": bounds.STEP}

    class Meta:
        model = Step
        fields = ["what", "who", "who_name", "service", "due_on", "status", "done_on"]
        labels = {
            "what": "What is the small step?",
            "who_name": "Their name (optional)",
            "service": "Local service (optional)",
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "who": forms.RadioSelect,
            "due_on": DateInput(),
            "done_on": DateInput(),
            "service": forms.RadioSelect,
        }
        error_messages = {
            "what": {"required": "Say what the small step is."},
            "who": {
                "required": "Choose who will do it.",
                "invalid_choice": "Choose who will do it.",
            },
            "due_on": {"invalid": BAD_DATE},
            "done_on": {"invalid": BAD_DATE},
            "status": {"invalid_choice": "Choose one of the statuses listed."},
            "service": {"invalid_choice": "Choose one of the services listed; find it by name."},
        }

    def __init__(self, *args, link_service: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for name in ("version", "reason", "status", "done_on"):
                del self.fields[name]
        else:
            self.fields["done_on"].help_text = "Only for a done step; left blank, today is used."
        if not link_service:
            # The quick form on the outcome's page links no service: the full form does.
            del self.fields["service"]
            return
        # Confirmed, open services; a step keeps the one it links to even if it has closed.
        linkable = Service.objects.linkable()
        if self.instance.service_id:
            linkable = linkable | Service.objects.filter(pk=self.instance.service_id)
        self.fields[FIND] = find_service_field()
        self.order_fields(["what", "who", "who_name", FIND, "service"])
        self.fields["service"].queryset = linkable
        self.fields["service"].empty_label = "None: not in the directory"
        self.fields["service"].help_text = (
            "For a step with a community or third-sector service: the person sees its "
            "details on their plan. Find it by name above."
        )
        self.setup_picker()

    def clean_done_on(self) -> datetime.date | None:
        done_on = self.cleaned_data.get("done_on")
        if done_on and done_on > timezone.localdate():
            raise forms.ValidationError("The date it was done cannot be in the future.")
        return done_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("service") and cleaned.get("who") != StepWho.COMMUNITY:
            self.add_error(
                "service", "Link a local service only to a step done by a community service."
            )
        if (
            "status" in self.fields
            and cleaned.get("done_on")
            and cleaned.get("status") != StepStatus.DONE
        ):
            self.add_error("done_on", "Leave this blank unless the step is done.")
        if cleaned.get("status") == StepStatus.DONE and not cleaned.get("done_on"):
            # A done step always has a date (a database rule): today, unless given.
            cleaned["done_on"] = timezone.localdate()
        return cleaned


class StepStatusForm(forms.Form):
    """The one-click status buttons on the outcome page."""

    version = VersionedFormMixin.base_fields["version"]
    status = forms.ChoiceField(choices=StepStatus.choices)


class StepMoveForm(forms.Form):
    version = VersionedFormMixin.base_fields["version"]
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


def unbound_form_key(form: forms.BaseForm) -> str | None:
    """Every value an unbound form's crispy rendering is made of, or None if it reads rows.

    The outcome's page keeps its quick "add a small step" form rendered per process
    under this key (docs/architecture.md, "Rendered parts kept in memory"), so a
    change to the form's fields, labels or choices gives a new key. A form with a
    choice of rows (a ``ModelChoiceField``) is not kept: its choices are data.
    """
    if form.is_bound:
        return None
    parts = []
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            return None
        bound = form[name]
        parts.append(
            (
                name,
                type(field).__name__,
                type(field.widget).__name__,
                sorted(field.widget.attrs.items()),
                str(bound.label),
                str(field.help_text),
                field.required,
                [(value, str(label)) for value, label in getattr(field, "choices", ())],
                bound.initial,
                bound.auto_id,
            )
        )
    return repr((type(form).__module__, type(form).__qualname__, form.prefix, parts))
