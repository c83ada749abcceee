"""Everything pphw holds about one person, as plain data for a JSON download.

The structure is documented in docs/my-data-export.md. This is a subject
access: it includes what staff wrote about the person (practitioner's notes
and ratings) and records entered in error, each marked as such, and the full
change history of every record. Staff appear by name; no other person's
records are read.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from conversations.models import Conversation, Preparation
from outcomes.models import Outcome, Reflection, Step
from pphw.audit.queries import looks_shown_to, role_label, with_role_in_team
from pphw.people.models import Person, User
from reviews.models import Review

FORMAT = "pphw-my-data"
FORMAT_VERSION = 1
HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Links that are shown by nesting or that only say which record this is.
SKIP_FIELDS = {"person", "outcome"}
# What staff write for themselves: in the person's own download (a subject
# access), never in a delegate's. The person's own sign-in and who has looked
# at their record are theirs alone too.
STAFF_ONLY_FIELDS = {"practitioner_notes", "practitioner_rating"}
PERSON_ONLY_KEYS = {"login", "looks"}


def _looks(person: Person) -> list[dict]:
    """Who has looked at the record, as the person's "Who has looked" page shows: one query."""
    looks = with_role_in_team(looks_shown_to(person).select_related("user", "person"))
    return [
        {
            "when": _plain(look.accessed_at),
            "who": (look.user.get_full_name() or look.user.get_username()) if look.user else None,
            "role": role_label(look),
            "page": look.page,
            "page_label": look.page_label,
        }
        for look in looks.order_by("accessed_at", "id")
    ]


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


ANOTHER_PERSON = "another person who uses support"


class _Names:
    """Names of the users a set of records mentions, fetched in one query.

    Staff are named. The login of any other person who uses support is not: a
    note they wrote on an entry recorded against them by mistake moves with
    the entry, but their name does not.
    """

    def __init__(self, person: Person) -> None:
        self.person = person
        self.ids: set[int] = set()
        self.names: dict[int, str] = {}

    def want(self, user_id) -> None:
        if user_id is not None:
            self.ids.add(user_id)

    def load(self) -> None:
        others = Person.objects.filter(user=OuterRef("pk")).exclude(pk=self.person.pk)
        users = (
            User.objects.filter(pk__in=self.ids)
            .only("pk", "username", "first_name", "last_name")
            .annotate(is_another_person=Exists(others))
        )
        for user in users:
            if user.is_another_person:
                self.names[user.pk] = ANOTHER_PERSON
            else:
                self.names[user.pk] = user.get_full_name() or user.username

    def __call__(self, user_id) -> str | None:
        if user_id is None:
            return None
        return self.names.get(user_id, "a former user")


def _user_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is User
    ]


def _row(obj, model, names: _Names) -> dict:
    """A record's fields: codes with their plain-words label, users by name, links by id."""
    data = {}
    for field in model._meta.concrete_fields:
        if field.name in SKIP_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.ForeignKey):
            if field.related_model is User:
                data[field.name] = names(value)
            else:
                data[f"{field.name}_id"] = value
            continue
        data[field.name] = _plain(value)
        if field.choices and value not in (None, ""):
            data[f"{field.name}_label"] = str(dict(field.flatchoices).get(value, value))
    return data


def _history(records, model, names: _Names) -> list[dict]:
    return [
        {
            "record_id": record.id,
            "when": _plain(record.history_date),
            "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
            "by": names(record.history_user_id),
            "reason": record.history_change_reason or "",
            "values": _row(record, model, names),
        }
        for record in records
    ]


def _without(data, keys: set[str]):
    """``data`` with every dictionary key in ``keys`` left out, at any depth."""
    if isinstance(data, dict):
        return {key: _without(value, keys) for key, value in data.items() if key not in keys}
    if isinstance(data, list):
        return [_without(item, keys) for item in data]
    return data


def export_for_delegate(person: Person) -> dict:
    """What a delegate may download of ``person``'s record: never what staff wrote for themselves.

    The person's own download less practitioners' notes and ratings (in the
    records and in every version of their history), the person's sign-in and
    the list of who has looked at their record.
    """
    data = export_for(person)
    data = {key: value for key, value in data.items() if key not in PERSON_ONLY_KEYS}
    data["for_delegate"] = True
    return _without(data, STAFF_ONLY_FIELDS | {f"{name}_label" for name in STAFF_ONLY_FIELDS})


def export_for(person: Person) -> dict:
    """All of ``person``'s records and their history, in a fixed number of queries."""
    conversations = list(
        Conversation.objects.filter(person=person)
        .prefetch_related("services")
        .order_by("held_on", "id")
    )
    outcomes = list(Outcome.objects.filter(person=person).order_by("created_at", "id"))
    steps = list(Step.objects.filter(outcome__person=person).order_by("order", "id"))
    reviews = list(Review.objects.filter(outcome__person=person).order_by("reviewed_on", "id"))
    reflections = list(
        Reflection.objects.filter(outcome__person=person).order_by("created_at", "id")
    )
    preparations = list(Preparation.objects.filter(person=person).order_by("created_at", "id"))

    histories = {
        "person": (Person, Person.history.filter(id=person.pk)),
        # By the records that are theirs now: an entry moved away from their
        # record takes its history with it.
        "conversations": (
            Conversation,
            Conversation.history.filter(id__in=[c.pk for c in conversations]),
        ),
        "outcomes": (Outcome, Outcome.history.filter(id__in=[o.pk for o in outcomes])),
        "steps": (Step, Step.history.filter(outcome_id__in=[o.pk for o in outcomes])),
        "reviews": (Review, Review.history.filter(outcome_id__in=[o.pk for o in outcomes])),
        "reflections": (
            Reflection,
            Reflection.history.filter(outcome_id__in=[o.pk for o in outcomes]),
        ),
        "preparations": (Preparation, Preparation.history.filter(person_id=person.pk)),
    }
    history_rows = {
        key: list(queryset.order_by("history_date", "history_id"))
        for key, (_, queryset) in histories.items()
    }

    names = _Names(person)
    names.want(person.key_worker_id)
    for model, objects in (
        (Conversation, conversations),
        (Review, reviews),
        (Reflection, reflections),
    ):
        for field in _user_fields(model):
            for obj in objects:
                names.want(getattr(obj, field.attname))
    for key, (model, _) in histories.items():
        for record in history_rows[key]:
            names.want(record.history_user_id)
            for field in _user_fields(model):
                names.want(getattr(record, field.attname))
    names.load()

    by_outcome: dict[str, dict[int, list]] = {
        "steps": defaultdict(list),
        "reviews": defaultdict(list),
        "reflections": defaultdict(list),
    }
    for key, model, objects in (
        ("steps", Step, steps),
        ("reviews", Review, reviews),
        ("reflections", Reflection, reflections),
    ):
        for obj in objects:
            by_outcome[key][obj.outcome_id].append(_row(obj, model, names))

    login = None
    if person.user_id is not None:
        user = person.user
        login = {
            "username": user.username,
            "email": user.email,
            "date_joined": _plain(user.date_joined),
            "last_login": _plain(user.last_login),
        }
    person_data = _row(person, Person, names)
    person_data["team"] = person.team.name
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _plain(timezone.now()),
        "person": person_data,
        "login": login,
        "conversations": [
            {
                **_row(c, Conversation, names),
                "local_services": [
                    {"id": service.pk, "name": service.name} for service in c.services.all()
                ],
            }
            for c in conversations
        ],
        "outcomes": [
            {
                **_row(o, Outcome, names),
                "steps": by_outcome["steps"][o.pk],
                "reviews": by_outcome["reviews"][o.pk],
                "reflections": by_outcome["reflections"][o.pk],
            }
            for o in outcomes
        ],
        "preparations": [_row(p, Preparation, names) for p in preparations],
        "looks": _looks(person),
        "history": {
            key: _history(history_rows[key], model, names) for key, (model, _) in histories.items()
        },
    }
