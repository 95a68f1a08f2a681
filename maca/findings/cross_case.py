"""Across the cases of one audit: the themes that recur from case to case, what
was present in how many cases, and the grades agencies gave (ADR 0019).

The rule for a cross-case theme: a theme confirmed on the concerns of **two or
more cases** of the audit is an issue identified across multiple cases (step
5 of the 6 Step Briefing), and maca proposes a recommendation from it. Themes
found as strengths in two or more cases are shown too, but propose nothing.
Findings across cases (no case) are listed with their theme but do not count
as a case. Everything here reads a fixed number of queries, however many cases
and findings the audit has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from maca.cases.models import Flag
from maca.core.presenters import in_sentence
from maca.findings.models import Finding, FindingTag, Polarity, Recommendation, Theme
from maca.findings.selectors import with_removed_findings
from maca.programme.models import Audit
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


@dataclass
class CrossCaseTheme:
    theme: object
    polarity: str
    case_numbers: list[int]
    findings: list = field(default_factory=list)
    recommendation: Recommendation | None = None


@dataclass
class Presence:
    """ "Domestic abuse was present in 2 of the 6 cases"."""

    label: str
    cases: int
    of: int
    flagged: int
    in_findings: int

    @property
    def sentence(self) -> str:
        return f"{self.label} was present in {self.cases} of the {self.of} case{'s' if self.of != 1 else ''}."


@dataclass
class AcrossCases:
    audit: Audit
    audit_cases: list
    findings: list
    concerns: list[CrossCaseTheme]
    strengths: list[CrossCaseTheme]
    presence: list[Presence]
    recommendations: list


def findings_with_themes(audit: Audit) -> list[Finding]:
    """The audit's current findings whose themes a person has confirmed, their
    case, agency and themes read."""
    return list(
        Finding.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit, tags_confirmed_at__isnull=False)
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
    grouped: dict[tuple[str, int], CrossCaseTheme] = {}
    for finding in findings:
        for tag in finding.tags.all():
            item = grouped.setdefault(
                (finding.polarity, tag.theme_id),
                CrossCaseTheme(theme=tag.theme, polarity=finding.polarity, case_numbers=[]),
            )
            item.findings.append(finding)
            number = finding.audit_case.number if finding.audit_case_id else None
            if number in current_numbers and number not in item.case_numbers:
                item.case_numbers.append(number)
    proposed = {r.proposed_from_id: r for r in recommendations if r.proposed_from_id}
    recurring = [item for item in grouped.values() if len(item.case_numbers) >= 2]
    for item in recurring:
        item.case_numbers.sort()
        if item.polarity == Polarity.CONCERN:
            item.recommendation = proposed.get(item.theme.pk)

    def order(item: CrossCaseTheme):
        return (-len(item.case_numbers), item.theme.position, item.theme.name)

    return AcrossCases(
        audit=audit,
        audit_cases=audit_cases,
        findings=findings,
        concerns=sorted((i for i in recurring if i.polarity == Polarity.CONCERN), key=order),
        strengths=sorted((i for i in recurring if i.polarity == Polarity.STRENGTH), key=order),
        presence=presence(audit_cases, findings, theme_names=_flag_theme_names(audit.partnership_id)),
        recommendations=recommendations,
    )


def _flag_theme_names(partnership_id: int) -> dict[str, str]:
    """The partnership's names for the themes that flags count towards."""
    return dict(
        Theme.objects.filter(partnership_id=partnership_id, key__in=set(FLAG_THEMES.values())).values_list(
            "key", "name"
        )
    )


def presence(audit_cases: list, findings: list, *, theme_names: dict[str, str] | None = None) -> list[Presence]:
    """For each circumstance flagged on a case or theme confirmed on a case's
    findings: in how many of the audit's cases it was present (flagged in the
    case list, or found), most first. Flags that count towards one theme
    (missing episodes and exploitation) make one row, named by the theme
    (``theme_names``, the partnership's names), so that its figure is what
    its name says; a flag whose theme the partnership does not have is its
    own row."""
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
    for finding in findings:
        number = numbers.get(finding.audit_case_id)
        if number is None:
            continue
        for tag in finding.tags.all():
            found[tag.theme.key].add(number)
            labels[tag.theme.key] = tag.theme.name
    rows = [
        Presence(
            label=labels[key],
            cases=len(flagged[key] | found[key]),
            of=total,
            flagged=len(flagged[key]),
            in_findings=len(found[key]),
        )
        for key in labels
    ]
    return sorted(rows, key=lambda row: (-row.cases, row.label.casefold()))


def proposal_text(item: CrossCaseTheme, total_cases: int) -> str:
    """The draft a cross-case recommendation starts from; the QA officer edits it."""
    numbers = item.case_numbers
    listed = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
    return (
        f"{item.theme.name} was a concern in {len(numbers)} of the {total_cases} cases (cases {listed}). "
        f"Partners to agree what will change in practice on {in_sentence(item.theme.name)}, who leads it and by when."
    )
