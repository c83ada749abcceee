from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pphw.community.counts import category_counts_differences, category_counts_rebuild


class Command(BaseCommand):
    help = (
        "Work out again how many linkable (confirmed, open) services list each category, "
        "from the directory, in one transaction. With --check, change nothing: list the "
        "categories whose kept count differs from the directory, and fail if there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="compare only; write nothing")

    def handle(self, *args, **options) -> None:
        if options["check"]:
            differences = category_counts_differences()
            for code, kept, computed in differences:
                self.stdout.write(f"Category {code}: kept {kept}, from the directory {computed}")
            if differences:
                raise CommandError(f"{len(differences)} category count(s) out of step.")
            self.stdout.write(self.style.SUCCESS("Every category count matches the directory."))
            return
        with transaction.atomic():
            written = category_counts_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the counts of {written:,} categories from the directory.")
        )
