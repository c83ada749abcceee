"""Tags every page uses through ``base.html``."""

from __future__ import annotations

from django import forms, template
from django.utils.functional import LazyObject, empty

register = template.Library()


def _has_errors(value) -> bool:
    # Only forms the view has already validated: asking an unvalidated form for its
    # errors would validate it here, with queries the page did not plan for. A form
    # made only when needed (a lazy object not yet made) has none, and stays unmade.
    if isinstance(value, LazyObject) and value._wrapped is empty:
        return False
    if isinstance(value, forms.BaseForm):
        return value.is_bound and value._errors is not None and bool(value._errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and value._errors is not None and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """``"Error: "`` when a form on the page came back with errors, for the page title.

    Screen reader users hear the title first, so a failed submit says so at once
    (GOV.UK's pattern), whatever the form is called in the view's context.
    """
    return "Error: " if any(_has_errors(value) for value in context.flatten().values()) else ""
