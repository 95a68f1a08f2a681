"""Fictional case lists, for the demo, the tests and the benchmark (the demo's
own list is written by ``maca.demo.case_list``).

Everything here is made up from a seed: references, dates, case numbers, and
NHS numbers from the 999 range that the NHS keeps for testing (so none can be
a real child's), with valid check digits. No names are written unless asked
for, and then only from a short list of invented ones.

The shape follows a real export: about two children per family; most families
at early help or child in need; ages 0 to 17, with some care leavers of 18 to
21; a few flags; up to three referrals in the last year; a few agencies each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
from collections.abc import Iterator
from typing import IO, Any

from maca.cases.vocabulary import nhs_check_digit

HEADINGS = [
    "Family ref",
    "Child ref",
    "Family number",
    "Child case number",
    "NHS No",
    "Date of birth",
    "Gender",
    "Ethnicity",
    "SEND",
    "Level of service",
    "Team",
    "Referral dates",
    "Open date",
    "Closed date",
    "Flags",
    "Agencies involved",
]
NAME_HEADING = "Child name"
DEFAULT_LOCALITIES = ["North", "South", "East", "Central", "Coast"]

FAMILY_SIZES = ([1, 2, 3, 4, 5, 6], [40, 30, 18, 8, 3, 1])
LEVELS = (
    ["Early help", "Child in need", "Child protection", "Looked after", "Care leaver", "None"],
    [40, 30, 13, 9, 5, 3],
)
LEVEL_SPELLINGS = {"Child in need": ["Child in need", "CIN"], "Looked after": ["Looked after", "CLA"]}
SEXES = (["F", "M", "Female", "Male", "", "Other"], [40, 41, 8, 8, 2, 1])
ETHNICITIES = (
    [
        "WBRI",
        "White British",
        "WOTH",
        "WIRI",
        "MWBC",
        "MWBA",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "BAFR",
        "BCRB",
        "Black African",
        "OOTH",
        "NOBT",
        "REFU",
    ],
    [48, 10, 6, 1, 4, 2, 2, 3, 4, 2, 4, 2, 2, 2, 6, 2],
)
SEND = (["N", "Y", "", "No", "Yes"], [65, 10, 13, 10, 2])
FLAGS = (
    [
        "Domestic abuse",
        "DA",
        "Parental mental health",
        "Substance misuse",
        "Neglect",
        "Emotional abuse",
        "Physical abuse",
        "Sexual abuse",
        "CSE",
        "CCE",
        "Missing",
        "Housing",
        "Young carer",
    ],
    [14, 6, 12, 10, 12, 6, 4, 2, 2, 2, 3, 4, 2],
)
FIRST_NAMES = ["Alex", "Bailey", "Casey", "Devon", "Eden", "Frankie", "Harper", "Jesse", "Kai", "Logan", "Morgan"]
LAST_NAMES = ["Ashgrove", "Brackenby", "Cindermoor", "Dunhollow", "Elmstead", "Fernlow", "Greyholt", "Hollinside"]


def _pick(rng: random.Random, table: tuple[list, list]) -> Any:
    return rng.choices(table[0], weights=table[1])[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _dmy(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _nhs_numbers(rng: random.Random) -> Iterator[str]:
    seen: set[str] = set()
    while True:
        first_nine = "999" + f"{rng.randint(0, 999_999):06d}"
        check = nhs_check_digit(first_nine)
        number = f"{first_nine}{check}"
        if check is not None and number not in seen:
            seen.add(number)
            yield number


def case_list_rows(
    *,
    children: int,
    seed: int,
    agencies: list[str],
    localities: list[str] | None = None,
    names: bool = False,
    today: dt.date | None = None,
    real_dates: bool = False,
) -> Iterator[list[Any]]:
    """The rows of a fictional case list (without the heading row).

    ``real_dates`` gives dates as ``date`` objects (for Excel cells) rather than
    DD/MM/YYYY text."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible from the seed; not a secret
    today = today or dt.date.today()
    localities = localities or DEFAULT_LOCALITIES
    nhs = _nhs_numbers(rng)
    show = (lambda day: day) if real_dates else _dmy
    year_ago = today - dt.timedelta(days=364)
    written = 0
    family = 0
    while written < children:
        family += 1
        level = _pick(rng, LEVELS)
        size = 1 if level == "Care leaver" else min(_pick(rng, FAMILY_SIZES), children - written)
        locality = rng.choice(localities)
        ethnicity = _pick(rng, ETHNICITIES)
        family_flags = sorted({_pick(rng, FLAGS) for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))})
        family_agencies = rng.sample(agencies, k=min(len(agencies), rng.randint(1, 4))) if agencies else []
        referrals = sorted(
            _date_between(rng, year_ago, today) for _ in range(_pick(rng, ([0, 1, 2, 3], [35, 40, 18, 7])))
        )
        opened = _date_between(rng, today - dt.timedelta(days=3 * 365), today - dt.timedelta(days=7))
        closed = _date_between(rng, opened, today) if rng.random() < 0.25 else None
        family_number = f"FN{rng.randint(1_000_000, 9_999_999)}"
        for _ in range(size):
            written += 1
            if level == "Care leaver":
                age = rng.randint(18, 21)
            else:
                age = rng.randint(0, 17)
            born = _date_between(
                rng, today - dt.timedelta(days=365 * (age + 1) - 1), today - dt.timedelta(days=365 * age)
            )
            child_level = level
            if size > 1 and rng.random() < 0.1:
                child_level = rng.choice(["Early help", "Child in need"])
            spelling = rng.choice(LEVEL_SPELLINGS.get(child_level, [child_level]))
            row = [
                f"F-{family:06d}",
                f"C-{written:07d}",
                family_number,
                f"P{rng.randint(1_000_000, 9_999_999)}",
                next(nhs) if rng.random() < 0.9 else "",
                show(born),
                _pick(rng, SEXES),
                ethnicity if rng.random() < 0.9 else _pick(rng, ETHNICITIES),
                _pick(rng, SEND),
                spelling,
                locality,
                "; ".join(_dmy(day) for day in referrals),
                show(opened),
                show(closed) if closed else None if real_dates else "",
                "; ".join(family_flags),
                "; ".join(family_agencies),
            ]
            if names:
                row.append(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
            yield row


def generate_case_list(
    path_or_stream: str | os.PathLike | IO,
    *,
    children: int,
    seed: int,
    agencies: list[str],
    localities: list[str] | None = None,
    fmt: str = "csv",
    names: bool = False,
    today: dt.date | None = None,
) -> int:
    """Write a fictional case list as CSV or Excel; return the number of rows."""
    headings = [*HEADINGS, NAME_HEADING] if names else HEADINGS
    rows = case_list_rows(
        children=children,
        seed=seed,
        agencies=agencies,
        localities=localities,
        names=names,
        today=today,
        real_dates=fmt == "xlsx",
    )
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Case list")
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        workbook.save(path_or_stream)
        return children
    if fmt != "csv":
        raise ValueError("fmt must be 'csv' or 'xlsx'")
    if isinstance(path_or_stream, str | os.PathLike):
        with open(path_or_stream, "w", encoding="utf-8", newline="") as stream:
            _write_csv(stream, headings, rows)
    elif isinstance(path_or_stream, io.TextIOBase):
        _write_csv(path_or_stream, headings, rows)
    else:
        text = io.TextIOWrapper(path_or_stream, encoding="utf-8", newline="")
        _write_csv(text, headings, rows)
        text.flush()
        text.detach()
    return children


def _write_csv(stream: IO[str], headings: list[str], rows: Iterator[list[Any]]) -> None:
    writer = csv.writer(stream)
    writer.writerow(headings)
    writer.writerows(rows)
