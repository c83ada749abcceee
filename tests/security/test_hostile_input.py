"""Hostile input: every form and every list's query string, driven with generated values.

As a signed-in user of the right role, each form is submitted with one or
more of its fields replaced by something hostile: empty, a megabyte, unicode
edge cases (right-to-left marks, combining characters, NUL, emoji), HTML and
script, SQL fragments, numbers out of range, malformed dates. For every case:

- nothing answers 500;
- input that is refused changes no row (every table and history table is
  counted before and after; the record-access log, sessions and login
  attempts are left out since they record the visit itself);
- input that is accepted round-trips exactly: the stored value is what was
  typed (less surrounding spaces) and the page shows it, escaped;
- a NUL character is refused with a message, never stored.

Profiles (``HYPOTHESIS_PROFILE``): ``ci``, the default, runs 80 cases for each of
the 36 forms and lists (2,880 in all); ``quick`` runs 15 each, for a fast local run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.models import Conversation
from outcomes.models import Outcome, Reflection, Step
from pphw.people.models import Person
from reviews.models import Review
from tests.security.html_forms import main_form, parse_forms

settings.register_profile(
    "ci",
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile("quick", parent=settings.get_profile("ci"), max_examples=15)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.usefixtures("fast_passwords")

NUL_MESSAGE = "Null characters are not allowed."
# Tables that record the visit itself rather than the data submitted.
NOT_COUNTED = ("audit_recordaccess", "django_session", "axes_", "django_admin_log")

ATOMS = [
    "",
    " ",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200d",  # zero-width joiner
    "e\u0301\u0301\u0301",  # combining accents
    "Z\u0351\u0363\u0364",  # stacked combining marks
    "\x00",
    "\ufeff",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # family emoji
    "\U0001f600",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }}{% debug %}",
    "'; DROP TABLE people_person; --",
    "1 OR 1=1",
    "%_\\",
    "-1",
    "11",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "31/13/2026",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "yesterday",
    "\r\n",
    "ﷺ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]
ENORMOUS = "x" * 1_000_000
# Lone surrogates cannot be sent as UTF-8 by any browser.
free_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
hostile = st.one_of(
    st.sampled_from(ATOMS),
    st.lists(st.one_of(st.sampled_from(ATOMS), free_text), min_size=1, max_size=6).map("".join),
    free_text,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.just(ENORMOUS),
)
# Values that a careful form should accept and show exactly as typed.
printable = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=40
)
showable = st.lists(
    st.one_of(st.sampled_from([a for a in ATOMS if a.strip() and "\x00" not in a]), printable),
    min_size=1,
    max_size=4,
).map(lambda parts: "Hostile " + " ".join(parts) + " end")


@dataclass(frozen=True)
class FormCase:
    url_name: str
    role: str  # "staff" or "person"
    arg: str  # which record the URL names, or ""
    model: type | None = None  # where an accepted save lands, for the round trip
    field: str = ""  # the field checked for the round trip


FORMS = [
    FormCase("people:create", "staff", "", Person, "given_name"),
    FormCase("people:edit", "staff", "person", Person, "communication_needs"),
    FormCase("people:invite", "staff", "invitee"),
    FormCase("people:close", "staff", "person"),
    FormCase("records:request", "lead", "person"),
    FormCase("conversations:create", "staff", "person", Conversation, "what_matters"),
    FormCase("conversations:edit", "staff", "conversation", Conversation, "what_matters"),
    FormCase("conversations:entered_in_error", "staff", "conversation"),
    FormCase("conversations:move", "staff", "conversation"),
    FormCase("outcomes:create", "staff", "person", Outcome, "statement"),
    FormCase("outcomes:edit", "staff", "outcome", Outcome, "statement"),
    FormCase("outcomes:entered_in_error", "staff", "outcome"),
    FormCase("outcomes:move", "staff", "outcome"),
    FormCase("outcomes:step_create", "staff", "outcome", Step, "what"),
    FormCase("outcomes:step_edit", "staff", "step", Step, "what"),
    FormCase("outcomes:step_entered_in_error", "staff", "step"),
    FormCase("reviews:create", "staff", "outcome", Review, "what_changed"),
    FormCase("me:outcome_words", "person", "outcome", Outcome, "statement"),
    FormCase("me:step_add", "person", "outcome", Step, "what"),
    FormCase("me:reflection_add", "person", "outcome", Reflection, "text"),
    FormCase("me:preparation", "person", ""),
    FormCase("password_change", "staff", ""),
    FormCase("login", "anonymous", ""),
    FormCase("password_reset", "anonymous", ""),
]

LISTS = [
    ("home", "staff", ""),
    ("people:list", "staff", ""),
    ("people:history", "staff", "person"),
    ("outcomes:history", "staff", "outcome"),
    ("outcomes:detail", "staff", "outcome"),
    ("reviews:due", "staff", ""),
    ("reviews:report", "lead", ""),
    ("reviews:report_csv", "lead", "table"),
    ("audit:log", "lead", ""),
    ("audit:my_access", "person", ""),
    ("me:history", "person", ""),
    ("me:home", "person", ""),
]


def row_counts() -> dict[str, int]:
    """Every counted table's rows, in one query."""
    tables = [t for t in connection.introspection.table_names() if not t.startswith(NOT_COUNTED)]
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        # Table names come from the schema itself and are quoted.
        cursor.execute("SELECT " + counts)
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.fixture
def world(north, lead, practitioner, person_user):
    """The records and signed-in clients the forms are driven with (North's)."""
    from tests.factories import PersonFactory

    # Someone without a login yet, for the invitation form.
    north.invitee = PersonFactory(team=north.person.team)
    clients = {"anonymous": Client()}
    for role, user in (("staff", practitioner), ("lead", lead), ("person", person_user)):
        clients[role] = Client()
        clients[role].force_login(user)
    return {"records": north, "clients": clients, "state": {}}


def _url(name: str, arg: str, records) -> str:
    if not arg:
        return reverse(name)
    if arg == "table":
        return reverse(name, kwargs={"table": "reviews"})
    key = "person_pk" if name.endswith(":create") and arg == "person" else "pk"
    return reverse(name, kwargs={key: getattr(records, arg).pk})


def _fresh_form(client: Client, url: str) -> dict:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return main_form(page.content.decode()).data()


def _saved_value(case: FormCase, records):
    """The round-trip field as stored: of the record edited, or of the newest one created."""
    record = getattr(records, case.arg, None) if case.arg else None
    if isinstance(record, case.model):
        return getattr(case.model._default_manager.get(pk=record.pk), case.field)
    return getattr(case.model._default_manager.order_by("-pk").first(), case.field)


def _refused(response) -> bool:
    """The form came back: an error status, or the error summary at the top of the form."""
    if response.status_code >= 400:
        return True
    if response.status_code in (301, 302):
        return urlsplit(response.url).path == reverse("login")
    return "data-error-summary" in response.content.decode(errors="replace")


@pytest.mark.parametrize("case", FORMS, ids=[case.url_name for case in FORMS])
@given(data=st.data())
def test_it_survives_hostile_input_to_every_form(case, world, data):
    client = world["clients"][case.role]
    records = world["records"]
    url = _url(case.url_name, case.arg, records)
    state = world["state"]
    if "form" not in state:
        state["form"] = _fresh_form(client, url)
    form = dict(state["form"])
    names = sorted(n for n in form if n != "csrfmiddlewaretoken")
    round_trip = case.field in form and data.draw(st.booleans(), label="valid")
    if round_trip:
        typed = data.draw(showable, label=case.field)
        form[case.field] = typed
    else:
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        for name in chosen:
            form[name] = data.draw(hostile, label=name)

    # Every case starts from the same records: its writes are rolled back afterwards.
    with transaction.atomic():
        before = row_counts()
        response = client.post(url, form)
        assert response.status_code < 500
        if _refused(response):
            assert row_counts() == before, "refused input changed rows"
        elif round_trip and case.model is not None:
            expected = typed.strip()
            assert _saved_value(case, records) == expected
            shown = client.get(response.url) if response.status_code == 302 else response
            assert shown.status_code == 200
            assert escape(expected) in shown.content.decode()
        transaction.set_rollback(True)


def test_it_refuses_nul_characters_with_a_message(world):
    client = world["clients"]["staff"]
    url = _url("outcomes:edit", "outcome", world["records"])
    form = _fresh_form(client, url)
    form["statement"] = "I want\x00 to walk"
    before = row_counts()
    response = client.post(url, form)
    assert response.status_code in (200, 400)
    assert NUL_MESSAGE in response.content.decode()
    assert row_counts() == before


def test_it_shows_script_as_text_not_markup(world):
    client = world["clients"]["staff"]
    records = world["records"]
    url = _url("outcomes:edit", "outcome", records)
    form = _fresh_form(client, url)
    form["statement"] = "<script>alert('x')</script> I want to go out"
    response = client.post(url, form, follow=True)
    html = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; I want to go out" in html
    assert "<script>alert" not in html


def _query_names(client: Client, url: str) -> list[str]:
    page = client.get(url)
    names = {"page"}
    if "html" in page.get("Content-Type", ""):
        for form in parse_forms(page.content.decode()):
            if form.method == "get":
                names.update(form.fields)
    return sorted(names)


@pytest.mark.parametrize(("url_name", "role", "arg"), LISTS, ids=[name for name, _, _ in LISTS])
@given(data=st.data())
def test_it_survives_hostile_query_strings(url_name, role, arg, world, data):
    client = world["clients"][role]
    url = _url(url_name, arg, world["records"])
    state = world["state"]
    if "names" not in state:
        state["names"] = _query_names(client, url)
    chosen = data.draw(
        st.lists(st.sampled_from(state["names"]), min_size=1, max_size=4, unique=True)
    )
    params = {
        name: data.draw(hostile.filter(lambda v: len(v) < 5000), label=name) for name in chosen
    }
    before = row_counts()
    response = client.get(url, params)
    assert response.status_code in (200, 400, 404), response.status_code
    assert row_counts() == before
    if "html" in response.get("Content-Type", ""):
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")


# --- what the session keeps: forms posted after the idle limit, "Stay signed in", the 503 page

KEPT_FORMS = [
    FormCase("conversations:create", "staff", "person"),
    FormCase("outcomes:edit", "staff", "outcome"),
    FormCase("me:step_add", "person", "outcome"),
]


def _expire(client: Client) -> None:
    import time

    from pphw.middleware import IDLE_KEY

    session = client.session
    session[IDLE_KEY] = int(time.time()) - 24 * 3600
    session.save()


@pytest.mark.parametrize("case", KEPT_FORMS, ids=[case.url_name for case in KEPT_FORMS])
@settings(max_examples=10)
@given(data=st.data())
def test_it_survives_hostile_input_kept_across_signing_in(case, world, data, practitioner):
    from pphw.drafts import DRAFT_KEY

    user = practitioner if case.role == "staff" else world["records"].person.user
    url = _url(case.url_name, case.arg, world["records"])
    client = Client()
    client.force_login(user)
    form = _fresh_form(client, url)
    names = sorted(n for n in form if n != "csrfmiddlewaretoken")
    for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
        form[name] = data.draw(hostile, label=name)
    _expire(client)
    before = row_counts()
    response = client.post(url, form)
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("login")
    assert row_counts() == before, "a post after the session ended changed rows"
    kept = DRAFT_KEY in client.session
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    # Given back once, whatever it held (when it was small enough to keep at all).
    assert DRAFT_KEY not in client.session, f"kept={kept}"


@settings(max_examples=20)
@given(junk=st.dictionaries(free_text.filter(bool), hostile, max_size=4))
def test_it_survives_hostile_input_to_stay_signed_in(world, junk):
    client = world["clients"]["staff"]
    before = row_counts()
    response = client.post(reverse("session_extend"), junk)
    assert response.status_code == 200
    assert set(response.json()) == {"seconds_left"}
    assert row_counts() == before


@settings(max_examples=20)
@given(data=st.dictionaries(free_text.filter(bool), hostile, min_size=1, max_size=4))
def test_it_shows_hostile_input_escaped_on_the_503_page(data):
    from django.test import RequestFactory

    from pphw.unavailable import unavailable_response

    request = RequestFactory().post("/conversations/add/for/1/", data)
    request._dont_enforce_csrf_checks = True
    response = unavailable_response(request)
    assert response.status_code == 503
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
