"""Who cares for whom, as a member of staff may be shown it.

A caring relationship links two records, often of different teams. Each record
shows the other as a link only to staff who may see both; anyone else is told
that the other is "a person supported by another team", with no name, number or
link, so that nothing about a record they may not see reaches them. The people
themselves never see it through their own pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from pphw.people.models import CaringRelationship, Person
from pphw.statements import record_rows

HIDDEN = "a person supported by another team"


@dataclass(frozen=True)
class CaringRow:
    caring: CaringRelationship
    # "cares for" on the carer's record, "cared for by" on the other's.
    is_carer_side: bool
    # The other record, or None when the user may not see it.
    other: Person | None
    # The user may see the carer's record, and so change the relationship.
    may_change: bool

    @property
    def other_name(self) -> str:
        return self.other.full_name if self.other is not None else HIDDEN


def relationships_for(user, person: Person, *, current_only: bool = False) -> list[CaringRow]:
    """The caring relationships of ``person`` shown to ``user``.

    The caller has already checked that ``user`` may see ``person``. Most
    records have none: one statement, built once per process
    (``pphw.statements``), finds whether there are any; only then are they read
    with both people and their teams, and which of the others the user may see
    (two more).
    """
    found = record_rows("person-caring", CaringRelationship, _involving, person.pk)
    if not any(ended_on is None or not current_only for (ended_on,) in found):
        return []
    rows = CaringRelationship.objects.involving(person).select_related(
        "carer__team", "cared_for__team"
    )
    if current_only:
        rows = rows.current()
    rows = list(rows)
    others = {r.cared_for_id if r.carer_id == person.pk else r.carer_id for r in rows}
    visible = (
        set(Person.objects.visible_to(user).filter(pk__in=others).values_list("pk", flat=True))
        if others
        else set()
    )
    shown = []
    for r in rows:
        carer_side = r.carer_id == person.pk
        other = r.cared_for if carer_side else r.carer
        shown.append(
            CaringRow(
                caring=r,
                is_carer_side=carer_side,
                other=other if other.pk in visible else None,
                may_change=carer_side or r.carer_id in visible,
            )
        )
    return shown


def _involving(person_id: int) -> QuerySet:
    return CaringRelationship.objects.involving(Person(pk=person_id)).values_list("ended_on")


@dataclass(frozen=True)
class CaringChange:
    when: object
    who: str
    action: str
    is_carer_side: bool
    other_name: str
    relationship: str
    reason: str


CHANGES_SHOWN = 50
ACTIONS = {"+": "Recorded", "~": "Changed", "-": "Removed"}


def caring_changes_for(user, person: Person) -> list[CaringChange]:
    """The newest changes to ``person``'s caring relationships, for their history: two queries.

    The other person is named only when ``user`` may see their record too.
    """
    rows = list(
        CaringRelationship.history.filter(Q(carer_id=person.pk) | Q(cared_for_id=person.pk))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:CHANGES_SHOWN]
    )
    others = {r.cared_for_id if r.carer_id == person.pk else r.carer_id for r in rows}
    shown = Person.objects.visible_to(user).filter(pk__in=others) if others else []
    names = {p.pk: p.full_name for p in shown}
    changes = []
    for r in rows:
        carer_side = r.carer_id == person.pk
        other_id = r.cared_for_id if carer_side else r.carer_id
        action = ACTIONS.get(r.history_type, "Changed")
        if r.history_type == "~" and r.ended_on is not None:
            action = "Ended"
        user_obj = r.history_user
        changes.append(
            CaringChange(
                when=r.history_date,
                who=(user_obj.get_full_name() or user_obj.username) if user_obj else "someone",
                action=action,
                is_carer_side=carer_side,
                other_name=names.get(other_id, HIDDEN),
                relationship=r.relationship,
                reason=r.history_change_reason or "",
            )
        )
    return changes
