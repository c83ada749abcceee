"""Browser tests: pytest-playwright driving the system Chromium against a live server.

Chromium is never downloaded: the tests use ``$CHROMIUM`` or ``/usr/bin/chromium``.
Without one, every browser test is skipped with a loud reason, unless
``REQUIRE_BROWSER=1`` (CI), when they fail instead.

Fixtures for browser tests of every module:

- ``demo``: teams North and South with the demo logins of DESIGN.md
  (password ``DEMO_PASSWORD``) and a few people, as a ``SimpleNamespace``.
- ``url(name, *args, **query)``: the absolute live-server address of a URL name.
- ``sign_in(user, password=DEMO_PASSWORD)``: signs in through the real login form,
  finding the fields by their labels, and returns the page (on the page the user
  lands on). It checks the login page and the landing page with axe.
- ``signed_in_page``: the same as ``sign_in``; an alias that reads well in tests.
- ``assert_accessible(page)``: runs axe-core on the current page and fails on any
  serious or critical violation, listing each readably. Every page a test visits
  must be checked: a test that leaves a visited address unchecked fails at teardown.
- ``page``: pytest-playwright's page, on the live server (``page.goto("/people/")``
  works), with a 1280×900 viewport.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, Playwright, expect, sync_playwright

from pphw.people.models import Membership
from tests.browser import BROWSER_STARTED
from tests.factories import MembershipFactory, PersonFactory, TeamFactory, UserFactory

DEMO_PASSWORD = "pphw-demo"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
BLOCKING_IMPACTS = {"serious", "critical"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--headless",
]


def chromium_path() -> str | None:
    """The system Chromium: ``$CHROMIUM`` if set, else /usr/bin/chromium; None if absent."""
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    path = Path(candidate) if os.sep in candidate else Path(shutil.which(candidate) or "")
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    return None


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


NO_CHROMIUM = (
    "NO CHROMIUM: browser tests need Chromium at $CHROMIUM or /usr/bin/chromium "
    "(Debian package 'chromium'); set REQUIRE_BROWSER=1 to make its absence a failure."
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark browser tests, skip them loudly without Chromium, and run them last.

    They run last because once Playwright has started, its event loop stays in
    the main thread for the rest of the session (see the ``playwright`` fixture).
    """
    here = Path(__file__).parent
    missing = chromium_path() is None and not browser_required()
    browser_items = []
    for item in items:
        if here not in Path(str(item.path)).parents:
            continue
        browser_items.append(item)
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))
    if browser_items:
        chosen = {id(item) for item in browser_items}
        others = [item for item in items if id(item) not in chosen]
        items[:] = others + browser_items


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if NO_CHROMIUM in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} browser tests skipped", red=True)
        terminalreporter.write_line(NO_CHROMIUM, red=True)


# --- Chromium and Playwright --------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch the system Chromium; never a downloaded browser."""
    executable = chromium_path()
    if executable is None:
        if browser_required():
            pytest.fail(NO_CHROMIUM.replace("NO CHROMIUM", "REQUIRE_BROWSER=1 but no Chromium"))
        pytest.skip(NO_CHROMIUM)
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@pytest.fixture(scope="session")
def playwright(pytestconfig: pytest.Config) -> Iterator[Playwright]:
    """Playwright, with Django told that its event loop is not ours.

    Playwright's sync API leaves an event loop running in this thread, so Django
    would refuse every database call made here afterwards. The tests never use
    the database concurrently with that loop, so allow it, for as long as
    Playwright runs (browser tests are ordered last, see above).
    """
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    driver = sync_playwright().start()
    pytestconfig.stash[BROWSER_STARTED] = True
    yield driver
    driver.stop()
    if previous is None:
        os.environ.pop(ASYNC_UNSAFE, None)
    else:
        os.environ[ASYNC_UNSAFE] = previous


# --- accessibility ---------------------------------------------------------------

_axe = Axe()


def _describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(page: Page) -> Callable[..., None]:
    """Run axe-core on the current page; fail on serious or critical violations."""

    def check(target: Page | None = None) -> None:
        current = target or page
        current.wait_for_load_state("load")
        results = _axe.run(current)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        page._pphw_checked.add(_path(current.url))
        if blocking:
            pytest.fail(
                f"axe found {len(blocking)} serious or critical accessibility problem(s) "
                f"on {current.url}:\n{_describe_violations(blocking)}",
                pytrace=False,
            )

    return check


def _path(address: str) -> str:
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def page(page: Page, live_server, transactional_db) -> Iterator[Page]:
    """The Playwright page, recording each address it visits for the axe check."""
    page._pphw_visited = []
    page._pphw_checked = set()

    def visited(frame) -> None:
        if frame == page.main_frame and frame.url.startswith(live_server.url):
            path = _path(frame.url)
            if path not in page._pphw_visited:
                page._pphw_visited.append(path)

    # The pages must work under the Content Security Policy: any violation the
    # browser reports, any script error, or a page served without the policy fails.
    page._pphw_problems = []

    def console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            page._pphw_problems.append(f"CSP violation: {message.text}")

    def page_error(error) -> None:
        page._pphw_problems.append(f"script error: {error}")

    def response(reply) -> None:
        if (
            reply.request.resource_type == "document"
            and reply.url.startswith(live_server.url)
            and "content-security-policy" not in reply.headers
        ):
            page._pphw_problems.append(f"no Content-Security-Policy on {_path(reply.url)}")

    page.on("framenavigated", visited)
    page.on("console", console)
    page.on("pageerror", page_error)
    page.on("response", response)
    page.set_default_timeout(10_000)
    yield page
    if page._pphw_problems:
        pytest.fail("\n".join(page._pphw_problems), pytrace=False)
    unchecked = [path for path in page._pphw_visited if path not in page._pphw_checked]
    if unchecked:
        pytest.fail(
            "These pages were visited but never checked with assert_accessible(page): "
            + ", ".join(unchecked),
            pytrace=False,
        )


# --- addresses and signing in -------------------------------------------------------


@pytest.fixture
def url(live_server) -> Callable[..., str]:
    """``url("people:detail", person.pk, q="Isla")`` → the absolute live-server address."""

    def build(name: str, *args, **query) -> str:
        address = live_server.url + reverse(name, args=args)
        return f"{address}?{urlencode(query)}" if query else address

    return build


@pytest.fixture
def sign_in(page: Page, url, assert_accessible) -> Callable[..., Page]:
    """Sign in through the login form, as a person would, and return the page.

    The login page and the page the user lands on are both checked with axe.
    """

    def do_sign_in(user, password: str = DEMO_PASSWORD) -> Page:
        page.goto(url("login"))
        assert_accessible(page)
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("load")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert_accessible(page)
        return page

    return do_sign_in


@pytest.fixture
def signed_in_page(sign_in) -> Callable[..., Page]:
    """Alias of ``sign_in``: ``page = signed_in_page(demo.callum)``."""
    return sign_in


# --- demo-like data ------------------------------------------------------------------


def _demo_user(username: str, first: str, last: str):
    return UserFactory(
        username=username,
        first_name=first,
        last_name=last,
        password=DEMO_PASSWORD,
    )


@pytest.fixture
def demo(transactional_db) -> SimpleNamespace:
    """Teams North and South with the demo logins (DESIGN.md, "Demo") and their people.

    Staff: morag (lead, North), callum (practitioner, North), aileen (lead, South),
    ravi (practitioner, South). People with logins: isla and euan (North), fatima
    (South); without: Duncan Ross (North) and Mairi Campbell (South). Every
    password is ``DEMO_PASSWORD``. Users are on the namespace by login name; the
    person records as ``isla_person`` etc.
    """
    north = TeamFactory(name="North", area="Highland")
    south = TeamFactory(name="South", area="Dumfries and Galloway")
    morag = _demo_user("morag", "Morag", "MacLeod")
    callum = _demo_user("callum", "Callum", "Fraser")
    aileen = _demo_user("aileen", "Aileen", "Stewart")
    ravi = _demo_user("ravi", "Ravi", "Sharma")
    MembershipFactory(user=morag, team=north, role=Membership.Role.LEAD)
    MembershipFactory(user=callum, team=north, role=Membership.Role.PRACTITIONER)
    MembershipFactory(user=aileen, team=south, role=Membership.Role.LEAD)
    MembershipFactory(user=ravi, team=south, role=Membership.Role.PRACTITIONER)

    isla = _demo_user("isla", "Isla", "Munro")
    euan = _demo_user("euan", "Euan", "MacDonald")
    fatima = _demo_user("fatima", "Fatima", "Khan")
    isla_person = PersonFactory(
        team=north,
        key_worker=callum,
        user=isla,
        given_name="Isla",
        family_name="Munro",
        communication_needs="Large print, please.",
    )
    euan_person = PersonFactory(
        team=north, key_worker=morag, user=euan, given_name="Euan", family_name="MacDonald"
    )
    fatima_person = PersonFactory(
        team=south, key_worker=ravi, user=fatima, given_name="Fatima", family_name="Khan"
    )
    duncan_person = PersonFactory(
        team=north, key_worker=callum, given_name="Duncan", family_name="Ross"
    )
    mairi_person = PersonFactory(team=south, given_name="Mairi", family_name="Campbell")
    return SimpleNamespace(
        password=DEMO_PASSWORD,
        north=north,
        south=south,
        morag=morag,
        callum=callum,
        aileen=aileen,
        ravi=ravi,
        isla=isla,
        euan=euan,
        fatima=fatima,
        isla_person=isla_person,
        euan_person=euan_person,
        fatima_person=fatima_person,
        duncan_person=duncan_person,
        mairi_person=mairi_person,
    )
