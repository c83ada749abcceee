from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reviews.summaries import (
    counts_differences,
    counts_rebuild,
    summary_differences,
    summary_rebuild,
    versions_raise_all,
)


class Command(BaseCommand):
    help = (
        "Work out the report's summary rows again from the records, in one transaction: each "
        "outcome's first and latest review, and the counts per team and day and per team by "
        "category and status, and the caseload per team and key worker. With --check, "
        "change nothing: list the rows that differ from the records, and fail if there are any. "
        "With --versions, only raise every team's report version, so that nothing the "
        "application servers kept of the report stays current."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="compare only; write nothing")
        parser.add_argument(
            "--versions",
            action="store_true",
            help="only raise every team's report version (after an upgrade)",
        )

    def handle(self, *args, **options) -> None:
        if options["check"]:
            self._check()
            return
        if options["versions"]:
            versions_raise_all()
            self.stdout.write(self.style.SUCCESS("Raised every team's report version."))
            return
        with transaction.atomic():
            written = summary_rebuild()
            counted = counts_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {written:,} summary rows from the reviews."))
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {counted:,} count rows from the records."))

    def _check(self) -> None:
        differences = summary_differences()
        for outcome_id, kept, computed in differences[:20]:
            self.stdout.write(f"Outcome {outcome_id}: kept {kept}, from the reviews {computed}")
        counts = counts_differences()
        for key, kept, computed in counts[:20]:
            self.stdout.write(f"Counts {key}: kept {kept}, from the records {computed}")
        problems = []
        if differences:
            problems.append(f"{len(differences)} outcome(s) have summary rows out of step.")
        if counts:
            problems.append(f"{len(counts)} count row(s) are out of step with the records.")
        if problems:
            raise CommandError(" ".join(problems))
        self.stdout.write(self.style.SUCCESS("Every summary row matches the records."))
