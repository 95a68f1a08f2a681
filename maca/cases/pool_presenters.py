"""The pool and a case as GOV.UK component parameters."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.html import format_html

from maca.cases.dimensions import AGE_BANDS, CASE_ETHNICITY, CASE_SEX, age_band
from maca.cases.models import EthnicityGroup, Flag, ServiceLevel, Sex
from maca.cases.vocabulary import ethnicity_shown
from maca.core.exports import Table
from maca.core.fields import reveal
from maca.core.presenters import long_date
from maca.partnerships.presenters import agency_name

AGE = dict(AGE_BANDS)
FLAG_LABELS = dict(Flag.choices)
IDENTIFIER_LABELS = {
    # A family's and a child's number are both kept as ``case_system_number``;
    # each is named as the column-matching page names it (``cases.columns``).
    "case_system_number": "Child’s number in the case system",
    "nhs_number": "NHS number",
    "name": "Name",
    "date_of_birth": "Date of birth",
    "expected_delivery": "Expected date of delivery",
}

FAMILY_LABELS = {**IDENTIFIER_LABELS, "case_system_number": "Family number in the case system"}

DATE_IDENTIFIERS = ("date_of_birth", "expected_delivery")


def _shown(key: str, value) -> str:
    """An identifier as a person reads it: a date written out ("19 April
    2014"), as it is kept otherwise."""
    if key in DATE_IDENTIFIERS:
        try:
            return long_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            pass
    return str(value)


def pool_table(cases, *, on: dt.date) -> dict:
    rows = [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>', reverse("pool:case", args=[c.pk]), c.reference
                )
            },
            {"text": str(c.children_count), "format": "numeric"},
            {"text": AGE[age_band(c.youngest_birth_month, on)]},
            {"text": ServiceLevel(c.service_level).label},
            {"text": c.locality or "–"},
            {"text": ", ".join(FLAG_LABELS.get(f, f) for f in c.flags) or "–"},
        ]
        for c in cases
    ]
    return {
        "caption": "Cases in the pool",
        "captionClasses": "govuk-visually-hidden",
        "head": [
            {"text": "Reference"},
            {"text": "Children", "format": "numeric"},
            {"text": "Youngest child"},
            {"text": "Level of service"},
            {"text": "Locality"},
            {"text": "Flags"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def pool_export_table(cases, *, on: dt.date) -> Table:
    """The pool page's columns for every case given (a generator is fine):
    never an identifier."""
    return Table(
        "Cases in the pool",
        ["Reference", "Children", "Youngest child", "Level of service", "Locality", "Flags"],
        (
            [
                c.reference,
                c.children_count,
                AGE[age_band(c.youngest_birth_month, on)],
                ServiceLevel(c.service_level).label,
                c.locality or "",
                ", ".join(FLAG_LABELS.get(f, f) for f in c.flags),
            ]
            for c in cases
        ),
        widths=[16, 10, 18, 24, 24, 40],
    )


NOT_RECORDED = "Not recorded"


def _disability(case) -> str:
    """Whether the family's children have a disability or SEND, as an answer:
    "Yes" (for a family, "Yes, at least one child"), "No" or "Not known"."""
    if case.disability == "yes":
        return "Yes" if case.children_count <= 1 else "Yes, at least one child"
    return {"no": "No"}.get(case.disability, "Not known")


def _open(case) -> str:
    """When the case was open: "6 January 2025 to now", written out as the
    dates of birth on the same page are; "Not recorded" when the
    case list gave no dates (a case brought in with a past audit has none)."""
    if not case.open_date and not case.closed_date:
        return NOT_RECORDED
    if not case.open_date:
        return f"Until {long_date(case.closed_date)} (the date it opened is not recorded)"
    return f"{long_date(case.open_date)} to {long_date(case.closed_date) if case.closed_date else 'now'}"


def _not_in_its_list(case, column: str, what: str) -> str:
    """ "Not recorded: …" when the case list the case was last imported from
    had no column for ``column`` (never "0" or "–", which would read as
    none); "" when it had one, or the case came from no case list."""
    if case.last_import is not None and not case.last_import.columns.get(column):
        return f"{NOT_RECORDED}: the case list it was last imported from had no column for {what}"
    return ""


def _referrals(case) -> str:
    """How many referrals the case had in the 12 months before it was last
    imported; "Not recorded" (never "0") when no case list gave its children
    (a case brought in with a past audit), or when the list it was last
    imported from had no column of referral dates."""
    if case.children_count == 0:
        return NOT_RECORDED
    return _not_in_its_list(case, "referral_dates", "referral dates") or str(case.referrals_last_12_months)


def _flags(case) -> str:
    said = ", ".join(FLAG_LABELS.get(f, f) for f in case.flags)
    return said or _not_in_its_list(case, "flags", "flags") or "–"


def _agencies(case) -> str:
    said = ", ".join(agency_name(a) for a in case.agencies.all())
    return said or _not_in_its_list(case, "agencies", "agencies") or "–"


# A case of the case list whose children a later list moved to other cases
# (kept, never drawn: docs/case-import.md, "Importing again").
ALL_MOVED = "None: a later case list moved all its children to other cases"


def _children(case) -> str:
    if case.children_count > 0:
        return str(case.children_count)
    # A case brought in with a past audit has no recorded number of children: not "0".
    return NOT_RECORDED if case.from_past_audit else ALL_MOVED


def case_summary(case, *, on: dt.date) -> list[dict]:
    """The case page's summary. ``case.last_import`` is read: select it with the case."""
    return [
        {"key": {"text": "Reference"}, "value": {"text": case.reference}},
        {"key": {"text": "Children"}, "value": {"text": _children(case)}},
        {"key": {"text": "Youngest child"}, "value": {"text": AGE[age_band(case.youngest_birth_month, on)]}},
        {"key": {"text": "Sex"}, "value": {"text": dict(CASE_SEX).get(case.sex, "Not known")}},
        {"key": {"text": "Ethnicity"}, "value": {"text": dict(CASE_ETHNICITY).get(case.ethnicity_group, "Not known")}},
        {"key": {"text": "Disability or SEND"}, "value": {"text": _disability(case)}},
        {"key": {"text": "Level of service"}, "value": {"text": ServiceLevel(case.service_level).label}},
        {"key": {"text": "Locality"}, "value": {"text": case.locality or "–"}},
        {"key": {"text": "Flags"}, "value": {"text": _flags(case)}},
        {
            "key": {"text": "Referrals in the last 12 months"},
            "value": {"text": _referrals(case)},
        },
        {"key": {"text": "Open"}, "value": {"text": _open(case)}},
        {
            "key": {"text": "Agencies known to be involved"},
            "value": {"text": _agencies(case)},
        },
    ]


def children_table(children, *, on: dt.date, all_moved: bool = False) -> dict:
    """``all_moved``: the case is one of the case list's whose children all moved to other cases."""
    rows = [
        [
            {"text": c.reference},
            {"text": AGE[age_band(c.birth_month, on)]},
            {"text": Sex(c.sex).label},
            {"text": ethnicity_shown(c.ethnicity, EthnicityGroup(c.ethnicity_group).label)},
            {"text": {True: "Yes", False: "No"}.get(c.disability, "Not known")},
            {"text": ServiceLevel(c.service_level).label},
        ]
        for c in children
    ]
    if not rows:
        # A case brought in with a past audit: its children were never in a case list.
        said = f"{ALL_MOVED}." if all_moved else "No children are recorded for this case."
        rows = [[{"text": said, "colspan": 6}]]
    return {
        "caption": "Children",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Reference"},
            {"text": "Age band"},
            {"text": "Sex"},
            {"text": "Ethnicity"},
            {"text": "Disability or SEND"},
            {"text": "Plan or level"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def identifiers_rows(case, children) -> list[dict]:
    """The decrypted identifiers, for the summary list on the case page."""
    rows = []
    for key, value in sorted((reveal(case.identifiers) or {}).items()):
        rows.append({"key": {"text": f"Family – {FAMILY_LABELS.get(key, key)}"}, "value": {"text": _shown(key, value)}})
    for child in children:
        for key, value in sorted((reveal(child.identifiers) or {}).items()):
            rows.append(
                {
                    "key": {"text": f"{child.reference} – {IDENTIFIER_LABELS.get(key, key)}"},
                    "value": {"text": _shown(key, value)},
                }
            )
    return rows
