"""Case lists for tests: rows as dictionaries, written as CSV or Excel, and
uploads through the services. Every value is made up; NHS numbers come from
the 999 range kept for testing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from maca.cases.models import CaseImport, ColumnMapping
from maca.partnerships.tests.factories import PartnershipFactory

# The day imports in tests run on, so that "in the future" and "the last 12 months" are fixed.
TODAY = dt.date(2026, 6, 15)
NHS_NUMBER = "9990000018"  # valid check digit
OTHER_NHS_NUMBER = "9434765919"  # the NHS's own example of a valid number
BAD_NHS_NUMBER = "9990000017"

HEADINGS = [
    "Family ref",
    "Child ref",
    "DOB",
    "Age",
    "Sex",
    "Ethnicity",
    "SEND",
    "Level of service",
    "Team",
    "Referral dates",
    "Open date",
    "Closed date",
    "Flags",
    "Agencies",
    "Family number",
    "Child case number",
    "NHS No",
]
COLUMNS = {
    "family_reference": "Family ref",
    "child_reference": "Child ref",
    "date_of_birth": "DOB",
    "age": "Age",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "disability": "SEND",
    "service_level": "Level of service",
    "locality": "Team",
    "referral_dates": "Referral dates",
    "open_date": "Open date",
    "closed_date": "Closed date",
    "flags": "Flags",
    "agencies": "Agencies",
    "family_number": "Family number",
    "child_case_number": "Child case number",
    "nhs_number": "NHS No",
}


def child_row(family: str = "F-1", child: str = "C-1", **values: str) -> dict[str, str]:
    """One row of the standard test file; ``values`` by heading, with spaces
    written as underscores (``Level_of_service="CIN"``)."""
    row = {
        "Family ref": family,
        "Child ref": child,
        "DOB": "14/03/2019",
        "Age": "",
        "Sex": "F",
        "Ethnicity": "WBRI",
        "SEND": "N",
        "Level of service": "Child in need",
        "Team": "North",
        "Referral dates": "",
        "Open date": "01/02/2025",
        "Closed date": "",
        "Flags": "",
        "Agencies": "",
        "Family number": "",
        "Child case number": "",
        "NHS No": "",
    }
    for key, value in values.items():
        row[key.replace("_", " ")] = value
    return row


def csv_bytes(rows: list[dict], headers: list[str] = HEADINGS, *, encoding: str = "utf-8") -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(heading, "") for heading in headers])
    return stream.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], headers: list = HEADINGS) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def upload(content: bytes, name: str = "case-list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def uploaded_case_import(*, partnership, actor=None, content: bytes | None = None, name: str = "case-list.csv"):
    """An upload waiting for its column mapping."""
    from maca.cases.services import case_import_upload

    content = content if content is not None else csv_bytes([child_row()])
    return case_import_upload(actor=actor, partnership=partnership, uploaded_file=upload(content, name))


def queued_case_import(*, partnership, actor=None) -> CaseImport:
    """An upload whose columns are matched, waiting for a worker to import it."""
    from maca.cases.services import case_import_start

    case_import = uploaded_case_import(partnership=partnership, actor=actor)
    return case_import_start(actor=actor, case_import=case_import, columns=COLUMNS, enqueue=False)


def import_file(
    *, partnership, content: bytes, name: str = "case-list.csv", columns=None, actor=None, today=TODAY
) -> CaseImport:
    """Upload, map and import at once (as the command line does); the finished import."""
    from maca.cases.services import case_import_run, case_import_start

    case_import = uploaded_case_import(partnership=partnership, actor=actor, content=content, name=name)
    case_import_start(
        actor=actor, case_import=case_import, columns=columns if columns is not None else COLUMNS, enqueue=False
    )
    return case_import_run(case_import_id=case_import.pk, today=today)


def import_rows(partnership, rows: list[dict], **kwargs) -> CaseImport:
    return import_file(partnership=partnership, content=csv_bytes(rows), **kwargs)


def problems_of(case_import: CaseImport) -> list[tuple]:
    return [(error["row"], error["column"], error["message"]) for error in case_import.errors]


class ColumnMappingFactory(factory.django.DjangoModelFactory):
    """A saved mapping, saved through the service as the mapping page does."""

    class Meta:
        model = ColumnMapping

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Export {n}")
    columns = factory.LazyFunction(lambda: dict(COLUMNS))

    @classmethod
    def _create(cls, model_class, *, partnership, name, columns, actor=None):
        from maca.cases.services import column_mapping_save

        return column_mapping_save(actor=actor, partnership=partnership, name=name, columns=columns)
