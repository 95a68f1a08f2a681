"""Migration findings/0010 makes theme names unique in any letter case: names
that already differed only in case are renamed first, recorded, so the
constraint can be added to existing data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("findings", "0009_finding_suggested_polarity_basis")]
AFTER = [("findings", "0010_theme_name_unique_any_case")]


@pytest.fixture
def back_to_the_latest():
    """The database is left at the latest migrations after the test, whatever
    it did: the tests after it on this worker need every column."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_names_differing_only_in_case_are_renamed_and_recorded_before_the_rule(world, back_to_the_latest):
    if connection.vendor == "postgresql":
        # The tests connect as the application's role, which may not drop the
        # owner's index; the migration itself ran as the test database was made.
        pytest.skip("Migrating back needs the tables' owner")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Theme = old.get_model("findings", "Theme")
    p = world.partnership.pk
    first = Theme.objects.create(partnership_id=p, key="transitions", name="Transitions")
    second = Theme.objects.create(partnership_id=p, key="transitions_2", name="TRANSITIONS")
    third = Theme.objects.create(partnership_id=p, key="transitions_3", name="transitions (2)")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from maca.audit_trail.models import AuditEvent
    from maca.findings.models import Theme as Current

    names = {t.pk: t.name for t in Current.objects.filter(pk__in=[first.pk, second.pk, third.pk])}
    assert names[first.pk] == "Transitions"
    assert names[second.pk] == "TRANSITIONS (3)"  # "(2)" is taken, in any case
    assert names[third.pk] == "transitions (2)"
    event = AuditEvent.objects.get(action="theme.updated", object_id=str(second.pk))
    assert event.changes["name"] == ["TRANSITIONS", "TRANSITIONS (3)"] and event.actor is None
