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
from dataclasses import dataclass, field

from maca.cases.models import Flag, ServiceLevel
from maca.findings.models import FindingKind, Polarity, RecommendationStatus
from maca.programme.models import AuditKind

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
MAX_CASES = 200
MAX_FINDINGS = 5000
MAX_BYTES = 10 * 1024 * 1024


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


@dataclass
class PastRecommendation:
    text: str
    status: str
    themes: list[str]
    findings: list[int]


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
        return None, [Problem("$", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")]


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value, path: str, *, required: tuple[str, ...], optional: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, "expected an object ({...})")
            return None
        for key in required:
            if key not in value:
                self.fail(f"{path}.{key}", "is missing")
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join(f"'{k}'" for k in (*required, *optional))
                self.fail(f"{path}.{key}", f"is not part of the format (expected {known})")
        return value

    def text(self, value, path: str, *, limit: int = MAX_TEXT, blank: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(path, "expected text in quotes")
            return ""
        value = value.strip()
        if not value and not blank:
            self.fail(path, "is empty")
        elif len(value) > limit:
            self.fail(path, f"is longer than {limit:,} characters ({len(value):,})")
        return value

    def whole(self, value, path: str, *, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "expected a whole number")
            return None
        if not low <= value <= high:
            self.fail(path, f"expected a whole number from {low} to {high}, not {value}")
            return None
        return value

    def choice(self, value, path: str, choices) -> str:
        if value not in choices:
            allowed = ", ".join(f"'{c}'" for c in choices)
            self.fail(path, f"expected one of {allowed}, not {json.dumps(value)}")
            return ""
        return value

    def array(self, value, path: str) -> list:
        if not isinstance(value, list):
            self.fail(path, "expected a list ([...])")
            return []
        return value


def parse(data, *, theme_keys, agency_names) -> tuple[PastAudit | None, list[Problem]]:
    """Check ``data`` against the format. ``theme_keys``: the ids of the
    partnership's themes; ``agency_names``: its agencies' names (matched
    without regard to case). Returns the audit, or ``None`` and every problem."""
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

    audit = _audit(check, top.get("audit"))
    declared = _themes(check, top.get("themes", []))
    known_themes = set(theme_keys) | set(declared)
    agencies = {name.casefold(): name for name in agency_names}
    cases = _cases(check, top.get("cases", []))
    numbers = {case.number for case in cases}
    findings = _findings(check, top.get("findings", []), numbers, known_themes, agencies)
    recommendations = _recommendations(check, top.get("recommendations", []), len(findings), known_themes)

    if check.problems or audit is None:
        return None, check.problems
    return (
        PastAudit(**audit, themes=declared, cases=cases, findings=findings, recommendations=recommendations),
        [],
    )


def _audit(check: _Checker, value) -> dict | None:
    path = "$.audit"
    if value is None:
        return None
    audit = check.obj(value, path, required=("title", "theme", "year"), optional=("kind", "meeting_date", "children"))
    if audit is None:
        return None
    result = {
        "title": check.text(audit.get("title", "-"), f"{path}.title", limit=MAX_TITLE),
        "theme": check.text(audit.get("theme", "-"), f"{path}.theme"),
        "kind": check.choice(audit.get("kind", "themed"), f"{path}.kind", KINDS),
        "year": check.whole(audit.get("year", 2000), f"{path}.year", low=2000, high=2100),
        "meeting_date": None,
        "children": None,
    }
    if audit.get("children") is not None:
        result["children"] = check.whole(audit["children"], f"{path}.children", low=0, high=9999)
    if audit.get("meeting_date") is not None:
        raw = audit["meeting_date"]
        try:
            result["meeting_date"] = dt.date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
        except ValueError:
            result["meeting_date"] = None
        if result["meeting_date"] is None:
            check.fail(f"{path}.meeting_date", f'expected a date like "2025-11-20", not {json.dumps(raw)}')
    return result


def _themes(check: _Checker, value) -> dict[str, str]:
    declared: dict[str, str] = {}
    for index, item in enumerate(check.array(value, "$.themes")):
        path = f"$.themes[{index}]"
        theme = check.obj(item, path, required=("id", "name"), optional=())
        if theme is None:
            continue
        key = check.text(theme.get("id", "-"), f"{path}.id", limit=60)
        name = check.text(theme.get("name", "-"), f"{path}.name", limit=120)
        if key and not key.replace("_", "").replace("-", "").isalnum():
            check.fail(f"{path}.id", "use only letters, digits, '_' and '-'")
        elif key in declared:
            check.fail(f"{path}.id", f"'{key}' is declared twice")
        elif key:
            declared[key] = name
    return declared


def _cases(check: _Checker, value) -> list[PastCase]:
    cases: list[PastCase] = []
    items = check.array(value, "$.cases")
    if len(items) > MAX_CASES:
        check.fail("$.cases", f"at most {MAX_CASES} cases an audit, not {len(items)}")
        return cases
    seen: set[int] = set()
    for index, item in enumerate(items):
        path = f"$.cases[{index}]"
        case = check.obj(item, path, required=("number",), optional=("service_level", "flags", "agreed_grade"))
        if case is None:
            continue
        number = check.whole(case.get("number"), f"{path}.number", low=1, high=9999)
        if number is not None and number in seen:
            check.fail(f"{path}.number", f"case {number} appears twice")
            number = None
        service_level = check.choice(case.get("service_level", "none"), f"{path}.service_level", SERVICE_LEVELS)
        flags = []
        for flag_index, flag in enumerate(check.array(case.get("flags", []), f"{path}.flags")):
            flag = check.choice(flag, f"{path}.flags[{flag_index}]", FLAGS)
            if flag and flag not in flags:
                flags.append(flag)
        grade = check.text(case.get("agreed_grade", ""), f"{path}.agreed_grade", limit=60, blank=True)
        if number is not None:
            seen.add(number)
            cases.append(PastCase(number, service_level or "none", flags, grade))
    return cases


def _theme_list(check: _Checker, value, path: str, known: set[str], *, at_least_one: bool) -> list[str]:
    keys: list[str] = []
    items = check.array(value, path)
    if at_least_one and not items and isinstance(value, list):
        check.fail(path, "give at least one theme")
    for index, key in enumerate(items):
        if not isinstance(key, str):
            check.fail(f"{path}[{index}]", 'expected a theme id in quotes, such as "domestic_abuse"')
        elif key not in known:
            check.fail(
                f"{path}[{index}]",
                f"there is no theme '{key}': use one of the partnership's theme ids, or declare it under $.themes",
            )
        elif key not in keys:
            keys.append(key)
    return keys


def _findings(check: _Checker, value, numbers: set[int], themes: set[str], agencies: dict[str, str]):
    findings: list[PastFinding] = []
    items = check.array(value, "$.findings")
    if len(items) > MAX_FINDINGS:
        check.fail("$.findings", f"at most {MAX_FINDINGS:,} findings an audit, not {len(items):,}")
        return findings
    for index, item in enumerate(items):
        path = f"$.findings[{index}]"
        finding = check.obj(item, path, required=("polarity", "text", "themes"), optional=("case", "kind", "agency"))
        if finding is None:
            findings.append(None)
            continue
        case = finding.get("case")
        if case is not None:
            case = check.whole(case, f"{path}.case", low=1, high=9999)
            if case is not None and case not in numbers:
                check.fail(f"{path}.case", f"there is no case {case} under $.cases")
        agency = finding.get("agency")
        if agency is not None:
            name = check.text(agency, f"{path}.agency", limit=200)
            agency = agencies.get(name.casefold())
            if name and agency is None:
                check.fail(f"{path}.agency", f"the partnership has no agency called ‘{name}’")
        polarity = check.choice(finding.get("polarity"), f"{path}.polarity", POLARITIES)
        kind = check.choice(finding.get("kind", "finding"), f"{path}.kind", FINDING_KINDS)
        if kind == "good_practice" and polarity == "concern":
            check.fail(f"{path}.polarity", "good practice that resulted from the audit is a strength, not a concern")
        findings.append(
            PastFinding(
                case=case,
                polarity=polarity,
                kind=kind,
                agency=agency,
                text=check.text(finding.get("text", "-"), f"{path}.text"),
                themes=_theme_list(check, finding.get("themes", []), f"{path}.themes", themes, at_least_one=False),
            )
        )
    return findings


def _recommendations(check: _Checker, value, findings_count: int, themes: set[str]):
    recommendations: list[PastRecommendation] = []
    for index, item in enumerate(check.array(value, "$.recommendations")):
        path = f"$.recommendations[{index}]"
        recommendation = check.obj(item, path, required=("text",), optional=("status", "themes", "findings"))
        if recommendation is None:
            continue
        linked: list[int] = []
        for link_index, position in enumerate(check.array(recommendation.get("findings", []), f"{path}.findings")):
            link_path = f"{path}.findings[{link_index}]"
            if isinstance(position, bool) or not isinstance(position, int):
                check.fail(link_path, "expected the position of a finding in $.findings, counting from 0")
            elif not 0 <= position < findings_count:
                check.fail(link_path, f"there is no $.findings[{position}]")
            elif position not in linked:
                linked.append(position)
        recommendations.append(
            PastRecommendation(
                text=check.text(recommendation.get("text", "-"), f"{path}.text"),
                status=check.choice(
                    recommendation.get("status", "confirmed"), f"{path}.status", RECOMMENDATION_STATUSES
                ),
                themes=_theme_list(
                    check, recommendation.get("themes", []), f"{path}.themes", themes, at_least_one=False
                ),
                findings=linked,
            )
        )
    return recommendations
