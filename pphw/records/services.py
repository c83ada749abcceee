"""Retention and disposal of closed records.

A closed record is kept for ``RETENTION_YEARS_AFTER_CLOSURE`` years (see
docs/records.md), then it is due for disposal. Disposal takes two people: a
team lead requests it, and a different lead of the team or a records officer
approves it. Approval removes the person and every record of theirs, with
their history, in one transaction, and leaves a certificate with no personal
data.
"""

from __future__ import annotations

import datetime
from collections import Counter

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from conversations.models import Conversation, Preparation
from outcomes.models import Outcome, Reflection, Step
from pphw.audit.models import RecordAccess
from pphw.people.models import Person, Refiling, User
from pphw.people.services import end_sessions
from pphw.records.models import Disposal
from reviews.models import Review
from reviews.summaries import counts_days, counts_refresh


class DisposalRefused(Exception):
    """The disposal cannot be requested or approved; the message says why."""


def retention_years() -> int:
    return settings.RETENTION_YEARS_AFTER_CLOSURE


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def rule_text(years: int) -> str:
    return f"Kept {years} years after the record was closed (RETENTION_YEARS_AFTER_CLOSURE)"


def due_for_disposal(team_ids, *, today: datetime.date | None = None) -> QuerySet[Person]:
    """Closed records of ``team_ids`` whose retention period has run out."""
    today = today or timezone.localdate()
    cutoff = years_before(today, retention_years())
    return (
        Person.objects.filter(team_id__in=team_ids)
        .closed_before(cutoff)
        .select_related("team")
        .order_by("closed_on", "id")
    )


def _is_due(person: Person) -> bool:
    cutoff = years_before(timezone.localdate(), retention_years())
    return person.closed_on is not None and person.closed_on <= cutoff


@transaction.atomic
def disposal_request(*, person: Person, by: User, reason: str) -> Disposal:
    """A lead asks for a record past its retention period to be disposed of."""
    reason = reason.strip()
    if not reason:
        raise DisposalRefused("Give a reason for the request.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not _is_due(person):
        raise DisposalRefused(
            f"{person.full_name}'s record is not past its retention period, "
            "so it cannot be disposed of."
        )
    if Disposal.objects.pending().filter(person=person).exists():
        raise DisposalRefused("A disposal of this record has already been requested.")
    years = retention_years()
    return Disposal.objects.create(
        person=person,
        team=person.team,
        rule=rule_text(years),
        closed_on=person.closed_on,
        due_on=years_after(person.closed_on, years),
        requested_by=by,
        reason=reason,
    )


@transaction.atomic
def disposal_cancel(*, disposal: Disposal, by: User) -> Disposal:
    """Withdraw a request; the record stays. Either lead may cancel it."""
    disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
    if disposal.status != Disposal.Status.REQUESTED:
        raise DisposalRefused("This disposal is no longer waiting for a decision.")
    disposal.status = Disposal.Status.CANCELLED
    disposal.decided_by = by
    disposal.decided_at = timezone.now()
    disposal.save()
    return disposal


@transaction.atomic
def disposal_approve(*, disposal: Disposal, by: User) -> Disposal:
    """A second person approves: the record and everything of it is removed now.

    Raises DisposalRefused if ``by`` requested it, if it is not waiting for a
    decision, or if the record was reopened meanwhile.
    """
    disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
    if disposal.status != Disposal.Status.REQUESTED:
        raise DisposalRefused("This disposal is no longer waiting for a decision.")
    if disposal.requested_by_id == by.pk:
        raise DisposalRefused(
            "You requested this disposal, so someone else must approve it: "
            "another lead of the team, or a records officer."
        )
    person = Person.objects.select_for_update().get(pk=disposal.person_id)
    if not _is_due(person):
        raise DisposalRefused("The record was reopened or is no longer due for disposal.")
    disposal.status = Disposal.Status.DISPOSED
    disposal.decided_by = by
    disposal.decided_at = timezone.now()
    disposal.person = None
    disposal.reason = ""
    disposal.save()
    disposal.rows_removed = _remove_everything_of(person, pseudonym=disposal.reference)
    disposal.save(update_fields=["rows_removed"])
    return disposal


def _remove_everything_of(person: Person, *, pseudonym: str) -> dict[str, int]:
    """Remove ``person``, their records, their history and their login; count the rows.

    The live rows go first, children before parents; deleting them writes
    history rows of their own ("deleted"), so the history tables are emptied
    of them last.
    """
    removed: Counter[str] = Counter()

    def remove(queryset) -> None:
        _, by_model = queryset.delete()
        for label, count in by_model.items():
            if count:
                removed[label] += count

    outcome_ids = list(Outcome.objects.filter(person=person).values_list("pk", flat=True))
    conversation_ids = list(Conversation.objects.filter(person=person).values_list("pk", flat=True))
    step_ids = list(Step.objects.filter(outcome_id__in=outcome_ids).values_list("pk", flat=True))
    review_ids = list(
        Review.objects.filter(outcome_id__in=outcome_ids).values_list("pk", flat=True)
    )
    reflection_ids = list(
        Reflection.objects.filter(outcome_id__in=outcome_ids).values_list("pk", flat=True)
    )
    preparation_ids = list(Preparation.objects.filter(person=person).values_list("pk", flat=True))
    login = User.objects.filter(pk=person.user_id).first()
    refilings = Refiling.objects.filter(Q(from_person=person) | Q(to_person=person))

    pseudonymised = RecordAccess.objects.pseudonymise(
        person_id=person.pk, user_id=login.pk if login else None, pseudonym=pseudonym
    )
    if pseudonymised:
        removed["audit.RecordAccess (pseudonymised, kept)"] = pseudonymised

    report_days = counts_days(outcome_ids)
    remove(Reflection.objects.filter(pk__in=reflection_ids))
    remove(Review.objects.filter(pk__in=review_ids))
    remove(Step.objects.filter(pk__in=step_ids))
    remove(Outcome.objects.filter(pk__in=outcome_ids))
    remove(Preparation.objects.filter(pk__in=preparation_ids))
    remove(Conversation.objects.filter(pk__in=conversation_ids))
    remove(refilings)
    remove(Person.objects.filter(pk=person.pk))

    remove(Reflection.history.filter(id__in=reflection_ids))
    remove(Review.history.filter(id__in=review_ids))
    remove(Step.history.filter(id__in=step_ids))
    remove(Outcome.history.filter(id__in=outcome_ids))
    remove(Preparation.history.filter(id__in=preparation_ids))
    # The history of the local services each conversation named (simple-history keeps
    # these rows without a database link, so they are removed by name).
    remove(
        Conversation.history.model.services.model.objects.filter(history__id__in=conversation_ids)
    )
    remove(Conversation.history.filter(id__in=conversation_ids))
    remove(Person.history.filter(id=person.pk))
    # The report's counts of the team no longer include anything of theirs.
    counts_refresh(team_ids=[person.team_id], days=report_days)

    if login is not None:
        end_sessions(login)
        remove(
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(User), object_id=str(login.pk)
            )
        )
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            remove(model.objects.filter(username=login.username))
        # History names its author and protects them: the login's own history
        # (setting their password names them) goes before the login, and the
        # row its deletion writes goes after it.
        remove(User.history.filter(Q(id=login.pk) | Q(history_user=login)))
        remove(User.objects.filter(pk=login.pk))
        remove(User.history.filter(id=login.pk))
    return dict(sorted(removed.items()))
