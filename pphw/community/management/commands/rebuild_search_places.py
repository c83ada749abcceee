from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pphw.community.search_places import search_places_differences, search_places_rebuild


class Command(BaseCommand):
    help = (
        "Work out again the places a search by area or distance reads (each place of a "
        "service with its district, coordinates and the service's words), from the "
        "directory, in one transaction. With --check, change nothing: list the services "
        "whose kept places differ from the directory, and fail if there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="compare only; write nothing")

    def handle(self, *args, **options) -> None:
        if options["check"]:
            differences = search_places_differences()
            for service_id in differences:
                self.stdout.write(f"Service {service_id}: its search places are out of step")
            if differences:
                raise CommandError(f"{len(differences)} service(s) out of step.")
            self.stdout.write(self.style.SUCCESS("Every search place matches the directory."))
            return
        with transaction.atomic():
            written = search_places_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt {written:,} search places from the directory.")
        )
