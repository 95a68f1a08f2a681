"""On PostgreSQL, the append-only trigger lets the retention run delete views
of case-level data (``….viewed``) past the partnership's period, and nothing
else: only while its transaction has set ``maca.retention`` to ``views``
(maca.audit_trail.retention). Changes stay for good."""

from django.db import migrations

ALLOW_VIEWS = """
CREATE OR REPLACE FUNCTION audit_trail_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('maca.retention', true), '') = 'views'
       AND OLD.action LIKE '%.viewed' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

REFUSE_ALL = """
CREATE OR REPLACE FUNCTION audit_trail_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_VIEWS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_ALL, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit_trail", "0003_indexes_lead_with_the_partnership")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
