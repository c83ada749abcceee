from __future__ import annotations

from django import template

from pphw.audit.queries import looks_shown_to, role_label, with_role_in_team

register = template.Library()


@register.inclusion_tag("audit/_who_looked.html")
def who_looked(person, limit: int = 5) -> dict:
    """The latest looks at ``person``'s record, for the person's own pages (one query)."""
    accesses = with_role_in_team(looks_shown_to(person).select_related("user", "person__team"))
    rows = list(accesses[: limit + 1])
    for row in rows:
        row.role_label = role_label(row)
    return {"accesses": rows[:limit], "has_more": len(rows) > limit, "person": person}
