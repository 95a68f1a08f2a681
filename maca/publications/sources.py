"""What an output is drafted from: the audit's record, gathered once into
plain data (``AuditRecord``, ``YearRecord``), so drafting is pure text work
and tests can draft from records built by hand."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from maca.findings.cross_case import themes_confirmed
from maca.partnerships.presenters import agency_name
from maca.programme import audit_cases as selected_cases
from maca.programme.audit_cases import Selected
from maca.programme.meeting_day import MeetingDay, meeting_day, meeting_days, meeting_ordering
from maca.programme.models import Audit, AuditKind, Stage, year_label
from maca.programme.selectors import audits_for
from maca.returns.selectors import partnership_agencies
from maca.selection.models import SelectionSource
from maca.selection.selectors import audit_cases, current_draw


@dataclass
class Item:
    """One strength, finding, recommendation or piece of good practice."""

    text: str
    agency: str = ""
    themes: tuple[str, ...] = ()
    case_number: int | None = None


@dataclass
class CaseRecord:
    number: int
    label: str  # "Child A", or "Children B1 and B2"
    children: int  # 0: not recorded (a case in the list is a family with at least one child)
    agencies: list[str]
    strengths: list[Item] = field(default_factory=list)
    concerns: list[Item] = field(default_factory=list)


@dataclass
class AuditRecord:
    title: str
    theme: str
    kind: str
    programme: str
    meeting_date: dt.date | None
    tool: str
    cases: list[CaseRecord]
    agencies: list[str]
    draw_sentence: str
    nominated: int
    recommendations: list[Item] = field(default_factory=list)
    good_practice: list[Item] = field(default_factory=list)
    immediate_concerns: int = 0
    theme_names: dict[str, str] = field(default_factory=dict)  # key -> name, in the partnership's order
    imported_cases: int = 0  # cases brought in with a past audit (docs/audit-json.md)
    stated_children: int = 0  # the audit's own figure for its children (``Audit.target_children``)
    # Recorded at the meeting "Across cases" (a finding with no case): the
    # audit's as much as any case's, but in no case's section.
    across_strengths: list[Item] = field(default_factory=list)
    across_concerns: list[Item] = field(default_factory=list)
    # Where the audit is (``audit_progress``): a briefing drafted early says
    # what has not happened yet as not yet happened.
    progress: str = "held"
    # Recorded but left out until a person confirms their themes
    # (``findings.selectors.findings_awaiting_themes_of_audits``), by what
    # they are: "strengths", "concerns", "good_practice".
    awaiting: dict[str, int] = field(default_factory=dict)
    # A deep dive: each agency writes one summative report across its cases.
    deep_dive: bool = False

    @property
    def strengths(self) -> list[Item]:
        """Every strength the meeting agreed: each case's, then those across cases."""
        return [item for case in self.cases for item in case.strengths] + self.across_strengths

    @property
    def concerns(self) -> list[Item]:
        """Every finding (concern) the meeting agreed: each case's, then those across cases."""
        return [item for case in self.cases for item in case.concerns] + self.across_concerns

    @property
    def selected(self) -> Selected:
        """The cases and their children, counted by the rule every page uses."""
        return Selected.of_cases(
            (case.children for case in self.cases), imported=self.imported_cases, stated=self.stated_children
        )

    @property
    def children(self) -> int:
        """Children in the cases that record how many (``children_unknown`` do not)."""
        return self.selected.children

    @property
    def children_unknown(self) -> int:
        """Cases whose number of children is not recorded (imported past audits, for one)."""
        return self.selected.unrecorded

    @property
    def awaiting_themes(self) -> int:
        """All it leaves out until a person confirms their themes (``awaiting``)."""
        return sum(self.awaiting.values())

    def theme_counts(self) -> list[tuple[str, int, int, int]]:
        """(theme, strengths, concerns, cases with a concern), themes with anything, most concerns first.

        Strengths and concerns across cases count towards their themes but are
        in no case (``findings.cross_case``'s rule). Good practice resulting
        from the audit is a strength (ADR 0016): its themes count as
        strengths, as "Across the cases" and the themes over the years
        (``findings.recurrence``, the annual report's themes) count them."""
        strengths: dict[str, int] = defaultdict(int)
        concerns: dict[str, int] = defaultdict(int)
        cases: dict[str, set[int]] = defaultdict(set)
        for item in self.strengths + self.good_practice:
            for theme in item.themes:
                strengths[theme] += 1
        for case in self.cases:
            for item in case.concerns:
                for theme in item.themes:
                    cases[theme].add(case.number)
        for item in self.concerns:
            for theme in item.themes:
                concerns[theme] += 1
        keys = [k for k in self.theme_names if strengths[k] or concerns[k]]
        keys.sort(key=lambda k: (-concerns[k], -strengths[k], self.theme_names[k]))
        return [(self.theme_names[k], strengths[k], concerns[k], len(cases[k])) for k in keys]


@dataclass(frozen=True)
class Awaiting:
    """An audit whose findings a publication leaves out until a person
    confirms their themes, and how many (``awaiting_themes_by_audit``)."""

    audit_id: int
    title: str
    count: int


def awaiting_themes_by_audit(publication) -> list[Awaiting]:
    """What the publication leaves out until a person confirms their themes,
    audit by audit: of an audit's output, the current findings of its audit
    (``AuditRecord.awaiting``); of a year's report, the strengths and
    findings of each audit whose themes can still be confirmed
    (``year_awaiting``: at its meeting or writing up), in the report's
    order. Read in the same number of queries however many audits."""
    from django.db.models import Count

    from maca.findings.selectors import findings_awaiting_themes_of_audits

    if not publication.audit_id:
        audits = _year_audits(publication.partnership, publication.year)
        waiting = year_awaiting(publication.partnership_id, audits)
        return [
            Awaiting(audit.pk, audit.title, sum(waiting[audit.pk].by_kind.values()))
            for audit in audits
            if audit.pk in waiting and waiting[audit.pk].can_confirm
        ]
    counts = {
        row["audit_id"]: (row["audit__title"], row["n"])
        for row in findings_awaiting_themes_of_audits([publication.audit_id], partnership_id=publication.partnership_id)
        .values("audit_id", "audit__title")
        .annotate(n=Count("id"))
        .order_by()
    }
    return [Awaiting(pk, *counts[pk]) for pk in [publication.audit_id] if pk in counts]


@dataclass(frozen=True)
class YearAwaiting:
    """What the year's report leaves out of an audit's count for want of
    confirmed themes: its strengths and findings by kind (``by_kind``:
    "strengths", "concerns"; good practice, which the report never counts,
    is not among them), and whether a person can still confirm their themes
    (``can_confirm``: ``findings.access.recording_open``, the rule of the
    service that confirms them) or never will (from 'Actions' on)."""

    by_kind: dict[str, int]
    can_confirm: bool


def year_awaiting(partnership_id: int, audits: list[Audit]) -> dict[int, YearAwaiting]:
    """``YearAwaiting`` of each of ``audits`` that leaves some out, by pk:
    of the audits whose findings the year's report counts (from their
    meeting on), read in one query however many audits. What the report
    says of each audit (``AuditRow.awaiting``) and what its draft page links
    to (``awaiting_themes_by_audit``) are both read here."""
    from django.db.models import Count

    from maca.findings.access import SHOWN_STAGES, recording_open
    from maca.findings.models import FindingKind
    from maca.findings.selectors import findings_awaiting_themes_of_audits

    counted = {audit.pk: audit for audit in audits if audit.stage in SHOWN_STAGES}
    by_kind: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        findings_awaiting_themes_of_audits(list(counted), partnership_id=partnership_id)
        .exclude(kind=FindingKind.GOOD_PRACTICE)
        .values("audit_id", "kind", "polarity")
        .annotate(n=Count("id"))
        .order_by()
    ):
        what = _kind_awaiting(row["kind"], row["polarity"])
        by_kind[row["audit_id"]][what] = by_kind[row["audit_id"]].get(what, 0) + row["n"]
    return {pk: YearAwaiting(dict(kinds), recording_open(counted[pk])) for pk, kinds in by_kind.items()}


def awaiting_themes_of(publication) -> int:
    """How many strengths and findings the publication leaves out until a
    person confirms their themes (``awaiting_themes_by_audit``, all audits)."""
    return sum(item.count for item in awaiting_themes_by_audit(publication))


def _kind_awaiting(kind: str, polarity: str) -> str:
    """What a finding left out until its themes are confirmed is, as
    ``AuditRecord.awaiting`` and ``AuditRow.awaiting`` count them."""
    from maca.findings.models import FindingKind, Polarity

    if kind == FindingKind.GOOD_PRACTICE:
        return "good_practice"
    return "strengths" if polarity == Polarity.STRENGTH else "concerns"


def letter_for(number: int) -> str:
    """Case 1 is A, 26 is Z, 27 is AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


DIMENSION_WORDS = {
    "age_band": "age",
    "service_level": "level of service",
    "sex": "sex",
    "ethnicity_group": "ethnicity",
    "disability": "disability",
    "locality": "locality",
}


# Where an audit is, in the words the drafts and the annual report go by.
PLANNED, SELECTING, AUDITING, HELD = "planned", "selecting", "auditing", "held"


def audit_progress(audit: Audit) -> str:
    """ "held" from the meeting on; "auditing" while agencies audit;
    "selecting" while cases are chosen; "planned" before (or cancelled)."""
    for stage, progress in ((Stage.MEETING, HELD), (Stage.AUDITING, AUDITING), (Stage.SELECTING, SELECTING)):
        if audit.reached(stage):
            return progress
    return PLANNED


def _were(n: int) -> str:
    return "were" if n != 1 else "was"


# How the audit's cases page names a case brought in with a past audit, in a sentence.
IMPORTED = SelectionSource.IMPORTED.label[:1].lower() + SelectionSource.IMPORTED.label[1:]


def _draw_sentence(audit: Audit, cases: int, imported: int = 0) -> tuple[str, int]:
    """How the cases were chosen. Cases brought in with a past audit's record
    (``imported``) were chosen before maca: said as the audit's cases page
    says them ("Imported with a past audit"), never as chosen by its lead."""
    draw = current_draw(audit)
    nominated = audit.audit_cases.filter(removed_at__isnull=True, source="nominated").count()
    if draw is None and not cases:
        return "No cases have been chosen yet.", nominated
    if draw is None:
        chosen = cases - imported
        if not chosen:
            return f"{cases} case{'s' if cases != 1 else ''} {_were(cases)} {IMPORTED}.", nominated
        sentence = f"{chosen} case{'s' if chosen != 1 else ''} {_were(chosen)} chosen by the audit lead."
        if imported:
            sentence += f" {imported} more {_were(imported)} {IMPORTED}."
        return sentence, nominated
    balanced = [DIMENSION_WORDS.get(d, d.replace("_", " ")) for d in draw.dimensions]
    # A nominated (or imported) case was not drawn: the draw's figure is the rest.
    drawn = cases - nominated - imported
    sentence = (
        f"{drawn} case{'s were' if drawn != 1 else ' was'} chosen at random from {draw.pool_size} eligible "
        f"case{'s' if draw.pool_size != 1 else ''}"
    )
    sentence += f", balanced by {_join(balanced)}." if balanced else "."
    if nominated:
        sentence += f" {nominated} more {'were' if nominated != 1 else 'was'} nominated."
    if imported:
        sentence += f" {imported} more {_were(imported)} {IMPORTED}."
    return sentence, nominated


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def audit_record(audit: Audit) -> AuditRecord:
    """Everything an audit's outputs are drafted from."""
    from maca.publications import pseudonyms

    labels = pseudonyms.case_labels(audit)
    cases = []
    agencies: set[str] = set()
    cases_read = list(audit_cases(audit))
    for audit_case in cases_read:
        # Named as the case's pages name them: a GP practice with its care board.
        names = [agency_name(a.agency) for a in audit_case.current_assignments]
        agencies.update(names)
        count = audit_case.case.children_count
        cases.append(
            CaseRecord(
                number=audit_case.number,
                label=labels.get(audit_case.pk, f"Child {letter_for(audit_case.number)}"),
                children=count,
                agencies=names,
            )
        )
    imported = sum(1 for audit_case in cases_read if audit_case.source == SelectionSource.IMPORTED)
    draw_sentence, nominated = _draw_sentence(audit, len(cases), imported)
    record = AuditRecord(
        title=audit.title,
        theme=audit.theme,
        kind=audit.get_kind_display(),
        programme=audit.programme.label,
        # Held, once the meeting records it; else planned (the audit's page says the same).
        meeting_date=meeting_day(audit).day,
        tool=audit.tool.name if audit.tool_id else "",
        cases=cases,
        agencies=sorted(agencies),
        draw_sentence=draw_sentence,
        nominated=nominated,
        imported_cases=imported,
        stated_children=audit.target_children or 0,
        progress=audit_progress(audit),
        deep_dive=audit.kind == AuditKind.DEEP_DIVE,
    )
    findings_into(record, audit)
    return record


def findings_into(record: AuditRecord, audit: Audit) -> None:
    """Fill the record's strengths, findings, recommendations and good
    practice from what the meeting agreed, about a case or across cases:
    the findings whose themes a person confirmed, as the year's report counts
    them (``findings.selectors.findings_published_of_audits``), so a briefing
    lists and counts what the year's report counts of the audit (removed
    findings left out; only confirmed themes, as
    ``findings.cross_case`` counts them; only confirmed recommendations, by
    ``findings.selectors.confirmed_recommendations_of``)."""
    from maca.findings.models import (
        FindingKind,
        FindingTag,
        ImmediateConcern,
        Polarity,
        Theme,
    )
    from maca.findings.selectors import (
        confirmed_recommendations_of,
        findings_awaiting_themes_of_audits,
        findings_published_of_audits,
    )

    partnership_id = audit.partnership_id
    record.theme_names = dict(
        Theme.objects.filter(partnership_id=partnership_id).order_by("position", "name").values_list("key", "name")
    )
    # A finding's themes count only once a person has confirmed them (ADR 0010,
    # 0016), as "Across the cases" counts them (``findings.cross_case``): maca's
    # suggestions, and themes on a finding nobody confirmed, are in no figure.
    tags: dict[int, list[str]] = defaultdict(list)
    for finding_id, key in FindingTag.objects.filter(
        themes_confirmed("finding__"), partnership_id=partnership_id, finding__audit=audit
    ).values_list("finding_id", "theme__key"):
        tags[finding_id].append(key)
    by_number = {case.number: case for case in record.cases}
    for kind, polarity in findings_awaiting_themes_of_audits([audit.pk], partnership_id=partnership_id).values_list(
        "kind", "polarity"
    ):
        what = _kind_awaiting(kind, polarity)
        record.awaiting[what] = record.awaiting.get(what, 0) + 1
    findings = (
        findings_published_of_audits([audit.pk], partnership_id=partnership_id)
        .values_list("pk", "audit_case__number", "agency_id", "polarity", "kind", "text")
        .order_by("audit_case__number", "agency__name", "pk")
    )
    # Each finding's agency as the findings pages name it (a GP practice with its care board).
    agencies = partnership_agencies(partnership_id)
    for pk, number, agency_id, polarity, kind, text in findings:
        agency = agency_name(agencies[agency_id]) if agency_id in agencies else ""
        item = Item(text=text, agency=agency, themes=tuple(tags.get(pk, ())), case_number=number)
        if kind == FindingKind.GOOD_PRACTICE:
            record.good_practice.append(item)
            continue
        if number is None:  # recorded across cases
            (record.across_strengths if polarity == Polarity.STRENGTH else record.across_concerns).append(item)
            continue
        case = by_number.get(number)
        if case is None:
            continue
        (case.strengths if polarity == Polarity.STRENGTH else case.concerns).append(item)
    # Only what the meeting confirmed: a proposed recommendation (maca's
    # drafted sentence for a theme across cases, or one nobody has agreed)
    # is not what "the audit meeting recommends".
    record.recommendations = [
        Item(text=text)
        for text in confirmed_recommendations_of(audit).prefetch_related(None).values_list("text", flat=True)
    ]
    record.immediate_concerns = (
        ImmediateConcern.objects.current().filter(partnership_id=partnership_id, audit=audit).count()
    )


# The year ---------------------------------------------------------------------------------


@dataclass
class AuditRow:
    title: str
    theme: str
    date: dt.date | None
    cases: int
    children: int | None  # None: not recorded for every case, so not known
    stage: str
    strengths: int
    concerns: int
    recommendations: list[str]
    changes: list[str]
    # Where the audit is: "held" once its meeting is reached, "under way"
    # while cases are selected and agencies audit, "planned" before.
    progress: str = "held"
    # Strengths and findings recorded but left out of ``strengths`` and
    # ``concerns`` for want of confirmed themes, by what they are
    # ("strengths", "concerns"; ``year_awaiting``, from the audit's meeting
    # on, as those are counted; good practice is counted in neither)...
    awaiting: dict[str, int] = field(default_factory=dict)
    # ... and whether a person can still confirm their themes (at its
    # meeting or writing up: ``findings.access.recording_open``): else they
    # never will, and the report says they are not counted.
    can_confirm: bool = True
    # The audit's id: what tells its row in "The audits held" from another's,
    # whatever changed in it (``figures``); never shown.
    key: int | None = None

    @property
    def awaiting_themes(self) -> int:
        """All it leaves out for want of confirmed themes (``awaiting``)."""
        return sum(self.awaiting.values())


# The annual report's words for where an audit is.
YEAR_PROGRESS = {HELD: "held", AUDITING: "under way", SELECTING: "under way", PLANNED: "planned"}


@dataclass(frozen=True)
class Uptake:
    """How many agencies have said how they used a publication: ``asked``
    (those that audited the audit's cases, or every agency for a year's
    output), how many of them have, and how many reported without being
    asked. Said in words by ``presenters.uptake_sentence`` and
    ``presenters.uptake_cell``, on every page and in the annual report."""

    asked: int
    asked_reported: int
    others_reported: int = 0


@dataclass
class ImpactRow:
    output: str
    agencies_reported: int  # of those asked
    agencies_expected: int  # asked
    meetings: int
    staff: int
    changes: list[str]
    others_reported: int = 0  # reported without being asked

    @property
    def uptake(self) -> Uptake:
        return Uptake(self.agencies_expected, self.agencies_reported, self.others_reported)


@dataclass
class YearRecord:
    year: int
    label: str
    audits: list[AuditRow]
    themes: list[tuple[str, int, int, int]]  # (theme, strengths, concerns, audits with a concern): year_themes
    impact: list[ImpactRow]
    # Each audit's title, theme and meeting day as its pages show it (held, else planned).
    next_year: list[tuple[str, str, MeetingDay]]
    plan: dict | None
    plan_note: str

    @property
    def awaiting_themes(self) -> int:
        """All its audits leave out until a person confirms their themes
        (``AuditRow.awaiting``, of the audits whose themes can still be
        confirmed): what its draft keeps as ``Document.left_out``."""
        return sum(audit.awaiting_themes for audit in self.audits if audit.can_confirm)


def _year_audits(partnership, year: int) -> list[Audit]:
    return list(
        audits_for(partnership)
        .filter(programme__year=year)
        .exclude(stage=Stage.CANCELLED)
        .order_by(*meeting_ordering())
    )


@dataclass(frozen=True)
class Found:
    """What an audit found, as the year's report says it: its strengths and
    findings as a board member reads them (``findings.selectors.findings_shown_of_audits``:
    confirmed, from the meeting on; good practice is its own kind and counts in neither),
    its confirmed recommendations and the changes agencies reported."""

    strengths: int
    concerns: int
    recommendations: list[str]
    changes: list[str]
    # Left out for want of confirmed themes (``year_awaiting``), if any.
    awaiting: YearAwaiting | None = None


def year_found(partnership, audits: list[Audit]) -> dict[int, Found]:
    """``Found`` of each of ``audits``, by pk, read at once (the same number of
    queries however many audits)."""
    from django.db.models import Count

    from maca.findings.models import FindingKind, Polarity
    from maca.findings.selectors import confirmed_recommendations_of_audits, findings_shown_of_audits
    from maca.publications import practice

    counts: dict[tuple[int, str], int] = {}
    for row in (
        findings_shown_of_audits(partnership, audits)
        .exclude(kind=FindingKind.GOOD_PRACTICE)
        .values("audit_id", "polarity")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[(row["audit_id"], row["polarity"])] = row["n"]
    awaiting = year_awaiting(partnership.pk, audits)
    recommendations: dict[int, list[str]] = defaultdict(list)
    for audit_id, text in confirmed_recommendations_of_audits(a.pk for a in audits).values_list("audit_id", "text"):
        recommendations[audit_id].append(text)
    changes = practice.changes_by_audit(partnership, [a.pk for a in audits])
    return {
        audit.pk: Found(
            strengths=counts.get((audit.pk, Polarity.STRENGTH), 0),
            concerns=counts.get((audit.pk, Polarity.CONCERN), 0),
            recommendations=recommendations.get(audit.pk, []),
            changes=changes.get(audit.pk, []),
            awaiting=awaiting.get(audit.pk),
        )
        for audit in audits
    }


def year_record(partnership, year: int, *, figures_only: bool = False) -> YearRecord:
    """Everything the year's report is drafted from. Its audits are in the
    order of the meeting day each shows (``meeting_day.meeting_ordering``:
    held, else planned, in the database as the programme's pages order them),
    and everything its figure sections are drafted from
    (``drafting.YEAR_FIGURE_SECTIONS``: the audits held, what each found, the
    themes, the action plan and the impact) is read in the same number of
    queries however many audits the year has, so that its page can check
    them at each view. ``figures_only``: only that; next year's programme is
    left empty."""
    from maca.publications import practice

    audits = _year_audits(partnership, year)
    found = year_found(partnership, audits)
    meetings = meeting_days(audits)
    # Counted by the rule every page uses (``Selected``), for all at once.
    selected = selected_cases.counts(partnership, [audit.pk for audit in audits])
    rows = []
    for audit in audits:
        cases = selected.get(audit.pk, Selected())
        waiting = found[audit.pk].awaiting
        rows.append(
            AuditRow(
                title=audit.title,
                theme=audit.theme,
                date=meetings[audit.pk].day,
                cases=cases.cases,
                # Not a total that silently counts a case with no figure as none.
                children=cases.known_children,
                stage=audit.get_stage_display(),
                strengths=found[audit.pk].strengths,
                concerns=found[audit.pk].concerns,
                recommendations=found[audit.pk].recommendations,
                changes=found[audit.pk].changes,
                progress=YEAR_PROGRESS[audit_progress(audit)],
                awaiting=waiting.by_kind if waiting else {},
                can_confirm=waiting.can_confirm if waiting else True,
                key=audit.pk,
            )
        )
    # Next year's audits as the programme's pages show them: in the order of
    # the meeting day each shows, the day held once recorded, else planned.
    next_audits = [] if figures_only else _year_audits(partnership, year + 1)
    next_meetings = meeting_days(next_audits)
    plan, plan_note = _action_plan(partnership, year)
    return YearRecord(
        year=year,
        label=year_label(year),
        audits=rows,
        themes=year_themes(partnership, year),
        impact=practice.impact_rows(partnership, year),
        next_year=[(a.title, a.theme, next_meetings[a.pk]) for a in next_audits],
        plan=plan,
        plan_note=plan_note,
    )


def year_themes(partnership, year: int) -> list[tuple[str, int, int, int]]:
    """Each theme raised in the programme year ``year``: (theme, strengths,
    concerns, audits it was raised in as a concern), most concerns first.

    Counted by the recurrence pages' own function (``findings.recurrence``,
    ADR 0019), so the annual report and "Themes over the years" give the same
    figure: every current finding whose themes a person has confirmed, findings
    about a case and across cases alike, in the audits of the year."""
    from maca.findings.recurrence import recurrence

    found = recurrence(partnership)
    in_year = {point.audit.pk for point in found.points if point.year == year}
    themes = []
    for history in found.histories:
        counts = found.by_year(history).get(year)
        if counts is None or not counts.total:
            continue
        audits = sum(1 for pk, c in history.by_audit.items() if pk in in_year and c.concerns)
        themes.append((history.theme.name, counts.strengths, counts.concerns, audits))
    return sorted(themes, key=lambda t: (-t[2], -t[1], t[0]))


def _action_plan(partnership, year: int) -> tuple[dict | None, str]:
    """The action plan's state for the year, in the plan's own figures."""
    from maca.actions.reporting import plan_summary

    summary = plan_summary(partnership=partnership, year=year)
    if not summary["total"]:
        return None, f"No actions were raised in {year_label(year)}."
    return summary, ""


@dataclass(frozen=True)
class ThemeRenames:
    """The partnership's themes renamed since a publication was first
    drafted (``theme_renames``): the names each had, oldest first, the name
    each has now, and the names every theme has now."""

    old_names: dict[str, list[str]]
    now: dict[int, str]
    taken: set[str]


def theme_renames(publication) -> ThemeRenames | None:
    """The renames ``themes_renamed_since`` reads for any version of
    ``publication``, read once (a page listing its versions reads them once
    for all); ``None`` when no theme was renamed since it was first drafted."""
    from maca.audit_trail.models import AuditEvent
    from maca.findings.models import Theme

    first = publication.versions.order_by("number").values_list("created_at", flat=True).first()
    if first is None:
        return None
    renames = (
        AuditEvent.objects.filter(
            partnership_id=publication.partnership_id,
            action="theme.updated",
            object_type=Theme._meta.label_lower,
            occurred_at__gte=first,
            changes__has_key="name",
        )
        .order_by("occurred_at", "pk")
        .values_list("object_id", "changes")
    )
    old_names: dict[str, list[str]] = defaultdict(list)  # theme pk -> names it had, oldest first
    for theme_id, changes in renames:
        old = (changes.get("name") or [""])[0]
        if old and old not in old_names[theme_id]:
            old_names[theme_id].append(old)
    if not old_names:
        return None
    now = dict(
        Theme.objects.filter(
            partnership_id=publication.partnership_id, pk__in=[int(pk) for pk in old_names]
        ).values_list("pk", "name")
    )
    return ThemeRenames(old_names=dict(old_names), now=now, taken=theme_names_now(publication.partnership_id))


def renamed_in(document, renames: ThemeRenames | None) -> list[tuple[str, str]]:
    """``[(old name, name now)]``: the themes of ``renames`` whose old name
    ``document`` still uses (``themes_renamed_since``)."""
    if renames is None:
        return []
    texts = [text for _address, text in theme_name_fields(document) if text]
    found = []
    for theme_id, names in renames.old_names.items():
        current = renames.now.get(int(theme_id))
        for old in names:
            # A name another theme has now is that theme's: not a name left over.
            if current is None or old == current or old in renames.taken:
                continue
            said = theme_name_said(old, names_now=renames.taken)
            if any(match.group(0) == old for text in texts for match in said.finditer(text)):
                found.append((old, current))
    return sorted(found)


def themes_renamed_since(version) -> list[tuple[str, str]]:
    """``[(old name, name now)]``: the partnership's themes renamed since the
    publication was first drafted whose old name ``version``'s document still
    uses. A draft keeps the names it was drafted with, not the themes' keys
    (its chart's categories, its summary, the text drafted from them), so the
    renames are read from the audit log ("theme.updated" with a new name)."""
    from maca.publications.document import Document

    renames = theme_renames(version.publication)
    if renames is None:
        return []
    return renamed_in(Document.from_json(version.document), renames)


def theme_names_now(partnership_id) -> set[str]:
    """The names the partnership's themes have now."""
    from maca.findings.models import Theme

    return set(Theme.objects.filter(partnership_id=partnership_id).values_list("name", flat=True))


def theme_name_said(name: str, *, names_now=()):
    """Where a theme's name stands in a text as a whole phrase ("Think family",
    not "Think familyhood"), as a pattern: how a name left over is found and
    how it is replaced (``services.theme_names_update``). A name a theme has
    now that holds this one ("Think family (whole household)", after the
    rename) is matched as itself, so that it is never read as the old name:
    a match is the old name only when it is ``name`` itself."""

    def whole(phrase):
        return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")

    holding = sorted((n for n in names_now if n != name and whole(name).search(n)), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in [*holding, name])})(?!\w)")


def theme_name_swapped(text: str, old: str, new: str, *, names_now=()) -> tuple[str, int]:
    """``text`` with ``old`` changed to ``new`` where it stands as a whole
    phrase and not inside a name a theme has now; and how many were changed."""
    count = 0

    def swap(match):
        nonlocal count
        if match.group(0) != old:
            return match.group(0)
        count += 1
        return new

    return theme_name_said(old, names_now=names_now).sub(swap, text), count


def theme_name_fields(document):
    """The fields of a document that may hold a theme's name: every field but
    its title and subtitle, which name the audit (or the year) as the
    partnership titled it, not a theme."""
    return [(address, text) for address, text in document.fields() if address not in ("title", "subtitle")]
