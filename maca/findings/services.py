"""Writing the meeting, findings, themes, immediate concerns and feedback.
Each function runs in one transaction and writes its audit record in it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from maca.audit_trail.services import diff, record
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.findings.access import CONCERN_STAGES, FEEDBACK_STAGES, RECORDING_STAGES, recording_opens_text
from maca.findings.meaning import keep_meaning
from maca.findings.models import (
    AttendanceStatus,
    CaseDiscussion,
    Finding,
    FindingKind,
    FindingSource,
    FindingTag,
    ImmediateConcern,
    Meeting,
    MeetingAttendance,
    Polarity,
    PractitionerFeedback,
    Theme,
)
from maca.findings.suggesting import as_stored, field_of, suggest_for
from maca.findings.taxonomy import DEFAULT_THEMES
from maca.programme.models import Audit, Stage
from maca.selection.models import Assignment, AuditCase

# Themes -------------------------------------------------------------------------------------------


def themes_ensure(*, partnership) -> int:
    """Give ``partnership`` every default theme it does not have yet (by key).

    Idempotent; never revives a retired theme nor renames one back. Returns
    how many were added. Called when a partnership is created.
    """
    with transaction.atomic():
        have = set(Theme.objects.filter(partnership=partnership).values_list("key", flat=True))
        missing = [
            Theme(
                partnership=partnership,
                key=theme.id,
                name=theme.name,
                description=theme.description,
                is_default=True,
                position=i,
            )
            for i, theme in enumerate(DEFAULT_THEMES, start=1)
            if theme.id not in have
        ]
        Theme.objects.bulk_create(missing)
    return len(missing)


def _unique_key(partnership, name: str) -> str:
    base = (slugify(name).replace("-", "_") or "theme")[:50]
    key, n = base, 1
    while Theme.objects.filter(partnership=partnership, key=key).exists():
        n += 1
        key = f"{base}_{n}"
    return key


def _name_clash(partnership, name: str, *, exclude=None) -> bool:
    clash = Theme.objects.filter(partnership=partnership, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    return clash.exists()


def theme_create(*, actor, partnership, name: str, description: str = "") -> Theme:
    """A theme of the partnership's own. Its key is made from its first name
    and never changes; the tagger learns it from confirmed examples alone."""
    name, description = name.strip(), description.strip()
    with transaction.atomic():
        if _name_clash(partnership, name):
            raise ValidationError({"name": "There is already a theme with this name"})
        last = Theme.objects.filter(partnership=partnership).aggregate(m=Max("position"))["m"] or 0
        theme = Theme.objects.create(
            partnership=partnership,
            key=_unique_key(partnership, name),
            name=name,
            description=description,
            position=last + 1,
            updated_by=actor,
        )
        record(
            actor=actor,
            action="theme.created",
            partnership=partnership,
            target=theme,
            changes={"key": theme.key, "name": name, "description": description},
        )
    return theme


def theme_update(*, actor, theme: Theme, name: str, description: str, is_retired: bool, expected_version: int) -> Theme:
    """Rename a theme, change its description, retire it or bring it back.
    Its key, and every finding's tag, stay as they are."""
    name, description = name.strip(), description.strip()
    with transaction.atomic():
        theme = lock_for_update(theme, expected_version=expected_version)
        if _name_clash(theme.partnership, name, exclude=theme):
            raise ValidationError({"name": "There is already a theme with this name"})
        before = {"name": theme.name, "description": theme.description, "is_retired": theme.is_retired}
        if is_retired and not theme.is_retired:
            theme.retired_at = timezone.now()
        if not is_retired:
            theme.retired_at = None
        theme.name, theme.description, theme.is_retired = name, description, is_retired
        theme.updated_by = actor
        bump_version(theme)
        theme.save()
        record(
            actor=actor,
            action="theme.updated",
            partnership=theme.partnership,
            target=theme,
            changes=diff(before, {"name": name, "description": description, "is_retired": is_retired}),
        )
    return theme


# The meeting ---------------------------------------------------------------------------------------


def _check_recording(audit: Audit) -> None:
    if audit.stage not in RECORDING_STAGES:
        raise ValidationError(recording_opens_text(audit))


def _meeting_locked(audit: Audit, *, actor, expected_version: int | None) -> Meeting:
    """The audit's meeting, locked, created when there is none yet.

    ``expected_version`` None means the person saw no meeting record: if one
    has been made since, theirs is a conflict like any other."""
    meeting = Meeting.objects.filter(audit=audit).first()
    if meeting is None:
        return _meeting_started(audit, actor=actor)
    if expected_version is None:
        raise EditConflict(meeting, expected=None)
    return lock_for_update(meeting, expected_version=expected_version)


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _check_meeting_date(audit: Audit, held_on) -> None:
    """A meeting falls in the audit's programme year (April to March) or the
    year after it (writing up can run over); not in 1900 or 2100."""
    if held_on is None:
        return
    year = audit.programme.year
    first, last = dt.date(year, 4, 1), dt.date(year + 2, 3, 31)
    if not first <= held_on <= last:
        raise ValidationError(
            {
                "held_on": f"The date of the meeting must be between {_long(first)} and {_long(last)}: "
                f"in the audit’s programme year ({audit.programme}) or the year after"
            }
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
        _check_meeting_date(audit, held_on)
        meeting = _meeting_locked(audit, actor=actor, expected_version=expected_version)
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


def attendance_save(*, actor, audit: Audit, rows: list[dict], expected_version: int | None) -> Meeting:
    """Who came: ``rows`` of ``{"agency": Agency, "status": "attended" |
    "apologies" | "absent" | "", "people": str}``; an empty status removes the
    agency's entry. The meeting's version guards against two people saving
    at once."""
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
                raise ValidationError(f"Select whether {agency.name} attended, sent apologies or was absent")
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
        meeting.updated_by = actor
        bump_version(meeting)
        meeting.save()
        record(
            actor=actor,
            action="meeting.attendance_updated",
            partnership=audit.partnership,
            target=meeting,
            changes={"attendance": summary},
        )
    return meeting


def discussion_save(
    *, actor, audit_case: AuditCase, notes: str, agreed_grade: str, expected_version: int | None
) -> CaseDiscussion:
    """The meeting's notes on one case, and the overall grade it agreed (a
    level of the grading scale the audit's tool uses, or empty)."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
        _check_recording(audit)
        scale = grading_scale_of(audit)
        if agreed_grade and (scale is None or agreed_grade not in {str(lv["value"]) for lv in scale.levels}):
            raise ValidationError({"agreed_grade": "Select one of the grades shown"})
        discussion = CaseDiscussion.objects.filter(audit_case=audit_case).first()
        if discussion is None:
            if expected_version is not None:
                raise ValidationError("This case's discussion could not be found. Reload the page.")
            meeting = _meeting_started(audit, actor=actor)
            discussion = CaseDiscussion(partnership_id=audit.partnership_id, meeting=meeting, audit_case=audit_case)
            before = {"notes": "", "agreed_grade": ""}
        else:
            if expected_version is None:
                raise EditConflict(discussion, expected=None)
            discussion = lock_for_update(discussion, expected_version=expected_version)
            bump_version(discussion)
            before = {"notes": discussion.notes, "agreed_grade": discussion.agreed_grade}
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


def _meeting_started(audit: Audit, *, actor) -> Meeting:
    meeting = Meeting.objects.filter(audit=audit).first()
    if meeting is None:
        meeting = Meeting.objects.create(partnership_id=audit.partnership_id, audit=audit, created_by=actor)
        record(actor=actor, action="meeting.started", partnership=audit.partnership, target=meeting, changes={})
    return meeting


def grading_scale_of(audit: Audit):
    """The scale the audit's returns grade on: the scale of the first grade
    question of the tool version its returns use (the latest version when no
    return exists yet); the shipped Ofsted four-point scale when the tool has
    no grade questions."""
    from maca.returns.models import Return
    from maca.tools.defaults import OFSTED_FOUR_POINT
    from maca.tools.models import GradingScale, Question, QuestionKind

    version_id = (
        Return.objects.filter(partnership_id=audit.partnership_id, audit=audit)
        .values_list("tool_version_id", flat=True)
        .first()
    )
    questions = Question.objects.filter(kind=QuestionKind.GRADE, scale__isnull=False).select_related("scale")
    if version_id is not None:
        question = questions.filter(section__version_id=version_id).order_by("section__position", "position").first()
    elif audit.tool_id is not None:
        question = (
            questions.filter(section__version__tool_id=audit.tool_id)
            .order_by("-section__version__number", "section__position", "position")
            .first()
        )
    else:
        question = None
    if question is not None:
        return question.scale
    return GradingScale.objects.filter(partnership__isnull=True, key=OFSTED_FOUR_POINT).first()


# Findings ------------------------------------------------------------------------------------------


def _suggest_into(finding: Finding, *, field: str | None):
    """Suggestions for the finding's text; returns the text's sentence
    embedding (None without the model), to keep once the finding is saved."""
    suggestion = suggest_for(finding.partnership, finding.text, field=field, finding_id=finding.pk)
    finding.suggestions = as_stored(suggestion)
    finding.suggested_polarity = suggestion.polarity
    finding.suggested_polarity_reason = suggestion.polarity_reason
    return suggestion.vector


def _check_case(audit: Audit, audit_case: AuditCase | None, agency) -> None:
    if audit_case is not None and (audit_case.audit_id != audit.pk or audit_case.removed_at is not None):
        raise ValidationError("That case is not part of this audit.")
    if agency is not None and agency.partnership_id != audit.partnership_id:
        raise ValidationError({"agency": "Select one of the agencies shown"})


GOOD_PRACTICE_IS_A_STRENGTH = (
    "Good practice resulting from the audit is a strength: select strength, or choose another kind"
)


def finding_create(
    *,
    actor,
    audit: Audit,
    audit_case: AuditCase | None,
    text: str,
    kind: str = FindingKind.FINDING,
    polarity: str | None = None,
    agency=None,
    source: str = FindingSource.MEETING,
    field: str | None = None,
) -> Finding:
    """A strength or finding written at the meeting (``audit_case`` None for a
    cross-case one). maca suggests its themes and polarity at once; the
    polarity given, if any, is kept, otherwise the suggested one is used until
    a person confirms it."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the strength or finding"})
    if kind == FindingKind.GOOD_PRACTICE:
        if polarity == Polarity.CONCERN:
            raise ValidationError({"polarity": GOOD_PRACTICE_IS_A_STRENGTH})
        polarity = Polarity.STRENGTH
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        _check_recording(audit)
        _check_case(audit, audit_case, agency)
        finding = Finding(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case=audit_case,
            agency=agency,
            kind=kind,
            text=text,
            source=source,
            created_by=actor,
            updated_by=actor,
        )
        vector = _suggest_into(finding, field=field)
        finding.polarity = polarity or finding.suggested_polarity
        finding.save()
        keep_meaning(finding, vector)
        record(
            actor=actor,
            action="finding.created",
            partnership=audit.partnership,
            target=finding,
            changes={
                "case": audit_case.number if audit_case else None,
                "agency": agency.name if agency else None,
                "polarity": finding.polarity,
                "kind": kind,
                "suggested": [s["theme"] for s in finding.suggestions],
            },
        )
    return finding


def answer_text(return_record, question_key: str) -> str:
    """The text of a return's answer that can become a finding, or an error."""
    from maca.tools.models import Question, QuestionKind

    question = Question.objects.filter(section__version=return_record.tool_version_id, key=question_key).first()
    if question is None or question.kind != QuestionKind.TEXT:
        raise ValidationError("Only a written answer of the return can be taken as a finding.")
    value = (return_record.answers or {}).get(question_key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("That question has no answer in this return.")
    return value.strip()


def finding_from_answer(*, actor, return_record, question_key: str) -> tuple[Finding, bool]:
    """Take one written answer of an agency's return as a finding of its case,
    about that agency, with one click: polarity from the field it was written
    in (a strengths or worries question) or suggested. Returns the finding and
    whether it is new: an answer already taken gives the finding made from it."""
    from maca.returns.models import ReturnStatus

    with transaction.atomic():
        from maca.findings.selectors import finding_for_answer

        existing = finding_for_answer(return_record, question_key)
        if existing is not None:
            return existing, False
        if return_record.status == ReturnStatus.WITHDRAWN:
            raise ValidationError("This return was withdrawn.")
        text = answer_text(return_record, question_key)
        field = field_of(question_key)
        finding = finding_create(
            actor=actor,
            audit=return_record.audit,
            audit_case=return_record.audit_case,
            agency=return_record.agency,
            text=text,
            polarity={"strengths": Polarity.STRENGTH, "worries": Polarity.CONCERN}.get(field or ""),
            source=FindingSource.RETURN,
            field=field,
        )
        finding.source_return = return_record
        finding.source_question_key = question_key
        finding.save(update_fields=["source_return", "source_question_key"])
    return finding, True


def finding_update(*, actor, finding: Finding, text: str, kind: str, agency, expected_version: int) -> Finding:
    """Change a finding's words, kind or agency. New words get new suggestions;
    the confirmed themes stay until a person changes them."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the strength or finding"})
    with transaction.atomic():
        finding = lock_for_update(finding, expected_version=expected_version)
        if finding.removed_at is not None:
            raise ValidationError("This finding was removed.")
        _check_recording(finding.audit)
        _check_case(finding.audit, None, agency)
        if kind == FindingKind.GOOD_PRACTICE and finding.polarity == Polarity.CONCERN:
            raise ValidationError(
                {"kind": "This is recorded as a concern. Good practice resulting from the audit must be a strength"}
            )
        before = {"text": finding.text, "kind": finding.kind, "agency": finding.agency.name if finding.agency else None}
        new_words = text != finding.text
        if new_words:
            finding.text = text
            vector = _suggest_into(
                finding, field=field_of(finding.source_question_key) if finding.source_return_id else None
            )
        finding.kind, finding.agency = kind, agency
        finding.updated_by = actor
        bump_version(finding)
        finding.save()
        if new_words:
            keep_meaning(finding, vector)
        changed = diff(before, {"text": text, "kind": kind, "agency": agency.name if agency else None})
        if "text" in changed:
            changed["text"] = "changed"  # the words stay out of the audit log
        record(actor=actor, action="finding.updated", partnership=finding.partnership, target=finding, changes=changed)
    return finding


def finding_confirm_tags(
    *, actor, finding: Finding, polarity: str, theme_keys: list[str], expected_version: int
) -> Finding:
    """A person confirms the finding's polarity and themes: the ticked themes
    become its tags (whether maca suggested each is kept), suggestions left
    unticked are recorded as rejected. Confirmed tags are what reports use,
    and what the tagger learns from."""
    if polarity not in Polarity.values:
        raise ValidationError({"polarity": "Select strength or concern"})
    with transaction.atomic():
        finding = lock_for_update(finding, expected_version=expected_version)
        if finding.removed_at is not None:
            raise ValidationError("This finding was removed.")
        _check_recording(finding.audit)
        themes = {t.key: t for t in Theme.objects.filter(partnership_id=finding.partnership_id, key__in=theme_keys)}
        unknown = set(theme_keys) - set(themes)
        if unknown:
            raise ValidationError({"themes": "Select themes from the list"})
        current = {tag.theme.key: tag for tag in FindingTag.objects.filter(finding=finding).select_related("theme")}
        newly_retired = [k for k in theme_keys if themes[k].is_retired and k not in current]
        if newly_retired:
            raise ValidationError({"themes": "A retired theme cannot be added to a finding"})
        if finding.kind == FindingKind.GOOD_PRACTICE and polarity == Polarity.CONCERN:
            raise ValidationError({"polarity": GOOD_PRACTICE_IS_A_STRENGTH})
        suggested = {s["theme"]: s for s in finding.suggestions}
        for key in set(current) - set(theme_keys):
            current[key].delete()
        for key in theme_keys:
            if key in current:
                continue
            reasons = suggested.get(key, {}).get("reasons", [])
            FindingTag.objects.create(
                partnership_id=finding.partnership_id,
                finding=finding,
                theme=themes[key],
                was_suggested=key in suggested,
                reason="; ".join(reasons),
                confirmed_by=actor,
            )
        before_polarity = finding.polarity
        finding.polarity = polarity
        finding.rejected_theme_keys = sorted(set(suggested) - set(theme_keys))
        finding.tags_confirmed_at = timezone.now()
        finding.tags_confirmed_by = actor
        finding.updated_by = actor
        bump_version(finding)
        finding.save()
        record(
            actor=actor,
            action="finding.themes_confirmed",
            partnership=finding.partnership,
            target=finding,
            changes={
                "themes": sorted(theme_keys),
                "added": sorted(set(theme_keys) - set(current)),
                "taken_off": sorted(set(current) - set(theme_keys)),
                "suggestions_rejected": finding.rejected_theme_keys,
                "polarity": [before_polarity, polarity] if before_polarity != polarity else polarity,
                "polarity_as_suggested": polarity == finding.suggested_polarity,
            },
        )
    return finding


def finding_remove(*, actor, finding: Finding, reason: str, expected_version: int) -> Finding:
    """Take a finding out (never deleted: kept with who, when and why)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the finding is being removed"})
    with transaction.atomic():
        finding = lock_for_update(finding, expected_version=expected_version)
        if finding.removed_at is not None:
            return finding
        _check_recording(finding.audit)
        finding.removed_at, finding.removed_by, finding.removal_reason = timezone.now(), actor, reason
        bump_version(finding)
        finding.save()
        record(actor=actor, action="finding.removed", partnership=finding.partnership, target=finding, changes={})
    return finding


# Immediate concerns --------------------------------------------------------------------------------

# Work the apps above do when a concern is raised, in the same transaction:
# the actions app registers a function that makes the urgent action.
_on_concern_raised: list = []


def register_on_concern_raised(action) -> None:
    """Run ``action(concern, actor=...)`` inside the transaction that raises an
    immediate concern (call from ``AppConfig.ready()``)."""
    if action not in _on_concern_raised:
        _on_concern_raised.append(action)


def agencies_of_case(audit_case: AuditCase) -> list:
    return [
        a.agency
        for a in Assignment.objects.current()
        .filter(partnership_id=audit_case.partnership_id, audit_case=audit_case)
        .select_related("agency")
        .order_by("agency__name")
    ]


def next_working_day(day):
    """The working day after ``day``: Monday to Friday (bank holidays are not known to maca)."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def concern_raise(*, actor, audit_case: AuditCase, agency, what_was_found: str) -> ImmediateConcern:
    """Flag an immediate safeguarding concern on a case for the agency that must
    act on it, and e-mail that agency's leads at once (the e-mail says where to
    read it, never what it is). With no lead to e-mail, the concern is still
    recorded, unsent, and the page says to telephone the agency."""
    from maca.notifications.services import send_email
    from maca.returns.reminders import recipients_for

    what_was_found = what_was_found.strip()
    if not what_was_found:
        raise ValidationError({"what_was_found": "Enter what was found"})
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
        if audit.stage not in CONCERN_STAGES:
            raise ValidationError(
                "Immediate concerns are raised from ‘Agencies auditing’ until the audit is written up."
            )
        if audit_case.removed_at is not None:
            raise ValidationError("That case is not part of this audit.")
        if agency.pk not in {a.pk for a in agencies_of_case(audit_case)}:
            raise ValidationError({"agency": "Select one of the agencies auditing this case"})
        concern = ImmediateConcern.objects.create(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case=audit_case,
            agency=agency,
            what_was_found=what_was_found,
            raised_by=actor,
            respond_by=next_working_day(timezone.localdate()),
        )
        leads = recipients_for(audit.partnership_id, agency)
        if leads:
            send_email(
                to=[m.user.email for m in leads],
                subject=f"Immediate safeguarding concern: case {audit_case.number} of ‘{audit.title}’",
                template="findings/email/immediate_concern.txt",
                context={"concern": concern, "audit": audit, "audit_case": audit_case, "agency": agency},
                kind="immediate_concern",
                partnership=audit.partnership,
                about=concern,
            )
            concern.alert_sent_at = timezone.now()
            concern.alert_recipients = [m.user.email for m in leads]
            concern.save(update_fields=["alert_sent_at", "alert_recipients"])
        record(
            actor=actor,
            action="immediate_concern.raised",
            partnership=audit.partnership,
            target=concern,
            changes={"case": audit_case.number, "agency": agency.name, "alerted": len(leads)},
        )
        for action in _on_concern_raised:
            action(concern, actor=actor)
    return concern


def concern_acknowledge(*, actor, concern: ImmediateConcern, acknowledgement: str, expected_version: int):
    """The owning agency's lead says the concern has been received and what is being done."""
    acknowledgement = acknowledgement.strip()
    if not acknowledgement:
        raise ValidationError({"acknowledgement": "Enter what your agency has done or will do"})
    with transaction.atomic():
        concern = lock_for_update(concern, expected_version=expected_version)
        if concern.acknowledged_at is not None:
            raise ValidationError("This concern has already been acknowledged.")
        concern.acknowledged_at, concern.acknowledged_by = timezone.now(), actor
        concern.acknowledgement = acknowledgement
        bump_version(concern)
        concern.save()
        record(
            actor=actor,
            action="immediate_concern.acknowledged",
            partnership=concern.partnership,
            target=concern,
            changes={"agency": concern.agency.name},
        )
    return concern


# Feedback to practitioners -------------------------------------------------------------------------


def feedback_record(
    *, actor, audit_case: AuditCase, agency, what_was_fed_back: str, given_to: str, given_on
) -> PractitionerFeedback:
    """The agency lead records that what was found for this case was fed back
    to the practitioners whose work was audited."""
    what_was_fed_back = what_was_fed_back.strip()
    if not what_was_fed_back:
        raise ValidationError({"what_was_fed_back": "Enter what was fed back"})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "The date feedback was given must be today or in the past"})
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
        if audit.stage not in FEEDBACK_STAGES:
            raise ValidationError(f"Feedback is recorded once the audit has reached ‘{Stage.MEETING.label}’.")
        if agency.pk not in {a.pk for a in agencies_of_case(audit_case)}:
            raise ValidationError("Your agency did not audit this case.")
        # Feedback follows the meeting (or, with no date recorded, the start of the programme year).
        held_on = Meeting.objects.filter(audit=audit).values_list("held_on", flat=True).first()
        earliest = held_on or dt.date(audit.programme.year, 4, 1)
        if given_on < earliest:
            since = f"the meeting on {_long(earliest)}" if held_on else f"the programme year began ({_long(earliest)})"
            raise ValidationError({"given_on": f"Feedback is given after {since}: enter that date or a later one"})
        feedback = PractitionerFeedback.objects.create(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case=audit_case,
            agency=agency,
            what_was_fed_back=what_was_fed_back,
            given_to=given_to.strip(),
            given_on=given_on,
            given_by=actor,
        )
        record(
            actor=actor,
            action="practitioner_feedback.recorded",
            partnership=audit.partnership,
            target=feedback,
            changes={"case": audit_case.number, "agency": agency.name, "given_on": given_on},
        )
    return feedback
