"""Import the gazetteer used by distance search: ``manage.py import_places places.csv``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pphw.community import services
from pphw.community.places import PlacesProblem, parse_places


class Command(BaseCommand):
    help = (
        "Add or update places (postcodes, postcode districts, towns) with their coordinates "
        "from a CSV file with the header place,latitude,longitude. Nothing is imported if "
        "any row is wrong."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        if len(content) > 20 * 1024 * 1024:
            raise CommandError("The file is larger than 20 MB; split it.")
        try:
            rows = parse_places(content)
        except PlacesProblem as problem:
            raise CommandError(str(problem)) from problem
        report = services.place_import(rows=rows)
        self.stdout.write(report.summary)
