"""The full-text index takes each change at once instead of in a pending list.

With GIN's default ``fastupdate``, new and changed services wait in a pending
list that every search reads in full until (auto)vacuum merges it: on the
scale data, 8,654 services in 392 pages, read by each search (see
docs/performance.md). The directory changes rarely and searches often, so the
index is written directly, and what is pending now is merged.
"""

from django.db import migrations


def direct(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS service_search_gin SET (fastupdate = off)")
        schema_editor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = 'service_search_gin'"
        )


def pending(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS service_search_gin RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("community", "0004_gazetteer_and_coordinates_index")]

    operations = [migrations.RunPython(direct, pending)]
