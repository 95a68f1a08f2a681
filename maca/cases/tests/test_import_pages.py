"""The case list pages: upload, match the columns, see the result."""

import re

from django.urls import reverse

from maca.cases.models import Case, CaseImport, Child, ColumnMapping, ImportStatus
from maca.cases.tests.factories import (
    COLUMNS,
    ColumnMappingFactory,
    child_row,
    csv_bytes,
    import_rows,
    queued_case_import,
    upload,
    uploaded_case_import,
)
from maca.tests.querycount import assert_queries_do_not_grow


def selected(body: str, name: str) -> str:
    """The value of the selected option of the select called ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', body, re.S).group(1)
    found = re.search(r'<option value="([^"]*)" selected', select)
    return found.group(1) if found else ""


def test_the_qa_officer_uploads_matches_the_columns_and_sees_the_result(world, client_for):
    client = client_for(world["qa"])
    assert client.get(reverse("cases:imports")).status_code == 200
    rows = [child_row("F-1", "C-1"), child_row("F-1", "C-2", DOB="01/01/2021"), child_row("F-2", "C-3")]
    response = client.post(reverse("cases:import_new"), {"file": upload(csv_bytes(rows), "export.csv")})
    case_import = CaseImport.objects.get(partnership=world.partnership)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:import_mapping", args=[case_import.pk])

    page = client.get(response["Location"]).content.decode()
    assert "Match the columns" in page and "Filled in by matching your file’s headings" in page
    assert selected(page, "family_reference") == "Family ref"
    assert selected(page, "child_reference") == "Child ref"
    assert selected(page, "service_level") == "Level of service"

    data = {**COLUMNS, "save_as": "Case management export"}
    response = client.post(reverse("cases:import_mapping", args=[case_import.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:import_detail", args=[case_import.pk])

    result = client.get(response["Location"]).content.decode()
    assert "The case list has been imported" in result
    new_children = re.search(r"New children\s*</dt>\s*<dd[^>]*>\s*(\d+)", result)
    assert new_children and new_children.group(1) == "3"
    assert Case.objects.filter(partnership=world.partnership).count() == 2
    assert Child.objects.filter(partnership=world.partnership).count() == 3
    mapping = ColumnMapping.objects.get(partnership=world.partnership)
    assert mapping.name == "Case management export" and mapping.columns == COLUMNS
    listing = client.get(reverse("cases:imports")).content.decode()
    assert "export.csv" in listing and "3 children in 2 cases" in listing
    assert "The pool has 2 cases and 3 children" in listing


def test_a_file_of_the_wrong_type_or_size_is_refused_with_an_error_summary(world, client_for, settings):
    client = client_for(world["qa"])
    url = reverse("cases:import_new")
    for data, message in [
        ({}, "Select a case list file"),
        ({"file": upload(b"a,b\n", "list.txt")}, "The selected file must be a CSV or an Excel workbook (.xlsx)"),
        ({"file": upload(b"Family ref,Child ref\n", "list.xlsx")}, "The selected file is not an Excel workbook"),
        ({"file": upload(b"Team,team\n1,2\n", "list.csv")}, "Each column needs its own heading"),
    ]:
        body = client.post(url, data).content.decode()
        assert "There is a problem" in body and message in body, message
    settings.MACA_CASE_IMPORT_MAX_BYTES = 1024 * 1024
    body = client.post(url, {"file": upload(b"a" * (1024 * 1024 + 10), "list.csv")}).content.decode()
    assert "The selected file must be 1 MB or smaller" in body
    assert not CaseImport.objects.exists()


def test_the_mapping_page_asks_for_each_required_column(world, client_for):
    case_import = uploaded_case_import(partnership=world.partnership)
    client = client_for(world["qa"])
    body = client.post(reverse("cases:import_mapping", args=[case_import.pk]), {"sex": "Sex"}).content.decode()
    assert "There is a problem" in body
    assert "Select the column that holds the case (family) reference" in body
    assert "Select the column that holds the level of service" in body
    assert "Select the column with the date of birth, or the column with the age" in body
    case_import.refresh_from_db()
    assert case_import.status == ImportStatus.UPLOADED


def test_a_saved_mapping_fills_in_the_mapping_page(world, client_for):
    case_import = uploaded_case_import(partnership=world.partnership)
    saved = ColumnMappingFactory(
        partnership=world.partnership, name="Old export", columns={**COLUMNS, "locality": "Flags", "age": "Old age"}
    )
    ColumnMappingFactory(partnership=world.other_partnership, name="Not ours", columns={"locality": "Sex"})
    client = client_for(world["qa"])
    url = reverse("cases:import_mapping", args=[case_import.pk])
    body = client.get(url, {"mapping": saved.pk}).content.decode()
    assert selected(body, "locality") == "Flags"
    assert "Filled in from the saved mapping ‘Old export’" in body
    assert "The saved mapping uses columns that are not in this file: ‘Old age’" in body
    assert selected(body, "mapping") == str(saved.pk)
    assert "Not ours" not in body
    other = ColumnMapping.objects.get(name="Not ours")
    body = client.get(url, {"mapping": other.pk}).content.decode()
    assert selected(body, "locality") == "Team"  # another partnership's mapping is not used: the guess is


def test_a_failed_import_lists_its_problems_up_to_500_with_the_total(world, client_for):
    rows = [child_row("F-1", f"C-{n}", DOB="31/02/2020") for n in range(600)]
    case_import = import_rows(world.partnership, rows)
    body = client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert "Nothing was imported" in body
    assert "600 problems found" in body and "The first 500 are shown" in body
    assert body.count("Enter a real date: this day does not exist") == 500
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Row</th>' in body


def test_an_import_being_checked_updates_its_progress_without_reloading_the_page(world, client_for):
    case_import = queued_case_import(partnership=world.partnership, actor=world["qa"].user)
    client = client_for(world["qa"])
    body = client.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert 'http-equiv="refresh"' not in body  # a reload under the reader fails WCAG 2.2.1
    assert 'hx-trigger="every 3s"' in body and "This page updates itself" in body and "Check progress" in body
    assert 'style="' not in body
    case_import.status = ImportStatus.IMPORTED
    case_import.save()
    body = client.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert "hx-trigger" not in body  # once done, the polling stops


def test_an_upload_can_be_discarded(world, client_for):
    case_import = uploaded_case_import(partnership=world.partnership)
    response = client_for(world["qa"]).post(reverse("cases:import_discard", args=[case_import.pk]))
    assert response.status_code == 302
    case_import.refresh_from_db()
    assert case_import.status == ImportStatus.DISCARDED and case_import.content is None


def test_another_partnerships_import_is_not_found(world, client_for):
    theirs = uploaded_case_import(partnership=world.other_partnership)
    client = client_for(world["qa"])
    for name in ("cases:import_detail", "cases:import_mapping"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("cases:import_discard", args=[theirs.pk])).status_code == 404


def test_case_lists_are_in_the_navigation_of_those_who_import_them(world, client_for):
    assert "Case lists" in client_for(world["qa"]).get("/").content.decode()
    assert "Case lists" not in client_for(world["lead"]).get("/").content.decode()


def test_the_list_of_imports_does_not_get_slower_with_more_imports(world, client_for):
    client = client_for(world["qa"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("cases:imports")),
        lambda n: [import_rows(world.partnership, [child_row()], actor=world["qa"].user) for _ in range(n)],
    )
