"""manage.py import_cases: the same import, from the command line."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maca.audit_trail.models import AuditEvent
from maca.cases.columns import check_columns
from maca.cases.models import Case, CaseImport, Child, ImportStatus
from maca.cases.sample_data import generate_case_list
from maca.cases.services import column_mapping_save
from maca.cases.tests.factories import COLUMNS, child_row, csv_bytes


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_cases", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_case_list_is_imported_and_the_counts_printed(world, tmp_path):
    path = tmp_path / "export.csv"
    generate_case_list(path, children=50, seed=3, agencies=["Testshire Police", "Testshire Care Board"])
    out, _ = run(str(path), "--partnership", "testshire")
    children = Child.objects.filter(partnership=world.partnership).count()
    cases = Case.objects.filter(partnership=world.partnership).count()
    assert children == 50
    assert f"{cases} new cases, 0 updated; 50 new children, 0 updated" in out
    event = AuditEvent.objects.get(action="case_import.completed")
    assert event.actor is None and event.actor_label == "command line"
    out, _ = run(str(path), "--partnership", "testshire")
    assert f"0 new cases, {cases} updated; 0 new children, 50 updated" in out


def test_each_problem_is_printed_with_its_row_and_column_and_the_command_fails(world, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([child_row("F-1", "C-1"), child_row("F-2", "C-2", DOB="31/02/2020", NHS_No="123")]))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: export\.csv has 2 problems") as error:
        call_command("import_cases", str(path), "--partnership", "testshire", stdout=out, stderr=err)
    assert error.value.returncode == 1  # manage.py exits with it
    assert err.getvalue().splitlines() == [
        "row 3, column ‘DOB’: Enter a real date: this day does not exist",
        "row 3, column ‘NHS No’: Not a valid NHS number: it must have 10 digits, the last one the check digit "
        "of the other nine. Correct it in the case system",
    ]
    assert not Child.objects.exists()


def test_only_the_first_200_problems_are_printed(world, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([child_row("F-1", f"C-{n}", Sex="?") for n in range(250)]))
    err = StringIO()
    with pytest.raises(CommandError, match="250 problems"):
        call_command("import_cases", str(path), "--partnership", "testshire", stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 201 and lines[-1] == "... and 50 more"


def test_headings_that_cannot_be_matched_fail_clearly_unless_a_saved_mapping_is_named(world, tmp_path):
    path = tmp_path / "export.csv"
    headers = ["Group", "Person", "Born", "Tier"]
    path.write_bytes(csv_bytes([{"Group": "F-1", "Person": "C-1", "Born": "01/02/2020", "Tier": "CIN"}], headers))
    err = StringIO()
    with pytest.raises(CommandError, match="could not be matched, so nothing was imported"):
        call_command("import_cases", str(path), "--partnership", "testshire", stdout=StringIO(), stderr=err)
    assert "column ‘Case (family) reference’: Select the column that holds the case (family) reference" in (
        err.getvalue()
    )
    assert CaseImport.objects.get().status == ImportStatus.DISCARDED
    column_mapping_save(
        actor=None,
        partnership=world.partnership,
        name="Tiered export",
        columns={
            "family_reference": "Group",
            "child_reference": "Person",
            "date_of_birth": "Born",
            "service_level": "Tier",
        },
    )
    out, _ = run(str(path), "--partnership", "testshire", "--mapping", "tiered export")
    assert "1 new children" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partnership", "nowhere"], "There is no partnership with the slug ‘nowhere’"),
        (["--partnership", "testshire", "--mapping", "Nope"], "There is no saved mapping called ‘Nope’"),
    ],
)
def test_a_wrong_partnership_or_mapping_fails(world, tmp_path, args, message):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([child_row()]))
    with pytest.raises(CommandError, match=message):
        run(str(path), *args)


def test_a_missing_file_or_a_file_of_the_wrong_type_fails(world, tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        run(str(tmp_path / "missing.csv"), "--partnership", "testshire")
    path = tmp_path / "export.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="must be a CSV or an Excel workbook"):
        run(str(path), "--partnership", "testshire")


def test_the_standard_columns_are_what_the_command_guesses(world, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([child_row()]))
    run(str(path), "--partnership", "testshire")
    assert CaseImport.objects.get().columns == {key: COLUMNS[key] for key in CaseImport.objects.get().columns}


def test_names_in_the_commands_messages_are_in_curly_quotes(world, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([child_row()]))
    column_mapping_save(actor=None, partnership=world.partnership, name="Tiered export", columns=dict(COLUMNS))
    with pytest.raises(CommandError) as error:
        run(str(path), "--partnership", "testshire", "--mapping", "Nope")
    assert str(error.value) == "There is no saved mapping called ‘Nope’. Saved mappings: ‘Tiered export’."
    problems = check_columns({**COLUMNS, "shoe_size": "Shoes"}, [*COLUMNS.values(), "Shoes"])
    assert [str(problem) for problem in problems] == ["column ‘Shoes’: ‘shoe_size’ is not a field maca imports"]
