"""What the import does to be fast, tested for what it must not change: the
cycle collector is put back as it was, SQLite's page cache too, and every
child's identifiers are still sealed, each in a token of its own."""

import datetime as dt
import gc

import pytest
from django.db import connection

from maca.cases import checking, importing, upsert
from maca.cases.models import Case, Child, ImportStatus
from maca.cases.tests.factories import child_row, import_rows
from maca.core.fields import Sealed, _to_json, reveal


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return int(cursor.fetchone()[0])


def test_the_cycle_collector_is_paused_while_importing_and_put_back_after(world, monkeypatch):
    seen = []
    write_pool = importing.write_pool

    def watched(**kwargs):
        seen.append(gc.isenabled())
        return write_pool(**kwargs)

    monkeypatch.setattr(importing, "write_pool", watched)
    assert gc.isenabled()
    case_import = import_rows(world.partnership, [child_row("F-1", "C-1")])
    assert case_import.status == ImportStatus.IMPORTED
    assert seen == [False]
    assert gc.isenabled()


def test_the_cycle_collector_is_put_back_when_an_import_fails(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "write_pool", broken)
    assert import_rows(world.partnership, [child_row("F-1", "C-1")]).status == ImportStatus.FAILED
    assert gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with importing.cycle_collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_sqlites_page_cache_is_larger_while_the_pool_is_written_and_given_back_after(world, monkeypatch):
    before = _cache_size()
    seen = []
    write = upsert.upsert

    def watched(*args, **kwargs):
        seen.append(_cache_size())
        return write(*args, **kwargs)

    monkeypatch.setattr(importing, "upsert", watched)
    assert import_rows(world.partnership, [child_row("F-1", "C-1")]).status == ImportStatus.IMPORTED
    assert set(seen) == {-upsert.SQLITE_IMPORT_CACHE_KIB}
    assert _cache_size() == before != -upsert.SQLITE_IMPORT_CACHE_KIB


def test_each_childs_identifiers_are_sealed_in_a_token_of_their_own(world):
    rows = [
        child_row("F-1", "C-1", Child_case_number="CCN-1", Family_number="FN-1"),
        child_row("F-1", "C-2", Child_case_number="CCN-1"),
    ]
    case_import = import_rows(world.partnership, rows)
    assert case_import.status == ImportStatus.IMPORTED, case_import.errors
    children = list(Child.objects.filter(partnership=world.partnership).order_by("reference"))
    assert all(isinstance(child.identifiers, Sealed) for child in children)
    tokens = {child.identifiers.token for child in children}
    assert len(tokens) == 2  # the same values, each sealed with a fresh IV
    assert all("CCN-1" not in token for token in tokens)
    expected = {"case_system_number": "CCN-1", "date_of_birth": "2019-03-14"}
    assert [reveal(child.identifiers) for child in children] == [expected, expected]
    assert reveal(children[0].case.identifiers) == {"case_system_number": "FN-1"}


@pytest.mark.parametrize(
    "values",
    [
        importing.NO_IDENTIFIERS,
        (dt.date(2019, 3, 14), None, "", "", ""),
        (None, dt.date(2027, 1, 5), "CCN-1", "9434765919", 'Zoë O\'Brien "Jr" \\ 名'),
        (dt.date(2001, 12, 31), None, "A\nB\tC", "", "\u2028x"),
        (None, None, "", "", "Only a name"),
    ],
)
def test_a_childs_identifiers_are_written_as_the_json_text_seal_would_encrypt(values):
    """The import writes each child's JSON text itself, without a dict and an
    encoder per child: the text must be the one ``seal`` encrypts."""
    found = checking.identifiers_of(values)
    assert checking.identifiers_json(values) == (_to_json(found) if found else "")


def test_a_cases_identifiers_are_written_as_the_json_text_seal_would_encrypt():
    plain = importing._case_identifiers('FN "1" é', lambda text: text)
    assert plain == _to_json({"case_system_number": 'FN "1" é'})
    assert importing._case_identifiers("", lambda text: text) == ""


def test_rows_are_written_many_to_a_statement_full_and_part_statements_alike(world, monkeypatch):
    """On SQLite each statement writes several rows (``upsert._sqlite_upsert``):
    every row arrives, the last statement's part-batch too, and a re-import
    updates rather than duplicates."""
    monkeypatch.setattr(upsert, "SQLITE_ROWS_PER_STATEMENT", 3)
    rows = [child_row(f"F-{n // 2}", f"C-{n}", Level_of_service="Early help") for n in range(8)]
    statements = []
    if connection.vendor == "sqlite":
        execute = upsert._sqlite_execute

        def counted(sql, params):
            statements.append(sql)
            execute(sql, params)

        monkeypatch.setattr(upsert, "_sqlite_execute", counted)
    case_import = import_rows(world.partnership, rows)
    assert case_import.status == ImportStatus.IMPORTED, case_import.errors
    children = Child.objects.filter(partnership=world.partnership)
    assert sorted(children.values_list("reference", flat=True)) == sorted(f"C-{n}" for n in range(8))
    assert Case.objects.filter(partnership=world.partnership).count() == 4
    if connection.vendor == "sqlite":
        child_inserts = [sql for sql in statements if sql.startswith('INSERT INTO "cases_child"')]
        assert len(child_inserts) == 3  # 3 + 3 + 2 rows

    # Regrouped, at another level: the same children and cases, updated.
    rows = [child_row(f"F-{n % 3}", f"C-{n}", Level_of_service="Child in need") for n in range(8)]
    case_import = import_rows(world.partnership, rows)
    assert case_import.status == ImportStatus.IMPORTED, case_import.errors
    assert children.count() == 8
    assert set(children.values_list("service_level", flat=True)) == {"child_in_need"}
    assert sorted(children.filter(case__reference="F-0").values_list("reference", flat=True)) == ["C-0", "C-3", "C-6"]
    kept = Case.objects.filter(partnership=world.partnership)
    assert kept.count() == 4
    assert kept.get(reference="F-3").children_count == 0
    assert kept.get(reference="F-0").children_count == 3


def test_rows_written_many_to_a_statement_are_undone_when_the_import_fails_later(world, monkeypatch):
    """The statements of ``upsert`` run in the import's transaction: a failure
    after the cases and children are written leaves the pool as it was."""
    import_rows(world.partnership, [child_row("F-1", "C-1", Team="North")])

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_replace_agencies", broken)
    rows = [child_row("F-1", "C-1", Team="South"), child_row("F-2", "C-2")]
    case_import = import_rows(world.partnership, rows)
    assert case_import.status == ImportStatus.FAILED
    assert Case.objects.get(reference="F-1").locality == "North"
    assert list(Child.objects.filter(partnership=world.partnership).values_list("reference", flat=True)) == ["C-1"]
    assert not Case.objects.filter(reference="F-2").exists()
