"""Forms of the directory: search, suggest or correct a service, import a file."""

from __future__ import annotations

import datetime
import functools

from django import forms
from django.forms.utils import ErrorDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from pphw import bounds
from pphw.bounds import BoundedFormMixin, cap_text
from pphw.community.models import POSTCODE_RE, Service, normalise_postcode
from pphw.community.places import resolve_place
from pphw.people.forms import DateInput
from pphw.talking_points import EVERY_CATEGORY_GROUPS
from pphw.versioning import VersionedFormMixin

BAD_DATE = "Enter a real date, for example 26/11/2026."
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _category_choices() -> list:
    return [(group, items) for group, items in EVERY_CATEGORY_GROUPS]


RADIUS_CHOICES = [(1, "1 mile"), (2, "2 miles"), (5, "5 miles"), (10, "10 miles"), (25, "25 miles")]
DEFAULT_RADIUS = 5
CATEGORY_SEARCH_CHOICES = [("", "Any")] + _category_choices()


def _options(choices, selected) -> SafeString:
    """``<option>`` elements (in ``<optgroup>`` for grouped choices), ``selected`` on the one
    whose value is ``selected`` (a string; ``None`` selects none)."""

    def option(value, label) -> SafeString:
        if str(value) == selected:
            return format_html('<option value="{}" selected>{}</option>', value, label)
        return format_html('<option value="{}">{}</option>', value, label)

    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            inner = mark_safe("".join(option(code, name) for code, name in label))  # noqa: S308
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', value, inner))
        else:
            parts.append(option(value, label))
    return mark_safe("".join(parts))  # noqa: S308 (each part is built by format_html)


@functools.cache
def _search_options() -> dict[str, dict[str | None, SafeString]]:
    """The search form's options, rendered once per process for every value that can be
    selected: the categories and distances are fixed lists (talking_points, RADIUS_CHOICES),
    so only the chosen value differs from one request to the next."""

    def flat(choices):
        for value, label in choices:
            if isinstance(label, list | tuple):
                yield from (code for code, _ in label)
            else:
                yield value

    return {
        name: {
            selected: _options(choices, selected)
            for selected in [None, *(str(value) for value in flat(choices))]
        }
        for name, choices in (("category", CATEGORY_SEARCH_CHOICES), ("radius", RADIUS_CHOICES))
    }


class ServiceSearchForm(BoundedFormMixin, forms.Form):
    q = forms.CharField(label="Words", required=False, max_length=100)
    category = forms.ChoiceField(
        label="Helps with", required=False, choices=CATEGORY_SEARCH_CHOICES
    )
    area = forms.CharField(
        label="Area or postcode district",
        required=False,
        max_length=40,
        help_text="For example: Leith, or EH6.",
    )
    near = forms.CharField(
        label="Near a postcode or place",
        required=False,
        max_length=60,
        help_text="For example: IV3 8AD, IV3 or Dingwall. Nearest first.",
    )
    radius = forms.TypedChoiceField(
        label="Within",
        required=False,
        coerce=int,
        empty_value=DEFAULT_RADIUS,
        choices=RADIUS_CHOICES,
        error_messages={"invalid_choice": "Choose one of the distances listed."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].error_messages["invalid_choice"] = "Choose one of the listed."
        self.point = None

    def category_options(self) -> SafeString:
        """The category select's options, the value typed (if one of them) selected."""
        value = self["category"].value()
        known = _search_options()["category"]
        return known.get(value if isinstance(value, str) else None, known[None])

    def radius_options(self) -> SafeString:
        """The distance select's options: the value typed, else the default, selected."""
        value = self["radius"].value()
        known = _search_options()["radius"]
        if not value:
            return known[str(DEFAULT_RADIUS)]
        return known.get(str(value), known[None])

    def clean_near(self) -> str:
        near = " ".join(self.cleaned_data.get("near", "").split())
        if near:
            self.point = resolve_place(near)
            if self.point is None:
                raise forms.ValidationError(
                    f"\u201c{near}\u201d is not a place the directory knows. Try a full "
                    "postcode, a postcode district such as IV3, or a town where a listed "
                    "service is."
                )
        return near


PICKER_LIMIT = 20
FIND = "find_service"


class ServicePickerMixin(forms.BaseForm):
    """Choose local services from a directory of any size, without JavaScript.

    The form's ``picker_field`` (a ``ModelChoiceField`` or
    ``ModelMultipleChoiceField`` whose queryset is every service that may be
    chosen) offers only the services already chosen and at most
    ``PICKER_LIMIT`` services matching the words in the "find a local service"
    box, never the whole directory. Its "Find services" button (``name="find"``)
    posts the form back to its page: the form is then in *searching* mode, not
    validated and not saved, and comes back with everything typed kept and the
    matches listed to tick. Validation still checks a chosen id against the full
    queryset in one query, so a tampered id is refused.
    """

    picker_field = "services"

    def setup_picker(self) -> None:
        """Call at the end of ``__init__``, once the picker field's queryset is set."""
        field = self.fields[self.picker_field]
        words = ""
        chosen: list[int] = []
        if self.is_bound:
            typed = str(self.data.get(self.add_prefix(FIND)) or "")[:100]
            # Read before validation: only printable characters reach the search.
            words = " ".join("".join(ch for ch in typed if ch.isprintable()).split())
            raw = (
                self.data.getlist(self.add_prefix(self.picker_field))
                if hasattr(self.data, "getlist")
                else [self.data.get(self.add_prefix(self.picker_field))]
            )
            chosen = [int(value) for value in raw if str(value or "").isdigit()][:PICKER_LIMIT]
        else:
            initial = self.get_initial_for_field(field, self.picker_field)
            if initial:
                values = initial if isinstance(initial, list | tuple) else [initial]
                chosen = [getattr(value, "pk", value) for value in values]
        offered = list(
            field.queryset.filter(pk__in=chosen).select_related("organisation").order_by("name")
            if chosen
            else []
        )
        self.picker_words = words
        self.picker_found: int | None = None
        if words:
            matches = (
                field.queryset.search(words)
                .exclude(pk__in=chosen)
                .select_related("organisation")
                .order_by("name", "id")
            )
            shown = list(matches[:PICKER_LIMIT])
            self.picker_found = len(shown) if len(shown) < PICKER_LIMIT else matches.count()
            offered += shown
        choices = [(service.pk, picker_label(service)) for service in offered]
        if not isinstance(field, forms.ModelMultipleChoiceField):
            choices.insert(0, ("", field.empty_label or "None"))
        field.widget.choices = choices

    @property
    def searching(self) -> bool:
        """Posted by the "Find services" button: show matches, validate and save nothing."""
        return self.is_bound and self.data.get("find") == "service"

    @property
    def picker_message(self) -> str:
        """What the search found, said once in a status message."""
        if self.picker_found is None:
            return ""
        words = f"\u201c{self.picker_words}\u201d"
        if self.picker_found == 0:
            return f"No open, confirmed service matches {words}. Try other words."
        if self.picker_found > PICKER_LIMIT:
            return (
                f"{self.picker_found:,} services match {words}; the first {PICKER_LIMIT} are "
                "listed. Add words to narrow the search."
            )
        plural = "service matches" if self.picker_found == 1 else "services match"
        return f"{self.picker_found} {plural} {words}: tick the ones to link."

    def full_clean(self) -> None:
        if self.searching:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.searching and super().is_valid()

    def model_fields(self) -> dict:
        """The cleaned values to save: without the search box (and version and reason)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"version", "reason", FIND} and name in self.fields
        }


def picker_label(service: Service) -> str:
    if service.organisation_id and service.organisation.name != service.name:
        return f"{service.name} ({service.organisation.name})"
    return service.name


def find_service_field() -> forms.CharField:
    """The picker's search box (added after the form's bounds were applied: capped here)."""
    field = forms.CharField(
        label="Find a local service",
        required=False,
        max_length=100,
        help_text="Type words such as \u201cwalk\u201d and press \u201cFind services\u201d: "
        "matching services from the directory are listed to tick. Nothing is saved yet.",
    )
    cap_text(field, bounds.NAME)
    return field


class ServiceForm(BoundedFormMixin, VersionedFormMixin, forms.ModelForm):
    """Suggest or correct a service and its main place; leads also confirm it."""

    organisation_name = forms.CharField(
        label="Organisation (optional)", required=False, max_length=200
    )
    categories = forms.MultipleChoiceField(
        label="What it helps with",
        required=False,
        choices=_category_choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The Talking Points outcomes it can help people with.",
    )
    place_name = forms.CharField(label="Place (optional)", required=False, max_length=200)
    address = forms.CharField(label="Address", required=False, max_length=300)
    locality = forms.CharField(label="Town or area", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    latitude = forms.DecimalField(
        label="Latitude (optional)",
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label="Longitude (optional)",
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    web = forms.URLField(
        label="Web address",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, for example https://example.org."},
    )
    confirmed = forms.BooleanField(
        label="Confirmed: the details have been checked",
        required=False,
        help_text="Only confirmed, open services can be linked to small steps.",
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "who_for",
            "tags",
            "opening_times",
            "phone",
            "email",
            "web",
            "accessibility",
            "cost",
            "how_to_get_there",
            "last_checked_on",
            "status",
        ]
        labels = {"name": "Name of the service or group", "description": "What it is"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "how_to_get_there": forms.Textarea(attrs={"rows": 2}),
            "last_checked_on": DateInput(),
            "status": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": "Give the service's name."},
            "email": {"invalid": "Enter an e-mail address, for example info@example.org."},
            "last_checked_on": {"invalid": BAD_DATE},
            "status": {"invalid_choice": "Choose open or closed."},
        }

    field_order = ["name", "organisation_name", "description", "categories", "who_for", "tags"]

    def __init__(self, *args, can_confirm: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        service = self.instance
        if service.pk:
            if not self.is_bound:
                self.initial["categories"] = service.category_codes
                self.initial["organisation_name"] = (
                    service.organisation.name if service.organisation_id else ""
                )
                self.initial["confirmed"] = service.confirmed
                place = service.locations.order_by("id").first()
                if place is not None:
                    self.initial.update(
                        place_name=place.name,
                        address=place.address,
                        locality=place.locality,
                        postcode=place.postcode,
                        latitude=place.latitude,
                        longitude=place.longitude,
                    )
        else:
            for name in ("version", "reason", "status"):
                del self.fields[name]
        if not (can_confirm and service.pk):
            del self.fields["confirmed"]

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data.get("postcode", ""))
        if postcode and not POSTCODE_RE.match(postcode):
            raise forms.ValidationError("Enter a UK postcode, for example EH11 2AB.")
        return postcode

    def clean_last_checked_on(self) -> datetime.date | None:
        value = self.cleaned_data.get("last_checked_on")
        if value and not 1900 <= value.year <= 2199:
            raise forms.ValidationError("Enter a date between 1900 and 2199.")
        return value

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not all(ch.isdigit() or ch in " +()-" for ch in phone):
            raise forms.ValidationError("Use digits and spaces only, for example 01632 960123.")
        return phone

    def service_fields(self) -> dict:
        """Keyword arguments for ``service_suggest`` / ``service_update``."""
        data = self.model_fields()
        location = {
            "name": data.pop("place_name", ""),
            "address": data.pop("address", ""),
            "locality": data.pop("locality", ""),
            "postcode": data.pop("postcode", ""),
            "latitude": data.pop("latitude", None),
            "longitude": data.pop("longitude", None),
        }
        data["location"] = location
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        help_text="A JSON file from the ALISS service listing, or a CSV file with the "
        "documented header. At most 5 MB.",
        error_messages={
            "required": "Choose a file to import.",
            "empty": "The file is empty.",
            "invalid": "Choose a file to import.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                "The file is too large: at most 5 MB can be imported at once. "
                "Split it into smaller files."
            )
        return upload
