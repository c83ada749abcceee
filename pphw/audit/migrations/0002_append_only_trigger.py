"""On PostgreSQL, refuse UPDATE and DELETE on the record-access log in the database itself.

The application already offers no way to change a row; the trigger also stops
raw SQL and any other client that connects with the application's credentials.
TRUNCATE is left to table-level privileges (see docs/security.md): Django's
``flush`` and its test runner empty every table with one TRUNCATE.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_recordaccess_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_recordaccess is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_recordaccess_append_only ON audit_recordaccess;
CREATE TRIGGER audit_recordaccess_append_only
    BEFORE UPDATE OR DELETE ON audit_recordaccess
    FOR EACH ROW EXECUTE FUNCTION audit_recordaccess_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_recordaccess_append_only ON audit_recordaccess;
DROP FUNCTION IF EXISTS audit_recordaccess_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_record_access")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
