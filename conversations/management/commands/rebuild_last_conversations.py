from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from conversations.summaries import last_conversation_differences, last_conversation_rebuild


class Command(BaseCommand):
    help = (
        "Work out each person's latest conversation (not entered in error) again from the "
        "conversations, in one transaction. With --check, change nothing: list the people "
        "whose kept date differs from the conversations, and fail if there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="compare only; write nothing")

    def handle(self, *args, **options) -> None:
        if options["check"]:
            differences = last_conversation_differences()
            for person_id, kept, computed in differences[:20]:
                self.stdout.write(
                    f"Person {person_id}: kept {kept}, from the conversations {computed}"
                )
            if differences:
                raise CommandError(f"{len(differences)} person(s) have a latest date out of step.")
            self.stdout.write(self.style.SUCCESS("Every latest conversation matches."))
            return
        with transaction.atomic():
            written = last_conversation_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt {written:,} latest conversations from the conversations.")
        )
