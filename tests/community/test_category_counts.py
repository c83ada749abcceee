"""The count of linkable services per category stays equal to the directory."""

import datetime

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from outcomes.vocabulary import Lifecycle
from pphw.community.admin import ServiceAdmin
from pphw.community.counts import (
    category_counts_differences,
    category_counts_rebuild,
    linkable_services_by_category,
)
from pphw.community.importing import ServiceRecord
from pphw.community.models import CategoryCount, Service
from pphw.community.services import service_import, service_suggest, service_update
from pphw.versioning import VersionConflict
from reviews.report import Filters, Report
from tests.factories import OutcomeFactory, ServiceFactory
from tests.helpers import series_of_writes

pytestmark = pytest.mark.django_db

CODES = ["seeing_people", "staying_well", "feeling_safe"]
TODAY = timezone.localdate()


def _kept() -> dict[str, int]:
    return dict(CategoryCount.objects.filter(services__gt=0).values_list("category", "services"))


CATEGORIES = st.lists(st.sampled_from(CODES), max_size=3, unique=True)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("suggest"), CATEGORIES),
        st.tuples(st.just("categories"), st.integers(0, 4), CATEGORIES),
        st.tuples(st.just("confirm"), st.integers(0, 4), st.booleans()),
        st.tuples(st.just("status"), st.integers(0, 4), st.sampled_from(["open", "closed"])),
        st.tuples(
            st.just("import"),
            st.integers(0, 3),
            CATEGORIES,
            st.sampled_from(["open", "closed"]),
        ),
    ),
    max_size=14,
)


@series_of_writes()
@given(actions=ACTIONS)
def test_it_keeps_the_counts_equal_to_a_rebuild(actions, practitioner, lead):
    """After any series of suggestions, edits, confirmations, closings and imports:
    kept == worked out afresh."""
    with transaction.atomic():
        ServiceFactory(categories=" seeing_people staying_well ")
        for kind, *rest in actions:
            services = list(Service.objects.order_by("pk"))
            if kind == "suggest":
                (categories,) = rest
                service_suggest(by=practitioner, categories=categories, name="A new group")
            elif kind == "import":
                number, categories, status = rest
                service_import(
                    records=[
                        ServiceRecord(
                            where="row 1",
                            name=f"Imported group {number}",
                            aliss_id=f"test-{number}",
                            categories=categories,
                            status=status,
                        )
                    ],
                    by=lead,
                )
            elif rest[0] < len(services):
                service = services[rest[0]]
                change = {
                    "categories": {"categories": rest[1]},
                    "confirm": {"confirmed": rest[1]},
                    "status": {"status": rest[1]},
                }[kind]
                service_update(service=service, by=lead, expected_version=service.version, **change)
        kept = _kept()
        assert category_counts_differences() == []
        category_counts_rebuild()
        assert _kept() == kept
        transaction.set_rollback(True)


def test_the_report_shows_a_directory_edit_at_once(lead, team, person):
    OutcomeFactory(person=person, category="feeling_safe", lifecycle_status=Lifecycle.ACTIVE)

    def services_for_safety() -> int:
        since = TODAY - datetime.timedelta(days=30)
        report = Report(Filters(team_ids=(team.pk,), date_from=since, date_to=TODAY))
        return report.services_by_category["feeling_safe"]

    assert services_for_safety() == 0
    service = service_suggest(by=lead, categories=["feeling_safe"], name="Safe at home")
    assert services_for_safety() == 0  # not yet confirmed
    service = service_update(service=service, by=lead, expected_version=1, confirmed=True)
    assert services_for_safety() == 1
    service = service_update(
        service=service, by=lead, expected_version=service.version, status="closed"
    )
    assert services_for_safety() == 0
    service = service_update(
        service=service, by=lead, expected_version=service.version, status="open"
    )
    assert services_for_safety() == 1
    service_update(
        service=service, by=lead, expected_version=service.version, categories=["staying_well"]
    )
    assert services_for_safety() == 0
    assert linkable_services_by_category(["staying_well"]) == {"staying_well": 1}


def test_a_version_conflict_leaves_the_counts_alone(lead):
    service = ServiceFactory(categories=" seeing_people ")
    with pytest.raises(VersionConflict):
        service_update(service=service, by=lead, expected_version=99, status="closed")
    assert linkable_services_by_category(["seeing_people"]) == {"seeing_people": 1}


def test_the_command_rebuilds_and_checks(capsys):
    ServiceFactory(categories=" seeing_people staying_well ")
    CategoryCount.objects.all().delete()
    with pytest.raises(CommandError, match="2 category"):
        call_command("rebuild_category_counts", "--check")
    call_command("rebuild_category_counts")
    assert "Rebuilt the counts of 2 categories" in capsys.readouterr().out
    call_command("rebuild_category_counts", "--check")
    assert _kept() == {"seeing_people": 1, "staying_well": 1}


def test_an_admin_change_keeps_the_counts(rf, lead):
    service = ServiceFactory(categories=" seeing_people ")
    model_admin = ServiceAdmin(Service, admin.site)
    request = rf.post("/")
    request.user = lead
    service.status = Service.Status.CLOSED
    model_admin.save_model(request, service, form=None, change=True)
    assert linkable_services_by_category(["seeing_people"]) == {"seeing_people": 0}
    model_admin.delete_model(request, service)
    assert category_counts_differences() == []
