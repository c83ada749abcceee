from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reviews.summaries import summary_differences, summary_rebuild


class Command(BaseCommand):
    help = (
        "Work out the report's summary rows (each outcome's first and latest review) again "
        "from the reviews, in one transaction. With --check, change nothing: list the outcomes "
        "whose kept rows differ from the reviews, and fail if there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="compare only; write nothing")

    def handle(self, *args, **options) -> None:
        if options["check"]:
            differences = summary_differences()
            for outcome_id, kept, computed in differences[:20]:
                self.stdout.write(f"Outcome {outcome_id}: kept {kept}, from the reviews {computed}")
            if differences:
                raise CommandError(f"{len(differences)} outcome(s) have summary rows out of step.")
            self.stdout.write(self.style.SUCCESS("Every summary row matches the reviews."))
            return
        with transaction.atomic():
            written = summary_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {written:,} summary rows from the reviews."))
