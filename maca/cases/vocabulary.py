"""Reading the values of a case list export into maca's vocabulary.

Case management systems write the same thing many ways ("CIN", "Child in
need", "child_in_need"; "F", "Female", "Girl"; DfE codes or words for
ethnicity). Each normaliser here takes one raw cell (text from a CSV; text,
number, date or boolean from an Excel workbook) and returns maca's value, or
raises :class:`ValueError` with a message the QA officer can act on.

Messages never repeat the value when it may identify a child (NHS number,
case numbers, names, dates of birth). A value that is not in a vocabulary
raises :class:`Unrecognised`, which carries two messages: one that names no
value, and one that quotes it ("‘Early hlep’ is not a level of service"). The
checker (``maca.cases.checking``) decides which is kept: a column mapped by
mistake (NHS numbers onto Ethnicity) must not put identifiers in a stored
message.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable

from maca.cases.models import EthnicityGroup, Flag, ServiceLevel, Sex

Raw = str | int | float | bool | dt.date | dt.datetime | None

# Values whose text we are willing to quote back in an error are cut to this length.
QUOTE_LIMIT = 40

SEPARATORS = re.compile(r"[;,]")
DATE_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?$")
NHS_NUMBER = re.compile(r"^\d{10}$")
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def text(raw: Raw) -> str:
    """The cell as trimmed text. Whole numbers from Excel lose their ``.0`` so
    that a reference typed as 12345 reads as "12345", not "12345.0"."""
    if raw.__class__ is str:  # nearly always: every cell of a CSV file
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


class Unrecognised(ValueError):
    """A value outside a vocabulary. ``str()`` names no value; ``quoted`` does."""

    def __init__(self, value: str, *, plain: str, quoted: str):
        super().__init__(plain)
        self.value = value
        self.quoted = quoted


def quote(value: str) -> str:
    """A short, quoted copy of a vocabulary value for an error message."""
    value = " ".join(value.split())
    if len(value) > QUOTE_LIMIT:
        value = value[: QUOTE_LIMIT - 1] + "…"
    return f"‘{value}’"


def _key(value: str) -> str:
    """Lower case, with punctuation and runs of spaces folded to one space."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value.lower()).split())


# References and free text -----------------------------------------------------------------


def reference(raw: Raw, *, max_length: int = 64) -> str:
    value = text(raw)
    if not value:
        raise ValueError("Enter a reference: this is needed on every row")
    if len(value) > max_length:
        raise ValueError(f"Must be {max_length} characters or fewer")
    return value


def optional_text(raw: Raw, *, max_length: int) -> str:
    value = text(raw)
    if len(value) > max_length:
        raise ValueError(f"Must be {max_length} characters or fewer")
    return value


# Dates ------------------------------------------------------------------------------------

DATE_FORMAT_HINT = "DD/MM/YYYY or YYYY-MM-DD"
NOT_A_DATE = f"Enter a date in the form {DATE_FORMAT_HINT}"
NOT_A_REAL_DATE = "Enter a real date: this day does not exist"
IN_THE_FUTURE = "The date must not be in the future"
# What is wrong with one date of several in a cell (a referral list), in words.
ONE_OF_SEVERAL = {
    NOT_A_REAL_DATE: "One of the dates is not a real date (such as 31/02/2026): that day does not exist",
    IN_THE_FUTURE: "One of the dates is in the future: a date must not be in the future",
}


def date(raw: Raw) -> dt.date | None:
    """A date from an Excel date cell, DD/MM/YYYY, D/M/YYYY or YYYY-MM-DD.

    Blank is ``None``. Excel serial numbers are not accepted: a number in a date
    column is more often a mistake than a date."""
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = text(raw)
    if not value:
        return None
    match = DATE_DMY.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = DATE_ISO.match(value)
        if not match:
            raise ValueError(NOT_A_DATE)
        year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(NOT_A_REAL_DATE) from None


def past_date(raw: Raw, *, today: dt.date) -> dt.date | None:
    """A date that has already happened (referral, opening, closing)."""
    value = date(raw)
    if value is not None and value > today:
        raise ValueError(IN_THE_FUTURE)
    return value


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date(raw: Raw, *, today: dt.date) -> dt.date | None:
    """A date of birth of a child or care leaver: not in the future, and no more
    than ``MAX_AGE`` years ago (a year such as 1800 or 1 is a typing slip)."""
    value = date(raw)
    if value is None:
        return None
    if value > today:
        raise ValueError(
            "A date of birth must not be in the future. For an unborn child, leave it blank and give the "
            "expected date of delivery"
        )
    earliest = years_before(today, MAX_AGE + 1) + dt.timedelta(days=1)
    if value < earliest:
        raise ValueError(
            f"A date of birth must be on or after {earliest:%-d %B %Y}: maca holds children and young people "
            f"up to {MAX_AGE}"
        )
    return value


# An expected date of delivery: a pregnancy lasts up to about 42 weeks, and an
# export may lag a birth by a few weeks.
DELIVERY_MONTHS_AHEAD = 10
DELIVERY_DAYS_PAST = 92


def expected_delivery(raw: Raw, *, today: dt.date) -> dt.date | None:
    """The expected date of delivery of an unborn child (a pre-birth plan)."""
    value = date(raw)
    if value is None:
        return None
    latest = today + dt.timedelta(days=round(DELIVERY_MONTHS_AHEAD * 30.44))
    if value > latest:
        raise ValueError(
            f"The expected date of delivery must be within {DELIVERY_MONTHS_AHEAD} months, by {latest:%-d %B %Y}"
        )
    if value < today - dt.timedelta(days=DELIVERY_DAYS_PAST):
        raise ValueError(
            "The expected date of delivery is more than 3 months ago: if the child has been born, give the "
            "date of birth instead"
        )
    return value


def date_list(
    raw: Raw, *, today: dt.date, one_date: Callable[[str], dt.date | None] | None = None
) -> tuple[dt.date, ...]:
    """Several dates in one cell, separated by ``;`` or ``,``. ``one_date``
    reads each (trimmed) part: ``past_date`` on ``today`` unless the caller
    gives its own, the same remembering what it has read (``maca.cases.checking``:
    100,000 children's lists are a few hundred dates in many combinations)."""
    if isinstance(raw, dt.date):
        return (past_date(raw, today=today),)  # type: ignore[return-value]
    if one_date is None:
        one_date = functools.partial(past_date, today=today)
    found = []
    for part in SEPARATORS.split(text(raw)):
        if part.strip():
            try:
                found.append(one_date(part.strip()))
            except ValueError as error:
                raise ValueError(
                    ONE_OF_SEVERAL.get(str(error), f"Each date must be {DATE_FORMAT_HINT}, separated by ; or ,")
                ) from None
    return tuple(sorted(set(found)))  # type: ignore[type-var]


def twelve_months_before(day: dt.date) -> dt.date:
    return years_before(day, 1)


# Age --------------------------------------------------------------------------------------

MAX_AGE = 25


def age(raw: Raw) -> int | None:
    """Age in whole years, 0 to 25 (care leavers are supported to 25). Blank is ``None``."""
    message = f"Age must be a whole number from 0 to {MAX_AGE}"
    if raw is None:
        return None
    if isinstance(raw, bool | dt.date):
        raise ValueError(message)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(message)
        raw = int(raw)
    if isinstance(raw, int):
        value = raw
    else:
        word = text(raw)
        if not word:
            return None
        if not (word.isascii() and word.isdigit()):
            raise ValueError(message)
        value = int(word)
    if not 0 <= value <= MAX_AGE:
        raise ValueError(message)
    return value


def birth_month_from_age(years: int, *, today: dt.date) -> dt.date:
    """Only an age is known: assume the birthday is this month, so the child is
    ``years`` old now. Good enough for age bands; never shown as a birth date."""
    return dt.date(today.year - years, today.month, 1)


# Vocabulary lists -------------------------------------------------------------------------


def _lookup(table: dict) -> dict[str, str]:
    """``{choice: [words]}`` -> ``{folded word: choice value}``."""
    return {_key(word): str(choice.value) for choice, words in table.items() for word in words}


SERVICE_LEVEL_WORDS = _lookup(
    {
        ServiceLevel.EARLY_HELP: ["early help", "EH", "early_help", "targeted early help", "family support"],
        ServiceLevel.CHILD_IN_NEED: ["child in need", "CIN", "child_in_need", "children in need", "section 17", "s17"],
        ServiceLevel.CHILD_PROTECTION: [
            "child protection",
            "CP",
            "CPP",
            "child_protection",
            "child protection plan",
            "section 47",
            "s47",
        ],
        ServiceLevel.LOOKED_AFTER: [
            "looked after",
            "LAC",
            "CLA",
            "looked_after",
            "child looked after",
            "children looked after",
            "looked after child",
            "in care",
        ],
        ServiceLevel.CARE_LEAVER: ["care leaver", "CL", "care_leaver", "care leavers", "leaving care"],
        ServiceLevel.NONE: ["none", "no service", "NFA", "no further action", "closed"],
    }
)
SERVICE_LEVEL_ACCEPTED = "early help, child in need, child protection, looked after, care leaver or none"


def service_level(raw: Raw) -> str:
    value = text(raw)
    if not value:
        raise ValueError(f"Enter the level of service: {SERVICE_LEVEL_ACCEPTED}")
    found = SERVICE_LEVEL_WORDS.get(_key(value))
    if found is None:
        raise Unrecognised(
            value,
            plain=f"This is not a level of service. Use one of: {SERVICE_LEVEL_ACCEPTED}",
            quoted=f"{quote(value)} is not a level of service. Use one of: {SERVICE_LEVEL_ACCEPTED}",
        )
    return found


SEX_WORDS = _lookup(
    {
        Sex.FEMALE: ["F", "female", "girl"],
        Sex.MALE: ["M", "male", "boy"],
        Sex.OTHER: ["other", "non binary", "nonbinary", "indeterminate", "I", "O", "X"],
        Sex.UNKNOWN: ["unknown", "not known", "U", "not stated", "not recorded", "unborn"],
    }
)


def sex(raw: Raw) -> str:
    value = text(raw)
    if not value:
        return Sex.UNKNOWN.value
    found = SEX_WORDS.get(_key(value))
    if found is None:
        raise Unrecognised(
            value,
            plain="This is not a sex we know. Use female, male, other or not known",
            quoted=f"{quote(value)} is not a sex we know. Use female, male, other or not known",
        )
    return found


TRUE_WORDS = {"y", "yes", "true", "1"}
FALSE_WORDS = {"n", "no", "false", "0"}
UNKNOWN_WORDS = {"", "unknown", "not known", "u"}


def yes_no(raw: Raw) -> bool | None:
    """Disability or SEND: yes, no or not known (blank)."""
    if isinstance(raw, bool):
        return raw
    value = _key(text(raw))
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    if value in UNKNOWN_WORDS:
        return None
    raise Unrecognised(
        text(raw),
        plain="This is not yes or no. Use Y, N or leave blank if not known",
        quoted=f"{quote(text(raw))} is not yes or no. Use Y, N or leave blank if not known",
    )


# Ethnicity: the DfE census codes (4-letter, and the 3-letter main codes some
# systems export), and the words of the census categories.
ETHNICITY_CODES: dict[str, str] = {
    **dict.fromkeys(
        ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "WHIT", "WENG", "WSCO", "WWEL", "WCOR", "WOWB", "WALB", "WPOR"],
        EthnicityGroup.WHITE.value,
    ),
    **dict.fromkeys(["MWBC", "MWBA", "MWAS", "MOTH", "MIXD"], EthnicityGroup.MIXED.value),
    **dict.fromkeys(["AIND", "APKN", "ABAN", "AOTH", "ASIA", "CHNE"], EthnicityGroup.ASIAN.value),
    **dict.fromkeys(["BCRB", "BAFR", "BOTH", "BLAC"], EthnicityGroup.BLACK.value),
    **dict.fromkeys(["OOTH", "AOEG", "OARA"], EthnicityGroup.OTHER.value),
    **dict.fromkeys(["REFU", "NOBT"], EthnicityGroup.UNKNOWN.value),
}
# The name of each DfE code, for showing a code as a person reads it ("White British (WBRI)").
ETHNICITY_CODE_NAMES: dict[str, str] = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy or Roma",
    "WHIT": "White",
    "WENG": "White English",
    "WSCO": "White Scottish",
    "WWEL": "White Welsh",
    "WCOR": "White Cornish",
    "WOWB": "Other White British",
    "WALB": "White Albanian",
    "WPOR": "White Portuguese",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "MIXD": "Mixed or multiple ethnic groups",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "ASIA": "Asian or Asian British",
    "CHNE": "Chinese",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "BLAC": "Black or Black British",
    "OOTH": "Any other ethnic group",
    "AOEG": "Any other ethnic group",
    "OARA": "Arab",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}


def ethnicity_shown(recorded: str, group_label: str) -> str:
    """The ethnicity as a person reads it: a DfE code with its name
    ("White British (WBRI)"), words as recorded, or the group when nothing was."""
    if not recorded:
        return group_label
    name = ETHNICITY_CODE_NAMES.get(recorded.strip().upper())
    return f"{name} ({recorded.strip().upper()})" if name else recorded


ETHNICITY_WORDS: dict[str, str] = {
    **dict.fromkeys(["white", "irish", "traveller", "gypsy", "roma", "romany"], EthnicityGroup.WHITE.value),
    **dict.fromkeys(["asian", "indian", "pakistani", "bangladeshi", "chinese"], EthnicityGroup.ASIAN.value),
    **dict.fromkeys(["black", "caribbean", "african"], EthnicityGroup.BLACK.value),
}
MIXED_WORDS = {"mixed", "multiple", "dual"}
OTHER_WORDS = {"arab", "other"}
UNKNOWN_ETHNICITY = {"not known", "unknown", "refused", "not obtained", "not yet obtained", "prefer not to say"}
ETHNICITY_MAX_LENGTH = 80


def ethnicity(raw: Raw) -> tuple[str, str]:
    """``(as recorded, group)``. The text is kept as the system wrote it; the
    group is what sampling balances on.

    Chinese is grouped with Asian, as in the 2021 census. Text that names
    several groups ("White and Black Caribbean") is Mixed."""
    value = text(raw)
    if not value:
        return "", EthnicityGroup.UNKNOWN.value
    if len(value) > ETHNICITY_MAX_LENGTH:
        raise ValueError(f"Must be {ETHNICITY_MAX_LENGTH} characters or fewer")
    code = value.upper()
    if code in ETHNICITY_CODES:
        return value, ETHNICITY_CODES[code]
    key = _key(value)
    if any(phrase in key for phrase in UNKNOWN_ETHNICITY) or "information not" in key:
        return value, EthnicityGroup.UNKNOWN.value
    words = set(key.split())
    if words & MIXED_WORDS:
        return value, EthnicityGroup.MIXED.value
    groups = {ETHNICITY_WORDS[word] for word in words if word in ETHNICITY_WORDS}
    if len(groups) > 1:
        return value, EthnicityGroup.MIXED.value
    if groups:
        return value, groups.pop()
    if words & OTHER_WORDS:
        return value, EthnicityGroup.OTHER.value
    advice = "Use a DfE code such as WBRI or MWBC, or words such as White, Mixed, Asian, Black, Other or Not known"
    raise Unrecognised(
        value,
        plain=f"This is not an ethnicity we recognise. {advice}",
        quoted=f"{quote(value)} is not an ethnicity we recognise. {advice}",
    )


FLAG_WORDS = _lookup(
    {
        Flag.DOMESTIC_ABUSE: ["domestic abuse", "DA", "DV", "DVA", "domestic violence", "domestic violence and abuse"],
        Flag.PARENTAL_MENTAL_HEALTH: [
            "parental mental health",
            "PMH",
            "parent mental health",
            "mental health of parent",
            "parental_mental_health",
            "mental health",
        ],
        Flag.SUBSTANCE_MISUSE: [
            "substance misuse",
            "substance abuse",
            "parental substance misuse",
            "drug and alcohol",
            "drugs and alcohol",
            "drugs",
            "alcohol",
            "substance_misuse",
        ],
        Flag.EXPLOITATION: [
            "exploitation",
            "CSE",
            "CCE",
            "child sexual exploitation",
            "child criminal exploitation",
            "county lines",
            "criminal exploitation",
            "sexual exploitation",
        ],
        Flag.NEGLECT: ["neglect"],
        Flag.PHYSICAL_ABUSE: ["physical abuse", "physical harm", "physical_abuse"],
        Flag.SEXUAL_ABUSE: ["sexual abuse", "CSA", "child sexual abuse", "sexual harm", "sexual_abuse"],
        Flag.EMOTIONAL_ABUSE: ["emotional abuse", "emotional harm", "emotional_abuse"],
        Flag.MISSING: ["missing", "missing episodes", "missing from home", "missing from care", "MFH", "missing child"],
        Flag.HOMELESSNESS: ["homelessness", "homeless", "housing", "homelessness or housing", "housing issues"],
        Flag.YOUNG_CARER: ["young carer", "YC", "young_carer"],
    }
)
NOT_A_FLAG = {
    "toxic trio": "‘toxic trio’ is not a flag: record domestic abuse, parental mental health and substance misuse "
    "separately",
}


def flags(raw: Raw) -> tuple[str, ...]:
    """Several flags in one cell, separated by ``;`` or ``,``."""
    found: set[str] = set()
    for part in SEPARATORS.split(text(raw)):
        word = _key(part)
        if not word:
            continue
        if word in NOT_A_FLAG:
            raise ValueError(NOT_A_FLAG[word])
        flag = FLAG_WORDS.get(word)
        if flag is None:
            advice = "Use flags such as domestic abuse, neglect, exploitation, separated by ; or ,"
            raise Unrecognised(
                part.strip(),
                plain=f"This is not a flag we know. {advice}",
                quoted=f"{quote(part.strip())} is not a flag we know. {advice}",
            )
        found.add(flag)
    return tuple(sorted(found))


# Identifiers ------------------------------------------------------------------------------


def nhs_number(raw: Raw) -> str:
    """A 10-digit NHS number whose last digit is the modulus 11 check digit.

    Spaces and dashes are allowed ("943 476 5919"). The message never repeats
    the number."""
    value = text(raw)
    if not value.isdigit():
        value = re.sub(r"[\s-]", "", value)
    if not value:
        return ""
    if not NHS_NUMBER.match(value) or not nhs_check_digit_ok(value):
        raise ValueError(
            "Not a valid NHS number: it must have 10 digits, the last one the check digit of the other nine. "
            "Correct it in the case system"
        )
    return value


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or ``None`` when none is possible (10)."""
    # The digits' character codes, less the code of "0" times the sum of the weights (54).
    total = sum(map(operator.mul, first_nine.encode("ascii"), NHS_WEIGHTS)) - ord("0") * 54
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_check_digit_ok(number: str) -> bool:
    return nhs_check_digit(number[:9]) == int(number[9])


def identifier(raw: Raw, *, max_length: int = 64) -> str:
    """A case-system number or name: kept as text, never repeated in messages."""
    value = text(raw)
    if len(value) > max_length:
        raise ValueError(f"Must be {max_length} characters or fewer")
    return value
