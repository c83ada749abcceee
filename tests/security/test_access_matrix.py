"""Who may open what: every URL pattern in the project, for every role, GET and POST.

The table below is the access policy; ``docs/security.md`` says the same in
words. The test walks the URL resolver, so a URL added without a row here
fails, and so does a row whose URL no longer exists.

Columns (the record each column opens is in brackets):

    anon    anonymous                     [North's records]
    p_own   a person, own record          [their own records, North]
    p_oth   a person, someone else's      [South's records]
    pr_own  practitioner, own team        [North]
    pr_oth  practitioner, other team      [South]
    ld_own  team lead, own team           [North]
    ld_oth  team lead, other team         [South]
    admin   staff admin, in no team       [North]
    d_see   delegate, "see my plan", of North's person, looking at it             [North]
    d_help  delegate, "see and help", of North's person, looking at it            [North]
    d_end   delegate whose access was ended, still holding the session's choice  [North]
    d_exp   holder of a legal authority past its review date, the same            [North]
    d_oth   delegate ("see and help") of South's person, looking at South's       [North]

Answers: ``ok`` page shown or action done (2xx, or a redirect that is not to
sign-in; for POST also 400, the form sent back with its errors), ``login``
redirect to the sign-in page, ``403`` refused, ``404`` not found (the record's
existence does not leak), ``405`` method not allowed, ``csv`` a download.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from pphw.people.roles import ACT_FOR_SESSION_KEY
from tests.factories import DelegationFactory, UserFactory
from tests.security.html_forms import parse_forms

pytestmark = pytest.mark.usefixtures("fast_passwords")

ROLES = [
    "anon",
    "p_own",
    "p_oth",
    "pr_own",
    "pr_oth",
    "ld_own",
    "ld_oth",
    "admin",
    "d_see",
    "d_help",
    "d_end",
    "d_exp",
    "d_oth",
]

# name: (what the URL's argument is, GET answers by role, POST answers by role or None
# when the view takes GET only).
# Columns, in order: anon p_own p_oth pr_own pr_oth ld_own ld_oth admin
# then d_see d_help d_end d_exp d_oth.
MATRIX: dict[str, tuple[str, str, str | None]] = {
    # Public pages
    "health": ("", "ok ok ok ok ok ok ok ok ok ok ok ok ok", None),
    "favicon": ("", "ok ok ok ok ok ok ok ok ok ok ok ok ok", None),
    "login": (
        "",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "logout": (
        "",
        "405 405 405 405 405 405 405 405 405 405 405 405 405",
        "login login login login login login login login login login login login login",
    ),
    "password_reset": (
        "",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "password_reset_done": ("", "ok ok ok ok ok ok ok ok ok ok ok ok ok", None),
    "password_reset_confirm": (
        "token",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "password_reset_complete": ("", "ok ok ok ok ok ok ok ok ok ok ok ok ok", None),
    "me:set_password": (
        "token",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
        "ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    # Signed in, any role
    "home": ("", "login ok ok ok ok ok ok ok ok ok ok ok ok", None),
    "password_change": (
        "",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "password_change_done": ("", "login ok ok ok ok ok ok ok ok ok ok ok ok", None),
    "session_extend": (
        "",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    # Staff: people of my teams
    "people:list": ("", "login 404 404 ok ok ok ok 404 404 404 404 404 404", None),
    "people:create": (
        "",
        "login 404 404 ok ok ok ok 404 404 404 404 404 404",
        "login 404 404 ok ok ok ok 404 404 404 404 404 404",
    ),
    "people:detail": ("person", "login 404 404 ok 404 ok 404 404 404 404 404 404 404", None),
    "people:edit": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:history": ("person", "login 404 404 ok 404 ok 404 404 404 404 404 404 404", None),
    "people:print": ("person", "login 404 404 ok 404 ok 404 404 404 404 404 404 404", None),
    "people:close": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:reopen": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:invite": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:revoke_access": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:delegates": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        None,
    ),
    "people:legal_authority": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:delegation_end": (
        "delegation",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    # Who cares for whom: changed from the carer's record; the carer's plan to print
    "people:caring_create": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:caring_edit": (
        "caring",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:caring_end": (
        "caring",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "people:carer_plan": ("carer", "login 404 404 ok 404 ok 404 404 404 404 404 404 404", None),
    "conversations:create": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "conversations:detail": (
        "conversation",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        None,
    ),
    "conversations:edit": (
        "conversation",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "conversations:entered_in_error": (
        "conversation",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:create": (
        "person",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "conversations:move": (
        "conversation",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:detail": ("outcome", "login 404 404 ok 404 ok 404 404 404 404 404 404 404", None),
    "outcomes:edit": (
        "outcome",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:history": ("outcome", "login 404 404 ok 404 ok 404 404 404 404 404 404 404", None),
    "outcomes:entered_in_error": (
        "outcome",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:move": (
        "outcome",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:step_create": (
        "outcome",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:step_edit": (
        "step",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:step_status": (
        "step",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:step_move": (
        "step",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "outcomes:step_entered_in_error": (
        "step",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "reviews:due": ("", "login 404 404 ok ok ok ok 404 404 404 404 404 404", None),
    "reviews:create": (
        "outcome",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
        "login 404 404 ok 404 ok 404 404 404 404 404 404 404",
    ),
    "reviews:detail": ("review", "login 404 404 ok 404 ok 404 404 404 404 404 404 404", None),
    # The directory of local services: any member of staff; importing is for leads.
    "community:list": ("", "login 404 404 ok ok ok ok 404 404 404 404 404 404", None),
    "community:detail": ("service", "login 404 404 ok ok ok ok 404 404 404 404 404 404", None),
    "community:create": (
        "",
        "login 404 404 ok ok ok ok 404 404 404 404 404 404",
        "login 404 404 ok ok ok ok 404 404 404 404 404 404",
    ),
    "community:edit": (
        "service",
        "login 404 404 ok ok ok ok 404 404 404 404 404 404",
        "login 404 404 ok ok ok ok 404 404 404 404 404 404",
    ),
    "community:import": (
        "",
        "login 404 404 403 403 ok ok 404 404 404 404 404 404",
        "login 404 404 403 403 ok ok 404 404 404 404 404 404",
    ),
    # Team leads only
    "reviews:report": ("", "login 404 404 403 403 ok ok 404 404 404 404 404 404", None),
    "reviews:report_print": ("", "login 404 404 403 403 ok ok 404 404 404 404 404 404", None),
    "reviews:team": ("", "login 404 404 403 403 ok ok 404 404 404 404 404 404", None),
    "reviews:report_csv": ("table", "login 404 404 403 403 csv csv 404 404 404 404 404 404", None),
    "audit:log": ("", "login 404 404 403 403 ok ok 404 404 404 404 404 404", None),
    # A person's own pages
    "me:home": ("", "login ok ok 404 404 404 404 404 ok ok 404 404 ok", None),
    "me:outcome": ("outcome", "login ok 404 404 404 404 404 404 ok ok 404 404 404", None),
    # Delegates never change the person's own words.
    "me:outcome_words": (
        "outcome",
        "login ok 404 404 404 404 404 404 403 403 404 404 404",
        "login ok 404 404 404 404 404 404 403 403 404 404 404",
    ),
    "me:step_add": (
        "outcome",
        "login ok 404 404 404 404 404 404 403 ok 404 404 404",
        "login ok 404 404 404 404 404 404 403 ok 404 404 404",
    ),
    "me:reflection_add": (
        "outcome",
        "login ok 404 404 404 404 404 404 403 403 404 404 404",
        "login ok 404 404 404 404 404 404 403 403 404 404 404",
    ),
    "me:step_done": (
        "step",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login ok 404 404 404 404 404 404 403 ok 404 404 404",
    ),
    "me:step_undo_done": (
        "step",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login ok 404 404 404 404 404 404 403 ok 404 404 404",
    ),
    "me:preparation": (
        "",
        "login ok ok 404 404 404 404 404 ok ok 404 404 ok",
        "login ok ok 404 404 404 404 404 403 ok 404 404 ok",
    ),
    "me:history": ("", "login ok ok 404 404 404 404 404 ok ok 404 404 ok", None),
    # Retention: team leads of the team (and records officers); practitioners 403.
    "records:due": ("", "login 404 404 403 403 ok ok 404 404 404 404 404 404", None),
    "records:request": (
        "person",
        "login 404 404 403 403 ok 404 404 404 404 404 404 404",
        "login 404 404 403 403 ok 404 404 404 404 404 404 404",
    ),
    "records:decide": (
        "disposal",
        "login 404 404 403 403 ok 404 404 404 404 404 404 404",
        "login 404 404 403 403 ok 404 404 404 404 404 404 404",
    ),
    "records:certificate": (
        "certificate",
        "login 404 404 403 403 ok 404 404 404 404 404 404 404",
        None,
    ),
    "me:export": ("", "login ok ok 404 404 404 404 404 ok ok 404 404 ok", None),
    "me:export_json": ("", "login ok ok 404 404 404 404 404 ok ok 404 404 ok", None),
    "me:plan": ("", "login ok ok 404 404 404 404 404 ok ok 404 404 ok", None),
    # Only the person themselves: who has looked, who may see, inviting, ending.
    "audit:my_access": ("", "login ok ok 404 404 404 404 404 403 403 404 404 403", None),
    "me:delegates": ("", "login ok ok 404 404 404 404 404 403 403 404 404 403", None),
    "me:delegate_invite": (
        "",
        "login ok ok 404 404 404 404 404 403 403 404 404 403",
        "login ok ok 404 404 404 404 404 403 403 404 404 403",
    ),
    "me:delegate_end": (
        "delegation",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login ok 404 404 404 404 404 404 403 403 404 404 403",
    ),
    # A delegate chooses whose record the me pages show (a person: their own).
    "me:act_for": (
        "person",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login ok 404 404 404 404 404 404 ok ok 404 404 404",
    ),
    # One's own account: everyone signed in (without a second factor in this world,
    # the two-step pages send the user back to their account or on to the next page)
    "accounts:account": ("", "login ok ok ok ok ok ok ok ok ok ok ok ok", None),
    "accounts:end_sessions": (
        "",
        "login 405 405 405 405 405 405 405 405 405 405 405 405",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "accounts:enrol": (
        "",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "accounts:verify": (
        "",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "accounts:recovery_codes": (
        "",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    "accounts:turn_off": (
        "",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
        "login ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    # Someone else's sign-in: staff admins only
    "accounts:reset": (
        "user",
        "login 404 404 404 404 404 404 ok 404 404 404 404 404",
        "login 404 404 404 404 404 404 ok 404 404 404 404 404",
    ),
}

# The Django admin, every one of its URLs: staff admin only; everyone else is sent
# to the admin's own sign-in page. GET only: its POSTs change data by design.
# For the staff admin, a page of a made-up object number may answer 404.
ADMIN_GET = "login login login login login login login ok login login login login login"
ADMIN_SPECIAL = {
    "admin:login": "ok ok ok ok ok ok ok ok ok ok ok ok ok",
    # Signing out of the admin takes a POST; others are sent to its front page.
    "admin:logout": "ok ok ok ok ok ok ok 405 ok ok ok ok ok",
    "admin:autocomplete": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:view_on_site": (
        "login login login login login login login 404 login login login login login"
    ),
    # The logs are read-only, even for the staff admin.
    "admin:audit_recordaccess_add": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:audit_recordaccess_delete": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:axes_accessattempt_add": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:axes_accessattempt_delete": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:axes_accesslog_add": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:axes_accesslog_delete": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:axes_accessfailurelog_add": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:axes_accessfailurelog_delete": (
        "login login login login login login login 403 login login login login login"
    ),
    # Users are deactivated, never deleted.
    "admin:people_user_delete": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:accounts_securityevent_add": (
        "login login login login login login login 403 login login login login login"
    ),
    "admin:accounts_securityevent_delete": (
        "login login login login login login login 403 login login login login login"
    ),
}


def _walk(patterns, namespace=None, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            name = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, name, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


def all_patterns():
    return list(_walk(get_resolver().url_patterns))


def project_names() -> list[str]:
    return sorted(
        {name for name, _, _ in all_patterns() if not (name or "").startswith("admin:")} - {None}
    )


def test_it_has_an_expectation_for_every_url_and_no_stale_rows():
    names = project_names()
    assert [name for name in names if name not in MATRIX] == [], "URLs without a row"
    assert [name for name in MATRIX if name not in names] == [], "rows without a URL"
    admin_names = {name for name, _, _ in all_patterns() if (name or "").startswith("admin:")}
    assert [name for name in ADMIN_SPECIAL if name not in admin_names] == []


def test_it_names_every_pattern_outside_the_admin():
    unnamed = [route for name, route, _ in all_patterns() if name is None and "admin/" not in route]
    assert unnamed == []


def _delegate(person, practitioner, username, **fields):
    """A login that is a delegate of ``person`` only, and the record it chose to act on."""
    delegate = UserFactory(username=username)
    DelegationFactory(person=person, delegate=delegate, given_by=practitioner, **fields)
    return delegate


@pytest.fixture
def cast(north, south, person_user, practitioner, lead, stranger, staff_admin):
    """Each column: the user, the records they try to open and whose record they act on."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    legal = {
        "kind": "legal",
        "authority": "power_of_attorney",
        "document_date": datetime.date(2020, 1, 1),
        "review_due": yesterday,
        "scope": "help",
    }
    ended = {"scope": "help", "ended_at": timezone.now(), "ended_by": practitioner}
    return {
        "d_see": (_delegate(north.person, practitioner, "d_see"), north, north.person.pk),
        "d_help": (
            _delegate(north.person, practitioner, "d_help", scope="help"),
            north,
            north.person.pk,
        ),
        "d_end": (_delegate(north.person, practitioner, "d_end", **ended), north, north.person.pk),
        "d_exp": (_delegate(north.person, practitioner, "d_exp", **legal), north, north.person.pk),
        "d_oth": (
            _delegate(south.person, stranger, "d_oth", scope="help"),
            north,
            south.person.pk,
        ),
        "anon": (None, north),
        "p_own": (person_user, north),
        "p_oth": (person_user, south),
        "pr_own": (practitioner, north),
        "pr_oth": (practitioner, south),
        "ld_own": (lead, north),
        "ld_oth": (lead, south),
        "admin": (staff_admin, north),
    }


def _kwargs(name: str, arg: str, records) -> dict:
    if not arg:
        return {}
    if arg == "token":
        return {"uidb64": "MQ", "token": "set-password"}
    if arg == "table":
        return {"table": "reviews"}
    if arg == "user":
        return {
            "pk": records.step.outcome.person.key_worker_id or records.conversation.practitioner_id
        }
    key = "person_pk" if name.endswith(":create") and arg == "person" else "pk"
    return {key: getattr(records, arg).pk}


def _answer(response, method: str) -> str:
    code = response.status_code
    if code in (301, 302):
        path = urlsplit(response.url).path
        if path in (reverse("login"), reverse("admin:login")):
            return "login"
        if path == reverse("accounts:enrol"):
            return "enrol"
        return "ok"
    if code == 200 and response.get("Content-Type", "").startswith("text/csv"):
        return "csv"
    if code in (200, 204) or (code == 400 and method == "POST"):
        return "ok"
    return str(code)


def _ask(user, method: str, url: str, act_for: int | None = None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    if act_for is not None:
        session = client.session
        session[ACT_FOR_SESSION_KEY] = act_for
        session.save()
    # Each request in its own savepoint, so that one POST cannot change the next answer.
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return _answer(response, method)


def _expected(table: str) -> dict[str, str]:
    answers = table.split()
    assert len(answers) == len(ROLES), table
    return dict(zip(ROLES, answers, strict=True))


def _run_row(name, arg, cast) -> list[str]:
    get_row, post_row = MATRIX[name][1], MATRIX[name][2]
    if post_row is None:
        # GET only: anonymous is sent to sign in first where the page needs it.
        anon = _expected(get_row)["anon"]
        post_row = " ".join([anon if anon == "login" else "405"] + ["405"] * (len(ROLES) - 1))
    wrong = []
    for method, row in (("GET", get_row), ("POST", post_row)):
        for role, expected in _expected(row).items():
            user, records, *act_for = cast[role]
            url = reverse(name, kwargs=_kwargs(name, arg, records))
            got = _ask(user, method, url, *act_for)
            if got != expected:
                wrong.append(f"{method} {name} as {role}: expected {expected}, got {got}")
    return wrong


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_answers_as_the_matrix_says(name, cast):
    assert _run_row(name, MATRIX[name][0], cast) == []


# With MFA_REQUIRED on, a member of staff who has no second factor yet reaches
# nothing but setting one up, signing out and the health check: every other
# URL of the project, and every admin URL, GET and POST, sends them to set it up.
OPEN_BEFORE_ENROLMENT = {"accounts:enrol", "logout", "health"}


@pytest.fixture
def staff_without_device(cast):
    return {"pr_own": cast["pr_own"], "ld_own": cast["ld_own"], "admin": cast["admin"]}


@pytest.mark.parametrize("name", sorted(set(MATRIX) - OPEN_BEFORE_ENROLMENT))
def test_it_sends_staff_without_a_second_factor_to_set_one_up(name, staff_without_device, settings):
    settings.MFA_REQUIRED = True
    wrong = []
    for role, (user, records) in staff_without_device.items():
        url = reverse(name, kwargs=_kwargs(name, MATRIX[name][0], records))
        for method in ("GET", "POST"):
            got = _ask(user, method, url)
            if got != "enrol":
                wrong.append(f"{method} {name} as {role}: expected enrol, got {got}")
    assert wrong == []


def test_it_sends_staff_without_a_second_factor_from_the_admin_to_set_one_up(
    staff_without_device, settings
):
    settings.MFA_REQUIRED = True
    user = staff_without_device["admin"][0]
    wrong = []
    for name, route, pattern in all_patterns():
        if route.startswith("admin/"):
            url = _admin_url(name, route, pattern)
            if (got := _ask(user, "GET", url)) != "enrol":
                wrong.append(f"GET {url}: expected enrol, got {got}")
    assert wrong == []


def test_it_lets_staff_without_a_second_factor_set_one_up_and_sign_out(
    staff_without_device, settings
):
    settings.MFA_REQUIRED = True
    for user, _ in staff_without_device.values():
        assert _ask(user, "GET", reverse("accounts:enrol")) == "ok"
        assert _ask(user, "GET", reverse("health")) == "ok"
        assert _ask(user, "POST", reverse("logout")) == "login"


ADMIN_ARGS = {
    "id": "1",
    "object_id": "1",
    "app_label": "people",
    "content_type_id": "1",
    "url": "x/",
}


def _admin_url(name, route, pattern) -> str:
    groups = set(pattern.pattern.regex.groupindex)
    if name is None:
        # The admin's catch-all: any unknown address under /admin/.
        return "/admin/no-such-page/"
    if groups:
        return reverse(name, kwargs={key: ADMIN_ARGS[key] for key in groups})
    return reverse(name, args=["1"] * pattern.pattern.regex.groups)


def test_it_keeps_the_admin_to_staff_admins(cast):
    wrong = []
    for name, route, pattern in all_patterns():
        if not route.startswith("admin/"):
            continue
        url = _admin_url(name, route, pattern)
        for role, expected in _expected(ADMIN_SPECIAL.get(name, ADMIN_GET)).items():
            got = _ask(cast[role][0], "GET", url)
            made_up = pattern.pattern.regex.groups > 0 or name is None
            if expected == "ok" and got == "404" and made_up:
                continue
            if got != expected:
                wrong.append(f"GET {url} as {role}: expected {expected}, got {got}")
    assert wrong == []


def test_it_walks_the_admin(cast):
    admin_urls = [name for name, route, _ in all_patterns() if route.startswith("admin/")]
    assert len(admin_urls) > 20


def test_it_serves_no_inline_script_or_style_on_any_page_shown(cast):
    offenders = []
    for name in sorted(MATRIX):
        arg = MATRIX[name][0]
        for role in ("p_own", "pr_own", "ld_own"):
            user, records = cast[role]
            client = Client()
            client.force_login(user)
            response = client.get(reverse(name, kwargs=_kwargs(name, arg, records)))
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            if " style=" in html or "<script>" in html or "<style" in html:
                offenders.append(f"{name} as {role}")
            for form in parse_forms(html):
                if form.method == "post" and "csrfmiddlewaretoken" not in form.fields:
                    offenders.append(f"{name} as {role}: a POST form without a CSRF token")
    assert offenders == []


# A carer of North caring for someone of South: each team's practitioner sees one of
# the two records. Every URL about the relationship answers as its carer's record
# does, and the other record as any record one may not see.
#                        North's practitioner, South's practitioner, the cared-for person
SPLIT: dict[str, tuple[str, str]] = {
    "people:detail carer": ("carer", "ok 404 404"),
    "people:detail cared_for": ("cared_for", "404 ok 404"),
    "people:carer_plan carer": ("carer", "ok 404 404"),
    "people:caring_create carer": ("carer", "ok 404 404"),
    "people:caring_edit caring": ("caring", "ok 404 404"),
    "people:caring_end caring": ("caring", "ok 404 404"),
}


def test_it_splits_a_caring_relationship_across_teams(north, south, practitioner, stranger):
    from pphw.people.models import CaringRelationship
    from tests.factories import CaringRelationshipFactory

    CaringRelationship.objects.all().delete()
    caring = CaringRelationshipFactory(carer=north.carer, cared_for=south.person)
    south_person_user = south.person.user or _login_for(south.person)
    records = {"carer": north.carer, "cared_for": south.person, "caring": caring}
    users = [practitioner, stranger, south_person_user]
    wrong = []
    for label, (arg, row) in SPLIT.items():
        name = label.split()[0]
        url = reverse(name, kwargs={"pk": records[arg].pk})
        for user, expected in zip(users, row.split(), strict=True):
            for method in ("GET", "POST") if name != "people:detail" else ("GET",):
                if method == "POST" and name == "people:carer_plan":
                    continue
                if (got := _ask(user, method, url)) != expected:
                    wrong.append(f"{method} {label} as {user.username}: {expected}, got {got}")
    assert wrong == []
    # North's practitioner is told of the relationship, never whose record it is.
    client = Client()
    client.force_login(practitioner)
    page = client.get(reverse("people:detail", args=[north.carer.pk])).content.decode()
    assert "a person supported by another team" in page
    assert south.person.family_name not in page
    assert reverse("people:detail", args=[south.person.pk]) not in page


def _login_for(person):
    from tests.factories import UserFactory

    person.user = UserFactory()
    person.save()
    return person.user
