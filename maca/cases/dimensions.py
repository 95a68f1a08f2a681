"""The dimensions a sample can be balanced on, and how a case gets its value
on each from its children.

A case is usually a family. Where children differ, the case takes:
- age band: the youngest child's (the most vulnerable, and what audits of
  babies and toddlers look for); an unborn child (a pre-birth plan) is the
  youngest of its family, in the band "unborn" until the month it is due;
- sex: female, male, or "mixed" when siblings differ;
- ethnicity: the children's group, or "more than one group";
- disability: "yes" if any child has a disability or SEND;
- service level: the highest, in the order of ``SERVICE_LEVEL_PRECEDENCE``;
- flags: any child's flag is the case's flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from maca.cases.models import SERVICE_LEVEL_PRECEDENCE, EthnicityGroup, Flag, ServiceLevel, Sex

AGE_BANDS: list[tuple[str, str]] = [
    ("unborn", "Unborn (pre-birth)"),
    ("under_1", "Under 1"),
    ("1_4", "1 to 4"),
    ("5_9", "5 to 9"),
    ("10_15", "10 to 15"),
    ("16_17", "16 to 17"),
    ("18_plus", "18 and over"),
    ("unknown", "Not known"),
]

CASE_SEX: list[tuple[str, str]] = [
    (Sex.FEMALE.value, Sex.FEMALE.label),
    (Sex.MALE.value, Sex.MALE.label),
    ("mixed", "Siblings of different sexes"),
    (Sex.OTHER.value, Sex.OTHER.label),
    (Sex.UNKNOWN.value, Sex.UNKNOWN.label),
]
CASE_ETHNICITY: list[tuple[str, str]] = [*EthnicityGroup.choices, ("multiple", "Children of more than one group")]
DISABILITY: list[tuple[str, str]] = [
    ("yes", "Disability or SEND"),
    ("no", "No disability or SEND"),
    ("unknown", "Not known"),
]
YES_NO: list[tuple[str, str]] = [("yes", "Yes"), ("no", "No")]


def years_between(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(birth_month: dt.date | None, on: dt.date) -> str:
    """The band of a child born (or, unborn, due) in ``birth_month``, on ``on``.

    An unborn child's month is the month it is due: before it, the child is
    "unborn"; from the first of that month it counts as under 1."""
    if birth_month is None:
        return "unknown"
    if birth_month > on:
        return "unborn"
    age = years_between(birth_month, on)
    if age < 1:
        return "under_1"
    if age <= 4:
        return "1_4"
    if age <= 9:
        return "5_9"
    if age <= 15:
        return "10_15"
    if age <= 17:
        return "16_17"
    return "18_plus"


# Each level's place in SERVICE_LEVEL_PRECEDENCE (0 is the highest).
_LEVEL_RANK = {level.value: rank for rank, level in enumerate(SERVICE_LEVEL_PRECEDENCE)}
_NO_RANK = len(SERVICE_LEVEL_PRECEDENCE)
_UNKNOWN_SEX = Sex.UNKNOWN.value
_UNKNOWN_GROUP = EthnicityGroup.UNKNOWN.value


def highest_service_level(levels: Iterable[str]) -> str:
    rank = min((_LEVEL_RANK.get(level, _NO_RANK) for level in levels), default=_NO_RANK)
    return SERVICE_LEVEL_PRECEDENCE[rank].value if rank < _NO_RANK else ServiceLevel.NONE.value


@dataclass(frozen=True)
class ChildFacts:
    birth_month: dt.date | None
    sex: str
    ethnicity_group: str
    disability: bool | None
    service_level: str
    flags: tuple[str, ...] = ()


def case_attributes(children: list[ChildFacts]) -> dict:
    """The case-level values derived from its children (stored on ``Case``).
    Anything with ``ChildFacts``' attributes will do.

    One pass over the children: an import works this out for 50,000 cases."""
    youngest = None
    sexes: set[str] = set()
    groups: set[str] = set()
    flags: set[str] = set()
    any_disabled = False
    all_not_disabled = True  # every child known to have no disability
    rank = _NO_RANK
    for child in children:
        born = child.birth_month
        if born and (youngest is None or born > youngest):
            youngest = born
        if child.sex != _UNKNOWN_SEX:
            sexes.add(child.sex)
        if child.ethnicity_group != _UNKNOWN_GROUP:
            groups.add(child.ethnicity_group)
        disability = child.disability
        if disability:
            any_disabled = True
        if disability is not False:
            all_not_disabled = False
        if child.flags:
            flags.update(child.flags)
        level_rank = _LEVEL_RANK.get(child.service_level, _NO_RANK)
        if level_rank < rank:
            rank = level_rank
    count = len(children)
    return {
        "youngest_birth_month": youngest,
        "sex": sexes.pop() if len(sexes) == 1 else ("mixed" if sexes else _UNKNOWN_SEX),
        "ethnicity_group": groups.pop() if len(groups) == 1 else ("multiple" if groups else "unknown"),
        "disability": "yes" if any_disabled else ("no" if count and all_not_disabled else "unknown"),
        "service_level": SERVICE_LEVEL_PRECEDENCE[rank].value if rank < _NO_RANK else ServiceLevel.NONE.value,
        "flags": sorted(flags),
        "children_count": count,
    }


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    values: list[tuple[str, str]]


def dimensions(localities: Iterable[str] = ()) -> dict[str, Dimension]:
    """Every dimension a draw can balance, by key. Flags are one yes/no dimension each."""
    found = {
        "age_band": Dimension("age_band", "Age band (youngest child)", AGE_BANDS),
        "sex": Dimension("sex", "Sex", CASE_SEX),
        "ethnicity": Dimension("ethnicity", "Ethnicity", CASE_ETHNICITY),
        "disability": Dimension("disability", "Disability or SEND", DISABILITY),
        "service_level": Dimension("service_level", "Level of service", list(ServiceLevel.choices)),
        "locality": Dimension(
            "locality", "Locality or team", [(name, name or "Not recorded") for name in sorted(set(localities))]
        ),
    }
    for flag in Flag:
        found[f"flag:{flag.value}"] = Dimension(f"flag:{flag.value}", f"Flag: {flag.label}", YES_NO)
    return found


def value_of(case_row: dict, key: str, on: dt.date) -> str:
    """The value of dimension ``key`` for a case, from a ``values()`` row with the
    fields of ``SAMPLING_FIELDS``."""
    if key == "age_band":
        return age_band(case_row["youngest_birth_month"], on)
    if key == "ethnicity":
        return case_row["ethnicity_group"] or "unknown"
    if key == "sex":
        return case_row["sex"] or Sex.UNKNOWN.value
    if key == "disability":
        return case_row["disability"] or "unknown"
    if key == "service_level":
        return case_row["service_level"]
    if key == "locality":
        return case_row["locality"]
    if key.startswith("flag:"):
        return "yes" if key.removeprefix("flag:") in (case_row["flags"] or []) else "no"
    raise KeyError(key)


SAMPLING_FIELDS = (
    "id",
    "reference",
    "youngest_birth_month",
    "sex",
    "ethnicity_group",
    "disability",
    "service_level",
    "locality",
    "flags",
    "open_date",
    "closed_date",
    "children_count",
)
