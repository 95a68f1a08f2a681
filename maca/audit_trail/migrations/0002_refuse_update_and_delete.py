"""On PostgreSQL, make the audit log append-only in the database itself.

The model already refuses updates and deletes; this trigger also stops a
direct SQL statement or a bulk operation that bypasses the model.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_trail_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_trail_append_only
    BEFORE UPDATE OR DELETE ON audit_trail_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_trail_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_trail_append_only ON audit_trail_auditevent;
DROP FUNCTION IF EXISTS audit_trail_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit_trail", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
