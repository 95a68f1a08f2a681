"""A nomination says which agency it comes from (QA walk: "Nominated by Lena
Lead" did not say): the nominator's agency is kept when they nominate, and
nominations made before it was kept get it from the nominator's membership."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from maca.selection.models import Nomination
from maca.selection.services import nomination_create
from maca.selection.tests.builders import make_case
from maca.tests.page import words_shown
from maca.tests.tables import read_tables


@pytest.mark.django_db
def test_the_nominators_agency_is_shown_to_the_audit_lead(world, client_for, selecting):
    case = make_case(world.partnership, agencies=[world.police])
    by_lead = nomination_create(
        actor=world["lead"].user, audit=selecting, case_reference=case.reference, reason="Seen", can_see_pool=False
    )
    other = make_case(world.partnership, agencies=[world.police])
    by_qa = nomination_create(
        actor=world["qa"].user, audit=selecting, case_reference=other.reference, reason="Seen", can_see_pool=True
    )
    assert by_lead.nominator_agency == world.police and by_qa.nominator_agency is None
    client = client_for(world["qa"])

    page = words_shown(
        client.get(reverse("selection:decide_nomination", args=[selecting.pk, by_lead.pk])).content.decode()
    )
    assert "Nominated by Lena Lead, Testshire Police:" in page
    page = words_shown(
        client.get(reverse("selection:decide_nomination", args=[selecting.pk, by_qa.pk])).content.decode()
    )
    assert "Nominated by Quinn Quality:" in page

    table = read_tables(client.get(reverse("selection:nominations", args=[selecting.pk])).content.decode())[
        "Nominations"
    ]
    at = table.head.index("Nominated by")
    assert sorted(row[at] for row in table.rows) == ["Lena Lead, Testshire Police", "Quinn Quality"]


@pytest.fixture
def back_to_the_latest():
    """The database is left at the latest migrations after the test."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


BEFORE = [("selection", "0003_nomination_reference_as_listed")]
AFTER = [("selection", "0004_nomination_nominator_agency")]


@pytest.mark.django_db(transaction=True)
def test_nominations_made_before_get_the_agency_of_the_nominators_membership(world, selecting, back_to_the_latest):
    if connection.vendor == "postgresql":
        pytest.skip("Migrating back needs the tables' owner")
    case = make_case(world.partnership, agencies=[world.police])
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("selection", "Nomination")
    made = {
        key: old.objects.create(
            partnership_id=world.partnership.pk,
            audit_id=selecting.pk,
            case_id=case.pk,
            case_reference=case.reference,
            nominated_by_id=world[key].user.pk,
            reason="Seen",
        ).pk
        for key in ("lead", "health_lead", "qa")
    }

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    agencies = dict(Nomination.objects.filter(pk__in=made.values()).values_list("pk", "nominator_agency_id"))
    assert agencies == {made["lead"]: world.police.pk, made["health_lead"]: world.health.pk, made["qa"]: None}
