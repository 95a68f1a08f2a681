"""The JSON format of a whole audit (docs/audit-json.md): reading and checking it.

:func:`parse` turns decoded JSON into a :class:`PastAudit`, or a list of
:class:`Problem` values, each naming the JSON path of what is wrong
(``$.findings[3].themes[1]``) in words a person can act on. It checks
everything before anything is written, so an import is all or nothing. It
knows nothing of the database: what the partnership already has (its
themes and agencies) is handed in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils import timezone

from maca.cases.models import Flag, ServiceLevel
from maca.core.presenters import long_date
from maca.findings.models import FindingKind, Polarity, RecommendationStatus
from maca.partnerships.names import AgencyNames
from maca.programme.models import AuditKind, meeting_range, year_label

FORMAT = "maca-audit"
VERSION = 1

KINDS = tuple(AuditKind.values)
POLARITIES = tuple(Polarity.values)
FINDING_KINDS = tuple(FindingKind.values)
RECOMMENDATION_STATUSES = tuple(RecommendationStatus.values)
FLAGS = tuple(Flag.values)
SERVICE_LEVELS = tuple(ServiceLevel.values)

MAX_TEXT = 5000
MAX_TITLE = 200
MAX_CASES = 500  # as many as an audit made in maca may have (the audit form's limit)
MAX_GRADE = 100  # as long as a level of a partnership's own grading scale may be
MAX_FINDINGS = 5000
MAX_BYTES = 10 * 1024 * 1024

# A required key that is absent: the checker has said "is missing" once and
# says nothing more about it.
MISSING = object()


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class PastCase:
    number: int
    service_level: str = "none"
    flags: list[str] = field(default_factory=list)
    agreed_grade: str = ""


@dataclass
class PastFinding:
    case: int | None
    polarity: str
    kind: str
    agency: str | None
    text: str
    themes: list[str]
    confirmed: bool = True  # False: nobody confirmed its themes


@dataclass
class PastRecommendation:
    text: str
    status: str
    themes: list[str]
    findings: list[int]
    reason: str = ""  # why it was withdrawn, when it was


@dataclass
class PastAudit:
    title: str
    theme: str
    kind: str
    year: int
    meeting_date: dt.date | None
    children: int | None
    themes: dict[str, str]  # key: name, for themes the file declares
    cases: list[PastCase]
    findings: list[PastFinding]
    recommendations: list[PastRecommendation]


def decode(raw: bytes) -> tuple[object, list[Problem]]:
    """The JSON value in ``raw``, or a problem saying where it stops being JSON."""
    if len(raw) > MAX_BYTES:
        return None, [Problem("$", f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [Problem("$", f"the file is not UTF-8 text ({error.reason} at byte {error.start})")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        # json's own words; some end "at" ("Unterminated string starting at"), which the place follows.
        where = f"{error.msg.removesuffix(' at')} at line {error.lineno}, column {error.colno}"
        return None, [Problem("$", f"not valid JSON: {where}")]
    except (ValueError, RecursionError) as error:
        return None, [Problem("$", f"not valid JSON: {why_not_json(error)}")]


def why_not_json(error: ValueError | RecursionError) -> str:
    """In plain words, why text that is JSON in form could not be read: what
    :func:`json.loads` raises besides a :class:`json.JSONDecodeError`."""
    if isinstance(error, RecursionError):
        return "lists or objects are nested inside one another too deeply to be read"
    limit = sys.get_int_max_str_digits()
    return f"a number has more than {limit:,} digits" if limit else "a number cannot be read"


def unpaired_surrogate(value: str) -> str:
    """The first ``\\ud800``-``\\udfff`` escape in ``value`` that is not one
    of a pair (which JSON reads as one character), written as an escape, or
    ``""``. Such half characters cannot be saved or written out as UTF-8."""
    half = _SURROGATE.search(value)
    return f"\\u{ord(half.group()):04x}" if half else ""


def half_character(half: str) -> str:
    """What is wrong with a text holding ``half`` (from :func:`unpaired_surrogate`)."""
    return f"contains {half}, half of a character written as two \\u escapes, without its other half"


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Checker:
    """Records each problem once. A required key that is absent is told as
    missing by :meth:`obj`; its value then reaches the other checks as
    ``MISSING``, which they pass over without a word."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value, path: str, *, required: tuple[str, ...], optional: tuple[str, ...]) -> dict | None:
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.fail(path, "expected an object ({...})")
            return None
        for key in required:
            if key not in value:
                self.fail(f"{path}.{key}", "is missing")
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join(f"'{k}'" for k in (*required, *optional))
                # A half character in the key is shown as its escape: it could not be printed.
                shown = key.encode("utf-8", "backslashreplace").decode("utf-8")
                self.fail(f"{path}.{shown}", f"is not part of the format (expected {known})")
        return value

    def text(self, value, path: str, *, limit: int = MAX_TEXT, blank: bool = False) -> str:
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(path, "expected text in quotes")
            return ""
        if "\x00" in value:
            self.no_null_characters(path)
            return ""
        if half := unpaired_surrogate(value):
            self.fail(path, half_character(half))
            return ""
        value = value.strip()
        if not value and not blank:
            self.fail(path, "is empty")
        elif len(value) > limit:
            self.fail(path, f"is longer than {limit:,} characters ({len(value):,})")
        return value

    def no_null_characters(self, path: str) -> None:
        # The web forms refuse them in the same words; PostgreSQL cannot keep them.
        self.fail(path, "contains a null character (\\u0000): null characters are not allowed")

    def whole(self, value, path: str, *, low: int, high: int) -> int | None:
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "expected a whole number")
            return None
        if not low <= value <= high:
            self.fail(path, f"expected a whole number from {low} to {high}, not {value}")
            return None
        return value

    def boolean(self, value, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, not {json.dumps(value)}")
            return None
        return value

    def choice(self, value, path: str, choices) -> str:
        if value is MISSING:
            return ""
        if value not in choices:
            allowed = ", ".join(f"'{c}'" for c in choices)
            self.fail(path, f"expected one of {allowed}, not {json.dumps(value)}")
            return ""
        return value

    def array(self, value, path: str) -> list | None:
        """The list, or ``None`` when there is none to read (told, unless missing)."""
        if value is MISSING:
            return None
        if not isinstance(value, list):
            self.fail(path, "expected a list ([...])")
            return None
        return value


@dataclass
class _Targets:
    """What references in the file may name (theme ids, case numbers, finding
    positions). ``refused``: entries already told to be wrong; ``unreadable``:
    some entry (or the whole list) could not be read, so any name may be the
    one meant. A reference to either is not told as a second problem."""

    known: set
    refused: set = field(default_factory=set)
    unreadable: bool = False

    def unknown(self, value) -> bool:
        """Is ``value`` certainly not there (and not yet told)?"""
        return value not in self.known and value not in self.refused and not self.unreadable


def parse(data, *, theme_keys, agency_names, today: dt.date | None = None) -> tuple[PastAudit | None, list[Problem]]:
    """Check ``data`` against the format. ``theme_keys``: the ids of the
    partnership's themes; ``agency_names``: its agencies' names (matched
    without regard to case); ``today``: the last day a meeting may have been
    held (today's date when left out). Returns the audit, or ``None`` and
    every problem."""
    check = _Checker()
    top = check.obj(
        data,
        "$",
        required=("format", "version", "audit", "cases", "findings"),
        optional=("themes", "recommendations"),
    )
    if top is None:
        return None, check.problems
    if "format" in top and top["format"] != FORMAT:
        check.fail("$.format", f'expected "{FORMAT}", not {json.dumps(top["format"])}')
    if "version" in top and top["version"] != VERSION:
        check.fail("$.version", f"this maca reads version {VERSION}, not {json.dumps(top['version'])}")

    audit = _audit(check, top.get("audit", MISSING), today or timezone.localdate())
    declared, themes = _themes(check, top.get("themes", []), set(theme_keys))
    agencies = AgencyNames((name, name) for name in agency_names)
    cases, numbers = _cases(check, top.get("cases", MISSING))
    findings, positions = _findings(check, top.get("findings", MISSING), numbers, themes, agencies)
    recommendations = _recommendations(check, top.get("recommendations", []), positions, themes)

    if check.problems or audit is None:
        return None, check.problems
    return (
        PastAudit(**audit, themes=declared, cases=cases, findings=findings, recommendations=recommendations),
        [],
    )


def _audit(check: _Checker, value, today: dt.date) -> dict | None:
    path = "$.audit"
    audit = check.obj(value, path, required=("title", "theme", "year"), optional=("kind", "meeting_date", "children"))
    if audit is None:
        return None
    result = {
        "title": check.text(audit.get("title", MISSING), f"{path}.title", limit=MAX_TITLE),
        "theme": check.text(audit.get("theme", MISSING), f"{path}.theme"),
        "kind": check.choice(audit.get("kind", "themed"), f"{path}.kind", KINDS),
        "year": check.whole(audit.get("year", MISSING), f"{path}.year", low=2000, high=2100),
        "meeting_date": None,
        "children": None,
    }
    if audit.get("children") is not None:
        result["children"] = check.whole(audit["children"], f"{path}.children", low=0, high=9999)
    raw = audit.get("meeting_date")
    if raw is not None:
        date = None
        if isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            try:
                date = dt.date.fromisoformat(raw)
            except ValueError:
                date = None
        if date is None:
            check.fail(f"{path}.meeting_date", f'expected a date like "2025-11-20", not {json.dumps(raw)}')
        elif result["year"] is not None:
            wrong = _meeting_out_of_range(date, result["year"], today)
            if wrong:
                check.fail(f"{path}.meeting_date", wrong)
        result["meeting_date"] = date
    return result


def _meeting_out_of_range(date: dt.date, year: int, today: dt.date) -> str:
    """Why ``date`` cannot be the meeting of a past audit of ``year``, or ``""``."""
    first, last = meeting_range(year)
    if first <= date <= min(last, today):
        return ""
    label = year_label(year)
    why = f"an audit of {label} meets in that year or the next"
    if today < first:
        return (
            f"an audit of {label} cannot have met yet: it meets from {long_date(first)} "
            f"(in that year or the next), and today is {long_date(today)}"
        )
    if today < last:
        return (
            f"expected a date from {long_date(first)} to today ({long_date(today)}), not {long_date(date)}: "
            f"{why}, and a past audit has already met"
        )
    return f"expected a date from {long_date(first)} to {long_date(last)}, not {long_date(date)}: {why}"


def is_theme_id(key: str) -> bool:
    """A theme's id is part of its page's address (``<slug:key>``): ASCII
    letters, digits, ``_`` and ``-``, as ``Theme.key`` (a slug) holds."""
    try:
        validate_slug(key)
    except ValidationError:
        return False
    return True


def _themes(check: _Checker, value, partnership_keys: set[str]) -> tuple[dict[str, str], _Targets]:
    """The themes the file declares (id: name), and what a theme id in the
    file may name: these and the partnership's."""
    declared: dict[str, str] = {}
    targets = _Targets(partnership_keys)
    names: dict[str, int] = {}  # folded name: where first declared
    items = check.array(value, "$.themes")
    if items is None:
        targets.unreadable = True
        return declared, targets
    for index, item in enumerate(items):
        path = f"$.themes[{index}]"
        theme = check.obj(item, path, required=("id", "name"), optional=())
        if theme is None:
            targets.unreadable = True
            continue
        told = len(check.problems)
        key = check.text(theme.get("id", MISSING), f"{path}.id", limit=60)
        id_told = len(check.problems) > told
        name = check.text(theme.get("name", MISSING), f"{path}.name", limit=120)
        if not key:  # missing, not text, empty or with a null character
            targets.unreadable = True
        elif id_told:
            targets.refused.add(key)
        elif not is_theme_id(key):
            check.fail(
                f"{path}.id",
                "use only letters, digits, '_' and '-' (letters a to z without accents: "
                "the id is part of the theme page's address)",
            )
            targets.refused.add(key)
        elif key in declared:
            check.fail(f"{path}.id", f"'{key}' is declared twice")
        else:
            declared[key] = name
            folded = name.casefold()
            if name and folded in names:
                check.fail(f"{path}.name", f"the name ‘{name}’ is declared twice (also at $.themes[{names[folded]}])")
            elif name:
                names[folded] = index
    targets.known |= set(declared)
    return declared, targets


def _cases(check: _Checker, value) -> tuple[list[PastCase], _Targets]:
    """The cases, and the case numbers a finding may name."""
    cases: list[PastCase] = []
    numbers = _Targets(set())
    items = check.array(value, "$.cases")
    if items is None:
        numbers.unreadable = True
        return cases, numbers
    if len(items) > MAX_CASES:
        check.fail("$.cases", f"at most {MAX_CASES} cases an audit, not {len(items)}")
        numbers.unreadable = True
        return cases, numbers
    for index, item in enumerate(items):
        path = f"$.cases[{index}]"
        case = check.obj(item, path, required=("number",), optional=("service_level", "flags", "agreed_grade"))
        if case is None:
            numbers.unreadable = True
            continue
        number = check.whole(case.get("number", MISSING), f"{path}.number", low=1, high=9999)
        if number is None:
            numbers.unreadable = True  # the findings of this case cannot be told from others
        elif number in numbers.known:
            check.fail(f"{path}.number", f"case {number} appears twice")
            number = None
        service_level = check.choice(case.get("service_level", "none"), f"{path}.service_level", SERVICE_LEVELS)
        flags = []
        for flag_index, flag in enumerate(check.array(case.get("flags", []), f"{path}.flags") or []):
            flag = check.choice(flag, f"{path}.flags[{flag_index}]", FLAGS)
            if flag and flag not in flags:
                flags.append(flag)
        grade = check.text(case.get("agreed_grade", ""), f"{path}.agreed_grade", limit=MAX_GRADE, blank=True)
        if number is not None:
            numbers.known.add(number)
            cases.append(PastCase(number, service_level or "none", flags, grade))
    return cases, numbers


def _theme_list(check: _Checker, value, path: str, themes: _Targets) -> list[str]:
    keys: list[str] = []
    for index, key in enumerate(check.array(value, path) or []):
        if not isinstance(key, str):
            check.fail(f"{path}[{index}]", 'expected a theme id in quotes, such as "domestic_abuse"')
        elif "\x00" in key:
            check.no_null_characters(f"{path}[{index}]")
        elif half := unpaired_surrogate(key):
            check.fail(f"{path}[{index}]", half_character(half))
        elif key in themes.known:
            if key not in keys:
                keys.append(key)
        elif themes.unknown(key):
            check.fail(
                f"{path}[{index}]",
                f"there is no theme '{key}': use one of the partnership's theme ids, or declare it under $.themes",
            )
    return keys


def _findings(check: _Checker, value, numbers: _Targets, themes: _Targets, agencies: AgencyNames):
    """The findings (``None`` for one that could not be read, so that positions
    stay right), and the positions a recommendation may name."""
    findings: list[PastFinding | None] = []
    items = check.array(value, "$.findings")
    if items is None:
        return findings, _Targets(set(), unreadable=True)
    if len(items) > MAX_FINDINGS:
        check.fail("$.findings", f"at most {MAX_FINDINGS:,} findings an audit, not {len(items):,}")
        return findings, _Targets(set(), unreadable=True)
    for index, item in enumerate(items):
        path = f"$.findings[{index}]"
        finding = check.obj(
            item,
            path,
            required=("polarity", "text", "themes"),
            optional=("case", "kind", "agency", "confirmed"),
        )
        if finding is None:
            findings.append(None)
            continue
        case = finding.get("case")
        if case is not None:
            case = check.whole(case, f"{path}.case", low=1, high=9999)
            if case is not None and numbers.unknown(case):
                check.fail(f"{path}.case", f"there is no case {case} under $.cases")
        agency = finding.get("agency")
        if agency is not None:
            name = check.text(agency, f"{path}.agency", limit=200)
            agency = agencies.get(name)
            if name and agency is None:
                check.fail(f"{path}.agency", f"the partnership has no agency called ‘{name}’")
        polarity = check.choice(finding.get("polarity", MISSING), f"{path}.polarity", POLARITIES)
        kind = check.choice(finding.get("kind", "finding"), f"{path}.kind", FINDING_KINDS)
        if kind == "good_practice" and polarity == "concern":
            check.fail(f"{path}.polarity", "good practice that resulted from the audit is a strength, not a concern")
        text = check.text(finding.get("text", MISSING), f"{path}.text")
        confirmed = check.boolean(finding["confirmed"], f"{path}.confirmed") if "confirmed" in finding else True
        listed = finding.get("themes", MISSING)
        if confirmed is False and isinstance(listed, list) and listed:
            check.fail(
                f"{path}.themes",
                'a finding whose themes nobody confirmed ("confirmed": false) has none: '
                'leave the list empty, or take out "confirmed": false',
            )
            listed = []
        findings.append(
            PastFinding(
                case=case,
                polarity=polarity,
                kind=kind,
                agency=agency,
                text=text,
                themes=_theme_list(check, listed, f"{path}.themes", themes),
                confirmed=confirmed is not False,
            )
        )
    return findings, _Targets(set(range(len(findings))))


def _recommendations(check: _Checker, value, positions: _Targets, themes: _Targets):
    recommendations: list[PastRecommendation] = []
    for index, item in enumerate(check.array(value, "$.recommendations") or []):
        path = f"$.recommendations[{index}]"
        recommendation = check.obj(item, path, required=("text",), optional=("status", "themes", "findings", "reason"))
        if recommendation is None:
            continue
        linked: list[int] = []
        for link_index, position in enumerate(
            check.array(recommendation.get("findings", []), f"{path}.findings") or []
        ):
            link_path = f"{path}.findings[{link_index}]"
            if isinstance(position, bool) or not isinstance(position, int):
                check.fail(link_path, "expected the position of a finding in $.findings, counting from 0")
            elif positions.unknown(position):
                check.fail(link_path, f"there is no $.findings[{position}]")
            elif position in positions.known and position not in linked:
                linked.append(position)
        text = check.text(recommendation.get("text", MISSING), f"{path}.text")
        status = check.choice(recommendation.get("status", "confirmed"), f"{path}.status", RECOMMENDATION_STATUSES)
        keys = _theme_list(check, recommendation.get("themes", []), f"{path}.themes", themes)
        reason = ""
        if recommendation.get("reason") is not None:
            if status and status != RecommendationStatus.WITHDRAWN:
                check.fail(
                    f"{path}.reason",
                    f'only a withdrawn recommendation has a reason, and this one is "{status}": '
                    'leave the reason out, or make its status "withdrawn"',
                )
            else:
                reason = check.text(recommendation["reason"], f"{path}.reason")
        recommendations.append(
            PastRecommendation(text=text, status=status, themes=keys, findings=linked, reason=reason)
        )
    return recommendations
