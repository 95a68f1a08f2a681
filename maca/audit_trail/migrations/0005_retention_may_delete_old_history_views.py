"""On PostgreSQL, the append-only trigger also lets the retention run delete
views of a return's history recorded under their old name,
``return.history_viewed`` (now ``return_history.viewed``, which ``….viewed``
covers), past the partnership's period, as 0004 lets it delete the other views
(maca.audit_trail.retention). The old rows keep their name: the log is never
updated. Changes stay for good."""

from django.db import migrations

ALLOW_VIEWS = """
CREATE OR REPLACE FUNCTION audit_trail_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('maca.retention', true), '') = 'views'
       AND (OLD.action LIKE '%.viewed' OR OLD.action = 'return.history_viewed') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

# As 0004 left it.
ALLOW_VIEWS_BEFORE = """
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_VIEWS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_VIEWS_BEFORE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit_trail", "0004_retention_may_delete_views")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
