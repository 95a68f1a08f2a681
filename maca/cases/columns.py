"""maca's fields of a case list, and how the columns of a file map onto them.

Every partnership's export names its columns differently ("Family ref",
"Case ID", "Group reference"). The QA officer maps each column once and saves
the mapping by name; until then :func:`guess_columns` suggests one from the
headings. A mapping is ``{maca field key: heading in the file}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class MacaField:
    key: str
    label: str
    hint: str = ""
    required: bool = False
    # Headings exports commonly use, compared with punctuation and case folded.
    # Empty for a field that must never be mapped by guessing (the child's name).
    headings: tuple[str, ...] = ()


FIELDS: list[MacaField] = [
    MacaField(
        "family_reference",
        "Case (family) reference",
        "The reference shared by the children of one family. Rows with the same reference make one case.",
        required=True,
        headings=("family reference", "family ref", "case reference", "case ref", "family id", "case id", "family"),
    ),
    MacaField(
        "child_reference",
        "Child reference",
        "A reference for each child, unique in the file.",
        required=True,
        headings=("child reference", "child ref", "child id", "person reference", "person ref", "child"),
    ),
    MacaField(
        "date_of_birth",
        "Date of birth",
        "Either this or the age is needed. Kept encrypted; only the month is used for sampling.",
        headings=("date of birth", "dob", "d o b", "birth date", "birthdate"),
    ),
    MacaField(
        "expected_delivery",
        "Expected date of delivery (unborn children)",
        "For a pre-birth plan: used when there is no date of birth. Kept encrypted; only the month is used.",
        headings=(
            "expected date of delivery",
            "edd",
            "expected delivery date",
            "estimated date of delivery",
            "due date",
            "expected due date",
        ),
    ),
    MacaField(
        "age",
        "Age in years",
        "Used when there is no date of birth.",
        headings=("age", "age in years", "age years", "current age"),
    ),
    MacaField("sex", "Sex", headings=("sex", "gender", "legal sex", "sex gender")),
    MacaField(
        "ethnicity",
        "Ethnicity",
        "Words or DfE codes such as WBRI.",
        headings=("ethnicity", "ethnic group", "ethnic origin", "ethnicity code"),
    ),
    MacaField(
        "disability",
        "Disability or SEND",
        headings=("disability", "disabled", "send", "disability send", "disability or send", "sen", "sen d"),
    ),
    MacaField(
        "service_level",
        "Level of service",
        "Early help, child in need, child protection, looked after, care leaver or none.",
        required=True,
        headings=("level of service", "service level", "level", "service", "current service"),
    ),
    MacaField(
        "locality",
        "Locality or team",
        headings=("locality", "team", "locality team", "locality or team", "area", "district"),
    ),
    MacaField(
        "referral_dates",
        "Dates of referrals in the last 12 months",
        "Several dates in one column, separated by ; or ,",
        headings=(
            "referral dates",
            "referrals",
            "dates of referral",
            "dates of referrals",
            "referral date",
            "referral dates last 12 months",
            "referrals last 12 months",
            "referrals in last 12 months",
        ),
    ),
    MacaField(
        "open_date",
        "Case-open date",
        headings=("open date", "case open date", "opened", "date opened", "start date", "case start date"),
    ),
    MacaField(
        "closed_date",
        "Case-closed date",
        headings=(
            "closed date",
            "close date",
            "case closed date",
            "closed",
            "date closed",
            "end date",
            "case end date",
        ),
    ),
    MacaField(
        "flags",
        "Flags",
        "Several in one column, separated by ; or , such as domestic abuse; neglect",
        headings=("flags", "flag", "factors", "risk factors", "concerns", "assessment factors"),
    ),
    MacaField(
        "agencies",
        "Agencies involved",
        "Names of the partnership’s agencies, separated by ;",
        headings=("agencies", "agencies involved", "agencies known to be involved", "involved agencies", "agency"),
    ),
    MacaField(
        "family_number",
        "Family number in the case system",
        "Kept encrypted.",
        headings=("family number", "family case number", "family system number", "family id number"),
    ),
    MacaField(
        "child_case_number",
        "Child’s number in the case system",
        "Kept encrypted.",
        headings=("child case number", "child case system number", "person number", "person id", "client number"),
    ),
    MacaField(
        "nhs_number",
        "NHS number",
        "Kept encrypted.",
        headings=("nhs number", "nhs no", "nhs", "nhs num"),
    ),
    MacaField(
        "child_name",
        "Child’s name",
        "Only if your partnership has decided agencies need it to find their records. Kept encrypted.",
    ),
]
FIELDS_BY_KEY: dict[str, MacaField] = {field.key: field for field in FIELDS}
AGE_FIELDS = ("date_of_birth", "age")

# A reference is stored as it is and shown to agencies on the case pages; these
# are kept only encrypted, so a column cannot be both.
REFERENCE_FIELDS = ("family_reference", "child_reference")
SEALED_ONLY = {
    "nhs_number": "the NHS number",
    "child_name": "the child’s name",
    "date_of_birth": "the date of birth",
    "expected_delivery": "the expected date of delivery",
}


def reference_clashes(columns: dict[str, str]) -> list[tuple[str, str]]:
    """``(reference field, message)`` for each reference mapped onto a column
    also mapped as an identifier kept encrypted (NHS number, name, date of birth)."""
    clashes = []
    for reference in REFERENCE_FIELDS:
        heading = columns.get(reference)
        for key, what in SEALED_ONLY.items():
            if heading and columns.get(key) == heading:
                clashes.append(
                    (
                        reference,
                        f"Select another column for the {FIELDS_BY_KEY[reference].label.lower()}: ‘{heading}’ "
                        f"is {what}, which is kept encrypted and must not be shown as a reference",
                    )
                )
                break
    return clashes


# Fields whose values a problem message may quote, under the checker's rules.
VOCABULARY_FIELDS = ("sex", "ethnicity", "disability", "service_level", "flags", "agencies")
# Words in a heading that say its column identifies people: its values are never quoted.
IDENTIFYING_WORDS = {
    "address",
    "birth",
    "born",
    "dob",
    "email",
    "id",
    "mobile",
    "nhs",
    "ni",
    "nino",
    "no",
    "num",
    "number",
    "phone",
    "postcode",
    "ref",
    "reference",
    "telephone",
    "uln",
    "upn",
}


def identifying_heading(heading: str) -> bool:
    """Whether a column's heading says it holds identifiers (NHS No, Child name, DOB...)."""
    words = fold(heading).split()
    return any(word in IDENTIFYING_WORDS or "name" in word for word in words)


class FileRejected(ValueError):
    """The file cannot be read as a case list. The message says why, for the
    uploader; ``row`` and ``column`` say where, when it is one cell."""

    def __init__(self, message: str, *, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.row = row
        self.column = column


class Problem(NamedTuple):
    """One thing wrong with the file: a cell (row and column), a column, or the
    whole file (no row). Messages never contain an identifier's value."""

    row: int | None
    column: str
    message: str
    # While checking only: the same message quoting the cell's value, and the value,
    # for the checker to decide whether the quote may be kept (maca.cases.checking).
    quoted: str = ""
    value: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        if self.row is None:
            return f"column ‘{self.column}’: {self.message}" if self.column else self.message
        return f"row {self.row}, column ‘{self.column}’: {self.message}"


def fold(heading: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", heading.lower()).split())


def guess_columns(headers: list[str]) -> dict[str, str]:
    """A suggested mapping from the headings alone. Each heading is used once;
    a field whose heading is not recognised is left for the officer."""
    by_fold = {fold(heading): heading for heading in headers}
    columns: dict[str, str] = {}
    used: set[str] = set()
    for field in FIELDS:
        for candidate in field.headings:
            heading = by_fold.get(fold(candidate))
            if heading is not None and heading not in used:
                columns[field.key] = heading
                used.add(heading)
                break
    return columns


def check_columns(columns: dict[str, str], headers: list[str]) -> list[Problem]:
    """What is wrong with a mapping for a file with these headings."""
    problems = []
    present = set(headers)
    for key, heading in columns.items():
        if key not in FIELDS_BY_KEY:
            problems.append(Problem(None, heading, f"‘{key}’ is not a field maca imports"))
        elif heading not in present:
            problems.append(
                Problem(
                    None,
                    heading,
                    f"The mapping uses this column for {FIELDS_BY_KEY[key].label.lower()}, "
                    "but the file has no column with this heading",
                )
            )
    for field in FIELDS:
        if field.required and not columns.get(field.key):
            problems.append(Problem(None, field.label, f"Select the column that holds the {field.label.lower()}"))
    if not any(columns.get(key) for key in AGE_FIELDS):
        problems.append(Problem(None, "Date of birth", "Select the column with the date of birth or the age"))
    problems += [Problem(None, columns[reference], message) for reference, message in reference_clashes(columns)]
    return problems


def clean_columns(columns: dict[str, str]) -> dict[str, str]:
    """Only the fields that are mapped, in maca's order."""
    return {field.key: columns[field.key] for field in FIELDS if columns.get(field.key)}
