from __future__ import annotations

import pytest

from pphw.people.models import Membership
from tests.browser import BROWSER_STARTED
from tests.factories import MembershipFactory, PersonFactory, TeamFactory, UserFactory

# Shared helper modules assert too; have pytest explain their failures as it
# does those in test modules. This must run before any test module imports them.
pytest.register_assert_rewrite("tests.concurrency", "tests.helpers")


@pytest.fixture(autouse=True)
def browser_tests_last(request):
    """Fail, saying why, a test run after the browser tests in the same process.

    Playwright's event loop stays in the process once started, and the browser
    tests' set-up lets Django run beside it in a way that subprocesses would
    inherit (tests/browser/conftest.py, ``playwright``). The browser
    tests are collected last; ``make test`` keeps that order in each process
    (``--no-loadscope-reorder``).
    """
    started = request.config.stash.get(BROWSER_STARTED, False)
    if started and request.node.get_closest_marker("browser") is None:
        pytest.fail(
            "A browser test ran before this one in this process. "
            "Run the browser tests last (pytest-xdist: --no-loadscope-reorder)."
        )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests hash no real secrets, so use a fast hasher.

    The project's own setting (Argon2) is asserted in tests/test_settings.py.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def second_factor_optional(settings):
    """Tests run with DEBUG on, where MFA_REQUIRED defaults to off; make that explicit.

    A developer's own MFA_REQUIRED=1 must not change what the suite expects;
    the tests of the second factor turn it on themselves.
    """
    settings.MFA_REQUIRED = False


@pytest.fixture
def team(db):
    return TeamFactory(name="North", area="Inverness")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="South", area="Dumfries")


@pytest.fixture
def practitioner(team):
    user = UserFactory(username="prac", first_name="Callum", last_name="Fraser")
    MembershipFactory(user=user, team=team, role=Membership.Role.PRACTITIONER)
    return user


@pytest.fixture
def lead(team):
    user = UserFactory(username="lead", first_name="Morag", last_name="MacLeod")
    MembershipFactory(user=user, team=team, role=Membership.Role.LEAD)
    return user


@pytest.fixture
def stranger(other_team):
    """A practitioner of another team: has no relationship with ``person``."""
    user = UserFactory(username="stranger", first_name="Ravi", last_name="Sharma")
    MembershipFactory(user=user, team=other_team, role=Membership.Role.PRACTITIONER)
    return user


@pytest.fixture
def other_lead(other_team):
    user = UserFactory(username="otherlead", first_name="Aileen", last_name="Stewart")
    MembershipFactory(user=user, team=other_team, role=Membership.Role.LEAD)
    return user


@pytest.fixture
def person(team, practitioner):
    return PersonFactory(team=team, key_worker=practitioner, given_name="Isla", family_name="Munro")


@pytest.fixture
def person_user(person):
    """The login of ``person``: a person who uses support."""
    user = UserFactory(username="isla", first_name="Isla", last_name="Munro")
    person.user = user
    person.save()
    return user


@pytest.fixture
def other_person(other_team):
    return PersonFactory(team=other_team, given_name="Fatima", family_name="Khan")


@pytest.fixture
def other_person_user(other_person):
    user = UserFactory(username="fatima", first_name="Fatima", last_name="Khan")
    other_person.user = user
    other_person.save()
    return user


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def right_person(team):
    """Someone else of ``person``'s team, with a login: where a misfiled entry belongs."""
    person = PersonFactory(team=team, given_name="Eilidh", family_name="Rossbaird")
    person.user = UserFactory(username="eilidh", first_name="Eilidh", last_name="Rossbaird")
    person.save()
    return person


@pytest.fixture
def kirsty(db):
    """A login of someone ``person`` trusts; no team, no record of her own."""
    return UserFactory(username="kirsty", first_name="Kirsty", last_name="Campbell")


@pytest.fixture
def helper_delegation(person, person_user, kirsty):
    """Kirsty may see and help with Isla's plan, as her friend."""
    from tests.factories import DelegationFactory

    return DelegationFactory(person=person, delegate=kirsty, scope="help", given_by=person_user)


def acting_for(user, person):
    """A test client signed in as ``user`` who has chosen to look at ``person``'s record."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    response = client.post(reverse("me:act_for", args=[person.pk]))
    assert response.status_code == 302, response.status_code
    return client
