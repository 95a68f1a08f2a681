"""The meeting record: its date and judgements, attendance, case discussions and grading scale."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import diff, record
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.findings.models import AttendanceStatus, CaseDiscussion, Meeting, MeetingAttendance
from maca.findings.selectors import overall_grade_question
from maca.findings.services._common import _check_recording, _long
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit, meeting_range
from maca.selection.models import AuditCase

# The version of a meeting record started and nothing saved in it yet: every
# save of the record itself (``meeting_save``, ``attendance_save``) moves it on.
STARTED_VERSION = 1


def _meeting_locked(audit: Audit, *, actor, expected_version: int | None) -> Meeting:
    """The audit's meeting, locked, created when there is none yet.

    ``expected_version`` None means the person saw no meeting record: if one
    has been saved since, theirs is a conflict like any other. One only
    started meanwhile (at version 1, by a case's discussion saved first:
    ``_meeting_started``) holds nothing they could overwrite."""
    meeting = Meeting.objects.filter(audit=audit).first()
    if meeting is None:
        return _meeting_started(audit, actor=actor)
    if expected_version is None:
        if meeting.version == STARTED_VERSION and _holds_nothing(meeting):
            return lock_for_update(meeting, expected_version=STARTED_VERSION)
        raise EditConflict(meeting, expected=None)
    return lock_for_update(meeting, expected_version=expected_version)


# The meeting record says when the meeting *was* held: never a day still to come.
MEETING_NOT_YET_HELD = "The date the meeting was held must be today or in the past"


def _check_meeting_date(audit: Audit, held_on) -> None:
    """A meeting falls in the audit's programme year (April to March) or the
    year after it (writing up can run over); not in 1900 or 2100; not before
    the day the cases were selected by (``meeting_before_selection``); and it
    has been held: today or before (``MEETING_NOT_YET_HELD``)."""
    if held_on is None:
        return
    year = audit.programme.year
    first, last = meeting_range(year)
    if not first <= held_on <= last:
        # A day still to come is refused too: while the years run on past today, they end today.
        today = timezone.localdate()
        end = "today" if first <= today < last else _long(last)
        raise ValidationError({"held_on": f"The date of the meeting must be between {_long(first)} and {end}"})
    selected_by = audit.planned_selection_date
    if selected_by is not None and held_on < selected_by:
        raise ValidationError({"held_on": meeting_before_selection(selected_by)})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": MEETING_NOT_YET_HELD})


def meeting_before_selection(selected_by) -> str:
    """The meeting discusses the cases selected, so it is held on or after the
    day they were selected by, as planning keeps the planned meeting
    (``programme.services._check_audit``: "on or after the day cases are
    selected"). Said with that day, and where to change it if the cases were
    in fact selected earlier."""
    return (
        f"The date of the meeting must be on or after the day cases were selected by, {_long(selected_by)} "
        "(if they were selected earlier, change ‘Cases selected by’ in the audit’s plan first)"
    )


def meeting_save(
    *,
    actor,
    audit: Audit,
    held_on,
    returns_quality: str,
    attendance_judgement: str,
    notes: str,
    expected_version: int | None,
) -> Meeting:
    """The meeting's date and the judgement on the audit itself."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        _check_recording(audit)
        meeting = _meeting_locked(audit, actor=actor, expected_version=expected_version)
        if held_on != meeting.held_on:
            # Checked when it is given: a day saved before (under older rules, or before the
            # plan's dates moved) does not stop the notes and judgements being saved.
            _check_meeting_date(audit, held_on)
        before = {
            "held_on": meeting.held_on,
            "returns_quality": meeting.returns_quality,
            "attendance_judgement": meeting.attendance_judgement,
            "notes": meeting.notes,
        }
        meeting.held_on = held_on
        meeting.returns_quality = returns_quality.strip()
        meeting.attendance_judgement = attendance_judgement.strip()
        meeting.notes = notes.strip()
        meeting.updated_by = actor
        bump_version(meeting)
        meeting.save()
        after = {
            "held_on": meeting.held_on,
            "returns_quality": meeting.returns_quality,
            "attendance_judgement": meeting.attendance_judgement,
            "notes": meeting.notes,
        }
        changed = diff(before, after)
        record(
            actor=actor,
            action="meeting.updated",
            partnership=audit.partnership,
            target=meeting,
            # The date; for the free text, only which parts changed.
            changes={"held_on": changed.get("held_on"), "fields": sorted(changed)},
        )
    return meeting


def attendance_save(
    *, actor, audit: Audit, rows: list[dict], expected_version: int | None, others: str | None = None
) -> Meeting:
    """Who came: ``rows`` of ``{"agency": Agency, "status": "attended" |
    "apologies" | "absent" | "", "people": str}``; an empty status removes the
    agency's entry. ``others``: who else came, in words (the partnership's own
    staff, a partner not auditing a case); ``None`` leaves it as it is. The
    meeting's version guards against two people saving at once."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        _check_recording(audit)
        meeting = _meeting_locked(audit, actor=actor, expected_version=expected_version)
        existing = {row.agency_id: row for row in MeetingAttendance.objects.filter(meeting=meeting)}
        summary: dict[str, str] = {}
        for row in rows:
            agency, status, people = row["agency"], row["status"], row.get("people", "").strip()
            if agency.partnership_id != audit.partnership_id:
                raise ValidationError("That agency is not part of this partnership.")
            current = existing.get(agency.pk)
            if not status and people:
                raise ValidationError(
                    f"Select whether {agency_name(agency)} attended, sent apologies or did not attend"
                )
            if not status:
                if current is not None:
                    current.delete()
                    summary[agency.name] = "not recorded"
                continue
            if current is None:
                MeetingAttendance.objects.create(
                    partnership_id=audit.partnership_id, meeting=meeting, agency=agency, status=status, people=people
                )
            elif (current.status, current.people) != (status, people):
                current.status, current.people = status, people
                current.save(update_fields=["status", "people"])
            else:
                continue
            summary[agency.name] = AttendanceStatus(status).label
        changes: dict = {"attendance": summary}
        if others is not None and others.strip() != meeting.others_attending:
            meeting.others_attending = others.strip()
            changes["others_attending"] = "changed"
        meeting.updated_by = actor
        bump_version(meeting)
        meeting.save()
        record(
            actor=actor,
            action="meeting.attendance_updated",
            partnership=audit.partnership,
            target=meeting,
            changes=changes,
        )
    return meeting


def discussion_save(
    *, actor, audit_case: AuditCase, notes: str, agreed_grade: str, expected_version: int | None
) -> CaseDiscussion:
    """The meeting's notes on one case, and the overall grade it agreed (a
    level of the case's grading scale, :func:`grading_scale_of`, or empty)."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
        _check_recording(audit)
        discussion = CaseDiscussion.objects.filter(audit_case=audit_case).first()
        if discussion is None:
            if expected_version is not None:
                raise ValidationError("This case’s discussion could not be found. Reload the page.")
            meeting = _meeting_started(audit, actor=actor)
            discussion = CaseDiscussion(partnership_id=audit.partnership_id, meeting=meeting, audit_case=audit_case)
            before = {"notes": "", "agreed_grade": ""}
        else:
            if expected_version is None:
                raise EditConflict(discussion, expected=None)
            discussion = lock_for_update(discussion, expected_version=expected_version)
            bump_version(discussion)
            before = {"notes": discussion.notes, "agreed_grade": discussion.agreed_grade}
        scale = grading_scale_of(audit, audit_case)
        if agreed_grade and (scale is None or agreed_grade not in {str(lv["value"]) for lv in scale.levels}):
            raise ValidationError({"agreed_grade": "Select one of the grades shown"})
        discussion.notes = notes.strip()
        discussion.agreed_grade = agreed_grade
        discussion.scale = scale
        discussion.updated_by = actor
        discussion.save()
        changed = diff(before, {"notes": discussion.notes, "agreed_grade": agreed_grade})
        record(
            actor=actor,
            action="meeting.case_discussed",
            partnership=audit.partnership,
            target=audit_case,
            changes={"agreed_grade": changed.get("agreed_grade"), "fields": sorted(changed)},
        )
    return discussion


def _holds_nothing(meeting: Meeting) -> bool:
    """A record only started: nothing of its own written in it (an imported
    past audit's record is made at version 1 with its date and notes)."""
    written = (meeting.returns_quality, meeting.attendance_judgement, meeting.others_attending, meeting.notes)
    return meeting.held_on is None and not any(written)


def _meeting_started(audit: Audit, *, actor) -> Meeting:
    meeting = Meeting.objects.filter(audit=audit).first()
    if meeting is None:
        meeting = Meeting.objects.create(partnership_id=audit.partnership_id, audit=audit, created_by=actor)
        record(actor=actor, action="meeting.started", partnership=audit.partnership, target=meeting, changes={})
    return meeting


def _version_returns_grade_on(audit: Audit, audit_case: AuditCase | None):
    """The tool version of the first return sent (submitted or accepted), else
    of the first return not withdrawn: the case's, then the audit's; None
    when the audit has no returns."""
    from maca.returns.models import RESPONDED_STATUSES, Return

    returns = Return.objects.filter(partnership_id=audit.partnership_id, audit=audit).live()
    places = ([returns.filter(audit_case=audit_case)] if audit_case is not None else []) + [returns]
    for place in places:
        for wanted in (place.filter(status__in=RESPONDED_STATUSES), place):
            version_id = wanted.values_list("tool_version_id", flat=True).first()
            if version_id is not None:
                return version_id
    return None


def grading_scale_of(audit: Audit, audit_case: AuditCase | None = None):
    """The scale the meeting's grade is shown and chosen on.

    For a case whose grade is agreed, the scale it was agreed on: a tool
    version published since, with another scale, leaves it as agreed.
    Otherwise the scale of the tool's overall grade question
    (``selectors.overall_grade_question``) in the version of the returns
    agencies have sent (submitted or accepted), else of any return not
    withdrawn, the case's before the audit's (returns sent keep their version
    when a new one is published; returns nobody started move to it); with no
    returns, the latest published version with grade questions (never a
    draft); the shipped Ofsted four-point scale when the tool has no grade
    questions."""
    from maca.tools.defaults import OFSTED_FOUR_POINT
    from maca.tools.models import GradingScale, Question, QuestionKind, VersionStatus

    if audit_case is not None:
        agreed = (
            CaseDiscussion.objects.filter(partnership_id=audit.partnership_id, audit_case=audit_case)
            .exclude(agreed_grade="")
            .exclude(scale=None)
            .select_related("scale")
            .first()
        )
        if agreed is not None:
            return agreed.scale
    version_id = _version_returns_grade_on(audit, audit_case)
    questions = Question.objects.filter(kind=QuestionKind.GRADE, scale__isnull=False).select_related("scale")
    if version_id is None and audit.tool_id is not None:
        version_id = (
            questions.filter(section__version__tool_id=audit.tool_id)
            .exclude(section__version__status=VersionStatus.DRAFT)
            .order_by("-section__version__number")
            .values_list("section__version_id", flat=True)
            .first()
        )
    candidates = (
        questions.filter(section__version_id=version_id).order_by("section__position", "position")
        if version_id is not None
        else []
    )
    question = overall_grade_question(candidates)
    if question is not None:
        return question.scale
    return GradingScale.objects.filter(partnership__isnull=True, key=OFSTED_FOUR_POINT).first()
