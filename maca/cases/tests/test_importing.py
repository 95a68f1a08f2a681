"""Checking a case list and writing the pool: every problem reported with its
row and column, all or nothing, re-imports update, identifiers stay sealed."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from maca.audit_trail.models import AuditEvent
from maca.cases import importing, services
from maca.cases.models import Case, CaseImport, Child, ImportStatus
from maca.cases.tests.factories import (
    BAD_NHS_NUMBER,
    COLUMNS,
    HEADINGS,
    NHS_NUMBER,
    OTHER_NHS_NUMBER,
    TODAY,
    child_row,
    csv_bytes,
    import_file,
    import_rows,
    problems_of,
    uploaded_case_import,
    xlsx_bytes,
)
from maca.core.fields import reveal


def only_problem(case_import):
    assert case_import.status == ImportStatus.FAILED
    problems = problems_of(case_import)
    assert len(problems) == 1, problems
    return problems[0]


# One family, several children ---------------------------------------------------------


def test_rows_with_one_family_reference_make_one_case_with_its_children_and_their_values(world):
    rows = [
        child_row(
            "F-1",
            "C-1",
            DOB="14/03/2019",
            Sex="F",
            Ethnicity="WBRI",
            SEND="N",
            Level_of_service="CIN",
            Team="North",
            Referral_dates="01/02/2026; 10/03/2026",
            Open_date="01/02/2025",
            Closed_date="01/05/2026",
            Flags="DA",
            Agencies="Testshire Police",
        ),
        child_row(
            "F-1",
            "C-2",
            DOB="2023-08-30",
            Sex="Boy",
            Ethnicity="MWBC",
            SEND="Y",
            Level_of_service="Child protection",
            Team="South",
            Referral_dates="10/03/2026, 01/01/2025",
            Open_date="01/01/2025",
            Closed_date="",
            Flags="Neglect",
            Agencies="testshire care board",
        ),
        child_row("F-2", "C-3", DOB="", Age="16", Level_of_service="Early help"),
    ]
    case_import = import_rows(world.partnership, rows)
    assert case_import.status == ImportStatus.IMPORTED, case_import.errors
    assert case_import.summary == {
        "rows": 3,
        "cases_created": 2,
        "cases_updated": 0,
        "children_created": 3,
        "children_updated": 0,
        "cases_left_without_children": 0,
    }
    case = Case.objects.get(partnership=world.partnership, reference="F-1")
    assert case.children_count == 2 and case.children.count() == 2
    assert case.youngest_birth_month == dt.date(2023, 8, 1)
    assert case.sex == "mixed"
    assert case.ethnicity_group == "multiple"
    assert case.disability == "yes"
    assert case.service_level == "child_protection"
    assert case.flags == ["domestic_abuse", "neglect"]
    assert case.locality == "North"  # the first row's: a contradiction is not a problem
    assert case.open_date == dt.date(2025, 1, 1)
    assert case.closed_date is None  # one child's case is still open
    assert case.referrals_last_12_months == 2  # distinct dates in the 12 months before the import
    assert set(case.agencies.all()) == {world.police, world.health}
    assert case.last_import == case_import

    second = Child.objects.get(reference="C-2")
    assert (second.sex, second.ethnicity, second.ethnicity_group, second.disability) == ("male", "MWBC", "mixed", True)
    assert second.birth_month == dt.date(2023, 8, 1)
    assert second.referral_dates == ["2025-01-01", "2026-03-10"]
    assert reveal(second.identifiers) == {"date_of_birth": "2023-08-30"}
    only_age = Child.objects.get(reference="C-3")
    assert only_age.birth_month == dt.date(2010, 6, 1)  # 16 years before the import, in the month of import
    assert reveal(only_age.identifiers) == {}


def test_a_case_is_closed_on_the_latest_date_when_every_child_is_closed(world):
    rows = [
        child_row("F-1", "C-1", Open_date="01/02/2025", Closed_date="01/03/2026"),
        child_row("F-1", "C-2", Open_date="01/01/2025", Closed_date="01/04/2026"),
    ]
    import_rows(world.partnership, rows)
    case = Case.objects.get(reference="F-1")
    assert (case.open_date, case.closed_date) == (dt.date(2025, 1, 1), dt.date(2026, 4, 1))


# Every problem, with its row and column -------------------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"family": ""}, "Family ref", "Enter a reference"),
        ({"child": ""}, "Child ref", "Enter a reference"),
        ({"Level_of_service": ""}, "Level of service", "Enter the level of service"),
        (
            {"Level_of_service": "Early hlep"},
            "Level of service",
            "‘Early hlep’ is not a level of service. Use one of: early help, child in need, child protection, "
            "looked after, care leaver or none",
        ),
        # A value with digits is never quoted: it could be a number that identifies someone.
        ({"Level_of_service": "Section 20"}, "Level of service", "This is not a level of service. Use one of:"),
        ({"DOB": "31/02/2025"}, "DOB", "Enter a real date: this day does not exist"),
        ({"DOB": "01/07/2026"}, "DOB", "A date of birth must not be in the future"),
        ({"DOB": "", "Age": "7.5"}, "Age", "Age must be a whole number from 0 to 25"),
        ({"DOB": "", "Age": "26"}, "Age", "Age must be a whole number from 0 to 25"),
        ({"DOB": "", "Age": ""}, "DOB", "Enter a date of birth or an age"),
        (
            {"Open_date": "01/03/2026", "Closed_date": "28/02/2026"},
            "Closed date",
            "The case-closed date must be on or after the case-open date",
        ),
        ({"Sex": "Q"}, "Sex", "‘Q’ is not a sex we know. Use female, male, other or not known"),
        ({"SEND": "Maybe"}, "SEND", "‘Maybe’ is not yes or no. Use Y, N or leave blank if not known"),
        ({"Flags": "Neglect; toxic trio"}, "Flags", "‘toxic trio’ is not a flag"),
        ({"Team": "N" * 121}, "Team", "Must be 120 characters or fewer"),
        ({"child": "C" * 65}, "Child ref", "Must be 64 characters or fewer"),
        ({"NHS_No": BAD_NHS_NUMBER}, "NHS No", "Not a valid NHS number"),
        ({"Referral_dates": "01/02/2026; next week"}, "Referral dates", "Each date must be DD/MM/YYYY or YYYY-MM-DD"),
        (
            {"Agencies": "Testshire Police; Testshire Fire Service"},
            "Agencies",
            "‘Testshire Fire Service’ is not an agency of this partnership",
        ),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_and_column(world, values, column, message):
    family = values.pop("family", "F-2")
    child = values.pop("child", "C-2")
    rows = [child_row("F-1", "C-1"), child_row(family, child, **values)]
    row, heading, text = only_problem(import_rows(world.partnership, rows))
    assert (row, heading) == (3, column)
    assert text.startswith(message), text


def test_a_child_reference_twice_is_reported_on_both_rows(world):
    rows = [child_row("F-1", "C-1"), child_row("F-2", "C-2"), child_row("F-1", "C-1")]
    case_import = import_rows(world.partnership, rows)
    assert problems_of(case_import) == [
        (2, "Child ref", "The same child reference is also on row 4: each child must appear once"),
        (4, "Child ref", "The same child reference is also on row 2: each child must appear once"),
    ]
    assert case_import.summary["problems"] == 2


def test_a_child_under_two_family_references_is_reported_on_both_rows(world):
    rows = [child_row("F-1", "C-1"), child_row("F-2", "C-1")]
    problems = problems_of(import_rows(world.partnership, rows))
    assert [(row, column) for row, column, _ in problems] == [(2, "Child ref"), (3, "Child ref")]
    assert all("with a different case reference" in message for _, _, message in problems)


def test_every_bad_cell_is_reported_not_just_the_first(world):
    rows = [
        child_row("F-1", "C-1", DOB="31/02/2025", Sex="?"),
        child_row("F-2", "C-2"),
        child_row("", "C-3", Level_of_service="Unknown level", NHS_No="123"),
    ]
    problems = problems_of(import_rows(world.partnership, rows))
    assert [(row, column) for row, column, _ in problems] == [
        (2, "DOB"),
        (2, "Sex"),
        (4, "Family ref"),
        (4, "Level of service"),
        (4, "NHS No"),
    ]


def test_formula_looking_cells_are_text_and_never_evaluated(world):
    rows = [child_row("F-1", "C-1", DOB="=DATE(2019,1,1)", Team='=HYPERLINK("http://x")', Flags="=A1+A2")]
    problems = problems_of(import_rows(world.partnership, rows))
    assert [(row, column) for row, column, _ in problems] == [(2, "DOB"), (2, "Flags")]
    rows = [child_row("F-1", "C-1", Team="=1+1", Family_number="@family")]
    assert import_rows(world.partnership, rows).status == ImportStatus.IMPORTED
    assert Case.objects.get(reference="F-1").locality == "=1+1"  # stored as text, as typed


def test_nothing_is_saved_when_one_cell_is_bad(world):
    rows = [child_row("F-1", "C-1"), child_row("F-2", "C-2"), child_row("F-3", "C-3", DOB="32/01/2020")]
    case_import = import_rows(world.partnership, rows)
    assert case_import.status == ImportStatus.FAILED
    assert not Case.objects.exists() and not Child.objects.exists()
    assert case_import.content is None  # the file is deleted: the officer uploads a fixed copy


def test_a_failure_while_writing_leaves_the_pool_as_it_was(world, monkeypatch):
    import_rows(world.partnership, [child_row("F-1", "C-1", Team="North")])

    def broken(**kwargs):
        Case.objects.filter(reference="F-1").update(locality="Half-written")
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "write_pool", broken)
    case_import = import_rows(world.partnership, [child_row("F-1", "C-1", Team="South")])
    assert case_import.status == ImportStatus.FAILED
    assert problems_of(case_import) == [
        (None, "", "Something went wrong while importing. Nothing was imported. Try again later.")
    ]
    assert Case.objects.get(reference="F-1").locality == "North"


# The mapping ----------------------------------------------------------------------------


def test_a_mapping_must_name_every_required_field_and_only_headings_in_the_file(world):
    case_import = uploaded_case_import(partnership=world.partnership)
    columns = {**COLUMNS, "nhs_number": "NHS number"}
    del columns["service_level"]
    with pytest.raises(ValidationError) as error:
        services.case_import_start(actor=None, case_import=case_import, columns=columns)
    assert error.value.messages == [
        "The mapping uses this column for nhs number, but the file has no column with this heading",
        "Select the column that holds the level of service",
    ]
    columns = {key: value for key, value in COLUMNS.items() if key not in {"date_of_birth", "age"}}
    with pytest.raises(ValidationError, match="date of birth or the age"):
        services.case_import_start(actor=None, case_import=case_import, columns=columns)


def test_the_mapping_is_guessed_from_usual_headings_but_never_maps_a_name(world):
    headers = ["Case ID", "Child ID", "D.O.B.", "Gender", "Level", "NHS number", "Child's name", "Locality"]
    content = csv_bytes([], headers=headers)
    case_import = uploaded_case_import(partnership=world.partnership, content=content)
    assert case_import.columns == {
        "family_reference": "Case ID",
        "child_reference": "Child ID",
        "date_of_birth": "D.O.B.",
        "sex": "Gender",
        "service_level": "Level",
        "locality": "Locality",
        "nhs_number": "NHS number",
    }


def test_a_saved_mapping_is_reused_for_the_next_file_with_the_same_headings(world):
    mapping = services.column_mapping_save(
        actor=world["qa"].user, partnership=world.partnership, name="Our export", columns=COLUMNS
    )
    case_import = uploaded_case_import(partnership=world.partnership)
    assert case_import.mapping == mapping and case_import.columns == COLUMNS
    renamed = services.column_mapping_save(
        actor=world["qa"].user, partnership=world.partnership, name="our export", columns={**COLUMNS, "age": ""}
    )
    assert renamed.pk == mapping.pk and "age" not in renamed.columns
    assert AuditEvent.objects.filter(action="column_mapping.updated", object_id=str(mapping.pk)).exists()


# Re-imports -----------------------------------------------------------------------------


def test_importing_again_updates_the_pool_rather_than_duplicating_it(world):
    first = [
        child_row("F-1", "C-1", Team="North", Agencies="Testshire Police"),
        child_row("F-1", "C-2"),
        child_row("F-2", "C-3"),
    ]
    import_rows(world.partnership, first)
    again = [
        child_row("F-1", "C-1", Team="East", Level_of_service="CP", Agencies="Testshire Care Board"),
        child_row("F-3", "C-4"),
    ]
    case_import = import_rows(world.partnership, again)
    assert case_import.summary == {
        "rows": 2,
        "cases_created": 1,
        "cases_updated": 1,
        "children_created": 1,
        "children_updated": 1,
        "cases_left_without_children": 0,
    }
    assert Case.objects.count() == 3 and Child.objects.count() == 4
    case = Case.objects.get(reference="F-1")
    assert case.locality == "East" and case.service_level == "child_protection"
    assert list(case.agencies.all()) == [world.health]  # the import's set replaces the last one
    # C-2 is not in the second file: it is left alone, and still counts towards its case.
    assert Child.objects.filter(reference="C-2", case=case).exists()
    assert case.children_count == 2


def test_a_child_moved_to_another_family_updates_both_cases(world):
    import_rows(world.partnership, [child_row("F-1", "C-1"), child_row("F-1", "C-2", Level_of_service="CP")])
    import_rows(world.partnership, [child_row("F-2", "C-2", Level_of_service="CP")])
    old, new = Case.objects.get(reference="F-1"), Case.objects.get(reference="F-2")
    assert (old.children_count, old.service_level) == (1, "child_in_need")
    assert (new.children_count, new.service_level) == (1, "child_protection")


def test_another_partnerships_references_are_its_own(world):
    import_rows(world.partnership, [child_row("F-1", "C-1")])
    case_import = import_rows(world.other_partnership, [child_row("F-1", "C-1")])
    assert case_import.summary["cases_created"] == 1 and case_import.summary["children_created"] == 1
    assert Case.objects.filter(reference="F-1").count() == 2


# Identifiers ----------------------------------------------------------------------------


def _raw(table: str, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names in a test
        return json.dumps([row[0] for row in cursor.fetchall()], default=str)


def test_identifiers_are_encrypted_at_rest(world):
    rows = [
        child_row("F-1", "C-1", NHS_No=NHS_NUMBER, Child_case_number="P1234567", Family_number="FN7654321"),
        child_row("F-1", "C-2", NHS_No="943 476 5919", DOB="02/03/2020"),
    ]
    case_import = import_rows(world.partnership, rows)
    assert case_import.status == ImportStatus.IMPORTED
    stored = _raw("cases_child", "identifiers") + _raw("cases_case", "identifiers")
    for secret in (NHS_NUMBER, OTHER_NHS_NUMBER, "P1234567", "FN7654321", "2020-03-02"):
        assert secret not in stored
    child = Child.objects.get(reference="C-1")
    assert str(child.identifiers) == "[encrypted]"
    assert reveal(child.identifiers) == {
        "nhs_number": NHS_NUMBER,
        "case_system_number": "P1234567",
        "date_of_birth": "2019-03-14",
    }
    assert reveal(Case.objects.get(reference="F-1").identifiers) == {"case_system_number": "FN7654321"}
    assert reveal(Child.objects.get(reference="C-2").identifiers)["nhs_number"] == OTHER_NHS_NUMBER
    assert NHS_NUMBER.encode() not in bytes(CaseImport.objects.get(pk=case_import.pk).content or b"")


def test_the_uploaded_file_is_kept_encrypted_until_it_is_used(world):
    case_import = uploaded_case_import(partnership=world.partnership, content=csv_bytes([child_row(NHS_No=NHS_NUMBER)]))
    sealed = bytes(CaseImport.objects.get(pk=case_import.pk).content)
    assert NHS_NUMBER.encode() not in sealed and b"Family ref" not in sealed
    assert services.unseal_content(sealed) == csv_bytes([child_row(NHS_No=NHS_NUMBER)])


def test_identifiers_never_appear_in_problems_or_the_audit_log(world):
    rows = [child_row("F-1", "C-1", NHS_No=BAD_NHS_NUMBER, Child_case_number="P" + "9" * 70)]
    failed = import_rows(world.partnership, rows, actor=world["qa"].user)
    text = json.dumps(failed.errors)
    assert BAD_NHS_NUMBER not in text and "P999" not in text
    import_rows(world.partnership, [child_row("F-1", "C-1", NHS_No=NHS_NUMBER)], actor=world["qa"].user)
    events = json.dumps(list(AuditEvent.objects.values("changes", "object_label")))
    assert BAD_NHS_NUMBER not in events and NHS_NUMBER not in events
    actions = list(AuditEvent.objects.filter(object_type="cases.caseimport").values_list("action", flat=True))
    assert actions.count("case_import.uploaded") == 2 and "case_import.failed" in actions
    assert "case_import.completed" in actions


# Excel ----------------------------------------------------------------------------------


def test_an_excel_workbook_imports_like_a_csv_file(world):
    rows = [
        ["F-1", "C-1", dt.datetime(2019, 3, 14), None, "F", "WBRI", "N", "CIN", "North", None, dt.date(2025, 2, 1)],
        ["F-1", "C-2", None, 4, "M", "WBRI", True, "CP", "North", "01/03/2026", "01/02/2025", dt.date(2026, 3, 1)],
        [12345.0, 678.0, "2020-01-02", None, None, None, None, "Early help", None, None, None],
    ]
    case_import = import_file(partnership=world.partnership, content=xlsx_bytes(rows), name="list.xlsx")
    assert case_import.status == ImportStatus.IMPORTED, case_import.errors
    assert case_import.file_format == "xlsx"
    assert Child.objects.get(reference="C-1").birth_month == dt.date(2019, 3, 1)
    assert Child.objects.get(reference="C-2").disability is True
    assert Case.objects.get(reference="F-1").closed_date is None
    assert Child.objects.get(reference="678").case.reference == "12345"


def test_an_excel_formula_in_a_date_column_is_a_problem_not_a_date(world):
    rows = [["F-1", "C-1", "=TODAY()", None, "F", "WBRI", "N", "CIN"]]
    case_import = import_file(partnership=world.partnership, content=xlsx_bytes(rows), name="list.xlsx")
    assert only_problem(case_import)[:2] == (2, "DOB")


def test_running_an_import_twice_does_nothing_the_second_time(world):
    case_import = import_rows(world.partnership, [child_row()])
    again = services.case_import_run(case_import_id=case_import.pk, today=TODAY)
    assert again.summary == case_import.summary and Child.objects.count() == 1


def test_a_file_with_headings_but_no_rows_is_a_problem(world):
    case_import = import_file(partnership=world.partnership, content=csv_bytes([]))
    assert only_problem(case_import) == (None, "", "The file has headings but no rows of children")


def test_discarding_an_upload_deletes_its_file(world):
    case_import = uploaded_case_import(partnership=world.partnership)
    services.case_import_discard(actor=world["qa"].user, case_import=case_import)
    case_import.refresh_from_db()
    assert case_import.status == ImportStatus.DISCARDED and case_import.content is None
    with pytest.raises(ValidationError, match="has not been imported can be discarded"):
        services.case_import_discard(actor=world["qa"].user, case_import=case_import)


def test_headings_of_the_standard_test_file_are_all_mapped():
    assert set(COLUMNS.values()) == set(HEADINGS)


def test_a_reference_repeated_on_many_rows_names_a_few_and_counts_the_rest(world):
    rows = [child_row(f"F-{n}", "C-1") for n in range(8)]
    problems = problems_of(import_rows(world.partnership, rows))
    assert len(problems) == 8
    assert problems[0][2] == (
        "The same child reference is also on rows 3, 4, 5, 6, 7 and 2 more with a different case reference: "
        "a child can belong to one case only"
    )
