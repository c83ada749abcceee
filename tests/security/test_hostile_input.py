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

Then, without generated values, every form proves its caps and bounds: each
free-text field refuses one character over its cap with "This is longer than
N characters", where N is the cap this module expects for it, and accepts N;
each date field refuses 1899 and 2200 with "Enter a date between the years 1900
and 2199." and accepts their neighbours 1900 and 2199; refused input changes
no row.

Profiles (``HYPOTHESIS_PROFILE``): ``ci``, the default, runs 80 cases for each
form and list below (``FORMS`` and ``LISTS``); ``quick`` runs 15 each, for a fast
local run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.models import Conversation
from outcomes.models import Outcome, Reflection, Step
from pphw import bounds
from pphw.community.models import Service
from pphw.people.models import CaringRelationship, Delegation, Person
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
# Tables that record the visit itself rather than the data submitted: the
# record-access log, sessions, and the counts of tries at a secret.
NOT_COUNTED = (
    "audit_recordaccess",
    "audit_throttlecount",
    "django_session",
    "axes_",
    "django_admin_log",
)

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
    FormCase("people:revoke_access", "staff", "person"),
    FormCase("people:close", "staff", "person"),
    FormCase("records:request", "lead", "person"),
    FormCase("people:caring_create", "staff", "carer", CaringRelationship, "care_given"),
    FormCase("people:caring_edit", "staff", "caring", CaringRelationship, "care_given"),
    FormCase("people:caring_end", "staff", "caring"),
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
    FormCase("community:create", "staff", "", Service, "name"),
    FormCase("community:edit", "staff", "service", Service, "description"),
    FormCase("me:outcome_words", "person", "outcome", Outcome, "statement"),
    FormCase("me:step_add", "person", "outcome", Step, "what"),
    FormCase("me:reflection_add", "person", "outcome", Reflection, "text"),
    FormCase("me:preparation", "person", ""),
    FormCase("me:delegate_invite", "person", "", Delegation, "relationship"),
    FormCase("people:legal_authority", "staff", "person", Delegation, "relationship"),
    FormCase("people:delegation_end", "staff", "delegation"),
    FormCase("password_change", "staff", ""),
    FormCase("login", "anonymous", ""),
    FormCase("password_reset", "anonymous", ""),
    FormCase("accounts:enrol", "staff", ""),
    FormCase("accounts:verify", "pending", ""),
    FormCase("accounts:turn_off", "optin", ""),
    FormCase("accounts:reset", "admin", "user"),
]

# community:import takes only a file, which these cases cannot fill in: hostile files
# (wrong shape, encoding, size, duplicates, bad values) are in tests/community/test_import.py.

LISTS = [
    ("home", "staff", ""),
    ("people:list", "staff", ""),
    ("people:history", "staff", "person"),
    ("people:carer_plan", "staff", "carer"),
    ("outcomes:history", "staff", "outcome"),
    ("outcomes:detail", "staff", "outcome"),
    ("reviews:due", "staff", ""),
    ("reviews:team", "lead", ""),
    ("community:list", "staff", ""),
    ("community:detail", "staff", "service"),
    ("reviews:report", "lead", ""),
    ("reviews:report_print", "lead", ""),
    ("reviews:report_csv", "lead", "table"),
    ("audit:log", "lead", ""),
    ("audit:my_access", "person", ""),
    ("me:history", "person", ""),
    ("me:home", "person", ""),
    ("me:delegates", "person", ""),
    ("people:delegates", "staff", "person"),
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
    # The one-time links: to reset a member of staff's password, and a person's invitation.
    north.reset = practitioner
    north.invitation = person_user
    from django_otp import DEVICE_ID_SESSION_KEY

    from pphw.accounts.services import new_totp_key, second_factor_enrol
    from pphw.accounts.signin import PENDING_KEY
    from tests.factories import UserFactory

    # Signed in with a password, waiting to give the code of their app; and someone
    # who has given it (and may turn two-step sign-in off); and a staff admin.
    pending = UserFactory(username="pending")
    optin = UserFactory(username="optin")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    for user in (pending, optin):
        second_factor_enrol(user=user, key=new_totp_key(), last_t=-1, address=None)
    clients = {"anonymous": Client()}
    roles = (
        ("staff", practitioner),
        ("lead", lead),
        ("person", person_user),
        ("pending", pending),
        ("optin", optin),
        ("admin", admin),
    )
    for role, user in roles:
        clients[role] = Client()
        clients[role].force_login(user)
    session = clients["optin"].session
    session[DEVICE_ID_SESSION_KEY] = optin.totpdevice_set.get().persistent_id
    session.pop(PENDING_KEY)
    session.save()
    return {"records": north, "clients": clients, "state": {}}


def _url(name: str, arg: str, records) -> str:
    if not arg:
        return reverse(name)
    if arg in ("reset", "invitation"):
        user = getattr(records, arg)
        uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        return reverse(name, kwargs={"uidb64": uidb64, "token": token})
    if arg == "table":
        return reverse(name, kwargs={"table": "reviews"})
    if arg == "user":
        return reverse(name, kwargs={"pk": records.conversation.practitioner_id})
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


# Query-string names a page reads from its links rather than from a form.
LINK_QUERY_NAMES = {"people:list": {"key_worker"}, "home": {"key_worker"}, "reviews:team": {"sort"}}


def _query_names(client: Client, url: str, url_name: str = "") -> list[str]:
    page = client.get(url)
    names = {"page"} | LINK_QUERY_NAMES.get(url_name, set())
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
        state["names"] = _query_names(client, url, url_name)
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


# --- caps and bounds, form by form ------------------------------------------------------

# Forms reached through a one-time link (the link leads to the form's own address).
LINK_FORMS = [
    FormCase("password_reset_confirm", "anonymous", "reset"),
    FormCase("me:set_password", "anonymous", "invitation"),
]
FILTER_FORMS = [
    FormCase("people:list", "staff", ""),
    FormCase("reviews:report", "lead", ""),
    FormCase("audit:log", "lead", ""),
    FormCase("community:list", "staff", ""),
]
# The cap each free-text field should have, by field name; (form, field) where two
# forms use one name differently. A field of a form missing here fails the test.
CAPS = {
    "given_name": bounds.NAME,
    "family_name": bounds.NAME,
    "preferred_name": bounds.NAME,
    "chi_number": 20,
    "communication_needs": bounds.NOTE,
    "relationship": bounds.NAME,
    "care_given": bounds.NOTE,
    "end_reason": bounds.NOTE,
    "reason": bounds.REASON,
    ("conversations:entered_in_error", "reason"): bounds.NOTE,
    ("outcomes:entered_in_error", "reason"): bounds.NOTE,
    ("outcomes:step_entered_in_error", "reason"): bounds.NOTE,
    ("conversations:move", "reason"): bounds.NOTE,
    ("outcomes:move", "reason"): bounds.NOTE,
    ("people:close", "reason"): bounds.NOTE,
    ("records:request", "reason"): bounds.NOTE,
    ("accounts:enrol", "code"): 20,
    ("accounts:verify", "code"): 40,
    "username": 150,
    "email": 254,
    "others_present": bounds.LINE,
    "what_matters": bounds.NARRATIVE,
    "strengths": bounds.NARRATIVE,
    ("outcomes:create", "strengths"): bounds.WORDS,
    ("outcomes:edit", "strengths"): bounds.WORDS,
    "practitioner_notes": bounds.NARRATIVE,
    "statement": bounds.WORDS,
    "why_it_matters": bounds.WORDS,
    "baseline_reason": bounds.WORDS,
    "what_could_help": bounds.WORDS,
    "what": bounds.STEP,
    "who_name": 200,
    "what_changed": bounds.NARRATIVE,
    "what_helped": bounds.NARRATIVE,
    "what_got_in_the_way": bounds.NARRATIVE,
    "what_next": bounds.NARRATIVE,
    "feedback_comment": bounds.NOTE,
    "text": bounds.WORDS,
    "talk_about": bounds.WORDS,
    "matters_most": bounds.WORDS,
    "going_well": bounds.WORDS,
    "password": bounds.PASSWORD,
    "old_password": bounds.PASSWORD,
    "new_password1": bounds.PASSWORD,
    "new_password2": bounds.PASSWORD,
    "q": bounds.NAME,
    "reference": 100,
    "evidence": bounds.NOTE,
    "person": bounds.NAME,
    "find_service": bounds.NAME,
    "near": 60,
    ("community:list", "area"): 40,
}
# The directory's own fields, on the forms that suggest and correct a service.
SERVICE_CAPS = {
    "name": 200,
    "organisation_name": 200,
    "description": 5_000,
    "who_for": 300,
    "tags": 300,
    "opening_times": 500,
    "phone": 30,
    "email": 254,
    "web": 500,
    "accessibility": 1_000,
    "cost": 200,
    "how_to_get_there": 1_000,
    "place_name": 200,
    "address": 300,
    "locality": 100,
    "postcode": 10,
}
for _url_name in ("community:create", "community:edit"):
    CAPS.update({(_url_name, field): cap for field, cap in SERVICE_CAPS.items()})
TOO_LONG = re.compile(r"This is longer than ([\d,]+) characters \(it has ([\d,]+)\)\.")


def _expected_cap(case: FormCase, name: str) -> int:
    base = re.sub(r"^new_steps-\d+-", "", name)
    cap = CAPS.get((case.url_name, base), CAPS.get(base))
    assert cap is not None, f"{case.url_name}: no cap is expected for {name!r}"
    return cap


def _page_form(client: Client, case: FormCase, records):
    """The address the form is sent to, and the form as the page shows it."""
    response = client.get(_url(case.url_name, case.arg, records), follow=True)
    assert response.status_code == 200, case.url_name
    html = response.content.decode()
    if case in FILTER_FORMS:
        form = max((f for f in parse_forms(html) if f.method == "get"), key=lambda f: len(f.fields))
    else:
        form = main_form(html)
    return response.request["PATH_INFO"], form


def _send(client: Client, case: FormCase, records, name: str, value: str) -> tuple[bool, str]:
    """Send the page's form with one field changed: (whether it was refused, the page)."""
    url, form = _page_form(client, case, records)
    data = form.data()
    data[name] = value
    with transaction.atomic():
        before = row_counts()
        send = client.get if case in FILTER_FORMS else client.post
        response = send(url, data)
        assert response.status_code < 500, (case.url_name, name)
        refused = _refused(response) if case not in FILTER_FORMS else True
        if refused:
            assert row_counts() == before, f"{case.url_name}: refused {name} changed rows"
        transaction.set_rollback(True)
    return refused, response.content.decode(errors="replace")


ALL_FORMS = FORMS + LINK_FORMS + FILTER_FORMS


@pytest.mark.parametrize("case", ALL_FORMS, ids=[case.url_name for case in ALL_FORMS])
def test_it_caps_every_free_text_field(case, world):
    client = world["clients"][case.role]
    records = world["records"]
    _, form = _page_form(client, case, records)
    names = [n for n in form.typed_fields() if not form.fields[n].attrs.get("readonly")]
    # The report's filters are choices and dates only.
    assert names or case.url_name == "reviews:report", f"{case.url_name} has no text to cap"
    for name in names:
        cap = _expected_cap(case, name)
        field = form.fields[name]
        # A browser never cuts long words short silently: text boxes carry no maxlength.
        if field.kind == "textarea":
            assert "maxlength" not in field.attrs, (case.url_name, name)
        else:
            assert field.attrs.get("maxlength") == str(cap), (case.url_name, name)
        # A web address is stored with its scheme, so it is typed with one.
        scheme = "https://" if name == "web" else ""
        refused, page = _send(client, case, records, name, scheme + "x" * (cap + 1 - len(scheme)))
        found = TOO_LONG.findall(page)
        assert refused, f"{case.url_name}: {cap + 1} characters of {name} were accepted"
        assert (f"{cap:,}", f"{cap + 1:,}") in found, (case.url_name, name, found)
        _, page = _send(client, case, records, name, scheme + "x" * (cap - len(scheme)))
        assert not TOO_LONG.search(page), f"{case.url_name}: {cap} characters of {name} refused"


@pytest.mark.parametrize("case", ALL_FORMS, ids=[case.url_name for case in ALL_FORMS])
def test_it_bounds_every_date_field_to_1900_to_2199(case, world):
    client = world["clients"][case.role]
    records = world["records"]
    _, form = _page_form(client, case, records)
    for name in form.date_fields():
        attrs = form.fields[name].attrs
        assert (attrs.get("min"), attrs.get("max")) == ("1900-01-01", "2199-12-31"), name
        for outside in ("1899-12-31", "2200-01-01", "0001-01-01", "9999-12-31"):
            refused, page = _send(client, case, records, name, outside)
            assert refused, f"{case.url_name}: {name} accepted {outside}"
            assert bounds.DATE_OUT_OF_RANGE in page, (case.url_name, name, outside)
        for inside in ("1900-01-01", "2199-12-31"):
            _, page = _send(client, case, records, name, inside)
            assert bounds.DATE_OUT_OF_RANGE not in page, (case.url_name, name, inside)


def test_it_knows_which_forms_have_dates(world):
    """The date test above is not vacuous: these forms have date fields."""
    with_dates = set()
    for case in ALL_FORMS:
        _, form = _page_form(world["clients"][case.role], case, world["records"])
        if form.date_fields():
            with_dates.add(case.url_name)
    assert with_dates >= {
        "people:create",
        "people:edit",
        "conversations:create",
        "conversations:edit",
        "outcomes:step_create",
        "outcomes:step_edit",
        "reviews:create",
        "me:step_add",
        "me:delegate_invite",
        "people:legal_authority",
        "reviews:report",
        "audit:log",
        "people:caring_create",
        "people:caring_edit",
        "people:caring_end",
    }


@pytest.mark.parametrize("case", FORMS, ids=[case.url_name for case in FORMS])
def test_it_starts_the_title_with_error_when_a_form_comes_back(case, world):
    client = world["clients"][case.role]
    url = _url(case.url_name, case.arg, world["records"])
    form = _fresh_form(client, url)
    # A form sent with every field it shows left empty, or with its version damaged.
    broken = {name: "" for name in form if name != "csrfmiddlewaretoken"}
    if "version" in form:
        broken["version"] = "damaged"
    if case.url_name == "accounts:reset":
        # Its only field (a reason) is optional: an over-long one brings it back.
        broken["reason"] = "x" * (bounds.REASON + 1)
    response = client.post(url, broken)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-error-summary" in html
    assert "<title>Error: " in html
    assert "<title>Error: " not in client.get(url).content.decode()


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
