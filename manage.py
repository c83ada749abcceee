#!/usr/bin/env python
"""Django's command-line utility for pphw."""

import os
import sys

# With nothing configured at all, manage.py is a developer's tool on the local
# SQLite file: run it in development mode. Any deployment sets SECRET_KEY and
# DATABASE_URL, and then DEBUG stays off unless it is set (so seed_demo's
# refusal and the other production guards hold there).
UNCONFIGURED = ("DEBUG", "SECRET_KEY", "DATABASE_URL")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pphw.settings")
    if not any(os.environ.get(name) for name in UNCONFIGURED):
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
