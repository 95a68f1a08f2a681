"""Across the cases of one audit: the themes that recur from case to case, what
was present in how many cases, and the grades agencies gave (ADR 0019).

The rule for a cross-case theme: a theme confirmed on the concerns of **two or
more cases** of the audit is an issue identified across multiple cases (step
5 of the 6 Step Briefing), and maca proposes a recommendation from it. Themes
found as strengths in two or more cases are shown too, but propose nothing.
Findings across cases (no case) are listed with their theme but do not count
as a case.

A deep dive's agencies send one summative report each, across their cases,
and the meeting takes its findings from those as findings across cases about
the agency (ADR 0016, addendum "a deep dive across the cases"). There, each
agency's findings across its cases count once for that agency, as its
summative report, beside each case's findings: a theme is an issue across
cases when it is a concern in two or more of them (two agencies' reports, or
an agency's report and a case, or two cases). Findings across cases about no
agency are the meeting's own summing up, listed but not counted, in every
kind of audit.

Everything here reads a fixed number of queries, however many cases and
findings the audit has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from maca.cases.models import Flag
from maca.core.presenters import and_list, counted, in_sentence
from maca.findings.models import Finding, FindingTag, Polarity, Recommendation, Theme
from maca.findings.selectors import with_removed_findings
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit, AuditKind
from maca.selection.models import AuditCase

# A case flag in the case list and the theme that says the same in findings.
FLAG_THEMES = {
    Flag.DOMESTIC_ABUSE: "domestic_abuse",
    Flag.NEGLECT: "neglect",
    Flag.PARENTAL_MENTAL_HEALTH: "mental_health_substance",
    Flag.SUBSTANCE_MISUSE: "mental_health_substance",
    Flag.EXPLOITATION: "exploitation",
    Flag.MISSING: "exploitation",
    Flag.HOMELESSNESS: "housing",
}


def counts_reports(audit: Audit) -> bool:
    """Whether an agency's findings across its cases count as its summative
    report: in a deep dive, where the agencies send nothing case by case."""
    return audit.kind == AuditKind.DEEP_DIVE


def _reports(n: int) -> str:
    return counted(n, "summative report")


@dataclass
class CrossCaseTheme:
    theme: object
    polarity: str
    case_numbers: list[int]
    findings: list = field(default_factory=list)
    recommendation: Recommendation | None = None
    # A deep dive's agencies whose findings across their cases have the theme
    # (each agency once, as its summative report), named as pages name them.
    agencies: list[str] = field(default_factory=list)
    total_cases: int = 0

    @property
    def places(self) -> int:
        """In how many cases and agencies' summative reports it was found."""
        return len(self.case_numbers) + len(self.agencies)

    @property
    def recurs(self) -> bool:
        """Found in two or more of them: across cases."""
        return self.places >= 2

    def found_at(self, *, case_number: int | None = None, agency: str = "") -> None:
        """Count where one of its findings was: its case, or (in a deep dive)
        the agency whose summative report it is; each place once."""
        if case_number is not None and case_number not in self.case_numbers:
            self.case_numbers.append(case_number)
        if agency and agency not in self.agencies:
            self.agencies.append(agency)

    @property
    def found_in(self) -> str:
        """ "2 of 3 cases", or in a deep dive "2 summative reports" or
        "1 summative report and 1 of 3 cases": its card's heading."""
        cases = f"{len(self.case_numbers)} of {self.total_cases} cases"
        if not self.agencies:
            return cases
        if not self.case_numbers:
            return _reports(len(self.agencies))
        return f"{_reports(len(self.agencies))} and {cases}"


@dataclass
class Presence:
    """ "Domestic abuse was present in 2 of the 6 cases"."""

    label: str
    cases: int
    of: int
    flagged: int
    in_findings: int
    # A deep dive's agencies whose findings across their cases have the theme.
    agencies: list[str] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        present = f"{self.label} was present in {self.cases} of the {self.of} case{'s' if self.of != 1 else ''}"
        if not self.agencies:
            return f"{present}."
        reports = f"the summative report{'s' if len(self.agencies) != 1 else ''} of {and_list(self.agencies)}"
        if not self.cases:
            return f"{self.label} was raised in {reports}."
        return f"{present}, and raised in {reports}."


@dataclass
class AcrossCases:
    audit: Audit
    audit_cases: list
    findings: list
    concerns: list[CrossCaseTheme]
    strengths: list[CrossCaseTheme]
    presence: list[Presence]
    recommendations: list


def themes_confirmed(through: str = "") -> Q:
    """The one rule of which findings' themes count in any figure: those a
    person has confirmed (ADR 0010, 0016), never maca's suggestions alone.
    ``through``: the path to the finding from the model queried
    (``"finding__"`` from its tags)."""
    return Q(**{f"{through}tags_confirmed_at__isnull": False})


def recurring_order(places: int, position: int, name: str) -> tuple:
    """The order themes found in several places are listed in, here and in a
    briefing: most places first, then the partnership's order of themes
    (``position``, then ``name``)."""
    return (-places, position, name)


def findings_with_themes(audit: Audit) -> list[Finding]:
    """The audit's current findings whose themes a person has confirmed, their
    case, agency and themes read."""
    return list(
        Finding.objects.current()
        .filter(themes_confirmed(), partnership_id=audit.partnership_id, audit=audit)
        .select_related("audit_case", "agency__parent")
        .prefetch_related(Prefetch("tags", queryset=FindingTag.objects.select_related("theme")))
        .order_by("audit_case__number", "id")
    )


def across_cases(audit: Audit) -> AcrossCases:
    audit_cases = list(
        AuditCase.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .select_related("case")
        .order_by("number")
    )
    findings = findings_with_themes(audit)
    recommendations = list(
        with_removed_findings(Recommendation.objects.filter(partnership_id=audit.partnership_id, audit=audit))
        .select_related("proposed_from")
        .prefetch_related("themes")
        .order_by("position", "id")
    )
    current_numbers = {audit_case.number for audit_case in audit_cases}
    reports = counts_reports(audit)
    grouped: dict[tuple[str, int], CrossCaseTheme] = {}
    for finding in findings:
        for tag in finding.tags.all():
            item = grouped.setdefault(
                (finding.polarity, tag.theme_id),
                CrossCaseTheme(
                    theme=tag.theme, polarity=finding.polarity, case_numbers=[], total_cases=len(audit_cases)
                ),
            )
            item.findings.append(finding)
            number = finding.audit_case.number if finding.audit_case_id else None
            item.found_at(
                case_number=number if number in current_numbers else None,
                agency=_report_agency(finding) if reports else "",
            )
    proposed = {r.proposed_from_id: r for r in recommendations if r.proposed_from_id}
    recurring = [item for item in grouped.values() if item.recurs]
    for item in recurring:
        item.case_numbers.sort()
        item.agencies.sort(key=str.casefold)
        if item.polarity == Polarity.CONCERN:
            item.recommendation = proposed.get(item.theme.pk)

    def order(item: CrossCaseTheme):
        return recurring_order(item.places, item.theme.position, item.theme.name)

    return AcrossCases(
        audit=audit,
        audit_cases=audit_cases,
        findings=findings,
        concerns=sorted((i for i in recurring if i.polarity == Polarity.CONCERN), key=order),
        strengths=sorted((i for i in recurring if i.polarity == Polarity.STRENGTH), key=order),
        presence=presence(audit_cases, findings, theme_names=_flag_theme_names(audit.partnership_id), reports=reports),
        recommendations=recommendations,
    )


def _report_agency(finding: Finding) -> str:
    """The agency whose summative report a deep dive's finding counts as: one
    across cases about an agency; none for a case's finding or the meeting's
    own summing up across cases."""
    if finding.audit_case_id or not finding.agency_id:
        return ""
    return agency_name(finding.agency)


def _flag_theme_names(partnership_id: int) -> dict[str, str]:
    """The partnership's names for the themes that flags count towards."""
    return dict(
        Theme.objects.filter(partnership_id=partnership_id, key__in=set(FLAG_THEMES.values())).values_list(
            "key", "name"
        )
    )


def presence(
    audit_cases: list, findings: list, *, theme_names: dict[str, str] | None = None, reports: bool = False
) -> list[Presence]:
    """For each circumstance flagged on a case or theme confirmed on a case's
    findings: in how many of the audit's cases it was present (flagged in the
    case list, or found), most first. Flags that count towards one theme
    (missing episodes and exploitation) make one row, named by the theme
    (``theme_names``, the partnership's names), so that its figure is what
    its name says; a flag whose theme the partnership does not have is its
    own row. With ``reports`` (a deep dive), a theme confirmed on an agency's
    findings across its cases is a row too, with the agencies whose summative
    reports raised it: they are not cases, so they do not add to its cases."""
    theme_names = theme_names or {}
    total = len(audit_cases)
    flag_labels = dict(Flag.choices)
    flagged: dict[str, set[int]] = defaultdict(set)
    found: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, str] = {}
    numbers = {audit_case.pk: audit_case.number for audit_case in audit_cases}
    for audit_case in audit_cases:
        for flag in audit_case.case.flags or []:
            if flag not in flag_labels:
                continue
            key = FLAG_THEMES.get(flag, "")
            if key not in theme_names:
                key = f"flag:{flag}"
            flagged[key].add(audit_case.number)
            labels.setdefault(key, theme_names.get(key, flag_labels[flag]))
    raised: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        number = numbers.get(finding.audit_case_id)
        agency = _report_agency(finding) if reports else ""
        if number is None and not agency:
            continue
        for tag in finding.tags.all():
            if number is None:
                raised[tag.theme.key].add(agency)
            else:
                found[tag.theme.key].add(number)
            labels[tag.theme.key] = tag.theme.name
    rows = [
        Presence(
            label=labels[key],
            cases=len(flagged[key] | found[key]),
            of=total,
            flagged=len(flagged[key]),
            in_findings=len(found[key]),
            agencies=sorted(raised[key], key=str.casefold),
        )
        for key in labels
    ]
    return sorted(rows, key=lambda row: (-row.cases, -len(row.agencies), row.label.casefold()))


def proposal_text(item: CrossCaseTheme, total_cases: int) -> str:
    """The draft a cross-case recommendation starts from; the QA officer edits it."""
    numbers = item.case_numbers
    where = []
    if item.agencies:
        where.append(f"in the summative report{'s' if len(item.agencies) != 1 else ''} of {and_list(item.agencies)}")
    if numbers:
        listed = f"case {numbers[0]}" if len(numbers) == 1 else f"cases {and_list([str(n) for n in numbers])}"
        where.append(f"in {len(numbers)} of the {total_cases} cases ({listed})")
    return (
        f"{item.theme.name} was a concern {' and '.join(where)}. "
        f"Partners to agree what will change in practice on {in_sentence(item.theme.name)}, who leads it and by when."
    )
