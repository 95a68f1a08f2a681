from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, rebase_on_version
from maca.core.errors import apply_validation_error
from maca.findings import access, presenters, selectors, services
from maca.findings.forms import (
    AcknowledgeForm,
    AttendanceForm,
    ConcernForm,
    DiscussionForm,
    EditFindingForm,
    EditThemeForm,
    FeedbackForm,
    FindingForm,
    MeetingForm,
    RemoveFindingForm,
    TagsForm,
    ThemeForm,
)
from maca.findings.models import Finding, Polarity, Theme
from maca.findings.suggesting import field_of, suggest_for
from maca.programme.selectors import audits_for
from maca.returns.models import RESPONDED_STATUSES, Return
from maca.selection.models import AuditCase
from maca.selection.selectors import agency_scope
from maca.tools.models import Question, QuestionKind

SEES_MEETING = (Capability.RECORD_MEETING, Capability.VIEW_SCRUTINISED_CASES)
CONFLICT = (
    "Someone else changed this while you were editing it. Your changes have not been saved: "
    "the page now shows what they saved. Make your changes again and save."
)


def _audit_for(request, pk: int):
    return get_object_or_404(audits_for(request.partnership), pk=pk)


def _meeting_audit(request, pk: int):
    audit = _audit_for(request, pk)
    if not access.can_see_meeting(request.membership, audit):
        raise PermissionDenied
    return audit


def _recording_audit(request, pk: int):
    audit = _meeting_audit(request, pk)
    if not access.can_record(request.membership, audit):
        raise PermissionDenied
    return audit


def _audit_case_for(audit, pk: int) -> AuditCase:
    return get_object_or_404(
        AuditCase.objects.current().filter(partnership_id=audit.partnership_id, audit=audit).select_related("case"),
        pk=pk,
    )


def _finding_for(audit, pk: int) -> Finding:
    return get_object_or_404(
        Finding.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .select_related("audit_case", "agency", "source_return__agency"),
        pk=pk,
    )


def _viewed(request, action: str, target, **changes) -> None:
    record(actor=request.user, action=action, partnership=request.partnership, target=target, changes=changes)


# The meeting ---------------------------------------------------------------------------------------


@require_capability(*SEES_MEETING)
def meeting(request, audit_pk: int):
    audit = _meeting_audit(request, audit_pk)
    membership = request.membership
    record_ = selectors.meeting_of(audit)
    can_edit = access.can_record(membership, audit)
    audit_cases = selectors.audit_cases_of(audit)
    by_case = selectors.findings_by_case(audit)
    concerns = list(selectors.immediate_concerns_of(audit))
    _viewed(request, "meeting.viewed", audit)
    return render(
        request,
        "findings/meeting.html",
        {
            "audit": audit,
            "meeting": record_,
            "can_edit": can_edit,
            "closed_text": access.recording_opens_text(audit),
            "summary": presenters.meeting_summary(record_, can_edit=can_edit, audit_pk=audit.pk),
            "attendance": presenters.attendance_table(selectors.attendance_of(record_)),
            "cases": presenters.meeting_cases_table(audit, audit_cases, selectors.discussions_by_case(audit), by_case),
            "cross_case": presenters.findings_table(
                by_case.get(None, []), caption="Across cases", audit_pk=audit.pk if can_edit else None
            ),
            "concerns": presenters.concerns_table(concerns),
            "has_concerns": bool(concerns),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING)
def meeting_edit(request, audit_pk: int):
    audit = _recording_audit(request, audit_pk)
    current = selectors.meeting_of(audit)
    initial = {"version": current.version if current else 0}
    if current:
        initial |= {
            "held_on": current.held_on,
            "returns_quality": current.returns_quality,
            "attendance_judgement": current.attendance_judgement,
            "notes": current.notes,
        }
    else:
        initial["held_on"] = audit.planned_meeting_date
    form = MeetingForm(request.POST or None, initial=initial)
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
            messages.error(request, CONFLICT)
            form = MeetingForm(rebase_on_version(request.POST, error.instance.version))
            form.is_valid()
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The meeting has been saved.")
            return redirect("findings:meeting", audit_pk=audit.pk)
    return render(
        request,
        "findings/meeting_edit.html",
        {"audit": audit, "form": form, "back_url": reverse("findings:meeting", args=[audit.pk])},
    )


@require_capability(Capability.RECORD_MEETING)
def attendance(request, audit_pk: int):
    audit = _recording_audit(request, audit_pk)
    current = selectors.meeting_of(audit)
    rows = {a.agency_id: a for a in selectors.attendance_of(current)}
    agencies = selectors.involved_agencies(audit)
    agencies += [a.agency for a in rows.values() if a.agency not in agencies]

    def initial_for(meeting, rows):
        initial = {"version": meeting.version if meeting else 0}
        for pk, row in rows.items():
            initial[f"status_{pk}"] = row.status
            initial[f"people_{pk}"] = row.people
        return initial

    form = AttendanceForm(request.POST or None, agencies=agencies, initial=initial_for(current, rows))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_save(
                actor=request.user,
                audit=audit,
                rows=form.rows(),
                expected_version=form.cleaned_data["version"] or None,
            )
        except EditConflict as error:
            messages.error(request, CONFLICT)
            now = {a.agency_id: a for a in selectors.attendance_of(error.instance)}
            form = AttendanceForm(agencies=agencies, initial=initial_for(error.instance, now))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Attendance has been saved.")
            return redirect("findings:meeting", audit_pk=audit.pk)
    return render(
        request,
        "findings/attendance.html",
        {"audit": audit, "form": form, "back_url": reverse("findings:meeting", args=[audit.pk])},
    )


# One case ------------------------------------------------------------------------------------------


def _answers_to_take(audit_case, taken: dict) -> list[dict]:
    """Each submitted return of the case, with its written answers and whether
    each has been taken as a finding."""
    returns = list(
        Return.objects.live()
        .filter(partnership_id=audit_case.partnership_id, audit_case=audit_case, status__in=RESPONDED_STATUSES)
        .select_related("agency")
        .order_by("agency__name")
    )
    questions = Question.objects.filter(
        section__version_id__in={r.tool_version_id for r in returns}, kind=QuestionKind.TEXT
    ).order_by("section__position", "position")
    by_version: dict[int, list] = {}
    for q in questions.values("section__version_id", "key", "text"):
        by_version.setdefault(q["section__version_id"], []).append(q)
    result = []
    for r in returns:
        answers = []
        for q in by_version.get(r.tool_version_id, []):
            value = (r.answers or {}).get(q["key"])
            if not isinstance(value, str) or not value.strip():
                continue
            field = field_of(q["key"])
            answers.append(
                {
                    "key": q["key"],
                    "question": q["text"],
                    "text": value,
                    "button": {"strengths": "Add as a strength", "worries": "Add as a concern"}.get(
                        field or "", "Add as a finding"
                    ),
                    "taken": taken.get((r.pk, q["key"])),
                }
            )
        if answers:
            result.append({"return": r, "answers": answers})
    return result


@require_capability(*SEES_MEETING)
def case(request, audit_pk: int, pk: int):
    audit = _meeting_audit(request, audit_pk)
    audit_case = _audit_case_for(audit, pk)
    can_edit = access.can_record(request.membership, audit)
    discussion = selectors.discussions_by_case(audit).get(audit_case.pk)
    found = list(selectors.findings_of_case(audit_case))
    _viewed(request, "meeting_case.viewed", audit_case, case=audit_case.case.reference)
    return render(
        request,
        "findings/case.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "agencies": services.agencies_of_case(audit_case),
            "discussion": discussion,
            "can_edit": can_edit,
            "can_raise": access.can_raise_concern(request.membership, audit),
            "closed_text": access.recording_opens_text(audit),
            "strengths": presenters.findings_table(
                [f for f in found if f.polarity == Polarity.STRENGTH],
                caption="Strengths",
                audit_pk=audit.pk if can_edit else None,
            ),
            "concerns_found": presenters.findings_table(
                [f for f in found if f.polarity == Polarity.CONCERN],
                caption="Findings: what needs to improve",
                audit_pk=audit.pk if can_edit else None,
            ),
            "from_returns": _answers_to_take(audit_case, selectors.taken_answers(audit)) if can_edit else [],
            "concerns": presenters.concerns_table(
                [c for c in selectors.immediate_concerns_of(audit) if c.audit_case_id == audit_case.pk]
            ),
            "feedback": presenters.feedback_table(selectors.feedback_of(audit).filter(audit_case=audit_case)),
            "back_url": reverse("findings:meeting", args=[audit.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING)
def discussion(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    audit_case = _audit_case_for(audit, pk)
    current = selectors.discussions_by_case(audit).get(audit_case.pk)
    scale = services.grading_scale_of(audit)
    levels = scale.levels if scale else []

    def initial_for(d):
        return {
            "version": d.version if d else 0,
            "notes": d.notes if d else "",
            "agreed_grade": d.agreed_grade if d else "",
        }

    form = DiscussionForm(request.POST or None, levels=levels, initial=initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.discussion_save(
                actor=request.user,
                audit_case=audit_case,
                notes=form.cleaned_data["notes"],
                agreed_grade=form.cleaned_data["agreed_grade"],
                expected_version=form.cleaned_data["version"] or None,
            )
        except EditConflict as error:
            messages.error(request, CONFLICT)
            form = DiscussionForm(levels=levels, initial=initial_for(error.instance))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The discussion of case {audit_case.number} has been saved.")
            return redirect("findings:case", audit_pk=audit.pk, pk=audit_case.pk)
    _viewed(request, "meeting_case.viewed", audit_case, case=audit_case.case.reference)
    return render(
        request,
        "findings/discussion.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            "scale": scale,
            "back_url": reverse("findings:case", args=[audit.pk, audit_case.pk]),
        },
    )


@require_POST
@require_capability(Capability.RECORD_MEETING)
def take(request, audit_pk: int, pk: int):
    """One click: an answer of a return becomes a finding of the case."""
    audit = _recording_audit(request, audit_pk)
    audit_case = _audit_case_for(audit, pk)
    return_record = (
        Return.objects.live()
        .filter(partnership_id=audit.partnership_id, audit_case=audit_case, pk=request.POST.get("return") or 0)
        .select_related("audit", "audit_case", "agency")
        .first()
    )
    if return_record is None:
        raise Http404("No such return for this case")
    try:
        finding, new = services.finding_from_answer(
            actor=request.user, return_record=return_record, question_key=request.POST.get("key", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("findings:case", audit_pk=audit.pk, pk=audit_case.pk)
    if new:
        messages.success(
            request,
            f"Added from {return_record.agency.name}’s return. Check the themes maca suggests, then confirm them.",
        )
    return redirect("findings:finding", audit_pk=audit.pk, pk=finding.pk)


def _finding_new(request, audit, audit_case):
    agencies = services.agencies_of_case(audit_case) if audit_case else selectors.involved_agencies(audit)
    form = FindingForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_create(
                actor=request.user,
                audit=audit,
                audit_case=audit_case,
                agency=form.chosen_agency(),
                kind=data["kind"],
                polarity=data["polarity"] or None,
                text=data["text"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Saved. Check the themes maca suggests, then confirm them.")
            return redirect("findings:finding", audit_pk=audit.pk, pk=finding.pk)
    back = (
        reverse("findings:case", args=[audit.pk, audit_case.pk])
        if audit_case
        else reverse("findings:meeting", args=[audit.pk])
    )
    return render(
        request,
        "findings/finding_new.html",
        {"audit": audit, "audit_case": audit_case, "form": form, "back_url": back},
    )


@require_POST
@require_capability(Capability.RECORD_MEETING)
def suggest(request, audit_pk: int):
    """While a finding is typed (htmx): maca's themes and polarity for the words
    so far, with their reasons. Nothing is stored."""
    audit = _recording_audit(request, audit_pk)
    text = (request.POST.get("text") or "")[:5000]
    suggestion = suggest_for(audit.partnership, text) if len(text.split()) >= 3 else None
    names = selectors.themes_by_key(request.partnership)
    return render(
        request,
        "findings/_suggestions.html",
        {
            "suggestion": suggestion,
            "themes": [
                {
                    "name": names[t.id].name if t.id in names else t.id,
                    "reasons": "; ".join(str(r) for r in t.reasons[:3]),
                }
                for t in (suggestion.themes if suggestion else ())
            ],
            "polarity": Polarity(suggestion.polarity).label.lower() if suggestion else "",
        },
    )


@require_capability(Capability.RECORD_MEETING)
def finding_new(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    return _finding_new(request, audit, _audit_case_for(audit, pk))


@require_capability(Capability.RECORD_MEETING)
def cross_finding_new(request, audit_pk: int):
    audit = _recording_audit(request, audit_pk)
    return _finding_new(request, audit, None)


def _back_to(audit, finding) -> str:
    if finding.audit_case_id:
        return reverse("findings:case", args=[audit.pk, finding.audit_case_id])
    return reverse("findings:meeting", args=[audit.pk])


def _tag_choices(finding, partnership):
    """Current themes, and any retired one the finding already has."""
    confirmed = {t.theme_id for t in finding.tags.all()}
    return [t for t in selectors.themes_of(partnership, include_retired=True) if not t.is_retired or t.pk in confirmed]


@require_capability(Capability.RECORD_MEETING)
def finding(request, audit_pk: int, pk: int):
    """Accept or reject maca's suggested themes and polarity."""
    audit = _recording_audit(request, audit_pk)
    item = _finding_for(audit, pk)

    def build(data, item):
        themes = _tag_choices(item, request.partnership)
        by_key = {t.key: t for t in themes}
        confirmed = [tag.theme.key for tag in item.tags.select_related("theme")]
        suggested = [s["theme"] for s in item.suggestions if s["theme"] in by_key]
        initial = {
            "version": item.version,
            "polarity": item.polarity,
            "themes": confirmed if item.tags_confirmed_at else suggested,
        }
        hint = (
            f"maca suggests {Polarity(item.suggested_polarity).label.lower()}: {item.suggested_polarity_reason}."
            if item.suggested_polarity
            else ""
        )
        return TagsForm(
            data, themes=themes, hints=presenters.suggestion_hints(item, by_key), polarity_hint=hint, initial=initial
        )

    form = build(request.POST or None, item)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_confirm_tags(
                actor=request.user,
                finding=item,
                polarity=form.cleaned_data["polarity"],
                theme_keys=form.cleaned_data["themes"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            messages.error(request, CONFLICT)
            item = _finding_for(audit, pk)
            form = build(None, error.instance)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The themes have been confirmed.")
            return redirect(_back_to(audit, item))
    _viewed(request, "finding.viewed", item)
    return render(
        request,
        "findings/finding.html",
        {
            "audit": audit,
            "finding": item,
            "form": form,
            "polarity_tag": presenters.polarity_tag(item.polarity),
            "source": presenters.source_text(item),
            "back_url": _back_to(audit, item),
        },
    )


@require_capability(Capability.RECORD_MEETING)
def finding_edit(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    item = _finding_for(audit, pk)
    agencies = services.agencies_of_case(item.audit_case) if item.audit_case else selectors.involved_agencies(audit)
    if item.agency and item.agency not in agencies:
        agencies.append(item.agency)

    def initial_for(f):
        return {"version": f.version, "kind": f.kind, "agency": str(f.agency_id or ""), "text": f.text}

    form = EditFindingForm(request.POST or None, agencies=agencies, initial=initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(
                actor=request.user,
                finding=item,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                agency=form.chosen_agency(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            messages.error(request, CONFLICT)
            form = EditFindingForm(agencies=agencies, initial=initial_for(error.instance))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The finding has been changed. Check its themes.")
            return redirect("findings:finding", audit_pk=audit.pk, pk=item.pk)
    _viewed(request, "finding.viewed", item)
    return render(
        request,
        "findings/finding_edit.html",
        {
            "audit": audit,
            "finding": item,
            "form": form,
            "back_url": reverse("findings:finding", args=[audit.pk, item.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING)
def finding_remove(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    item = _finding_for(audit, pk)
    form = RemoveFindingForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_remove(
                actor=request.user,
                finding=item,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            messages.error(request, CONFLICT)
            form = RemoveFindingForm(initial={"version": error.instance.version})
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The finding has been removed.")
            return redirect(_back_to(audit, item))
    _viewed(request, "finding.viewed", item)
    return render(
        request,
        "findings/finding_remove.html",
        {
            "audit": audit,
            "finding": item,
            "form": form,
            "back_url": reverse("findings:finding", args=[audit.pk, item.pk]),
        },
    )


# Findings without identifiers ----------------------------------------------------------------------


@require_capability(Capability.VIEW_FINDINGS)
def audit_findings(request, audit_pk: int):
    """The audit's confirmed strengths and findings, by case number only."""
    audit = _audit_for(request, audit_pk)
    shown = audit.stage in access.SHOWN_STAGES
    found = list(selectors.confirmed_findings_of_audit(audit)) if shown else []
    return render(
        request,
        "findings/audit_findings.html",
        {
            "audit": audit,
            "shown": shown,
            "count": len(found),
            "strengths": presenters.findings_table(
                [f for f in found if f.polarity == Polarity.STRENGTH],
                caption="Strengths",
                audit_pk=None,
                show_case=True,
            ),
            "concerns": presenters.findings_table(
                [f for f in found if f.polarity == Polarity.CONCERN],
                caption="Findings: what needs to improve",
                audit_pk=None,
                show_case=True,
            ),
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


# Themes --------------------------------------------------------------------------------------------


@require_capability(Capability.MANAGE_THEMES)
def themes(request):
    return render(
        request,
        "findings/themes.html",
        {"table": presenters.themes_table(selectors.themes_with_counts(request.partnership))},
    )


@require_capability(Capability.MANAGE_THEMES)
def theme_new(request):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(
                actor=request.user,
                partnership=request.partnership,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The theme ‘{theme.name}’ has been added.")
            return redirect("findings:themes")
    return render(request, "findings/theme_form.html", {"form": form, "theme": None})


@require_capability(Capability.MANAGE_THEMES)
def theme_edit(request, pk: int):
    theme = get_object_or_404(Theme.objects.for_partnership(request.partnership), pk=pk)

    def initial_for(t):
        return {"version": t.version, "name": t.name, "description": t.description, "is_retired": t.is_retired}

    form = EditThemeForm(request.POST or None, initial=initial_for(theme))
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_update(
                actor=request.user,
                theme=theme,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                is_retired=form.cleaned_data["is_retired"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            messages.error(request, CONFLICT)
            form = EditThemeForm(initial=initial_for(error.instance))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The theme ‘{theme.name}’ has been saved.")
            return redirect("findings:themes")
    return render(request, "findings/theme_form.html", {"form": form, "theme": theme})


# Immediate concerns --------------------------------------------------------------------------------


@require_capability(Capability.RECORD_MEETING)
def concern_new(request, audit_pk: int, pk: int):
    audit = _meeting_audit(request, audit_pk)
    if not access.can_raise_concern(request.membership, audit):
        raise PermissionDenied
    audit_case = _audit_case_for(audit, pk)
    form = ConcernForm(request.POST or None, agencies=services.agencies_of_case(audit_case))
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(
                actor=request.user,
                audit_case=audit_case,
                agency=form.chosen_agency(),
                what_was_found=form.cleaned_data["what_was_found"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if concern.alert_sent_at:
                messages.success(request, f"The concern has been raised and {concern.agency.name}’s lead e-mailed.")
            else:
                messages.error(
                    request,
                    f"The concern has been recorded, but {concern.agency.name} has no agency lead to e-mail: "
                    "telephone the agency today.",
                )
            return redirect("findings:concern", pk=concern.pk)
    return render(
        request,
        "findings/concern_new.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            "back_url": reverse("findings:case", args=[audit.pk, audit_case.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING, Capability.RESPOND_TO_CONCERNS)
def concerns(request):
    return render(
        request,
        "findings/concerns.html",
        {"table": presenters.concerns_table(selectors.concerns_for(request.membership), show_audit=True)},
    )


@require_capability(Capability.RECORD_MEETING, Capability.RESPOND_TO_CONCERNS)
def concern(request, pk: int):
    item = get_object_or_404(selectors.concerns_for(request.membership), pk=pk)
    can_acknowledge = (
        request.membership.can(Capability.RESPOND_TO_CONCERNS)
        and item.agency_id in agency_scope(request.membership)
        and item.acknowledged_at is None
    )
    form = AcknowledgeForm(request.POST or None, initial={"version": item.version}) if can_acknowledge else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.concern_acknowledge(
                    actor=request.user,
                    concern=item,
                    acknowledgement=form.cleaned_data["acknowledgement"],
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict:
                messages.error(request, CONFLICT)
                return redirect("findings:concern", pk=item.pk)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Thank you: the concern is acknowledged.")
                return redirect("findings:concern", pk=item.pk)
    _viewed(request, "immediate_concern.viewed", item)
    return render(
        request,
        "findings/concern.html",
        {
            "concern": item,
            "summary": presenters.concern_summary(item),
            "form": form,
            "back_url": reverse("findings:concerns"),
        },
    )


# Feedback to practitioners -------------------------------------------------------------------------


@require_capability(Capability.RECORD_FEEDBACK)
def feedback_cases(request):
    assignments = list(selectors.feedback_cases_for(request.membership))
    given = {
        (f.audit_case_id, f.agency_id)
        for f in selectors.feedback_given_for(request.membership, [a.audit_case_id for a in assignments])
    }
    rows = [
        [
            {"text": a.audit_case.audit.title},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">Case {}</a>',
                    reverse("findings:feedback_new", args=[a.pk]),
                    a.audit_case.number,
                )
            },
            {"text": a.agency.name},
            {"text": "Given" if (a.audit_case_id, a.agency_id) in given else "Not recorded yet"},
        ]
        for a in assignments
    ]
    return render(
        request,
        "findings/feedback_cases.html",
        {
            "table": {
                "caption": "Cases to feed back on",
                "captionClasses": "govuk-visually-hidden",
                "head": [{"text": "Audit"}, {"text": "Case"}, {"text": "Agency"}, {"text": "Feedback"}],
                "rows": rows,
            }
        },
    )


@require_capability(Capability.RECORD_FEEDBACK)
def feedback_new(request, pk: int):
    assignment = get_object_or_404(selectors.feedback_cases_for(request.membership), pk=pk)
    audit_case = assignment.audit_case
    audit = audit_case.audit
    found = [
        f
        for f in selectors.findings_of_case(audit_case)
        if f.tags_confirmed_at is not None and (f.agency_id is None or f.agency_id == assignment.agency_id)
    ]
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_record(
                actor=request.user,
                audit_case=audit_case,
                agency=assignment.agency,
                what_was_fed_back=form.cleaned_data["what_was_fed_back"],
                given_to=form.cleaned_data["given_to"],
                given_on=form.cleaned_data["given_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Feedback on case {audit_case.number} has been recorded.")
            return redirect("findings:feedback_cases")
    _viewed(request, "meeting_case.viewed", audit_case, case=audit_case.case.reference)
    return render(
        request,
        "findings/feedback_new.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "agency": assignment.agency,
            "form": form,
            "findings": presenters.findings_table(found, caption="What the audit found", audit_pk=None),
            "feedback": presenters.feedback_table(
                selectors.feedback_of(audit).filter(audit_case=audit_case, agency=assignment.agency)
            ),
            "back_url": reverse("findings:feedback_cases"),
        },
    )
