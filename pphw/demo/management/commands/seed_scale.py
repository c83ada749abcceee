"""Generate the large data set that speed is measured on (DESIGN.md, "Scale")."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from pphw.demo import scale


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


# Named sizes: the same shape per team and per person (500 people a team, the same
# outcomes, steps and reviews each), only more teams.
SIZES = {"10k": (10_000, 20), "100k": (100_000, 200)}


def _non_negative(value: str) -> float:
    number = float(value)
    if number < 0:
        raise ValueError(value)
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate a large, realistic data set with full history: by default 10,000 people in "
        "20 teams (--size 100k: 100,000 people in 200 teams of the same shape), with about "
        "30,000 conversations, 40,000 outcomes, 120,000 small steps and "
        "80,000 reviews over three years. Teams are named 'Scale team 01'... Logins (password "
        "from --password, default 'pphw-scale-demo'): scale-prac-N and scale-lead-N are the "
        "practitioner and lead of team N; scale-lead-multi leads teams 1 to 5 and scale-lead-all "
        "leads every team. The first person "
        "of Scale team 01 has exactly 30 outcomes of 10 small steps each; a few others have "
        "30 to 40. Refuses to run while scale data exists unless --reset is given, which "
        "first deletes every scale team, login and record, history included."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = scale.Sizes()
        parser.add_argument(
            "--size",
            choices=sorted(SIZES),
            default=None,
            help=(
                "A named size: 10k is 10,000 people in 20 teams (the default), 100k is "
                "100,000 people in 200 teams, each team the same size and shape as at 10k. "
                "--people and --teams, if given, override it."
            ),
        )
        parser.add_argument("--people", type=_positive, default=None)
        parser.add_argument("--teams", type=_positive, default=None)
        parser.add_argument(
            "--conversations-per-person",
            type=_non_negative,
            default=defaults.conversations_per_person,
            help="Average (default %(default)s).",
        )
        parser.add_argument(
            "--outcomes-per-person",
            type=_non_negative,
            default=defaults.outcomes_per_person,
            help="Average; most people get 2 to 6 (default %(default)s).",
        )
        parser.add_argument(
            "--steps-per-outcome",
            type=_non_negative,
            default=defaults.steps_per_outcome,
            help="Average (default %(default)s).",
        )
        parser.add_argument(
            "--reviews-per-outcome",
            type=_non_negative,
            default=defaults.reviews_per_outcome,
            help="Average planned; recent outcomes have had fewer (default %(default)s).",
        )
        parser.add_argument(
            "--batch-size",
            type=_positive,
            default=defaults.batch_size,
            help="People written per transaction (default %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=_positive,
            default=defaults.workers,
            help="Threads writing batches at once, on PostgreSQL (default %(default)s).",
        )
        parser.add_argument(
            "--services",
            type=_non_negative_int,
            default=None,
            help="Local services in the directory (default: two for every person).",
        )
        parser.add_argument("--seed", type=int, default=defaults.seed, help="Random seed.")
        parser.add_argument("--password", default=scale.DEFAULT_PASSWORD)
        parser.add_argument(
            "--reset", action="store_true", help="Delete existing scale data, then generate."
        )
        parser.add_argument(
            "--delete-only", action="store_true", help="Delete existing scale data and stop."
        )

    def handle(self, *args, **options) -> None:
        if options["reset"] or options["delete_only"]:
            started = time.monotonic()
            try:
                deleted = scale.delete_scale_data()
            except scale.ScaleDataInUse as exc:
                raise CommandError(str(exc)) from exc
            total = sum(deleted.values())
            self.stdout.write(
                f"Deleted {total:,} rows of earlier scale data in "
                f"{time.monotonic() - started:.1f} s."
            )
            if options["delete_only"]:
                return
        elif scale.scale_data_exists():
            raise CommandError(
                f"Scale data is already here (teams named '{scale.TEAM_PREFIX} ...'). "
                "Run again with --reset to replace it."
            )
        named_people, named_teams = SIZES[options["size"] or "10k"]
        if options["people"] is None:
            options["people"] = named_people
        if options["teams"] is None:
            options["teams"] = named_teams
        if options["teams"] > options["people"]:
            raise CommandError("--teams cannot be more than --people.")

        sizes = scale.Sizes(
            people=options["people"],
            teams=options["teams"],
            conversations_per_person=max(1.0, options["conversations_per_person"]),
            outcomes_per_person=max(1.0, options["outcomes_per_person"]),
            steps_per_outcome=options["steps_per_outcome"],
            reviews_per_outcome=options["reviews_per_outcome"],
            batch_size=options["batch_size"],
            workers=options["workers"],
            seed=options["seed"],
            services=options["services"],
        )
        self.started = time.monotonic()
        generator = scale.Generator(sizes, password=options["password"], progress=self._progress)
        counts = generator.run()
        self._refresh_planner_statistics()
        elapsed = time.monotonic() - self.started
        self.stderr.write("")
        lines = [
            f"  {name}: {number:,} rows (and as many history rows)"
            for name, number in counts.rows.items()
        ]
        self.stdout.write(f"Created the scale data set in {elapsed:.1f} s:\n" + "\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(
                "Sign in as scale-prac-1, scale-lead-1, scale-lead-multi or scale-lead-all "
                f"with the password "
                f"'{options['password']}'."
            )
        )

    def _refresh_planner_statistics(self) -> None:
        """ANALYZE after the bulk load: without fresh statistics (autovacuum may be off,
        or not have run yet) PostgreSQL plans every query for near-empty tables."""
        if connection.vendor != "postgresql":
            return
        self.stderr.write("Refreshing the query planner's statistics (ANALYZE)...")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        elapsed = time.monotonic() - self.started
        line = (
            f"people {done:>7,}/{total:,} [{'#' * filled}{'.' * (width - filled)}] "
            f"{100 * done // max(total, 1):3d}%  {elapsed:6.1f} s"
        )
        ending = "\r" if self.stderr.isatty() and done < total else "\n"
        self.stderr.write(line, ending=ending)
        self.stderr.flush()
