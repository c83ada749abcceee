"""Caps on free text and bounds on dates: the one rule every form follows.

Every free-text field of every form has a maximum length suited to what it
holds, and every date field accepts the years 1900 to 2199 only. Input outside
them is refused with a plain-words message beside the field; nothing is cut
short silently (a long text box carries no ``maxlength``, which a browser
would use to drop the end of pasted words without saying so).

A form lists its caps in ``text_caps`` and takes :class:`BoundedFormMixin`
first among its bases; a free-text field with no cap, from ``text_caps`` or its
own ``max_length``, stops the form being built, so a new field cannot be
forgotten.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxLengthValidator

# Caps, in characters, by what a field holds.
NAME = 100  # a given, family or preferred name; a search box
LINE = 300  # one line: who else took part, someone's name
REASON = 500  # a reason for a change, kept in the history
STEP = 1_000  # a small step
NOTE = 2_000  # a short note: why something was entered in error, a comment
WORDS = 5_000  # the person's own words and what staff write about an outcome
NARRATIVE = 10_000  # a conversation's or a review's story
PASSWORD = 4_096  # longer than any password manager makes; keeps hashing cheap

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
DATE_OUT_OF_RANGE = "Enter a date between the years 1900 and 2199."


def too_long(limit: int, length: int | None = None) -> str:
    """The message for text over its cap."""
    has = f" (it has {length:,})" if length is not None else ""
    return f"This is longer than {limit:,} characters{has}. Please shorten it."


class TextCap(MaxLengthValidator):
    """Refuses text longer than ``limit_value`` characters, in plain words."""

    code = "max_length"

    def __call__(self, value) -> None:
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(too_long(self.limit_value, length), code=self.code)


class DateBounds:
    """Refuses a date before 1900 or after 2199."""

    code = "date_out_of_range"

    def __call__(self, value: datetime.date) -> None:
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(DATE_OUT_OF_RANGE, code=self.code)


def cap_text(field: forms.CharField, limit: int) -> None:
    """Cap ``field`` at ``limit`` characters, with the plain-words message."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(TextCap(limit))
    # A message set for Django's own check would replace ours (same code).
    field.error_messages.pop("max_length", None)
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs.pop("maxlength", None)
    elif not field.widget.is_hidden:
        field.widget.attrs["maxlength"] = str(limit)


def bound_date(field: forms.DateField) -> None:
    """Accept the years 1900 to 2199 only; a date picker offers no others."""
    field.validators = [v for v in field.validators if not isinstance(v, DateBounds)]
    field.validators.append(DateBounds())
    field.widget.attrs.update(min=EARLIEST_DATE.isoformat(), max=LATEST_DATE.isoformat())


def apply_bounds(fields: dict[str, forms.Field], caps: dict[str, int], *, form: str) -> None:
    """Cap every free-text field of ``fields`` and bound every date field."""
    for name, field in fields.items():
        if isinstance(field, forms.DateField):
            bound_date(field)
        elif isinstance(field, forms.CharField):
            limit = caps.get(name, field.max_length)
            if limit is None:
                raise ImproperlyConfigured(
                    f"{form}.{name} is free text with no cap: add it to text_caps."
                )
            cap_text(field, limit)


class BoundedFormMixin:
    """Caps every free-text field and bounds every date field of the form.

    ``text_caps`` gives the cap of each field that has none of its own (a model
    ``TextField``), or a tighter one than its own.
    """

    text_caps: ClassVar[dict[str, int]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_bounds(self.fields, self.text_caps, form=type(self).__name__)
