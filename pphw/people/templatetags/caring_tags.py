"""The caring relationships section of a person's record, and of a carer's support plan."""

from __future__ import annotations

from django import template

from pphw.people.caring import relationships_for

register = template.Library()


@register.inclusion_tag("people/_caring.html", takes_context=True)
def caring_relationships(context, person) -> dict:
    """Whom the person cares for and who cares for them: two queries."""
    user = context["request"].user
    return {"person": person, "rows": relationships_for(user, person)}


@register.inclusion_tag("people/_caring_situation.html", takes_context=True)
def caring_situation(context, person) -> dict:
    """The carer's current caring situation, in their words, for the support plan."""
    user = context["request"].user
    rows = [r for r in relationships_for(user, person, current_only=True) if r.is_carer_side]
    return {"person": person, "rows": rows}
