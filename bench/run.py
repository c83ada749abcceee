# ruff: noqa: S310  (every URL opened here is http://127.0.0.1, built by this script)
"""pphw benchmark: real HTTP load on the scale data, pages measured against the floor.

Usage (from the project directory, PostgreSQL seeded with ``manage.py seed_scale``):

    .venv/bin/python bench/run.py [--update-docs]

It starts the app under gunicorn with ``bench.settings`` (DEBUG off, loopback
only), signs in through the real login form, measures each page with wrk for a
fixed time at 4 concurrent clients, times the report's SQL run directly, measures
the worker's memory and time during a full CSV export against PostgreSQL's own
COPY, and runs a mixed load at 8 clients. The table is printed and written to
bench/results/latest.md (and docs/performance.md with --update-docs).
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
DOC = ROOT / "docs" / "performance.md"
DOC_START = "<!-- bench:start -->"
DOC_END = "<!-- bench:end -->"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pphw_scale"
HOST = "127.0.0.1"

# Targets from the issue: a page's p50 may be at most this many times the floor's.
FLOOR_RATIO_TARGETS = {
    "people:list": 2.0,
    "outcomes:detail": 2.0,
    "people:detail": 2.5,
    "people:print": 3.0,
    "reviews:due": 2.5,
    "reviews:report (one team)": 4.0,
    "reviews:team (all teams)": 4.0,
    "community:list (search)": 3.0,
    "community:list (distance)": 3.0,
}
REPORT_SQL_RATIO_TARGET = 1.5
# The report for a lead of every team may take at most this many times the one-team report.
ALL_TEAMS_REPORT_RATIO_TARGET = 2.0
CSV_RSS_TARGET_MB = 50
CSV_COPY_RATIO_TARGET = 3.0

# Tables whose SQL is the report's own (the rest is session, user and form lookups).
REPORT_TABLES = ("outcomes_", "reviews_", "conversations_")


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.stderr.write(
            "wrk is not installed; the benchmark needs it.\n"
            "On Debian or Ubuntu: sudo apt-get install -y wrk\n"
        )
        return 2
    configure_environment(args)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.stderr.write("The benchmark runs on PostgreSQL: set --database-url.\n")
        return 2
    bench = Bench(args)
    return bench.run()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"the scale database (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--practitioner", default="scale-prac-1")
    parser.add_argument("--lead", default="scale-lead-1", help="lead of one team")
    parser.add_argument("--multi-lead", default="scale-lead-multi", help="lead of several teams")
    parser.add_argument("--all-lead", default="scale-lead-all", help="lead of every team")
    parser.add_argument("--password", default=os.environ.get("BENCH_PASSWORD", "pphw-scale-demo"))
    parser.add_argument(
        "--csv-table",
        default="review_list",
        help="report table to export (default: every review, over the whole data set)",
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--mixed-duration", type=int, default=60)
    parser.add_argument("--mixed-clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", nargs="*", help="measure only these pages (by label)")
    parser.add_argument("--skip-mixed", action="store_true")
    parser.add_argument(
        "--no-outage",
        action="store_true",
        help="do not end the app's database connections half-way through the mixed load",
    )
    parser.add_argument("--skip-csv", action="store_true")
    parser.add_argument(
        "--update-docs", action="store_true", help="also write the table into docs/performance.md"
    )
    parser.add_argument("--note", default="", help="a line to print above the table")
    return parser.parse_args()


def configure_environment(args: argparse.Namespace) -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": args.database_url,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            # Plain HTTP on loopback: no HTTPS redirect or secure-only cookies.
            "SECURE_COOKIES": "0",
            "LOG_LEVEL": "WARNING",
            # The scale logins sign in with a password alone: the second step is not measured.
            "MFA_REQUIRED": "0",
        }
    )
    os.environ.pop("REPORTS_DATABASE_URL", None)


# --- pages -------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    user: str
    path: str
    queries: int | None = None
    result: dict = field(default_factory=dict)
    # The floor measured just before this page, so that a change in the
    # machine's load during the run moves both alike.
    floor_result: dict = field(default_factory=dict)

    @property
    def floor_p50_ms(self) -> float:
        return self.floor_result["p50_us"] / 1000

    @property
    def p50_ms(self) -> float:
        return self.result["p50_us"] / 1000

    @property
    def p95_ms(self) -> float:
        return self.result["p95_us"] / 1000

    @property
    def rps(self) -> float:
        return self.result["requests"] / (self.result["duration_us"] / 1e6)


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(port: int, workers: int) -> Server:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "pphw.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603
    server = Server(process, port)
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"{server.base}/health/", timeout=10) as response:
                    if response.status == 200 and len(server.worker_pids()) == workers:
                        return server
            except OSError:  # not listening yet, or still starting its workers
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 90 seconds")
    except BaseException:
        server.stop()
        raise


def sign_in(base: str, username: str, password: str) -> str:
    """A real sign-in through the login form; returns the session cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base}/accounts/login/"
    with opener.open(login_url, timeout=30) as response:
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise SystemExit("The login page has no CSRF token")
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)}
    ).encode()
    request = urllib.request.Request(login_url, data=body, headers={"Referer": login_url})
    with opener.open(request, timeout=30) as response:
        response.read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"Could not sign in as {username!r}: check --password and seed_scale")
    return f"sessionid={cookies['sessionid']}"


def fetch(url: str, cookie: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def run_wrk(url: str, cookie: str, *, duration: int, clients: int, mix_file: str = "") -> dict:
    threads = min(2, clients)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{duration}s",
        "--timeout",
        "60s",
        "-s",
        str(BENCH / "wrk_stats.lua"),
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    env = dict(os.environ, BENCH_MIX_FILE=mix_file)
    completed = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, env=env, timeout=duration + 120, check=False
    )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise SystemExit(f"wrk gave no result:\n{completed.stdout}\n{completed.stderr}")


# --- the benchmark -----------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.started = datetime.datetime.now().astimezone()
        self.load_before = os.getloadavg()
        self.notes: list[str] = []

    def run(self) -> int:
        refresh_planner_statistics()
        self.sizes = data_sizes()
        self.subjects = self.choose_subjects()
        self.pages = self.define_pages()
        collect_static()
        self.count_queries()
        server = start_server(self.args.port, self.args.workers)
        try:
            self.cookies = {
                key: sign_in(server.base, username, self.args.password)
                for key, username in self.usernames().items()
            }
            self.check_pages(server)
            for page in self.pages:
                if self.args.only and page.label not in self.args.only and page.label != "floor":
                    continue
                print(f"measuring {page.label} …", flush=True)
                floor = self.pages[0]
                if page is not floor:
                    page.floor_result = run_wrk(
                        server.base + floor.path,
                        self.cookies[floor.user],
                        duration=max(5, self.args.duration // 3),
                        clients=self.args.clients,
                    )
                page.result = run_wrk(
                    server.base + page.path,
                    self.cookies[page.user],
                    duration=self.args.duration,
                    clients=self.args.clients,
                )
                if page is floor:
                    page.floor_result = page.result
            # The report once at a time, for its time beside its SQL run alone.
            report = self.page("reviews:report (one team)")
            self.report_serial_ms = serial_median_ms(
                server.base + report.path, self.cookies[report.user], runs=15
            )
            # And after a write to the teams each time: its figures and lists are read again.
            self.report_cold_ms = serial_median_ms(
                server.base + report.path,
                self.cookies[report.user],
                runs=15,
                before=raise_report_versions,
            )
            self.mixed = None
            if not self.args.skip_mixed:
                print(f"mixed load, {self.args.mixed_clients} clients …", flush=True)
                self.mixed = self.run_mixed(server)
        finally:
            server.stop()
        self.report_sql = self.time_report_sql()
        self.csv = None if self.args.skip_csv else self.measure_csv()
        self.load_after = os.getloadavg()
        text = self.render()
        print(text)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.md").write_text(text)
        if self.args.update_docs:
            update_doc(text)
        return 0

    # --- what to measure -------------------------------------------------------

    def usernames(self) -> dict[str, str]:
        return {
            "practitioner": self.args.practitioner,
            "lead": self.args.lead,
            "multi_lead": self.args.multi_lead,
            "all_lead": self.args.all_lead,
        }

    def choose_subjects(self) -> dict:
        from django.db.models import Count

        from outcomes.models import Outcome, Step
        from pphw.people.models import Person, User
        from pphw.people.roles import roles_for

        users = {}
        for key, username in self.usernames().items():
            try:
                users[key] = User.objects.get(username=username)
            except User.DoesNotExist:
                raise SystemExit(
                    f"No user {username!r} in {self.args.database_url}: run seed_scale first"
                ) from None
        practitioner_teams = roles_for(users["practitioner"]).team_ids
        person = (
            Person.objects.filter(team_id__in=practitioner_teams)
            .annotate(n=Count("outcomes"))
            .order_by("-n", "pk")
            .first()
        )
        outcome = (
            Outcome.objects.filter(person=person)
            .current()
            .annotate(n=Count("reviews"))
            .order_by("-n", "pk")
            .first()
        )
        lead_teams = roles_for(users["lead"]).lead_team_ids
        multi_teams = roles_for(users["multi_lead"]).lead_team_ids
        all_teams = roles_for(users["all_lead"]).lead_team_ids
        return {
            "users": users,
            "person": person,
            "person_outcomes": person.n,
            "person_steps": Step.objects.filter(outcome__person=person).current().count(),
            "outcome": outcome,
            "outcome_reviews": outcome.n,
            "lead_team_people": Person.objects.filter(team_id__in=lead_teams).count(),
            "multi_teams": len(multi_teams),
            "multi_team_people": Person.objects.filter(team_id__in=multi_teams).count(),
            "all_teams": len(all_teams),
            "all_team_people": Person.objects.filter(team_id__in=all_teams).count(),
        }

    def define_pages(self) -> list[Page]:
        from django.urls import reverse

        s = self.subjects
        # From well before the oldest review to today: every review of the lead's teams.
        csv_path = (
            reverse("reviews:report_csv", args=[self.args.csv_table]) + "?date_from=2000-01-01"
        )
        self.csv_path = csv_path
        return [
            Page("floor", "practitioner", reverse("bench_floor")),
            Page("people:list", "practitioner", reverse("people:list")),
            Page("people:detail", "practitioner", reverse("people:detail", args=[s["person"].pk])),
            # The staff print page of the same record: every current step of every outcome.
            Page("people:print", "practitioner", reverse("people:print", args=[s["person"].pk])),
            Page(
                "outcomes:detail",
                "practitioner",
                reverse("outcomes:detail", args=[s["outcome"].pk]),
            ),
            Page("reviews:due", "practitioner", reverse("reviews:due")),
            Page(
                "community:list (search)",
                "practitioner",
                reverse("community:list") + "?q=walking+group&area=IV3",
            ),
            Page(
                "community:list (distance)",
                "practitioner",
                # Resolved from the directory's own places in that district (no gazetteer).
                reverse("community:list") + "?q=walking+group&near=IV3&radius=5",
            ),
            Page("reviews:report (one team)", "lead", reverse("reviews:report")),
            Page("reviews:report (several teams)", "multi_lead", reverse("reviews:report")),
            Page("reviews:report (all teams)", "all_lead", reverse("reviews:report")),
            Page("reviews:team (all teams)", "all_lead", reverse("reviews:team")),
            Page(f"reviews:report_csv ({self.args.csv_table}, one team)", "lead", csv_path),
        ]

    def count_queries(self) -> None:
        """Queries per request, counted in-process (streamed bodies read to the end)."""
        for page in self.pages:
            page.queries = count_request_queries(self.subjects["users"][page.user], page.path)

    def check_pages(self, server: Server) -> None:
        for page in self.pages:
            status, _ = fetch(server.base + page.path, self.cookies[page.user])
            if status != 200:
                raise SystemExit(f"{page.label} answered {status}, not 200: {page.path}")

    # --- mixed load ------------------------------------------------------------

    def run_mixed(self, server: Server) -> dict:
        """Every page in turn; half-way through, every database connection of the app
        is ended (``pg_terminate_backend``), as a PostgreSQL restart or failover would."""
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as mix:
            for page in self.pages:
                mix.write(f"{self.cookies[page.user]}\t{page.path}\n")
        outage: dict = {}
        timer = None
        if not self.args.no_outage:
            timer = threading.Timer(
                self.args.mixed_duration / 2, lambda: outage.update(end_app_connections())
            )
            timer.start()
        try:
            result = run_wrk(
                server.base + self.pages[0].path,
                self.cookies["practitioner"],
                duration=self.args.mixed_duration,
                clients=self.args.mixed_clients,
                mix_file=mix.name,
            )
        finally:
            if timer is not None:
                timer.cancel()
            os.unlink(mix.name)
            # The harness's own connection was ended too: open a fresh one when next needed.
            from django.db import connections

            connections.close_all()
        result["outage"] = outage
        return result

    # --- the report's SQL, run directly ----------------------------------------

    def time_report_sql(self) -> dict:
        from django.urls import reverse

        user = self.subjects["users"]["lead"]
        capture_request_sql(user, reverse("reviews:report"))
        captured = capture_request_sql(user, reverse("reviews:report"))
        report_sql = [sql for sql in captured if any(t in sql for t in REPORT_TABLES)]
        times = time_sql(report_sql, repeat=7)
        page = self.page("reviews:report (one team)")
        result = {
            "queries": len(report_sql),
            "sql_ms": sum(times),
            "slowest": sorted(zip(times, report_sql, strict=True), reverse=True)[:3],
        }
        result["view_ms"] = self.report_serial_ms
        result["ratio"] = self.report_serial_ms / result["sql_ms"]
        if page and page.result:
            result["loaded_ratio"] = page.p50_ms / result["sql_ms"]
        # After a write to the teams, when the report works everything out again.
        raise_report_versions()
        captured = capture_request_sql(user, reverse("reviews:report"))
        cold_sql = [sql for sql in captured if any(t in sql for t in REPORT_TABLES)]
        cold_times = time_sql(cold_sql, repeat=7)
        result["cold_queries"] = len(cold_sql)
        result["cold_sql_ms"] = sum(cold_times)
        result["cold_view_ms"] = self.report_cold_ms
        result["cold_ratio"] = self.report_cold_ms / result["cold_sql_ms"]
        return result

    # --- the CSV export: memory and time against COPY --------------------------

    def measure_csv(self) -> dict:
        user = self.subjects["users"]["multi_lead"]
        captured = capture_request_sql(user, self.csv_path)
        row_sql = max((sql for sql in captured if any(t in sql for t in REPORT_TABLES)), key=len)
        # A server-side cursor's statement: keep the query it declares.
        row_sql = re.sub(
            r"^DECLARE .*? CURSOR (?:WITH(?:OUT)? HOLD )?FOR ", "", row_sql, flags=re.S
        )
        copy_times, copy_bytes = time_copy(row_sql, repeat=3)
        server = start_server(self.args.port + 1, 1)
        try:
            cookie = sign_in(server.base, self.args.multi_lead, self.args.password)
            # Warm the worker with pages that load the same code, not the export itself.
            for path in (self.page("floor").path, "/reviews/report/"):
                fetch(server.base + path, cookie)
            worker = server.worker_pids()[0]
            runs = [stream_and_watch(server.base + self.csv_path, cookie, worker) for _ in range(3)]
        finally:
            server.stop()
        first = runs[0]
        seconds = statistics.median(run["seconds"] for run in runs)
        copy_seconds = statistics.median(copy_times)
        return {
            "path": self.csv_path,
            "teams": self.subjects["multi_teams"],
            "bytes": first["bytes"],
            "lines": first["lines"],
            "copy_bytes": copy_bytes,
            "rss_before_mb": first["rss_before"] / 1024,
            "rss_peak_mb": max(run["rss_peak"] for run in runs) / 1024,
            "rss_growth_mb": (max(run["rss_peak"] for run in runs) - first["rss_before"]) / 1024,
            "seconds": seconds,
            "copy_seconds": copy_seconds,
            "ratio": seconds / copy_seconds,
        }

    # --- output ------------------------------------------------------------------

    def page(self, label: str) -> Page | None:
        return next((p for p in self.pages if p.label == label), None)

    def render(self) -> str:
        s, sizes = self.subjects, self.sizes
        lines = [
            f"Run of {self.started:%-d %B %Y, %H:%M %Z} on {machine()}.",
            f"Load average (1, 5, 15 min) before: {fmt_load(self.load_before)}; "
            f"after: {fmt_load(self.load_after)}.",
            f"Data: {sizes}.",
            f"gunicorn {self.args.workers} sync workers, DEBUG off; wrk {self.args.clients} "
            f"clients for {self.args.duration} s per page, loopback.",
            f"people:detail and people:print show a person with {s['person_outcomes']} "
            f"outcomes ({s['person_steps']} small steps); "
            f"outcomes:detail an outcome with {s['outcome_reviews']} reviews; "
            f"one team = {s['lead_team_people']} people; several teams = {s['multi_teams']} "
            f"teams, {s['multi_team_people']} people; all teams = {s['all_teams']} teams, "
            f"{s['all_team_people']} people.",
        ]
        if self.args.note:
            lines.append(self.args.note)
        lines = [f"- {line}" for line in lines]
        lines += [
            "",
            "| page | p50 ms | p95 ms | req/s | queries | floor p50 ms just before "
            "| p50 ÷ floor | target | met |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for page in self.pages:
            if not page.result:
                continue
            ratio = page.p50_ms / page.floor_p50_ms
            target = FLOOR_RATIO_TARGETS.get(page.label)
            met = "" if target is None else ("yes" if ratio <= target else "**no**")
            lines.append(
                f"| {page.label} | {page.p50_ms:.1f} | {page.p95_ms:.1f} | {page.rps:.1f} | "
                f"{page.queries} | {page.floor_p50_ms:.1f} | {ratio:.2f} | "
                f"{f'≤ {target}' if target else ''} | {met} |"
            )
        one, everyone = (
            self.page("reviews:report (one team)"),
            self.page("reviews:report (all teams)"),
        )
        if one and everyone and one.result and everyone.result:
            grows = everyone.p50_ms / one.p50_ms
            met = "yes" if grows <= ALL_TEAMS_REPORT_RATIO_TARGET else "**no**"
            lines += [
                "",
                f"Report for all {s['all_teams']} teams ÷ report for one team (p50): "
                f"**{grows:.2f}** (target ≤ {ALL_TEAMS_REPORT_RATIO_TARGET}: {met}).",
            ]
        errors = [
            (p.label, p.result["non2xx"] + socket_errors(p.result)) for p in self.pages if p.result
        ]
        bad = [f"{label}: {n}" for label, n in errors if n]
        lines.append("")
        lines.append("Errors during the page runs: " + (", ".join(bad) if bad else "none") + ".")
        r = self.report_sql
        if "ratio" in r:
            met = "yes" if r["ratio"] <= REPORT_SQL_RATIO_TARGET else "**no**"
            loaded = r.get("loaded_ratio")
            lines += [
                "",
                f"Report (one team), one request at a time: view {r['view_ms']:.1f} ms (median "
                f"of 15, over HTTP); its {r['queries']} report queries run directly (psycopg2, "
                f"median of 7 each) {r['sql_ms']:.1f} ms; view ÷ SQL = **{r['ratio']:.2f}** "
                f"(target ≤ {REPORT_SQL_RATIO_TARGET}: {met})"
                + (f"; the p50 at 4 clients ÷ SQL = {loaded:.2f}." if loaded else "."),
            ]
            if "cold_ratio" in r:
                cold_met = "yes" if r["cold_ratio"] <= REPORT_SQL_RATIO_TARGET else "**no**"
                lines += [
                    "",
                    f"The same, with every team's report version raised before each request "
                    f"(the figures and lists read again; a drawing of the same figures kept): "
                    f"view {r['cold_view_ms']:.1f} ms; its {r['cold_queries']} report queries "
                    f"run directly {r['cold_sql_ms']:.1f} ms; view ÷ SQL = "
                    f"**{r['cold_ratio']:.2f}** (target ≤ {REPORT_SQL_RATIO_TARGET}: {cold_met}).",
                ]
        if self.csv:
            c = self.csv
            rss_met = "yes" if c["rss_growth_mb"] < CSV_RSS_TARGET_MB else "**no**"
            copy_met = "yes" if c["ratio"] <= CSV_COPY_RATIO_TARGET else "**no**"
            lines += [
                "",
                f"CSV export `{c['path']}` for a lead of {c['teams']} teams: {c['lines']} lines, "
                f"{c['bytes'] / 1e6:.1f} MB, {c['seconds']:.2f} s (median of 3); "
                f"`COPY (same query) TO STDOUT` {c['copy_seconds']:.2f} s "
                f"({c['copy_bytes'] / 1e6:.1f} MB); export ÷ COPY = **{c['ratio']:.2f}** "
                f"(target ≤ {CSV_COPY_RATIO_TARGET}: {copy_met}). Worker memory (RSS) "
                f"{c['rss_before_mb']:.0f} MB before, peak {c['rss_peak_mb']:.0f} MB: "
                f"growth **{c['rss_growth_mb']:.1f} MB** "
                f"(target < {CSV_RSS_TARGET_MB}: {rss_met}).",
            ]
        if self.mixed:
            m = self.mixed
            failures = m["non2xx"] - m["unavailable_503"] + socket_errors(m)
            outage = m.get("outage") or {}
            if outage:
                during = (
                    f" Half-way through, all {outage['ended']} of the app's database "
                    f"connections were ended (as in a PostgreSQL restart): "
                    f"**{m['errors_5xx']} server errors (500)**, {m['unavailable_503']} "
                    'answered 503 ("try again in a minute") and are counted apart.'
                )
            else:
                during = ""
            lines += [
                "",
                f"Mixed load: {self.args.mixed_clients} clients, {self.args.mixed_duration} s, "
                f"every page above in turn: {m['requests']} requests, "
                f"{m['requests'] / (m['duration_us'] / 1e6):.1f} req/s, p50 "
                f"{m['p50_us'] / 1000:.1f} ms, p95 {m['p95_us'] / 1000:.1f} ms; "
                f"**{failures} errors** ({m['non2xx'] - m['unavailable_503']} non-2xx other "
                f"than 503, {socket_errors(m)} socket errors or time-outs).{during}",
            ]
        return "\n".join(lines) + "\n"


# --- helpers -----------------------------------------------------------------------


def serial_median_ms(url: str, cookie: str, *, runs: int, before=None) -> float:
    """The median time of ``runs`` requests one at a time; ``before`` is called before
    each, outside the time."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        status, _ = fetch(url, cookie)
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
    return statistics.median(times)


def socket_errors(result: dict) -> int:
    return sum(result[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))


def fmt_load(load: tuple[float, float, float]) -> str:
    return ", ".join(f"{x:.2f}" for x in load)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0].split()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GB memory, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"PostgreSQL {pg}"
    )


def data_sizes() -> str:
    from conversations.models import Conversation
    from outcomes.models import Outcome, Step
    from pphw.people.models import Person, Team
    from reviews.models import Review

    parts = []
    for label, model in (
        ("teams", Team),
        ("people", Person),
        ("outcomes", Outcome),
        ("small steps", Step),
        ("reviews", Review),
        ("conversations", Conversation),
    ):
        parts.append(f"{model.objects.count():,} {label}")
    history = sum(
        m.history.model.objects.count() for m in (Person, Outcome, Step, Review, Conversation)
    )
    parts.append(f"{history:,} history rows")
    return ", ".join(parts)


def refresh_planner_statistics() -> None:
    """ANALYZE first: with stale statistics (autovacuum off or not yet run after a
    bulk load) PostgreSQL plans for near-empty tables and pages look far slower."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def collect_static() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _read(response) -> None:
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass


def count_request_queries(user, path: str) -> int:
    """The second request's count, after per-process caches are warm."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    client = _client_for(user)
    _read(client.get(path))
    contexts = [CaptureQueriesContext(connections[alias]) for alias in connections]
    for context in contexts:
        context.__enter__()
    try:
        response = client.get(path)
        _read(response)
    finally:
        for context in contexts:
            context.__exit__(None, None, None)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} in-process")
    return sum(len(context) for context in contexts)


def raise_report_versions() -> None:
    """Raise every team's report version, as a write to each team would: the report
    kept by every worker is then out of date, and the next one works it out again."""
    from reviews.summaries import versions_raise_all

    versions_raise_all()


def capture_request_sql(user, path: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client_for(user)
    with CaptureQueriesContext(connection) as context:
        _read(client.get(path))
    return [query["sql"] for query in context.captured_queries]


def _raw_connection():
    import psycopg2
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    return psycopg2.connect(**params)


def end_app_connections() -> dict:
    """End every other connection to the benchmark's database; how many, and when."""
    conn = _raw_connection()
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            ended = cursor.fetchone()[0]
        return {"ended": ended, "at": time.time()}
    finally:
        conn.close()


def time_sql(statements: list[str], *, repeat: int) -> list[float]:
    """Median milliseconds of each statement, run directly on a fresh connection."""
    conn = _raw_connection()
    try:
        conn.autocommit = True
        medians = []
        with conn.cursor() as cursor:
            for sql in statements:
                runs = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    cursor.execute(sql)
                    cursor.fetchall()
                    runs.append((time.perf_counter() - start) * 1000)
                medians.append(statistics.median(runs))
        return medians
    finally:
        conn.close()


class _CountingSink:
    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data) -> int:
        self.bytes += len(data)
        return len(data)


def time_copy(sql: str, *, repeat: int) -> tuple[list[float], int]:
    conn = _raw_connection()
    try:
        conn.autocommit = True
        times, size = [], 0
        with conn.cursor() as cursor:
            for _ in range(repeat):
                sink = _CountingSink()
                start = time.perf_counter()
                cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)", sink)
                times.append(time.perf_counter() - start)
                size = sink.bytes
        return times, size
    finally:
        conn.close()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def stream_and_watch(url: str, cookie: str, pid: int) -> dict:
    """Download ``url`` in chunks while sampling the worker's resident memory."""
    before = rss_kb(pid)
    peak = before
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kb(pid))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    size = lines = 0
    start = time.perf_counter()
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            while chunk := response.read(1 << 16):
                size += len(chunk)
                lines += chunk.count(b"\n")
    finally:
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
    return {
        "rss_before": before,
        "rss_peak": peak,
        "bytes": size,
        "lines": lines,
        "seconds": seconds,
    }


def update_doc(text: str) -> None:
    doc = DOC.read_text()
    if DOC_START not in doc or DOC_END not in doc:
        raise SystemExit(f"{DOC} has no {DOC_START} … {DOC_END} block to replace")
    before, rest = doc.split(DOC_START, 1)
    _, after = rest.split(DOC_END, 1)
    DOC.write_text(f"{before}{DOC_START}\n{text}{DOC_END}{after}")


if __name__ == "__main__":
    sys.exit(main())
