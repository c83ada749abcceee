"""Which rows of the record-access log a user may read."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pphw.audit.models import RecordAccess
from pphw.people.models import Delegation, Membership, Person, Refiling


def looks_shown_to(person: Person) -> QuerySet[RecordAccess]:
    """The looks at ``person``'s record that they are shown, in one query.

    Looks at an entry recorded against them by mistake, and since moved to the
    right person or withdrawn, are left out: they were looks at someone else's
    record.
    """
    hidden = Refiling.hidden_looks.through.objects.filter(refiling__from_person=person)
    return RecordAccess.objects.filter(person=person).exclude(
        pk__in=hidden.values("recordaccess_id")
    )


def accesses_for_teams(team_ids) -> QuerySet[RecordAccess]:
    """Looks at the records of people in the teams ``team_ids``, and bulk looks covering them."""
    return RecordAccess.objects.filter(Q(person__team_id__in=team_ids) | Q(team_id__in=team_ids))


def with_role_in_team(accesses: QuerySet[RecordAccess]) -> QuerySet[RecordAccess]:
    """Annotate the viewer's current role in the team looked at, in the same query.

    The team is the person's for a look at one record, the team covered for a bulk look.
    """
    role = Membership.objects.filter(
        user_id=OuterRef("user_id"),
        team_id=Coalesce(OuterRef("person__team_id"), OuterRef("team_id")),
    )
    delegate = Delegation.objects.filter(
        delegate_id=OuterRef("user_id"), person_id=OuterRef("person_id")
    ).order_by("-since")
    return accesses.annotate(
        viewer_role=Subquery(role.values("role")[:1]),
        delegate_as=Subquery(delegate.values("relationship")[:1]),
    )


def filter_accesses(
    accesses: QuerySet[RecordAccess],
    *,
    person: str = "",
    staff=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[RecordAccess]:
    if person:
        accesses = accesses.filter(person__in=Person.objects.search(person).values("pk"))
    if staff is not None:
        accesses = accesses.filter(user=staff)
    zone = timezone.get_current_timezone()
    if date_from:
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
        accesses = accesses.filter(accessed_at__gte=start)
    if date_to and date_to < datetime.date.max:
        end = datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        accesses = accesses.filter(accessed_at__lt=end)
    return accesses


ROLE_LABELS = dict(Membership.Role.choices)


def role_label(access: RecordAccess) -> str:
    """The viewer's role in the team looked at; the rows need ``person`` loaded."""
    person = access.person
    if person is not None and person.user_id is not None and access.user_id == person.user_id:
        return "The person themselves"
    delegate_as = getattr(access, "delegate_as", None)
    if delegate_as:
        return f"Someone the person trusts: {delegate_as}"
    role = getattr(access, "viewer_role", None)
    if role is None:
        return "No longer in the team"
    return ROLE_LABELS.get(role, role)
