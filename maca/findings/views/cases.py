"""One case at the meeting (its discussion, taking findings from the returns) and the findings
themselves: writing, tagging, editing and removing them, and the audit's findings without identifiers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import (
    EditConflict,
    changed_on_another_page,
    changed_on_another_page_title,
    merge_after_conflict,
    typed_again_after_conflict,
)
from maca.core.errors import apply_validation_error
from maca.core.unsaved import keeps_unsaved_post, take_unsaved_post, unsaved_editor_field
from maca.findings import access, presenters, selectors, services
from maca.findings.extensions import identifiers_in
from maca.findings.forms import (
    DiscussionForm,
    EditFindingForm,
    FindingForm,
    RemoveFindingForm,
    TagsForm,
)
from maca.findings.models import FINDING_TEXT_MAX_LENGTH, FindingKind, Polarity
from maca.findings.recurrence_presenters import resting_on
from maca.findings.suggesting import distinct_reasons, suggest_for
from maca.partnerships.presenters import agency_name
from maca.programme.models import AuditKind, Stage
from maca.returns import chronology_presenters, chronology_selectors

from ._shared import (
    SEES_MEETING,
    _audit_case_for,
    _audit_for,
    _finding_for,
    _meeting_audit,
    _recording_audit,
    _removed_meanwhile,
    _viewed,
    answers_to_take,
)


def _chronology_url(request, audit, audit_case) -> str | None:
    """The case's multi-agency chronology, for one who may open it, its back
    link returning to this page. None for a case of an imported past audit:
    its file brings no chronology (docs/audit-json.md), so there is nothing to open."""
    if audit_case.case.from_past_audit:
        return None
    if chronology_selectors.audit_case_for(request.membership, audit_pk=audit.pk, audit_case_pk=audit_case.pk) is None:
        return None
    return chronology_presenters.integrated_url(audit.pk, audit_case.pk, back=request.path)


@require_capability(*SEES_MEETING)
def case(request, audit_pk: int, pk: int):
    audit = _meeting_audit(request, audit_pk)
    audit_case = _audit_case_for(audit, pk)
    can_edit = access.can_record(request.membership, audit)
    discussion = selectors.discussions_by_case(audit).get(audit_case.pk)
    found = list(selectors.findings_of_case(audit_case))
    groups = presenters.grouped(found)
    _viewed(request, "meeting_case.viewed", audit_case, case=audit_case.case.reference)
    return render(
        request,
        "findings/case.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "agencies": services.agencies_of_case(audit_case),
            "chronology_url": _chronology_url(request, audit, audit_case),
            "discussion": discussion,
            "agreed_grade": presenters.agreed_grade_text(discussion),
            "can_edit": can_edit,
            "can_raise": access.can_raise_concern(request.membership, audit),
            "closed_text": access.recording_opens_text(audit),
            "none_agreed": "None was agreed." if access.recording_ended(audit) else "None agreed yet.",
            # Each headed on the page, whether empty or not: the captions are for screen readers.
            "strengths": presenters.findings_table(
                groups.strengths, caption="Strengths", audit_pk=audit.pk if can_edit else None, caption_hidden=True
            ),
            "good_practice": presenters.findings_table(
                groups.good_practice,
                caption=FindingKind.GOOD_PRACTICE.label,
                audit_pk=audit.pk if can_edit else None,
                caption_hidden=True,
            ),
            "concerns_found": presenters.findings_table(
                groups.concerns,
                caption="Findings: what needs to improve",
                audit_pk=audit.pk if can_edit else None,
                caption_hidden=True,
            ),
            "from_returns": answers_to_take(
                selectors.responded_returns_of_case(audit_case), selectors.taken_answers(audit)
            )
            if can_edit
            else [],
            "deep_dive": audit.kind == AuditKind.DEEP_DIVE,
            "concerns": presenters.concerns_table(
                [c for c in selectors.immediate_concerns_of(audit) if c.audit_case_id == audit_case.pk],
                opens=access.concern_opener(request.membership),
            ),
            "feedback": presenters.feedback_table(
                selectors.feedback_of(audit).filter(audit_case=audit_case), caption_hidden=True
            ),
            "back_url": reverse("findings:meeting", args=[audit.pk]),
        },
    )


@require_capability(Capability.RECORD_MEETING)
def discussion(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    audit_case = _audit_case_for(audit, pk)
    current = selectors.discussions_by_case(audit).get(audit_case.pk)
    scale = services.grading_scale_of(audit, audit_case)
    levels = scale.levels if scale else []

    def initial_for(d):
        return {
            "version": d.version if d else 0,
            "notes": d.notes if d else "",
            "agreed_grade": d.agreed_grade if d else "",
        }

    form = DiscussionForm(request.POST or None, levels=levels, initial=initial_for(current))
    conflict, by_you = "", False
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
            # Field by field (ADR 0027): nothing typed is lost; where both changed
            # a field, theirs is shown under it to compare.
            now = initial_for(error.instance)
            merged = merge_after_conflict(form, now, version=error.instance.version)
            # "You" only when every change meanwhile was the person's own, on another page (ADR 0027).
            by_you = selectors.discussion_changed_since_by(error.instance, form.cleaned_data["version"] or 0) == {
                request.user.pk
            }
            conflict = merged.message(f"the discussion of case {audit_case.number}", by_you=by_you)
            form = DiscussionForm(levels=levels, initial=merged.initial)
            merged.shown_on(form, by_you=by_you)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The discussion of case {audit_case.number} has been saved.")
            return redirect("findings:case", audit_pk=audit.pk, pk=audit_case.pk)
    _viewed(request, "meeting_case.viewed", audit_case, case=audit_case.case.reference)
    deep_dive = audit.kind == AuditKind.DEEP_DIVE
    # A deep dive's agencies grade in their summative reports, across their cases: none grades this case.
    given = (
        None
        if deep_dive
        else selectors.grades_given(audit_case, request.membership, agencies=services.agencies_of_case(audit_case))
    )
    return render(
        request,
        "findings/discussion.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            "conflict_message": conflict,
            "conflict_title": _conflict_title("this discussion", by_you) if conflict else "",
            "scale": scale,
            "deep_dive": deep_dive,
            "grades": presenters.grades_given_table(given) if given else None,
            "grades_question": given.question.text if given and given.question else "",
            "back_url": reverse("findings:case", args=[audit.pk, audit_case.pk]),
        },
    )


def _taken(request, audit, return_record, *, what: str, back):
    """An answer of ``return_record`` made a finding (or the one made before
    opened): its page, or ``back`` with why not."""
    try:
        finding, new = services.finding_from_answer(
            actor=request.user, return_record=return_record, question_key=request.POST.get("key", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    if new:
        messages.success(
            request,
            f"Added from {agency_name(return_record.agency)}’s {what}. "
            "Check the themes maca suggests, then confirm them.",
        )
    return redirect("findings:finding", audit_pk=audit.pk, pk=finding.pk)


@require_POST
@require_capability(Capability.RECORD_MEETING)
def take(request, audit_pk: int, pk: int):
    """One click: an answer of a return becomes a finding of the case."""
    audit = _recording_audit(request, audit_pk)
    audit_case = _audit_case_for(audit, pk)
    return_record = selectors.return_of_case(audit_case, request.POST.get("return"))
    if return_record is None:
        raise Http404("No such return for this case")
    back = redirect("findings:case", audit_pk=audit.pk, pk=audit_case.pk)
    return _taken(request, audit, return_record, what="return", back=back)


@require_POST
@require_capability(Capability.RECORD_MEETING)
def take_across(request, audit_pk: int):
    """One click: an answer of a deep dive's summative report (an agency's,
    across its cases) becomes a finding across cases, about that agency."""
    audit = _recording_audit(request, audit_pk)
    return_record = selectors.summative_return_of(audit, request.POST.get("return"))
    if return_record is None:
        raise Http404("No such summative report for this audit")
    back = redirect("findings:meeting", audit_pk=audit.pk)
    return _taken(request, audit, return_record, what="summative report", back=back)


KEPT_FINDING = "Your session had ended before this was saved. Check what you wrote, then save it."


def _finding_new(request, audit, audit_case):
    agencies = services.agencies_of_case(audit_case) if audit_case else selectors.involved_agencies(audit)
    # Posted after the session had ended and kept until the person who typed it
    # signed in again: shown filled in to check and save, not saved unseen.
    kept = take_unsaved_post(request) if request.method != "POST" else None
    form = FindingForm(request.POST or kept or None, agencies=agencies)
    if kept is not None:
        messages.warning(request, KEPT_FINDING)
        form.is_valid()  # what saving would have said, shown with it
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
        {
            "audit": audit,
            "audit_case": audit_case,
            "form": form,
            "back_url": back,
            "editor_field": unsaved_editor_field(request),
        },
    )


@require_POST
@require_capability(Capability.RECORD_MEETING)
def suggest(request, audit_pk: int):
    """While a finding is typed (htmx): maca's themes and polarity for the words
    so far, with their reasons. Nothing is stored."""
    audit = _recording_audit(request, audit_pk)
    text = (request.POST.get("text") or "")[:FINDING_TEXT_MAX_LENGTH]
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
                    # In the words, and as many, that the finding's page gives once it is saved.
                    "reasons": presenters.reasons_text(distinct_reasons(t.reasons)[:3]),
                }
                for t in (suggestion.themes if suggestion else ())
            ],
            "polarity": _polarity_line(request.POST, suggestion),
        },
    )


def _polarity_line(data, suggestion) -> str:
    """What will be saved as the finding's polarity, in a sentence: what the
    person chose decides, and good practice is always a strength; maca's
    suggestion is for when they have not chosen."""
    if data.get("kind") == FindingKind.GOOD_PRACTICE:
        if data.get("polarity") == Polarity.CONCERN:
            return f"{services.GOOD_PRACTICE_IS_A_STRENGTH}."  # what saving will say
        return "A strength: good practice resulting from the audit is always a strength."
    if data.get("polarity") in Polarity.values:
        return f"A {Polarity(data['polarity']).label.lower()}, as you chose."
    if suggestion is None:
        return ""
    return f"{capfirst(presenters.polarity_said(suggestion.polarity, suggestion.polarity_basis))}."


@keeps_unsaved_post
@require_capability(Capability.RECORD_MEETING)
def finding_new(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    return _finding_new(request, audit, _audit_case_for(audit, pk))


@keeps_unsaved_post
@require_capability(Capability.RECORD_MEETING)
def cross_finding_new(request, audit_pk: int):
    audit = _recording_audit(request, audit_pk)
    return _finding_new(request, audit, None)


THEMES_OF_A_REMOVED_FINDING = "The themes have not been saved: the finding was removed while the page was open."


def _back_to(audit, finding) -> str:
    if finding.audit_case_id:
        return reverse("findings:case", args=[audit.pk, finding.audit_case_id])
    return reverse("findings:meeting", args=[audit.pk])


def _back_text(finding) -> str:
    """What the back link to `_back_to` says: the page it goes to."""
    return "Back to the case" if finding.audit_case_id else "Back to the meeting"


# What the change and remove pages' back link to the finding's own page says.
BACK_TO_THE_FINDING = "Back to the finding"


def _tag_choices(finding, partnership):
    """The themes offered (current themes, and any retired one the finding
    already has) and, by key, the names of the retired themes not offered."""
    confirmed = {t.theme_id for t in finding.tags.all()}
    offered, retired = [], {}
    for theme in selectors.themes_of(partnership, include_retired=True):
        if not theme.is_retired or theme.pk in confirmed:
            offered.append(theme)
        else:
            retired[theme.key] = theme.name
    return offered, retired


def _changed_only_by_you(request, finding, version) -> bool:
    """Whether every change to ``finding`` since ``version`` (the page's) was
    the person's own, on another page (another tab or window): the log tells
    each change to a finding, maca's own (the retention run's) as nobody's,
    which is never "you" (``selectors.finding_changed_since_by``, ADR 0027)."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        return False
    return selectors.finding_changed_since_by(finding, version) == {request.user.pk}


NO_THEMES_CONFIRMED = (
    "Saved with no themes: this finding is not counted under any theme. To add one, open ‘Themes and changes’ for it."
)


def _conflict_title(what: str, by_you: bool) -> str:
    """The heading of a finding page's conflict summary when it is the
    person's own save; otherwise the page's own ("Someone else changed …")."""
    return changed_on_another_page_title(what) if by_you else ""


@require_capability(Capability.RECORD_MEETING)
def finding(request, audit_pk: int, pk: int):
    """Accept or reject maca's suggested themes and polarity."""
    audit = _recording_audit(request, audit_pk)
    if request.method == "POST" and (removed := _removed_meanwhile(audit, pk)) is not None:
        messages.error(request, THEMES_OF_A_REMOVED_FINDING)
        return redirect(_back_to(audit, removed))
    item = _finding_for(audit, pk)

    def current_of(item, by_key):
        confirmed = [tag.theme.key for tag in item.tags.select_related("theme")]
        suggested = [s["theme"] for s in item.suggestions if s["theme"] in by_key]
        return {
            "version": item.version,
            "polarity": item.polarity,
            "themes": confirmed if item.tags_confirmed_at else suggested,
        }

    def build(data, item, merged=None):
        themes, retired = _tag_choices(item, request.partnership)
        by_key = {t.key: t for t in themes}
        initial = merged.initial if merged else current_of(item, by_key)
        good_practice = item.kind == FindingKind.GOOD_PRACTICE
        if good_practice:
            hint = "Good practice resulting from the audit is always a strength."
        elif item.suggested_polarity:
            said = presenters.polarity_said(item.suggested_polarity, item.suggested_polarity_basis)
            hint = f"maca suggests {said}."
        else:
            hint = ""
        return TagsForm(
            data,
            themes=themes,
            retired=retired,
            hints=presenters.suggestion_hints(item, by_key),
            polarity_hint=hint,
            strength_only=good_practice,
            initial=initial,
        )

    form = build(request.POST or None, item)
    conflict, by_you = "", False
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_confirm_tags(
                actor=request.user,
                finding=item,
                polarity=form.cleaned_data["polarity"],
                theme_keys=form.cleaned_data["themes"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            # Merged as the discussion is: polarity kept if only this person
            # changed it, themes ticked or unticked box by box.
            item = _finding_for(audit, pk)
            now = current_of(item, {t.key: t for t in _tag_choices(item, request.partnership)[0]})
            merged = merge_after_conflict(form, now, version=item.version)
            by_you = _changed_only_by_you(request, item, form.cleaned_data["version"])
            conflict = merged.message("this finding’s themes", by_you=by_you)
            form = build(None, item, merged)
            merged.shown_on(form, by_you=by_you)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if form.cleaned_data["themes"]:
                messages.success(request, "The themes have been confirmed.")
            else:
                # Not "themes confirmed" when none was ticked: say what that means for the counts.
                messages.success(request, NO_THEMES_CONFIRMED)
            return redirect(_back_to(audit, item))
    _viewed(request, "finding.viewed", item)
    return render(
        request,
        "findings/finding.html",
        {
            "audit": audit,
            "finding": item,
            "form": form,
            "conflict_message": conflict,
            "conflict_title": _conflict_title("this finding’s themes", by_you) if conflict else "",
            "polarity_tag": presenters.polarity_tag(item.polarity),
            "source": presenters.about_text(item),
            # Warned, not refused: the words are the meeting's; the person decides.
            "identifiers": presenters.identifiers_warning(
                identifiers_in(item.text, audit=audit), confirmed=item.tags_confirmed_at is not None
            ),
            "back_url": _back_to(audit, item),
            "back_text": _back_text(item),
            # Once confirmed, the same form changes them.
            "heading": "Change its themes" if item.tags_confirmed_at else "Confirm its themes",
        },
    )


@require_capability(Capability.RECORD_MEETING)
def finding_edit(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    if request.method == "POST" and (removed := _removed_meanwhile(audit, pk)) is not None:
        return _edit_of_a_removed_finding(request, audit, removed)
    item = _finding_for(audit, pk)
    agencies = services.agencies_of_case(item.audit_case) if item.audit_case else selectors.involved_agencies(audit)
    if item.agency and item.agency not in agencies:
        agencies.append(item.agency)

    def initial_for(f):
        return {"version": f.version, "kind": f.kind, "agency": str(f.agency_id or ""), "text": f.text}

    form = EditFindingForm(request.POST or None, agencies=agencies, initial=initial_for(item))
    conflict, by_you = "", False
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
            # Themes confirmed meanwhile bump the same version: the words typed are kept (ADR 0027).
            merged = merge_after_conflict(form, initial_for(error.instance), version=error.instance.version)
            by_you = _changed_only_by_you(request, error.instance, form.cleaned_data["version"])
            conflict = merged.message("this finding", by_you=by_you)
            form = merged.shown_on(EditFindingForm(agencies=agencies, initial=merged.initial), by_you=by_you)
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
            "conflict_message": conflict,
            "conflict_title": _conflict_title("this finding", by_you) if conflict else "",
            "back_url": reverse("findings:finding", args=[audit.pk, item.pk]),
            "back_text": BACK_TO_THE_FINDING,
        },
    )


CHANGES_TO_A_REMOVED_FINDING = (
    "Your changes have not been saved: the finding was removed while you were editing it. "
    "Your words are below, to copy if you need them."
)


def _edit_of_a_removed_finding(request, audit, removed):
    """A change saved from a page opened before the finding was removed: the
    page again, saying so, with the words typed and no button to save them."""
    agencies = (
        services.agencies_of_case(removed.audit_case) if removed.audit_case else selectors.involved_agencies(audit)
    )
    form = EditFindingForm(request.POST, agencies=agencies)
    form.is_valid()
    form.add_error(None, CHANGES_TO_A_REMOVED_FINDING)
    return render(
        request,
        "findings/finding_edit.html",
        {
            "audit": audit,
            "finding": removed,
            "form": form,
            "removed": True,
            "back_url": _back_to(audit, removed),
            "back_text": _back_text(removed),
        },
    )


REMOVAL_AFTER_A_CHANGE = (
    "Someone else changed this finding while you were removing it. It has not been removed. "
    "Check it, then remove it again if you still mean to."
)
# The person's own save meanwhile, on another page (another tab or window), as the other pages say it.
REMOVAL_AFTER_YOUR_CHANGE = (
    f"{changed_on_another_page('this finding')}. It has not been removed. "
    "Check it, then remove it again if you still mean to."
)


@require_capability(Capability.RECORD_MEETING)
def finding_remove(request, audit_pk: int, pk: int):
    audit = _recording_audit(request, audit_pk)
    item = _finding_for(audit, pk)
    form = RemoveFindingForm(request.POST or None, initial={"version": item.version})
    conflict, by_you = "", False
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_remove(
                actor=request.user,
                finding=item,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            by_you = _changed_only_by_you(request, error.instance, form.cleaned_data["version"])
            # The reason typed is kept; the form now points at what is saved.
            form = typed_again_after_conflict(RemoveFindingForm, request.POST, error)
            conflict = REMOVAL_AFTER_YOUR_CHANGE if by_you else REMOVAL_AFTER_A_CHANGE
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
            "conflict_message": conflict,
            "conflict_title": _conflict_title("this finding", by_you) if conflict else "",
            "back_url": reverse("findings:finding", args=[audit.pk, item.pk]),
            "back_text": BACK_TO_THE_FINDING,
            # Said before it goes, not only after: what was drawn from it, and the actions raised from that.
            "resting_on": resting_on(selectors.drawn_from(item)),
        },
    )


@require_capability(Capability.VIEW_FINDINGS)
def audit_findings(request, audit_pk: int):
    """The audit's confirmed strengths and findings, by case number only, and
    the recommendations confirmed across its cases: read-only, for everyone
    with ``view_findings`` (the board and scrutineers too, who do not open
    the meeting's working pages: "Across the cases" and a recommendation's own
    page hold proposals not yet agreed, and the controls that change them)."""
    audit = _audit_for(request, audit_pk)
    shown = audit.stage in access.SHOWN_STAGES
    found = list(selectors.findings_shown_of_audit(audit)) if shown else []
    recommendations = list(selectors.confirmed_recommendations_of(audit)) if shown else []
    groups = presenters.grouped(found)
    return render(
        request,
        "findings/audit_findings.html",
        {
            "audit": audit,
            "shown": shown,
            # A cancelled audit never reaches its meeting (or has left it): its findings count nowhere.
            "cancelled": audit.stage == Stage.CANCELLED,
            "count": len(found),
            "recording_ended": access.recording_ended(audit),
            # Each headed on the page: the captions are for screen readers.
            "tables": [
                presenters.findings_table(
                    groups.strengths, caption="Strengths", audit_pk=None, show_case=True, caption_hidden=True
                ),
                presenters.findings_table(
                    groups.concerns,
                    caption="Findings: what needs to improve",
                    audit_pk=None,
                    show_case=True,
                    caption_hidden=True,
                ),
                # Step 6 of the briefing: its own kind, so its own table.
                presenters.findings_table(
                    groups.good_practice,
                    caption=FindingKind.GOOD_PRACTICE.label,
                    audit_pk=None,
                    show_case=True,
                    caption_hidden=True,
                ),
            ],
            "recommendations": {
                "caption": "Recommendations",
                "captionClasses": "govuk-visually-hidden",
                "head": [{"text": "Recommendation"}, {"text": "Themes"}],
                "rows": [
                    [{"text": r.text}, {"text": ", ".join(t.name for t in r.themes.all()) or "None"}]
                    for r in recommendations
                ],
            },
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )
