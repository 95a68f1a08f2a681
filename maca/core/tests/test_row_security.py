"""Row-level security on PostgreSQL: a query that forgets its partnership finds
nothing of another partnership (ADR 0005). The suite itself runs on PostgreSQL
as a role the policies hold (maca/core/tests/database_role.py), so every page
and task test doubles as a test that the scoping works under them."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django_tasks.base import Task

import maca
from maca.accounts.models import Membership, User
from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record
from maca.cases.models import Case
from maca.core import row_security, tenancy
from maca.selection.tests.builders import make_case

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row-level security is PostgreSQL's; on SQLite the selectors' scoping is the only lock",
)


@pytest.fixture
def two_cases(world):
    return make_case(world.partnership), make_case(world.other_partnership)


def _partnerships_seen(queryset) -> set[int]:
    return set(queryset.values_list("partnership_id", flat=True))


@postgresql_only
def test_the_suite_runs_as_a_role_that_row_security_holds(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
        )
        assert cursor.fetchone() == (False, False)
        cursor.execute("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'cases_case'")
        assert cursor.fetchone() == (False,)


@postgresql_only
def test_every_table_that_carries_a_partnership_has_its_policy(db):
    assert row_security.tables_without_policy(connection) == []
    policies = row_security.current_policies(connection)
    for model in row_security.covered_models(apps.get_models()):
        assert policies.get(model._meta.db_table) == row_security.fingerprint(model), model._meta.label
    covered = {m._meta.db_table for m in row_security.covered_models(apps.get_models())}
    assert {"cases_case", "cases_child", "returns_return", "audit_trail_auditevent", "accounts_membership"} <= covered


@postgresql_only
def test_the_policy_check_fails_for_a_table_with_a_partnership_and_no_policy(db):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("RESET ROLE")  # creating a table is the migrating role's work; undone below
        cursor.execute("CREATE TABLE maca_probe_unprotected (id bigint, partnership_id bigint)")
        missing = row_security.tables_without_policy(connection)
        transaction.set_rollback(True)
    assert missing == ["maca_probe_unprotected"]


@postgresql_only
def test_a_query_that_forgets_its_partnership_finds_nothing_of_another(world, two_cases):
    ours, theirs = two_cases
    with tenancy.for_partnership(world.partnership.pk):
        assert _partnerships_seen(Case.objects.all()) == {world.partnership.pk}
        assert not Case.objects.filter(partnership=world.other_partnership).exists()
        with pytest.raises(Case.DoesNotExist):
            Case.objects.get(pk=theirs.pk)
        assert Case.objects.filter(pk=theirs.pk).update(locality="Changed") == 0
        assert Case.objects.filter(pk=ours.pk).update(locality="Changed") == 1
    with tenancy.all_partnerships():
        assert Case.objects.get(pk=theirs.pk).locality == "North"
        assert _partnerships_seen(Case.objects.all()) == {world.partnership.pk, world.other_partnership.pk}


@postgresql_only
def test_no_partnership_sees_no_partnerships_rows_in_any_table(world, two_cases):
    """Every table that carries a partnership, with the data a world has:
    memberships, agencies, cases, children, audit events..."""
    record(actor=None, action="probe.made", partnership=world.other_partnership)
    with tenancy.using(tenancy.NO_PARTNERSHIP):
        for model in row_security.covered_models(apps.get_models()):
            seen = model._default_manager.exclude(partnership__isnull=True)
            assert not seen.exists(), model._meta.label
    with tenancy.for_partnership(world.partnership.pk):
        for model in row_security.covered_models(apps.get_models()):
            assert world.other_partnership.pk not in _partnerships_seen(model._default_manager.all()), model


@postgresql_only
def test_a_row_cannot_be_written_into_another_partnership(world):
    scope = tenancy.for_partnership(world.partnership.pk)
    with scope, pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        Case.objects.create(partnership=world.other_partnership, reference="F-INTRUDER")


@postgresql_only
def test_a_rolled_back_scope_change_is_set_again(world, two_cases):
    class Undone(Exception):
        pass

    with tenancy.for_partnership(world.partnership.pk):
        with pytest.raises(Undone), transaction.atomic():
            assert _partnerships_seen(Case.objects.all()) == {world.partnership.pk}
            raise Undone
        # The rollback undid the setting made inside it; the next query sets it again.
        assert _partnerships_seen(Case.objects.all()) == {world.partnership.pk}
    assert len(_partnerships_seen(Case.objects.all())) == 2


@postgresql_only
def test_a_request_reaches_its_partnership_alone_even_through_a_selector_that_forgets(world, client_for, monkeypatch):
    from maca.audit_trail import selectors

    record(actor=None, action="otherby.secret", partnership=world.other_partnership)
    monkeypatch.setattr(selectors, "events_for", lambda partnership: AuditEvent.objects.all())
    body = client_for(world["admin"]).get(reverse("audit_trail:events")).content.decode()
    assert "otherby.secret" not in body


@postgresql_only
def test_nothing_of_a_request_stays_on_the_connection(world, two_cases, client_for):
    """A persistent or pooled connection goes from one request to the next:
    after a request, code with no scope sees no partnership's rows."""
    client = client_for(world["qa"])
    tenancy.set_process_default(tenancy.NO_PARTNERSHIP)
    try:
        assert client.get(reverse("pool:index")).status_code == 200
        assert not Case.objects.exists()
    finally:
        tenancy.set_process_default(tenancy.ALL_PARTNERSHIPS)


@postgresql_only
def test_a_person_sees_their_own_memberships_in_every_partnership(world):
    from maca.accounts.services import membership_create

    person = world["qa"].user
    membership_create(actor=None, user=person, partnership=world.other_partnership, role="board_member")
    with tenancy.for_partnership(world.partnership.pk):
        assert {m.partnership_id for m in person.active_memberships()} == {
            world.partnership.pk,
            world.other_partnership.pk,
        }
    # Acting for them, their own row in the other partnership shows, and no one else's there.
    with tenancy.for_partnership(world.partnership.pk, user_id=person.pk):
        theirs = Membership.objects.filter(partnership=world.other_partnership)
        assert {m.user_id for m in theirs} == {person.pk}
    with tenancy.for_partnership(world.partnership.pk):
        assert not Membership.objects.filter(partnership=world.other_partnership).exists()


@postgresql_only
def test_the_platform_admin_reaches_every_partnership(world):
    operator = User.objects.create_user(
        email="ola.operator@platform.example", full_name="Ola Operator", is_staff=True, is_superuser=True
    )
    client = sign_in_with_second_factor(Client(), operator)
    tenancy.set_process_default(tenancy.NO_PARTNERSHIP)
    try:
        page = client.get(reverse("admin:accounts_membership_changelist")).content.decode()
    finally:
        tenancy.set_process_default(tenancy.ALL_PARTNERSHIPS)
    assert "Otto Outsider" in page and "Quinn Quality" in page


def _tasks() -> list[Task]:
    found = []
    for module in pkgutil.walk_packages(maca.__path__, "maca."):
        if module.name.endswith(".tasks"):
            found += [v for v in vars(importlib.import_module(module.name)).values() if isinstance(v, Task)]
    return found


def test_every_task_says_which_partnerships_it_reaches():
    tasks = _tasks()
    assert len(tasks) >= 3
    undeclared = [t.name for t in tasks if getattr(t.func, "maca_tenancy", None) is None]
    assert not undeclared, (
        "Each task needs maca.core.tenancy.task_for_partnership, task_across_partnerships "
        f"or task_without_partnership_data: {undeclared}"
    )


def test_commands_work_across_partnerships_and_servers_start_with_none():
    assert tenancy.default_for_command(["manage.py", "send_reminders"]) == tenancy.ALL_PARTNERSHIPS
    assert tenancy.default_for_command(["manage.py", "migrate"]) == tenancy.ALL_PARTNERSHIPS
    assert tenancy.default_for_command(["manage.py", "runserver"]) == tenancy.NO_PARTNERSHIP
    assert tenancy.default_for_command(["manage.py", "db_worker"]) == tenancy.NO_PARTNERSHIP


@postgresql_only
def test_a_sub_units_people_see_their_agency_named_with_the_one_above_it(world, client_for):
    """A GP practice's lead, with a sub-unit in another partnership too: the
    pages naming their agencies read its parent within the request's scope (or,
    for their own memberships everywhere, across partnerships), never from a
    join made before any partnership was chosen, when row security hides it."""
    from maca.accounts.roles import Role
    from maca.accounts.tests.factories import MembershipFactory, UserFactory
    from maca.partnerships.tests.factories import AgencyFactory

    person = UserFactory(email="pat.practice@testshire.example", full_name="Pat Practice")
    MembershipFactory(user=person, partnership=world.partnership, role=Role.AGENCY_LEAD, agency=world.gp_practice)
    elsewhere = AgencyFactory(partnership=world.other_partnership, name="Harbour Surgery", parent=world.other_agency)
    MembershipFactory(user=person, partnership=world.other_partnership, role=Role.AGENCY_LEAD, agency=elsewhere)
    client = client_for(type("Persona", (), {"user": person})())
    tenancy.set_process_default(tenancy.NO_PARTNERSHIP)
    try:
        pages = {name: client.get(reverse(name)) for name in ("home:index", "accounts:account", "actions:mine")}
    finally:
        tenancy.set_process_default(tenancy.ALL_PARTNERSHIPS)
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 200)
    named = f"Mill Lane Surgery ({world.health.name})"
    assert named in pages["home:index"].content.decode()
    account = pages["accounts:account"].content.decode()
    assert named in account and f"Harbour Surgery ({world.other_agency.name})" in account
