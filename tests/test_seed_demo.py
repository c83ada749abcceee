from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from conversations.models import Conversation, Preparation
from outcomes.models import Outcome, Reflection, Step
from outcomes.vocabulary import CATEGORY_GROUP_OF, StepStatus
from pphw.people.models import Membership, Person, Team, User
from reviews.models import Review

CARE_MODELS = [Person, Conversation, Outcome, Step, Review, Reflection, Preparation]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    return seed()


def counts() -> dict[str, int]:
    result = {}
    for model in [*CARE_MODELS, User, Team, Membership]:
        result[model.__name__] = model.objects.count()
        result[f"history of {model.__name__}"] = model.history.count()
    return result


def test_it_creates_the_contract_logins_with_their_roles_and_password(seeded):
    roles = {
        (m.user.username, m.team.name, m.role)
        for m in Membership.objects.select_related("user", "team")
    }
    assert roles == {
        ("morag", "North", "lead"),
        ("callum", "North", "practitioner"),
        ("aileen", "South", "lead"),
        ("ravi", "South", "practitioner"),
    }
    people_logins = {
        p.user.username: p.team.name
        for p in Person.objects.filter(user__isnull=False).select_related("user", "team")
    }
    assert people_logins == {"isla": "North", "euan": "North", "fatima": "South", "fiona": "North"}
    for username in ["morag", "callum", "aileen", "ravi", "isla", "euan", "fatima", "fiona"]:
        assert User.objects.get(username=username).check_password("pphw-demo"), username
    assert Person.objects.filter(user__isnull=True).count() >= 5
    assert Person.objects.filter(team__name="North").count() >= 5


def test_it_gives_every_person_a_full_record(seeded):
    for person in Person.objects.all():
        assert person.conversations.count() >= 1, person
        outcomes = list(person.outcomes.all())
        groups = {CATEGORY_GROUP_OF[o.category] for o in outcomes}
        assert len(groups) == 3, person
        statuses = set(Step.objects.filter(outcome__person=person).values_list("status", flat=True))
        assert statuses == set(StepStatus.values), person
        assert Review.objects.filter(outcome__person=person).count() >= 3, person
        assert person.chi_number and len(person.chi_number) == 10
    assert not Step.objects.filter(status=StepStatus.DONE, done_on__isnull=True).exists()


def test_it_spreads_reviews_over_a_year_with_some_due(seeded):
    today = timezone.localdate()
    first = Review.objects.order_by("reviewed_on").first().reviewed_on
    assert first <= today - datetime.timedelta(days=300)
    assert not Review.objects.filter(reviewed_on__gt=today).exists()
    open_outcomes = Outcome.objects.open()
    assert open_outcomes.filter(next_review_due__lt=today).count() >= 3
    assert (
        open_outcomes.filter(
            next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(days=14)
        ).count()
        >= 3
    )
    ratings = set(Review.objects.values_list("person_rating", flat=True))
    assert len(ratings) >= 5
    assert Review.objects.filter(practitioner_rating__isnull=False).exists()
    assert Review.objects.filter(practitioner_rating__isnull=True).exists()
    assert set(Review.objects.values_list("met_status", flat=True)) == {
        "fully",
        "partly",
        "not_yet",
    }
    assert set(Review.objects.values_list("listened_to", flat=True)) == {"", "yes", "partly", "no"}


def test_it_gives_isla_a_preparation_note_and_reflections(seeded):
    isla = Person.objects.get(user__username="isla")
    assert isla.preparations.count() == 1
    assert Reflection.objects.filter(outcome__person=isla, author=isla.user).count() >= 1


def test_it_records_who_made_every_care_record_in_history(seeded):
    for model in CARE_MODELS:
        assert model.history.exists(), model
        assert not model.history.filter(history_user__isnull=True).exists(), model
    callum = User.objects.get(username="callum")
    step = Step.objects.filter(status=StepStatus.DONE, outcome__person__team__name="North").first()
    assert [h.history_type for h in step.history.order_by("history_date")] == ["+", "~"]
    assert step.history.filter(history_user=callum).exists()


def test_it_creates_nothing_new_when_run_again(seeded):
    before = counts()
    output = seed()
    assert counts() == before
    assert "already in place" in output


def test_it_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not User.objects.exists()


def test_it_runs_with_debug_off_when_forced(db, settings):
    settings.DEBUG = False
    output = seed(force=True)
    assert "Created 2 teams" in output
    assert User.objects.filter(username="morag").exists()


def test_it_keeps_the_demo_logins_password_only(seeded, settings):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pphw.accounts.services import new_totp_key, second_factor_enrol

    callum = User.objects.get(username="callum")
    second_factor_enrol(user=callum, key=new_totp_key(), last_t=-1, address=None)
    output = seed()
    assert "Two-step sign-in was turned off again for the demo logins." in output
    assert not TOTPDevice.objects.exists()
    assert settings.MFA_REQUIRED is False
    response = Client().post("/accounts/login/", {"username": "callum", "password": "pphw-demo"})
    assert response.url == "/"


def test_it_adds_an_invented_directory_linked_from_some_steps(seeded, settings):
    from pphw.community.models import Service

    services = list(Service.objects.prefetch_related("locations"))
    assert len(services) >= 6
    assert all(s.phone.startswith("01632 960") for s in services)
    assert all(s.confirmed and s.locations.all() for s in services)
    districts = {place.district[:2] for s in services for place in s.locations.all()}
    assert {"IV", "DG"} <= districts
    assert Service.objects.filter(status=Service.Status.CLOSED).exists()
    linked = Step.objects.filter(service__isnull=False).select_related("outcome__person")
    assert {step.outcome.person.team.name for step in linked} == {"North", "South"}
    assert Service.objects.search("walk").filter(name="Merkinch Walking Group").exists()
    settings.DEBUG = True
    before = (Service.objects.count(), Service.history.count())
    seed()
    assert (Service.objects.count(), Service.history.count()) == before


def test_it_gives_fiona_a_carers_record_caring_for_euan(seeded):
    from outcomes.vocabulary import CARER_CATEGORY_CODES
    from pphw.people.models import CaringRelationship

    fiona = Person.objects.get(user__username="fiona")
    assert fiona.is_carer
    caring = CaringRelationship.objects.current().get(carer=fiona)
    assert caring.cared_for.user.username == "euan"
    assert caring.relationship == "daughter"
    categories = set(fiona.outcomes.values_list("category", flat=True))
    assert categories and categories <= set(CARER_CATEGORY_CODES)
    assert not Person.objects.exclude(pk=fiona.pk).filter(is_carer=True).exists()


def test_it_makes_kirsty_isla_s_friend_who_may_see_and_help(seeded):
    from django.test import Client
    from django.urls import reverse

    from pphw.people.models import Delegation

    kirsty = User.objects.get(username="kirsty")
    assert kirsty.check_password("pphw-demo")
    assert not kirsty.memberships.exists() and not hasattr(kirsty, "person")
    delegation = Delegation.objects.active().get(delegate=kirsty)
    assert delegation.person.user.username == "isla"
    assert (delegation.relationship, delegation.scope) == ("her friend", "help")
    client = Client()
    assert client.login(username="kirsty", password="pphw-demo")
    client.post(reverse("me:act_for", args=[delegation.person.pk]))
    page = client.get(reverse("me:home")).content.decode()
    assert "You are looking at Isla's plan as her friend" in page
    # Running it again adds no second access.
    seed()
    assert Delegation.objects.filter(delegate=kirsty).count() == 1
