"""factory-boy factories: each builds a valid object with no arguments."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

import factory
from django.utils import timezone

from conversations.models import Conversation
from conversations.summaries import last_conversation_refresh
from outcomes.models import Outcome, Step
from outcomes.vocabulary import CATEGORY_CODES, Achievement, Lifecycle, StepStatus, StepWho
from pphw.community.counts import category_counts_change, shape_of
from pphw.community.models import Location, Service
from pphw.community.search_places import search_places_refresh
from pphw.people.models import CaringRelationship, Delegation, Membership, Person, Team, User
from pphw.people.validators import make_chi_number
from reviews.models import Met, Review
from reviews.summaries import caseload_refresh, counts_refresh, summary_refresh

factory.Faker._DEFAULT_LOCALE = "en_GB"
PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    area = factory.Faker("city")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Membership.Role.PRACTITIONER


def _birth_date(n: int) -> datetime.date:
    return datetime.date(1940 + n % 60, 1 + n % 12, 1 + n % 28)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = factory.Sequence(_birth_date)
    chi_number = factory.LazyAttributeSequence(
        lambda p, n: make_chi_number(p.date_of_birth, n * 7) if p.date_of_birth else ""
    )
    team = factory.SubFactory(TeamFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As person_create does: the team's caseload figures follow.
        person = super()._create(model_class, *args, **kwargs)
        caseload_refresh([person.team_id])
        return person


class CarerFactory(PersonFactory):
    """A carer with their own record."""

    is_carer = True


class CaringRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaringRelationship

    carer = factory.SubFactory(CarerFactory)
    cared_for = factory.SubFactory(PersonFactory, team=factory.SelfAttribute("..carer.team"))
    relationship = "wife"
    since = datetime.date(2019, 3, 1)
    care_given = "Every day: meals, medicines and nights when he is unsettled. I have no time off."


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    person = factory.SubFactory(PersonFactory)
    practitioner = factory.SubFactory(UserFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    what_matters = "I want to get back to the allotment with my friends."
    strengths = "My neighbour drives me; I know a lot about growing veg."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As conversation_record does: the person's latest conversation follows.
        conversation = super()._create(model_class, *args, **kwargs)
        last_conversation_refresh([conversation.person_id])
        return conversation


# The outcomes whose counts wait for the end of each open counts_once() block.
_waiting: list[set[int]] = []


def _counts_follow(outcome_id: int) -> None:
    """Records written here skip the services: the report's counts follow, as they do there.

    Only the team's rows on the days the outcome counts on are worked out again, so
    a test pays for each record once, not for the whole team each time.
    """
    if _waiting:
        _waiting[-1].add(outcome_id)
    else:
        counts_refresh(outcome_ids=[outcome_id])


@contextlib.contextmanager
def counts_once() -> Iterator[None]:
    """Work the report's counts out once, at the end, for every record made inside.

    For a test that builds many records before it looks at anything: the counts
    come out the same as record by record, for a fraction of the queries.
    """
    outcome_ids: set[int] = set()
    _waiting.append(outcome_ids)
    try:
        yield
    finally:
        _waiting.pop()
    counts_refresh(outcome_ids=outcome_ids)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    person = factory.SubFactory(PersonFactory)
    statement = factory.Sequence(lambda n: f"I want to feel confident going out on my own ({n})")
    category = factory.Sequence(lambda n: CATEGORY_CODES[n % len(CATEGORY_CODES)])
    baseline_rating = 3
    target_rating = 8
    lifecycle_status = Lifecycle.ACTIVE
    achievement_status = Achievement.IN_PROGRESS
    next_review_due = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=60)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        outcome = super()._create(model_class, *args, **kwargs)
        _counts_follow(outcome.pk)
        return outcome


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    outcome = factory.SubFactory(OutcomeFactory)
    what = factory.Sequence(lambda n: f"Walk to the corner shop ({n})")
    who = StepWho.PERSON
    status = StepStatus.PLANNED
    order = factory.Sequence(lambda n: n)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        step = super()._create(model_class, *args, **kwargs)
        _counts_follow(step.outcome_id)
        return step


class ServiceFactory(factory.django.DjangoModelFactory):
    """A confirmed, open local service; ``refresh_search_document`` runs after creation."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community café {n}")
    description = "A friendly place to meet people over a cup of tea."
    categories = " seeing_people "
    opening_times = "Tuesdays 10am to 12 noon"
    phone = "01632 960000"
    status = Service.Status.OPEN
    confirmed = True

    @factory.post_generation
    def search(obj, create, extracted, **kwargs):
        obj.refresh_search_document()
        if create:
            Service.objects.filter(pk=obj.pk).update(search_document=obj.search_document)
            # As the directory's services do: the counts per category and the
            # places a search by area or distance reads follow.
            category_counts_change(None, shape_of(obj))
            search_places_refresh([obj.pk])


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    service = factory.SubFactory(ServiceFactory)
    name = "Church hall"
    address = "1 High Street"
    locality = "Leith"
    postcode = "EH6 6AA"
    district = "EH6"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        location = super()._create(model_class, *args, **kwargs)
        search_places_refresh([location.service_id])
        return location


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    outcome = factory.SubFactory(OutcomeFactory)
    reviewed_by = factory.SubFactory(UserFactory)
    reviewed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    person_rating = 5
    achievement_status = Achievement.IMPROVING
    met_status = Met.PARTLY
    what_changed = "I got to the shop twice on my own."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As review_record does: the outcome's summary row follows its reviews.
        review = super()._create(model_class, *args, **kwargs)
        summary_refresh([review.outcome_id])
        _counts_follow(review.outcome_id)
        return review


class DelegationFactory(factory.django.DjangoModelFactory):
    """Someone the person trusts, who may see their plan (``scope="help"`` to help too)."""

    class Meta:
        model = Delegation

    person = factory.SubFactory(PersonFactory)
    delegate = factory.SubFactory(UserFactory)
    given_by = factory.LazyAttribute(lambda d: d.person.user or d.delegate)
    relationship = "her friend"
    scope = Delegation.Scope.SEE
