"""The full-text index of the directory (PostgreSQL only; SQLite searches without one)."""

from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS service_search_gin ON community_service "
    "USING gin (to_tsvector('english'::regconfig, search_document))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS service_search_gin")


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
