"""The meeting: its record, its judgement on the audit and who attended."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, changed_on_another_page_title, merge_after_conflict
from maca.core.errors import apply_validation_error
from maca.findings import access, presenters, selectors, services
from maca.findings.forms import (
    AttendanceForm,
    MeetingForm,
)
from maca.findings.services.meeting import STARTED_VERSION
from maca.programme.models import AuditKind

from ._shared import (
    SEES_MEETING,
    _meeting_audit,
    _recording_audit,
    _viewed,
    answers_to_take,
)


@require_capability(*SEES_MEETING)
def meeting(request, audit_pk: int):
    audit = _meeting_audit(request, audit_pk)
    membership = request.membership
    record_ = selectors.meeting_of(audit)
    can_edit = access.can_record(membership, audit)
    audit_cases = selectors.audit_cases_of(audit)
    by_case = selectors.findings_by_case(audit)
    concerns = list(selectors.immediate_concerns_of(audit))
    unconfirmed = presenters.unconfirmed_findings(audit_cases, by_case)
    _viewed(request, "meeting.viewed", audit)
    return render(
        request,
        "findings/meeting.html",
        {
            "audit": audit,
            "meeting": record_,
            "can_edit": can_edit,
            # From 'Agencies auditing' on, before the meeting can be recorded.
            "can_raise_concern": access.can_raise_concern(membership, audit),
            "closed_text": access.recording_opens_text(audit),
            "recording_ended": access.recording_ended(audit),
            "summary": presenters.meeting_summary(record_, can_edit=can_edit, audit=audit),
            "attendance": presenters.attendance_table(selectors.attendance_of(record_)),
            "cases": presenters.meeting_cases_table(
                audit, audit_cases, selectors.discussions_by_case(audit), by_case, concerns=concerns
            ),
            "unconfirmed": presenters.findings_table(
                unconfirmed,
                caption="Themes to confirm",
                audit_pk=audit.pk if can_edit else None,
                show_case=True,
                caption_hidden=True,
            ),
            "unconfirmed_words": presenters.unconfirmed_words(len(unconfirmed)),
            "unconfirmed_id": presenters.THEMES_TO_CONFIRM_ID,
            "cross_case": presenters.findings_table(
                by_case.get(None, []),
                caption="Across cases",
                audit_pk=audit.pk if can_edit else None,
                caption_hidden=True,
            ),
            "deep_dive": audit.kind == AuditKind.DEEP_DIVE,
            "from_reports": (
                answers_to_take(selectors.responded_summative_returns(audit), selectors.taken_answers(audit))
                if can_edit and audit.kind == AuditKind.DEEP_DIVE
                else []
            ),
            "concerns": presenters.concerns_table(concerns, opens=access.concern_opener(membership)),
            "has_concerns": bool(concerns),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


def _planned_if_past(audit):
    """The planned date, once it has come: a meeting still to come has not
    been held, and its planned date is not offered as the day it was."""
    planned = audit.planned_meeting_date
    return planned if planned is not None and planned <= timezone.localdate() else None


def _meeting_initial(audit, current) -> dict:
    """What the meeting record's page shows: with no date recorded yet (no
    record, or one made by recording who came), the planned date is offered
    when it is today or past (``_planned_if_past``)."""
    if current is None:
        return {"version": 0, "held_on": _planned_if_past(audit)}
    return {
        "version": current.version,
        "held_on": current.held_on or _planned_if_past(audit),
        "returns_quality": current.returns_quality,
        "attendance_judgement": current.attendance_judgement,
        "notes": current.notes,
    }


@require_capability(Capability.RECORD_MEETING)
def meeting_edit(request, audit_pk: int):
    audit = _recording_audit(request, audit_pk)
    form = MeetingForm(
        request.POST or None, initial=_meeting_initial(audit, selectors.meeting_of(audit)), kind=audit.kind
    )
    conflict, by_you = "", False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_save(
                actor=request.user,
                audit=audit,
                held_on=data["held_on"],
                returns_quality=data["returns_quality"],
                attendance_judgement=data["attendance_judgement"],
                notes=data["notes"],
                expected_version=data["version"] or None,
            )
        except EditConflict as error:
            now = _meeting_initial(audit, error.instance)
            merged = merge_after_conflict(form, now, version=error.instance.version)
            by_you = _changed_only_by_you(request, error.instance, data["version"])
            conflict = merged.message("the meeting record", by_you=by_you)
            form = MeetingForm(initial=merged.initial, kind=audit.kind)
            # Where both changed a field, theirs is shown under yours to compare.
            merged.shown_on(form, by_you=by_you)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The meeting has been saved.")
            return redirect("findings:meeting", audit_pk=audit.pk)
    return render(
        request,
        "findings/meeting_edit.html",
        {
            "audit": audit,
            "form": form,
            "conflict_message": conflict,
            "conflict_title": changed_on_another_page_title("the meeting record") if conflict and by_you else "",
            "back_url": reverse("findings:meeting", args=[audit.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING)
def attendance(request, audit_pk: int):
    audit = _recording_audit(request, audit_pk)
    current = selectors.meeting_of(audit)
    rows = {a.agency_id: a for a in selectors.attendance_of(current)}
    agencies = selectors.involved_agencies(audit)
    agencies += [a.agency for a in rows.values() if a.agency not in agencies]

    def initial_for(meeting, rows):
        initial = {"version": meeting.version if meeting else 0, "others": meeting.others_attending if meeting else ""}
        for pk, row in rows.items():
            initial[f"status_{pk}"] = row.status
            initial[f"people_{pk}"] = row.people
        return initial

    form = AttendanceForm(request.POST or None, agencies=agencies, initial=initial_for(current, rows))
    conflict, by_you = "", False
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_save(
                actor=request.user,
                audit=audit,
                rows=form.rows(),
                others=form.cleaned_data["others"],
                expected_version=form.cleaned_data["version"] or None,
            )
        except EditConflict as error:
            # Agency by agency (ADR 0027): what this person changed is kept, the rest is as saved meanwhile.
            now = initial_for(error.instance, {a.agency_id: a for a in selectors.attendance_of(error.instance)})
            merged = merge_after_conflict(form, now, version=error.instance.version)
            by_you = _changed_only_by_you(request, error.instance, form.cleaned_data["version"])
            conflict = merged.message("the attendance", by_you=by_you)
            form = merged.shown_on(AttendanceForm(agencies=agencies, initial=merged.initial), by_you=by_you)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Attendance has been saved.")
            return redirect("findings:meeting", audit_pk=audit.pk)
    return render(
        request,
        "findings/attendance.html",
        {
            "audit": audit,
            "form": form,
            "conflict_message": conflict,
            "conflict_title": changed_on_another_page_title("the attendance") if conflict and by_you else "",
            "back_url": reverse("findings:meeting", args=[audit.pk]),
        },
    )


def _changed_only_by_you(request, meeting, version) -> bool:
    """Whether every change to the meeting record since ``version`` (the
    form's; 0 when it had none yet) was the person's own, on another page
    (another tab or window): then the page says "you", not "someone else"
    (ADR 0027, ``selectors.meeting_changed_since_by``)."""
    # A page opened before there was a record counts from the record only started
    # (by whoever saved a case's discussion first): starting it changed nothing in it.
    return selectors.meeting_changed_since_by(meeting, version or STARTED_VERSION) == {request.user.pk}
