"""Create the demo teams, logins and care records (DESIGN.md, "Demo").

Idempotent: teams, logins and memberships are looked up by name; a demo
person who already exists (found by CHI number) is left alone with all their
records, so a second run creates nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conversations.models import Conversation, Preparation
from conversations.summaries import last_conversation_rebuild
from outcomes.models import Outcome, Reflection, Step
from outcomes.vocabulary import Achievement, Lifecycle, StepStatus
from pphw.community.counts import category_counts_rebuild
from pphw.community.models import Service
from pphw.community.services import place_import, service_suggest, service_update
from pphw.demo import demo_data
from pphw.demo.common import (
    DEMO_CHI_SERIAL_BASE,
    PROCESS_FIELDS,
    achievement_status,
    local_time,
    met_status,
    set_history,
)
from pphw.history import save_with_relations
from pphw.people.models import CaringRelationship, Delegation, Membership, Person, Team, User
from pphw.people.services import delegation_grant
from pphw.people.validators import make_chi_number
from reviews.models import Review
from reviews.summaries import counts_rebuild, summary_rebuild


@dataclass
class Tally:
    teams: int = 0
    users: int = 0
    memberships: int = 0
    people: int = 0
    skipped_people: list[str] = field(default_factory=list)
    conversations: int = 0
    outcomes: int = 0
    steps: int = 0
    reviews: int = 0
    reflections: int = 0
    preparations: int = 0
    services: int = 0
    caring: int = 0
    delegations: int = 0


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A time on ``day`` in the local time zone, for created_at and history dates."""
    return local_time(day, hour, 30)


def _save(obj, *, by: User, on: datetime.date, hour: int = 10) -> None:
    """Save with the acting user and the date the change happened, as the app would."""
    set_history(obj, by, _at(on, hour))
    obj.save()


def demo_chi(index: int, birth: datetime.date) -> str:
    return make_chi_number(birth, DEMO_CHI_SERIAL_BASE + index * 3)


# Mostly "yes", sometimes "partly", now and then "no", as people tend to answer.
FEEDBACK_ANSWERS = [
    "yes",
    "yes",
    "partly",
    "yes",
    "yes",
    "no",
    "yes",
    "partly",
    "yes",
    "yes",
    "yes",
]


class Command(BaseCommand):
    help = (
        "Create the demo teams North and South, the demo logins (password "
        f"'{demo_data.DEMO_PASSWORD}': morag and aileen lead North and South, callum and ravi "
        "are practitioners there, isla, euan and fatima are people with their own logins, fiona "
        "is Euan's carer with her own record, kirsty is Isla's friend "
        "who may see and help with her plan) and "
        "a year of conversations, outcomes, small steps and reviews. Safe to run again. "
        "Refuses to run when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (the demo logins have a published password).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real deployment: the demo logins have a "
                "published password. Use --force if you really want demo data here."
            )
        self.today = timezone.localdate()
        self.tally = Tally()
        self.feedback_count = 0
        self.logins: list[User] = []
        with transaction.atomic():
            teams = self._teams()
            users = self._staff(teams)
            self.services = self._directory(users)
            place_import(
                rows=[
                    (name, Decimal(latitude), Decimal(longitude))
                    for name, latitude, longitude in demo_data.PLACES
                ],
                by=users[demo_data.LEAD_OF["North"]],
            )
            for index, spec in enumerate(demo_data.PEOPLE):
                self._person(index, spec, teams, users)
            self._caring(users)
            self._delegate(users)
            # The demo logins sign in with the published password alone, even if
            # someone tried two-step sign-in on one of them (README, "Try it").
            removed, _ = TOTPDevice.objects.filter(user__in=self.logins).delete()
            # The reviews and conversations above were written directly: work the
            # summaries out again.
            summary_rebuild()
            last_conversation_rebuild()
            category_counts_rebuild()
            counts_rebuild()
        self._report()
        if removed:
            self.stdout.write("Two-step sign-in was turned off again for the demo logins.")

    # --- teams and logins -------------------------------------------------

    def _teams(self) -> dict[str, Team]:
        teams = {}
        for name, area in demo_data.TEAMS:
            team, created = Team.objects.get_or_create(name=name, defaults={"area": area})
            self.tally.teams += created
            teams[name] = team
        return teams

    def _user(self, username: str, first: str, last: str, *, by: User | None = None) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, first_name=first, last_name=last, email=f"{username}@example.org"
            )
            user.set_password(demo_data.DEMO_PASSWORD)
            user._history_user = by
            user.save()
            self.tally.users += 1
        self.logins.append(user)
        return user

    def _staff(self, teams: dict[str, Team]) -> dict[str, User]:
        users = {}
        for username, first, last, team_name, role in demo_data.STAFF:
            user = self._user(username, first, last)
            _, created = Membership.objects.get_or_create(
                user=user, team=teams[team_name], defaults={"role": role}
            )
            self.tally.memberships += created
            users[username] = user
        return users

    def _delegate(self, users: dict[str, User]) -> None:
        """kirsty: Isla's friend, who may see and help with Isla's plan (a delegate)."""
        isla = Person.objects.filter(user__username="isla").first()
        if isla is None:
            return
        kirsty = self._user("kirsty", "Kirsty", "Campbell", by=isla.user)
        if Delegation.objects.active().filter(person=isla, delegate=kirsty).exists():
            return
        delegation_grant(
            person=isla,
            delegate=kirsty,
            by=isla.user,
            relationship="her friend",
            scope=Delegation.Scope.HELP,
        )
        self.tally.delegations += 1

    # --- the directory of local services ------------------------------------

    def _directory(self, users: dict[str, User]) -> dict[str, Service]:
        """The demo services, by name; a service already there is left as it is."""
        services = {}
        for spec in demo_data.SERVICES:
            service = Service.objects.filter(name=spec.name).first()
            if service is None:
                lead = users[demo_data.LEAD_OF["South" if spec.postcode[:2] == "DG" else "North"]]
                service = service_suggest(
                    by=lead,
                    categories=spec.categories,
                    organisation_name=spec.organisation,
                    location={
                        "name": spec.place,
                        "address": spec.address,
                        "locality": spec.locality,
                        "postcode": spec.postcode,
                        "latitude": Decimal(spec.latitude) if spec.latitude else None,
                        "longitude": Decimal(spec.longitude) if spec.longitude else None,
                    },
                    name=spec.name,
                    description=spec.description,
                    who_for=spec.who_for,
                    opening_times=spec.when,
                    phone=spec.phone,
                    cost=spec.cost,
                    how_to_get_there=spec.getting_there,
                    accessibility=spec.accessibility,
                    tags=spec.tags,
                    status=Service.Status.CLOSED if spec.closed else Service.Status.OPEN,
                    last_checked_on=self.today - datetime.timedelta(days=spec.checked_days_ago),
                )
                service_update(
                    service=service,
                    by=lead,
                    expected_version=service.version,
                    reason="Checked with the organisation",
                    confirmed=True,
                )
                self.tally.services += 1
            services[spec.name] = service
        return services

    # --- one person and their records ---------------------------------------

    def _person(self, index: int, spec: demo_data.PersonSpec, teams, users) -> None:
        chi = demo_chi(index, spec.birth)
        lead = users[demo_data.LEAD_OF[spec.team]]
        login = (
            self._user(spec.username, spec.given, spec.family, by=lead) if spec.username else None
        )
        existing = Person.objects.filter(chi_number=chi).first()
        if existing is not None:
            if login is not None and existing.user_id is None:
                existing.user = login
                _save(existing, by=lead, on=self.today)
            self.tally.skipped_people.append(spec.given)
            return

        practitioner = users[demo_data.PRACTITIONER_OF[spec.team]]
        first_day = self.today - datetime.timedelta(
            days=max(c.days_ago for c in spec.conversations) + 7
        )
        person = Person(
            given_name=spec.given,
            family_name=spec.family,
            preferred_name=spec.preferred,
            date_of_birth=spec.birth,
            chi_number=chi,
            team=teams[spec.team],
            key_worker=practitioner,
            communication_needs=spec.communication,
            is_carer=spec.is_carer,
            user=login,
            created_at=_at(first_day),
        )
        _save(person, by=lead, on=first_day)
        self.tally.people += 1

        conversations = []
        for number, conv in enumerate(spec.conversations):
            held_on = self.today - datetime.timedelta(days=conv.days_ago)
            conversation = Conversation(
                person=person,
                held_on=held_on,
                practitioner=practitioner if number % 2 == 0 or spec.team != "North" else lead,
                mode=conv.mode,
                others_present=conv.others,
                what_matters=conv.what_matters,
                strengths=conv.strengths,
                practitioner_notes=conv.notes,
                agreed_with_person=conv.agreed,
                created_at=_at(held_on, 14),
            )
            uses = [
                self.services[name]
                for start, names in demo_data.CONVERSATION_SERVICES.items()
                if conv.strengths.startswith(start)
                for name in names
            ]
            if uses:
                set_history(conversation, conversation.practitioner, _at(held_on, 14))
                save_with_relations(conversation, {"services": uses})
            else:
                _save(conversation, by=conversation.practitioner, on=held_on, hour=14)
            conversations.append(conversation)
            self.tally.conversations += 1

        outcomes = []
        for number, out in enumerate(spec.outcomes):
            outcomes.append(
                self._outcome(
                    number, out, person, conversations[out.conversation], practitioner, lead
                )
            )

        for outcome_index, days_ago, text, rating in spec.reflections:
            on = self.today - datetime.timedelta(days=days_ago)
            reflection = Reflection(
                outcome=outcomes[outcome_index],
                author=login,
                text=text,
                rating=rating,
                created_at=_at(on, 19),
            )
            _save(reflection, by=login, on=on, hour=19)
            self.tally.reflections += 1

        if spec.preparation is not None:
            on = self.today - datetime.timedelta(days=3)
            talk_about, matters_most, going_well = spec.preparation
            preparation = Preparation(
                person=person,
                talk_about=talk_about,
                matters_most=matters_most,
                going_well=going_well,
                created_at=_at(on, 20),
            )
            _save(preparation, by=login, on=on, hour=20)
            self.tally.preparations += 1

    def _caring(self, users) -> None:
        """Who cares for whom among the demo people; a relationship already there is kept."""
        by_username = {
            spec.username: Person.objects.get(chi_number=demo_chi(index, spec.birth))
            for index, spec in enumerate(demo_data.PEOPLE)
            if spec.username
        }
        for spec in demo_data.PEOPLE:
            if spec.cares_for is None:
                continue
            whom, relationship, days, care_given = spec.cares_for
            carer, cared_for = by_username[spec.username], by_username[whom]
            if CaringRelationship.objects.current().filter(carer=carer, cared_for=cared_for):
                continue
            since = self.today - datetime.timedelta(days=days)
            caring = CaringRelationship(
                carer=carer,
                cared_for=cared_for,
                relationship=relationship,
                since=since,
                care_given=care_given,
                created_at=_at(self.today - datetime.timedelta(days=330)),
            )
            practitioner = users[demo_data.PRACTITIONER_OF[spec.team]]
            _save(caring, by=practitioner, on=self.today - datetime.timedelta(days=330))
            self.tally.caring += 1

    def _outcome(
        self, number, spec: demo_data.OutcomeSpec, person, conversation, practitioner, lead
    ):
        started = conversation.held_on
        interval = datetime.timedelta(days=spec.interval)
        next_due = self.today + datetime.timedelta(days=spec.due_in)
        # The reviews that fit: one interval apart, back from the next one due,
        # and at least a month after the outcome was agreed.
        review_days = []
        day = next_due - interval
        while day >= started + datetime.timedelta(days=30) and len(review_days) < len(spec.ratings):
            review_days.insert(0, min(day, self.today))
            day -= interval
        count = len(review_days)
        ratings = spec.ratings[len(spec.ratings) - count :]
        changes = spec.changes[len(spec.changes) - count :]

        outcome = Outcome(
            person=person,
            conversation=conversation,
            statement=spec.statement,
            why_it_matters=spec.why,
            category=spec.category,
            strengths=spec.strengths,
            baseline_rating=spec.baseline,
            baseline_reason=spec.reason,
            target_rating=spec.target,
            what_could_help=spec.could_help,
            lifecycle_status=Lifecycle.ACTIVE,
            achievement_status=Achievement.IN_PROGRESS,
            review_interval_days=spec.interval,
            next_review_due=started + interval,
            created_at=_at(started, 15),
        )
        _save(outcome, by=conversation.practitioner, on=started, hour=15)
        self.tally.outcomes += 1

        self._steps(spec, outcome, started, review_days, practitioner)

        previous = spec.baseline
        for i, (reviewed_on, rating, changed) in enumerate(
            zip(review_days, ratings, changes, strict=True)
        ):
            reviewer = lead if (number + i) % 4 == 3 else practitioner
            achievement = achievement_status(previous, rating, spec.target)
            is_last = i == count - 1
            review = Review(
                outcome=outcome,
                reviewed_on=reviewed_on,
                reviewed_by=reviewer,
                others_present=demo_data.OTHERS_AT_REVIEW[
                    (number + i) % len(demo_data.OTHERS_AT_REVIEW)
                ],
                person_rating=rating,
                practitioner_rating=(
                    max(0, min(10, rating + (-1 if i % 3 else 0)))
                    if (number + i) % 2 == 0
                    else None
                ),
                achievement_status=achievement,
                met_status=met_status(spec.baseline, rating, spec.target),
                what_changed=changed,
                what_helped=spec.helped,
                what_got_in_the_way=spec.in_the_way if rating <= previous or i % 2 else "",
                what_next=demo_data.WHAT_NEXT[(number + i) % len(demo_data.WHAT_NEXT)],
                next_review_due=next_due if is_last else reviewed_on + interval,
                created_at=_at(reviewed_on, 11),
            )
            if (number + i) % 3 == 0:
                # The person's view of how support felt, given at some reviews.
                self.feedback_count += 1
                n = self.feedback_count
                for k, item in enumerate(PROCESS_FIELDS):
                    setattr(review, item, FEEDBACK_ANSWERS[(n * 3 + k) % len(FEEDBACK_ANSWERS)])
                review.feedback_comment = demo_data.FEEDBACK_COMMENTS[
                    (number + i) % len(demo_data.FEEDBACK_COMMENTS)
                ]
            _save(review, by=reviewer, on=reviewed_on, hour=11)
            self.tally.reviews += 1

            # The review moves the outcome on, as recording a review in the app does.
            outcome.achievement_status = achievement
            outcome.next_review_due = review.next_review_due
            if is_last and spec.lifecycle != Lifecycle.ACTIVE:
                outcome.lifecycle_status = spec.lifecycle
                if spec.lifecycle == Lifecycle.COMPLETED:
                    outcome.next_review_due = None
            outcome.version += 1
            _save(outcome, by=reviewer, on=reviewed_on, hour=11)
            previous = rating
        return outcome

    def _steps(self, spec, outcome, started, review_days, practitioner) -> list[Step]:
        steps = []
        for order, step_spec in enumerate(spec.steps):
            # Each step is done (or dropped) around one of the reviews, or recently.
            when = review_days[order % len(review_days)] if review_days else None
            if when is None or when > self.today:
                when = min(self.today, started + datetime.timedelta(days=20 + 10 * order))
            step = Step(
                outcome=outcome,
                what=step_spec.what,
                who=step_spec.who,
                who_name=step_spec.who_name,
                service=self.services.get(demo_data.STEP_SERVICES.get(step_spec.what, "")),
                due_on=(
                    self.today + datetime.timedelta(days=21 + 7 * order)
                    if step_spec.status in (StepStatus.PLANNED, StepStatus.IN_PROGRESS)
                    else when
                ),
                order=order,
                created_at=_at(started, 15),
            )
            _save(step, by=practitioner, on=started, hour=15)
            if step_spec.status != StepStatus.PLANNED:
                step.set_status(step_spec.status, on=when - datetime.timedelta(days=2))
                step.version += 1
                _save(step, by=practitioner, on=when - datetime.timedelta(days=2), hour=12)
            steps.append(step)
            self.tally.steps += 1
        return steps

    def _report(self) -> None:
        from django.template.defaultfilters import pluralize

        t = self.tally
        if not any(
            (t.teams, t.users, t.memberships, t.people, t.services, t.caring, t.delegations)
        ):
            self.stdout.write("The demo data is already in place: nothing to do.")
        else:
            self.stdout.write(
                f"Created {t.teams} teams, {t.users} logins, {t.memberships} memberships, "
                f"{t.people} people, {t.conversations} conversations, {t.outcomes} outcomes, "
                f"{t.steps} small steps, {t.reviews} reviews, {t.reflections} reflections and "
                f"{t.preparations} preparation note{pluralize(t.preparations)}, "
                f"{t.caring} caring relationship{pluralize(t.caring)}, and "
                f"{t.services} local service{pluralize(t.services)} in the directory."
            )
        if t.skipped_people and t.people:
            self.stdout.write(f"Already present, left as they were: {', '.join(t.skipped_people)}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Sign in with password '{demo_data.DEMO_PASSWORD}' as: morag (lead, North), "
                "callum (practitioner, North), aileen (lead, South), ravi (practitioner, South), "
                "isla or euan (people supported by North), fatima (person supported by South), "
                "fiona (Euan's daughter and carer, with her own record in North) or "
                "kirsty (Isla's friend, who may see and help with her plan)."
            )
        )
