from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from conversations.models import Conversation
from outcomes.models import Outcome, Step
from outcomes.vocabulary import StepStatus
from pphw.audit.models import RecordAccess
from pphw.people.models import Membership, Person, Team, User
from pphw.people.validators import validate_chi_number
from reviews.models import (
    CaseloadOutcomes,
    CaseloadPeople,
    ReportDay,
    ReportDistance,
    ReportOutcomes,
    ReportPerson,
    Review,
    ReviewSummary,
)
from reviews.summaries import counts_differences, summary_differences
from tests.factories import PersonFactory, TeamFactory, UserFactory

CARE_MODELS = [Person, Conversation, Outcome, Step, Review]
TINY = {"people": 30, "teams": 2, "batch_size": 10}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def scale_people():
    return Person.objects.filter(team__name__startswith="Scale team")


def care_counts() -> dict[str, tuple[int, int]]:
    return {m.__name__: (m.objects.count(), m.history.count()) for m in CARE_MODELS}


@pytest.fixture
def seeded(db):
    return seed(**TINY)


def test_it_creates_teams_logins_and_memberships(seeded):
    assert list(Team.objects.values_list("name", flat=True)) == ["Scale team 01", "Scale team 02"]
    roles = set(Membership.objects.values_list("user__username", "team__name", "role"))
    assert roles == {
        ("scale-prac-1", "Scale team 01", "practitioner"),
        ("scale-lead-1", "Scale team 01", "lead"),
        ("scale-prac-2", "Scale team 02", "practitioner"),
        ("scale-lead-2", "Scale team 02", "lead"),
        ("scale-lead-multi", "Scale team 01", "lead"),
        ("scale-lead-multi", "Scale team 02", "lead"),
        ("scale-lead-all", "Scale team 01", "lead"),
        ("scale-lead-all", "Scale team 02", "lead"),
    }
    assert User.objects.get(username="scale-lead-multi").check_password("pphw-scale-demo")
    assert "scale-prac-1" in seeded


def test_it_creates_people_and_their_records_with_history(seeded):
    assert scale_people().count() == 30
    assert scale_people().filter(team__name="Scale team 01").count() == 15
    for model in CARE_MODELS:
        live, history = model.objects.count(), model.history.count()
        assert live > 0, model
        assert history == live, model
        assert not model.history.filter(history_user__isnull=True).exists(), model
        assert set(model.history.values_list("history_type", flat=True)) == {"+"}
    assert Conversation.objects.count() >= 30
    assert Review.objects.count() >= 30
    assert set(Step.objects.values_list("status", flat=True)) == set(StepStatus.values)
    assert not Step.objects.filter(status=StepStatus.DONE, done_on__isnull=True).exists()
    chis = list(Person.objects.values_list("chi_number", flat=True))
    assert len(set(chis)) == len(chis)
    for chi in chis:
        validate_chi_number(chi)


def test_it_gives_the_first_person_thirty_outcomes_of_ten_steps(seeded):
    first = scale_people().order_by("pk").first()
    assert first.team.name == "Scale team 01"
    outcomes = first.outcomes.annotate(steps_count=Count("steps"))
    assert outcomes.count() == 30
    assert {o.steps_count for o in outcomes} == {10}
    others = (
        scale_people()
        .exclude(pk=first.pk)
        .annotate(n=Count("outcomes"))
        .values_list("n", flat=True)
    )
    assert max(others) < 30


def test_it_refuses_to_add_a_second_data_set(seeded):
    with pytest.raises(CommandError, match="--reset"):
        seed(**TINY)
    assert scale_people().count() == 30


def test_it_replaces_the_data_with_reset_and_leaves_other_data_alone(seeded):
    before = care_counts()
    other = PersonFactory(team=TeamFactory(name="North"))
    output = seed(reset=True, **TINY)
    assert "Deleted" in output
    assert scale_people().count() == 30
    # The same seed gives the same data set, and no history is left behind.
    after = care_counts()
    after["Person"] = (after["Person"][0] - 1, after["Person"][1] - 1)
    assert after == before
    assert Team.objects.filter(name__startswith="Scale team").count() == 2
    assert User.objects.filter(username__startswith="scale-").count() == 6
    assert User.history.filter(username__startswith="scale-").count() == 6
    assert Person.objects.filter(pk=other.pk).exists()
    assert other.history.count() == 1


def test_it_deletes_everything_with_delete_only(seeded):
    seed(delete_only=True)
    for model in [*CARE_MODELS, Team, Membership, User]:
        assert not model.objects.exists(), model
        assert not model.history.exists(), model
    assert not CaseloadOutcomes.objects.exists() and not CaseloadPeople.objects.exists()


def test_it_refuses_to_reset_when_the_access_log_refers_to_scale_people(seeded):
    person = scale_people().first()
    RecordAccess.objects.create(
        user=UserFactory(), person=person, page="person", url_name="people:detail"
    )
    with pytest.raises(CommandError, match="fresh database"):
        seed(reset=True, **TINY)
    assert scale_people().count() == 30
    assert Review.history.count() == Review.objects.count()


def test_it_fills_the_report_summaries(seeded):
    assert ReviewSummary.objects.exists()
    assert summary_differences() == []
    assert ReportDay.objects.exists() and ReportOutcomes.objects.exists()
    assert ReportDistance.objects.count() == Outcome.objects.current().count()
    assert ReportPerson.objects.exists()
    assert CaseloadOutcomes.objects.exists() and CaseloadPeople.objects.exists()
    assert counts_differences() == []


def test_it_rejects_more_teams_than_people(db):
    with pytest.raises(CommandError, match="--teams"):
        seed(people=2, teams=3)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel batch writers run only on PostgreSQL, where each has its own connection",
)
@pytest.mark.django_db(transaction=True)
def test_it_writes_batches_in_parallel_with_the_same_result():
    seed(workers=1, **TINY)
    single = care_counts()
    seed(reset=True, workers=2, **TINY)
    assert care_counts() == single


def test_it_adds_two_local_services_for_every_person_and_deletes_them_with_the_rest(db):
    from pphw.community.models import Location, SearchPlace, Service
    from pphw.community.places import Point, resolve_place
    from pphw.community.search_places import search_places_differences

    seed(**TINY)
    services = Service.objects.filter(aliss_id__startswith="scale-")
    assert services.count() == 60
    assert Location.objects.filter(service__in=services).count() == 60
    assert Service.history.filter(aliss_id__startswith="scale-").count() == 60
    assert all(s.phone.startswith("01632 960") for s in services)
    assert services.search("walking").exists()
    assert services.in_category("seeing_people").exists()
    # The districts' centres are in the gazetteer: a distance search finds them in one lookup.
    assert resolve_place("iv3") == Point("IV3", 57.481, -4.25)
    # Every place is a search place, with its service's words.
    places = Location.objects.filter(service__in=services)
    assert SearchPlace.objects.count() == places.count() > 0
    assert search_places_differences() == []
    seed(reset=True, delete_only=True)
    assert not SearchPlace.objects.exists()
    assert not Service.objects.exists()
    assert not Service.history.exists()


@pytest.mark.parametrize(
    ("arguments", "people", "teams"),
    [
        ([], 10_000, 20),
        (["--size", "10k"], 10_000, 20),
        (["--size", "100k"], 100_000, 200),
        (["--size", "100k", "--teams", "400"], 100_000, 400),
    ],
)
def test_it_makes_teams_of_the_same_size_at_each_named_size(
    db, monkeypatch, arguments, people, teams
):
    from pphw.demo import scale

    class Stop(Exception):
        pass

    chosen = []

    def generator(sizes, **kwargs):
        chosen.append(sizes)
        raise Stop

    monkeypatch.setattr(scale, "Generator", generator)
    with pytest.raises(Stop):
        call_command("seed_scale", *arguments, stdout=StringIO(), stderr=StringIO())
    assert (chosen[0].people, chosen[0].teams) == (people, teams)


def test_it_resets_a_database_that_has_no_scale_data_yet(db):
    out = seed(reset=True, **TINY)
    assert "Deleted 0 rows" in out
    assert scale_people().count() == 30
