"""Reading the meeting, findings and themes.

These are the functions the apps above (recurrence, publications, actions)
read findings with; each takes a partnership or an audit and scopes by it.
Only *confirmed* tags (:class:`FindingTag` rows) are themes for reports;
maca's suggestions are kept on the finding for the person tagging it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from maca.accounts.roles import Capability
from maca.audit_trail.selectors import changed_since_by
from maca.core.numbers import whole_number
from maca.findings.counting import counted_themes
from maca.findings.models import (
    CaseDiscussion,
    Finding,
    FindingTag,
    ImmediateConcern,
    Meeting,
    MeetingAttendance,
    PractitionerFeedback,
    Recommendation,
    RecommendationStatus,
    Theme,
)
from maca.findings.tagging import Example
from maca.programme.models import Audit
from maca.returns.access import visible_returns
from maca.returns.counting import questions_of_returns
from maca.returns.models import RESPONDED_STATUSES, Return
from maca.selection.models import Assignment, AuditCase
from maca.tools.answers import display_value
from maca.tools.models import Question, QuestionKind

# Every change that moves a finding's version on is one of these, logged once
# on it, in the same transaction (``services.findings``, and ``retention``,
# whose event has no person).
FINDING_VERSION_MOVES = (
    "finding.updated",
    "finding.themes_confirmed",
    "finding.removed",
    "finding.names_removed",
)


def finding_changed_since_by(finding, version: int) -> set:
    """Who changed ``finding`` after ``version`` (``audit_trail.selectors.changed_since_by``);
    ``None`` among them for maca's own change (the retention run) or one not found."""
    return changed_since_by(finding, version, FINDING_VERSION_MOVES)


# Themes ------------------------------------------------------------------------------------------


def themes_of(partnership, *, include_retired: bool = False):
    """The partnership's themes in their order (current ones only, unless asked)."""
    themes = Theme.objects.for_partnership(partnership)
    return themes if include_retired else themes.current()


def theme_with_key(partnership, key: str) -> Theme | None:
    """The partnership's theme with this stable key (retired ones too), or None."""
    return themes_of(partnership, include_retired=True).filter(key=key).first()


# A recommendation rests on the findings it was drawn from (``RecommendationFinding``):
# the removal page says beforehand which rest on a finding (``drawn_from``), and
# their pages say afterwards that one was removed (``with_removed_findings``).
DRAWN_FROM = "finding_links__finding"


def drawn_from(finding: Finding) -> QuerySet:
    """The recommendations drawn from ``finding`` that still stand (proposed or
    confirmed, not withdrawn): those whose pages will say, once it is removed,
    that a finding they were drawn from has been (``with_removed_findings``)."""
    return (
        Recommendation.objects.filter(partnership_id=finding.partnership_id, **{DRAWN_FROM: finding})
        .exclude(status=RecommendationStatus.WITHDRAWN)
        .order_by("id")
    )


def with_removed_findings(recommendations: QuerySet) -> QuerySet:
    """Each recommendation with how many of the findings it was drawn from
    have been removed since (``findings_removed``), and how many of those
    after it was confirmed (``findings_removed_since_confirmed``): said by
    ``recurrence_presenters.removed_findings_note``. Its status is left as
    the QA officer set it."""
    return recommendations.annotate(
        findings_removed=Count("finding_links", filter=Q(**{f"{DRAWN_FROM}__removed_at__isnull": False})),
        findings_removed_since_confirmed=Count(
            "finding_links", filter=Q(**{f"{DRAWN_FROM}__removed_at__gt": F("confirmed_at")})
        ),
    )


def recommendation_changed_since_by(recommendation: Recommendation, version: int) -> set:
    """Who changed ``recommendation`` after ``version``: it is proposed at
    version 1, and each save or withdrawal moves it on, logged once on it
    (``recommendation_services``)."""
    moves = ("recommendation.updated", "recommendation.confirmed", "recommendation.withdrawn")
    return changed_since_by(recommendation, version, moves)


def recommendation_of(partnership, pk: int) -> Recommendation | None:
    """One of the partnership's recommendations, with its audit, the theme it
    was proposed from and how many of its findings have been removed since
    (``with_removed_findings``)."""
    return (
        with_removed_findings(Recommendation.objects.filter(partnership=partnership, pk=pk))
        .select_related("audit__programme", "proposed_from")
        .first()
    )


def theme_changed_since_by(theme: Theme, version: int) -> set:
    """Who changed ``theme`` after ``version``: every move of its version is a
    ``theme.updated`` logged on it (``services.theme_update``); ``None`` among
    them for one not found (a version moved by a migration)."""
    return changed_since_by(theme, version, ("theme.updated",))


def themes_by_key(partnership) -> dict[str, Theme]:
    """Every theme of the partnership, retired ones too, by its stable key."""
    return {theme.key: theme for theme in themes_of(partnership, include_retired=True)}


def themes_with_counts(partnership):
    """Every theme, with how many findings that count have it confirmed
    (``uses``: ``counting.counted_themes``, as the themes over the years count)."""
    return themes_of(partnership, include_retired=True).annotate(uses=Count("tags", filter=counted_themes("tags__")))


# The meeting -------------------------------------------------------------------------------------


def meeting_of(audit: Audit) -> Meeting | None:
    return Meeting.objects.filter(partnership_id=audit.partnership_id, audit=audit).first()


def meetings_held_on(partnership_id: int, audit_ids: list[int]) -> dict:
    """For each of ``audit_ids`` whose meeting was recorded as held, the day it
    was (``programme.meeting_day``: every page shows it in place of the plan)."""
    return dict(
        Meeting.objects.filter(partnership_id=partnership_id, audit_id__in=audit_ids, held_on__isnull=False)
        .values_list("audit_id", "held_on")
        .order_by()
    )


def meeting_held_day():
    """As an expression on ``Audit``, the day its meeting was recorded as held
    (null until then): ``meetings_held_on`` for a list ordered in the database
    (``programme.meeting_day.day_shown``)."""
    return Subquery(
        Meeting.objects.filter(
            partnership_id=OuterRef("partnership_id"), audit_id=OuterRef("pk"), held_on__isnull=False
        ).values("held_on")[:1]
    )


# Every change that moves a meeting record's version on (its date and
# judgements, or who came) is one of these, logged once on it in the same
# transaction (``services.meeting``); it is made at version 1 by
# ``meeting.started``, which a page opened before it existed (version 0) counts.
# The retention run's scrubbing moves it on unlogged, but only once every audit
# of the case is finished, when the meeting record can no longer be changed.
MEETING_VERSION_MOVES = ("meeting.started", "meeting.updated", "meeting.attendance_updated")


def meeting_changed_since_by(meeting: Meeting, version: int) -> set:
    """Who changed ``meeting`` after ``version`` (``audit_trail.selectors.changed_since_by``);
    ``None`` among them for maca's own change (the retention run) or one not found."""
    return changed_since_by(meeting, version, MEETING_VERSION_MOVES)


def discussion_changed_since_by(discussion: CaseDiscussion, version: int) -> set:
    """Who changed the discussion of a case after ``version``: each save of it,
    its first (version 1) included, is logged once on its case as
    ``meeting.case_discussed`` (``services.discussion_save``)."""
    return changed_since_by(discussion, version, ("meeting.case_discussed",), logged_on=discussion.audit_case)


def attendance_of(meeting: Meeting | None) -> list[MeetingAttendance]:
    if meeting is None:
        return []
    return list(
        MeetingAttendance.objects.filter(partnership_id=meeting.partnership_id, meeting=meeting).select_related(
            "agency__parent"
        )
    )


def discussions_by_case(audit: Audit) -> dict[int, CaseDiscussion]:
    """``{audit_case_id: discussion}`` for the audit's cases that have one."""
    rows = CaseDiscussion.objects.filter(partnership_id=audit.partnership_id, meeting__audit=audit).select_related(
        "scale"
    )
    return {row.audit_case_id: row for row in rows}


def audit_cases_of(audit: Audit) -> list[AuditCase]:
    """The audit's current cases in number order, with their agencies."""
    return list(
        AuditCase.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.current().select_related("agency__parent").order_by("agency__name"),
                to_attr="current_assignments",
            )
        )
        .order_by("number")
    )


def audit_case_in(audit: Audit):
    """The audit's current cases, to pick one from by id (with its case)."""
    return AuditCase.objects.current().filter(partnership_id=audit.partnership_id, audit=audit).select_related("case")


def removed_finding_in(audit: Audit, pk) -> Finding | None:
    """The audit's finding ``pk`` if it has been removed, else None."""
    return (
        Finding.objects.filter(partnership_id=audit.partnership_id, audit=audit, pk=pk, removed_at__isnull=False)
        .select_related("audit_case")
        .first()
    )


def finding_in(audit: Audit):
    """The audit's current findings, to pick one from by id."""
    return (
        Finding.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .select_related("audit_case", "agency__parent", "source_return__agency__parent")
    )


def responded_returns_of_case(audit_case: AuditCase) -> list[Return]:
    """The case's returns that agencies have sent, by agency name."""
    return list(
        Return.objects.live()
        .filter(partnership_id=audit_case.partnership_id, audit_case=audit_case, status__in=RESPONDED_STATUSES)
        .select_related("agency__parent")
        .order_by("agency__name")
    )


def return_of_case(audit_case: AuditCase, pk) -> Return | None:
    """One live return of the case, or None (also for an id that is not a number)."""
    pk = whole_number(pk)
    if pk is None:
        return None
    return (
        Return.objects.live()
        .filter(partnership_id=audit_case.partnership_id, audit_case=audit_case, pk=pk)
        .select_related("audit", "audit_case", "agency__parent")
        .first()
    )


def responded_summative_returns(audit: Audit) -> list[Return]:
    """A deep dive's summative reports (one an agency, across its cases) that
    agencies have sent, by agency name: none for any other audit."""
    return list(
        Return.objects.live()
        .filter(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case__isnull=True,
            status__in=RESPONDED_STATUSES,
        )
        .select_related("agency__parent")
        .order_by("agency__name")
    )


def summative_return_of(audit: Audit, pk) -> Return | None:
    """One live summative report of the audit, or None (also for an id that is not a number)."""
    pk = whole_number(pk)
    if pk is None:
        return None
    return (
        Return.objects.live()
        .filter(partnership_id=audit.partnership_id, audit=audit, audit_case__isnull=True, pk=pk)
        .select_related("audit", "agency__parent")
        .first()
    )


def written_questions(tool_version_ids) -> dict[int, list[dict]]:
    """``{tool_version_id: [{"key", "text"}]}``: the questions answered in
    words, in form order, of the given tool versions."""
    by_version: dict[int, list[dict]] = {}
    questions = Question.objects.filter(section__version_id__in=set(tool_version_ids), kind=QuestionKind.TEXT)
    for q in questions.order_by("section__position", "position").values("section__version_id", "key", "text"):
        by_version.setdefault(q.pop("section__version_id"), []).append(q)
    return by_version


def involved_agencies(audit: Audit) -> list:
    """Every agency asked to audit a case of this audit, by name."""
    rows = (
        Assignment.objects.current()
        .filter(partnership_id=audit.partnership_id, audit_case__audit=audit, audit_case__removed_at__isnull=True)
        .select_related("agency__parent")
        .order_by("agency__name")
    )
    seen: dict[int, object] = {}
    for row in rows:
        seen.setdefault(row.agency_id, row.agency)
    return list(seen.values())


# Findings ----------------------------------------------------------------------------------------

_CONFIRMED_TAGS = Prefetch("tags", queryset=FindingTag.objects.select_related("theme"), to_attr="confirmed_tags")


def findings_of_audit(audit: Audit):
    """The audit's current findings, each with ``confirmed_tags`` (with their themes)."""
    return (
        Finding.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .select_related("audit_case", "agency__parent", "source_return__agency__parent")
        .prefetch_related(_CONFIRMED_TAGS)
        .order_by("audit_case__number", "polarity", "id")
    )


def unconfirmed_count(audit: Audit) -> int:
    """How many of the audit's current findings have themes nobody has
    confirmed yet: those the meeting page lists under "Themes to confirm"
    (``presenters.unconfirmed_findings``), on a case still in the audit or
    across cases (``findings_awaiting_themes_of_audits``)."""
    return findings_awaiting_themes_of_audits([audit.pk], partnership_id=audit.partnership_id).count()


def findings_by_case(audit: Audit) -> dict[int | None, list[Finding]]:
    """``{audit_case_id: [findings]}``; cross-case findings under ``None``."""
    grouped: dict[int | None, list[Finding]] = defaultdict(list)
    for finding in findings_of_audit(audit):
        grouped[finding.audit_case_id].append(finding)
    return dict(grouped)


def findings_of_case(audit_case: AuditCase):
    return findings_of_audit(audit_case.audit).filter(audit_case=audit_case)


def confirmed_findings_of_audit(audit: Audit):
    """Findings whose themes a person has confirmed: what reports use."""
    return findings_of_audit(audit).filter(tags_confirmed_at__isnull=False)


def findings_published_of_audits(audit_ids, *, partnership_id: int):
    """The findings an audit's publications list and count: its current
    findings whose themes a person has confirmed (what reports use). An
    audit's strengths and findings, in a briefing and in the year's report
    alike, are these (good practice, its own kind, in neither count)."""
    return Finding.objects.current().filter(
        partnership_id=partnership_id, audit_id__in=list(audit_ids), tags_confirmed_at__isnull=False
    )


def findings_awaiting_themes_of_audits(audit_ids, *, partnership_id: int):
    """The audits' current findings that publications leave out until a
    person confirms their themes, and that the meeting page lists under
    "Themes to confirm": on a case still in the audit, or across cases (a
    finding of a case taken out is in no publication and waits for nothing)."""
    return (
        Finding.objects.current()
        .filter(partnership_id=partnership_id, audit_id__in=list(audit_ids), tags_confirmed_at__isnull=True)
        .filter(Q(audit_case__isnull=True) | Q(audit_case__removed_at__isnull=True))
    )


def findings_shown_of_audits(partnership, audits):
    """The findings a board member reads of ``audits`` (their findings page,
    ``views.cases.audit_findings``): the published findings of the audits
    (``findings_published_of_audits``) from their meeting on
    (``access.SHOWN_STAGES``), none of an audit before it.
    The one rule for the board's pages and the annual report's counts."""
    from maca.findings.access import SHOWN_STAGES

    return findings_published_of_audits(
        (audit.pk for audit in audits if audit.stage in SHOWN_STAGES), partnership_id=partnership.pk
    )


def findings_shown_of_audit(audit: Audit):
    """``findings_shown_of_audits`` of one audit, with ``confirmed_tags``."""
    return confirmed_findings_of_audit(audit).filter(
        pk__in=findings_shown_of_audits(audit.partnership, [audit]).values("pk")
    )


def confirmed_themes(finding: Finding) -> list[Theme]:
    tags = getattr(finding, "confirmed_tags", None)
    if tags is None:
        tags = FindingTag.objects.filter(finding=finding).select_related("theme")
    return [tag.theme for tag in tags]


def confirmed_tags(partnership, *, audit_ids=None):
    """Confirmed tags of the partnership's current findings (optionally of some
    audits), with finding, theme and audit read: the rows recurrence counts."""
    tags = FindingTag.objects.filter(partnership=partnership, finding__removed_at__isnull=True).select_related(
        "theme", "finding__audit", "finding__audit_case"
    )
    if audit_ids is not None:
        tags = tags.filter(finding__audit_id__in=list(audit_ids))
    return tags


def finding_for_answer(return_record, question_key: str) -> Finding | None:
    """The current finding already taken from this answer of a return, if any."""
    return (
        Finding.objects.current()
        .filter(partnership_id=return_record.partnership_id, source_return=return_record)
        .filter(source_question_key=question_key)
        .first()
    )


def taken_answers(audit: Audit) -> dict[tuple[int, str], int]:
    """``{(return id, question key): finding id}`` for answers already taken."""
    rows = (
        Finding.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit, source_return__isnull=False)
        .values_list("source_return_id", "source_question_key", "id")
    )
    return {(r, key): pk for r, key, pk in rows}


def confirmed_examples(partnership) -> list[Example]:
    """The partnership's confirmed tags as examples the tagger learns from:
    every current finding whose themes a person confirmed, oldest first (so
    the tagger's ties break the same way every time)."""
    findings = (
        Finding.objects.current()
        .filter(partnership=partnership, tags_confirmed_at__isnull=False)
        .prefetch_related(Prefetch("tags", queryset=FindingTag.objects.select_related("theme")))
        .order_by("tags_confirmed_at", "id")
    )
    return [
        Example(
            text=f.text,
            themes=tuple(t.theme.key for t in f.tags.all()),
            polarity=f.polarity,
            id=f.pk,
            rejected=tuple(f.rejected_theme_keys or ()),
        )
        for f in findings
    ]


# Across cases ------------------------------------------------------------------------------------


def recommendations_of(audit: Audit, *, statuses=None):
    recommendations = (
        Recommendation.objects.filter(partnership_id=audit.partnership_id, audit=audit)
        .prefetch_related("themes", "findings")
        .order_by("position", "id")
    )
    if statuses is not None:
        recommendations = recommendations.filter(status__in=list(statuses))
    return recommendations


def confirmed_recommendations_of(audit: Audit):
    return recommendations_of(audit, statuses=[RecommendationStatus.CONFIRMED])


def confirmed_recommendations_of_audits(audit_ids):
    """``confirmed_recommendations_of`` several audits at once, in each audit's order."""
    return Recommendation.objects.filter(audit_id__in=list(audit_ids), status=RecommendationStatus.CONFIRMED).order_by(
        "audit_id", "position", "id"
    )


# Immediate concerns and feedback -----------------------------------------------------------------


def immediate_concerns_of(audit: Audit):
    return (
        ImmediateConcern.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .select_related("audit_case", "agency__parent", "raised_by", "acknowledged_by")
    )


def concerns_for(membership):
    """The immediate concerns a person may see: every one for those who record
    meetings; their own agency's (and its sub-units') for an agency lead."""
    from maca.selection.selectors import agency_scope

    concerns = (
        ImmediateConcern.objects.current()
        .filter(partnership_id=membership.partnership_id)
        .select_related("audit", "audit_case", "agency__parent", "raised_by", "acknowledged_by")
    )
    if membership.can(Capability.RECORD_MEETING):
        return concerns
    if membership.can(Capability.RESPOND_TO_CONCERNS):
        return concerns.filter(agency_id__in=agency_scope(membership))
    return concerns.none()


def open_concerns_for(membership):
    return concerns_for(membership).filter(acknowledged_at__isnull=True).order_by("raised_at", "id")


def feedback_of(audit: Audit):
    return PractitionerFeedback.objects.filter(partnership_id=audit.partnership_id, audit=audit).select_related(
        "audit_case", "agency__parent", "given_by"
    )


def audited_assignments():
    """The agencies that audited a case: a current assignment (not taken off
    the case) whose return on it is live. An agency whose every return on the
    case was withdrawn (made in error, or taken off and the return not brought
    back) did not audit it; one with no return at all (an audit whose returns
    were never made, an imported past audit) did, by its assignment. In a deep
    dive the return is the agency's one summative return for the audit."""
    returns = Return.objects.filter(agency_id=OuterRef("agency_id")).filter(
        Q(audit_case_id=OuterRef("audit_case_id"))
        | Q(audit_case__isnull=True, audit_id=OuterRef("audit_case__audit_id"))
    )
    return Assignment.objects.current().filter(~Exists(returns) | Exists(returns.live()))


def agencies_that_audited(audit_case: AuditCase) -> list:
    """The agencies that audited ``audit_case`` (``audited_assignments``), by name."""
    return [
        a.agency
        for a in audited_assignments()
        .filter(partnership_id=audit_case.partnership_id, audit_case=audit_case)
        .select_related("agency__parent")
        .order_by("agency__name")
    ]


def feedback_cases_for(membership):
    """The cases an agency lead may feed back on: audited by their agency
    (``audited_assignments``), in audits at 'Meeting' or later (not
    cancelled), newest audit first, as the search orders them (by the day
    its meeting was held, else planned)."""
    from maca.findings.access import FEEDBACK_STAGES
    from maca.findings.search import newest_audit_first
    from maca.selection.selectors import agency_scope

    agencies = agency_scope(membership)
    return (
        audited_assignments()
        .filter(
            partnership_id=membership.partnership_id,
            agency_id__in=agencies,
            audit_case__removed_at__isnull=True,
            audit_case__audit__stage__in=list(FEEDBACK_STAGES),
        )
        .select_related("audit_case__audit", "agency__parent")
        .order_by(*newest_audit_first("audit_case__audit__"), "audit_case__number")
    )


def feedback_given_for(membership, audit_case_ids):
    """Feedback recorded for these cases by the person's agency (and its sub-units)."""
    from maca.selection.selectors import agency_scope

    return PractitionerFeedback.objects.filter(
        partnership_id=membership.partnership_id,
        audit_case_id__in=list(audit_case_ids),
        agency_id__in=agency_scope(membership),
    )


# The return's question whose grade is the agency's overall judgement of the case
# (the shipped tools ask it); a tool without it is judged by its first grade question.
OVERALL_GRADE = "overall_grade"


@dataclass(frozen=True)
class GradeGiven:
    agency: object
    return_record: Return | None  # None: no return submitted
    grade: str  # the answer in words, or "" when none was given
    may_open: bool  # the person may open the return


@dataclass(frozen=True)
class GradesGiven:
    question: Question | None
    rows: list[GradeGiven]


def overall_grade_question(questions):
    """Of a tool's questions in their order, the one whose grade is the
    agency's overall judgement of the case: the one keyed ``overall_grade``,
    else the first grade question; None when there is no grade question. The
    meeting's agreed grade takes its scale, and the grades the agencies gave
    are read from it."""
    grades = [q for q in questions if q.kind == QuestionKind.GRADE]
    return next((q for q in grades if q.key == OVERALL_GRADE), grades[0] if grades else None)


def grades_given(audit_case: AuditCase, membership, *, agencies: list) -> GradesGiven:
    """The overall grade each agency gave the case in its submitted return:
    ``agencies`` (those auditing the case) and any agency no longer auditing
    it whose return is in. The questions are found as the counts find them
    (``returns.counting.questions_of_returns``), each return's grade read
    from its own tool version's question (a later version may grade it on
    another scale) and put in words as the return's page does
    (``tools.answers.display_value``); ``question`` is the newest version's.
    A fixed number of queries, however many agencies."""
    returns = {r.agency_id: r for r in responded_returns_of_case(audit_case)}
    found = questions_of_returns(list(returns.values())) if returns else None
    question = overall_grade_question(found.newest.values()) if found else None
    may_open = (
        set(visible_returns(membership).filter(pk__in=[r.pk for r in returns.values()]).values_list("pk", flat=True))
        if returns
        else set()
    )
    agencies = list(agencies) + [r.agency for r in returns.values() if r.agency not in agencies]
    rows = []
    for agency in agencies:
        return_record = returns.get(agency.pk)
        grade = ""
        own = overall_grade_question(found.by_version.get(return_record.tool_version_id, [])) if return_record else None
        if own is not None:
            grade = display_value(own, (return_record.answers or {}).get(own.key)) or ""
        rows.append(
            GradeGiven(agency, return_record, grade, return_record is not None and return_record.pk in may_open)
        )
    return GradesGiven(question, rows)
