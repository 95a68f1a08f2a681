"""What the import does to be fast, tested for what it must not change: the
cycle collector is put back as it was, SQLite's page cache too, every
child's identifiers are still sealed, each in a token of its own, and what is
remembered of values already read gives the same values and the same problems."""

import datetime as dt
import gc
import weakref

import pytest
from django.db import connection

from maca.cases import checking, importing, upsert
from maca.cases.models import Case, Child, ImportStatus
from maca.cases.reading import Table
from maca.cases.tests.factories import COLUMNS, HEADINGS, TODAY, child_row, import_rows
from maca.core.fields import Sealed, _to_json, reveal
from maca.core.memory import cycle_collector_paused


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
        with cycle_collector_paused():
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


def _check(rows: list[dict]) -> checking.Checked:
    records = iter([(number, [row[heading] for heading in HEADINGS]) for number, row in enumerate(rows, start=2)])
    return checking.check_table(table=Table(HEADINGS, records), columns=COLUMNS, agencies={}, today=TODAY)


def test_a_checker_is_freed_without_the_cycle_collector():
    """Its parsers are not its own bound methods: that made a reference cycle
    which kept every checked row of a list until the cycle collector came
    round (paused during an import), and then made it walk them all."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        checker = checking.RowChecker(columns=COLUMNS, headers=HEADINGS, agencies={}, today=TODAY)
        checker.check(2, [child_row()[heading] for heading in HEADINGS])
        assert checker.families["F-1"].children
        freed = weakref.ref(checker)
        del checker
        assert freed() is None  # and its families and rows with it
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize("ages", [(True, 1), (1, True)])
def test_cells_of_other_types_than_text_are_remembered_by_type(ages):
    """True == 1 as a key: a workbook's TRUE and 1 in one column are each read as themselves."""
    rows = [child_row("F-1", f"C-{n}", DOB="", Age=age) for n, age in enumerate(ages)]
    checked = _check(rows)
    bad_row = 2 + next(n for n, age in enumerate(ages) if age is True)
    assert [(problem.row, problem.column) for problem in checked.problems] == [(bad_row, "Age")]


def test_a_value_that_cannot_be_read_is_reported_on_every_row_that_has_it():
    rows = [
        child_row("F-1", "C-1", Sex="Fem", Referral_dates="01/02/2026; 31/02/2026"),
        child_row("F-1", "C-2", Sex="F", Referral_dates="31/02/2026"),
        child_row("F-2", "C-3", Sex="Fem", Referral_dates="01/02/2026"),
    ]
    checked = _check(rows)
    assert [(problem.row, problem.column) for problem in checked.problems] == [
        (2, "Sex"),
        (2, "Referral dates"),
        (3, "Referral dates"),
        (4, "Sex"),
    ]
    referral_messages = {problem.message for problem in checked.problems if problem.column == "Referral dates"}
    assert referral_messages == {"One of the dates is not a real date (such as 31/02/2026): that day does not exist"}


def test_dates_read_once_give_each_childs_own_referral_dates():
    rows = [
        child_row("F-1", "C-1", Referral_dates="05/03/2026; 01/02/2026"),
        child_row("F-1", "C-2", Referral_dates="2026-03-05"),
        child_row("F-2", "C-3", Referral_dates="01/02/2026,05/03/2026 ; 01/02/2026"),
    ]
    checked = _check(rows)
    assert checked.ok
    found = {child.reference: child.referral_dates for family in checked.families.values() for child in family.children}
    march, february = dt.date(2026, 3, 5), dt.date(2026, 2, 1)
    assert found == {"C-1": (february, march), "C-2": (march,), "C-3": (february, march)}


def test_values_are_adapted_once_and_kept_up_to_the_limit():
    calls = []

    def adapt(value):
        calls.append(value)
        return value.upper()

    adapted = importing._Adapted(adapt, limit=2)
    assert [adapted[value] for value in ["a", "b", "a", "c", "c"]] == ["A", "B", "A", "C", "C"]
    assert calls == ["a", "b", "c", "c"]  # c came after the limit: adapted each time, not kept
    assert dict(adapted) == {"a": "A", "b": "B"}
