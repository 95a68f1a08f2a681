from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import (
    EditConflict,
    changed_on_another_page_title,
    merge_after_conflict,
    typed_again_after_conflict,
)
from maca.core.errors import apply_validation_error
from maca.programme import audit_cases, charts, presenters, selectors, services, stages
from maca.programme.forms import (
    AuditForm,
    EditAuditForm,
    EditPriorityForm,
    MoveAuditForm,
    PriorityForm,
    ProgrammeForm,
    ScrutineersForm,
)
from maca.programme.meeting_day import meeting_day, meeting_days, meeting_ordering
from maca.programme.models import Stage, year_label

# The year ----------------------------------------------------------------------------------


@require_capability(Capability.VIEW_PROGRAMME)
def current_year(request):
    return redirect("programme:year", year=services.business_year(dt.date.today()))


@require_capability(Capability.VIEW_PROGRAMME)
def year(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404("No programme for that year")
    partnership = request.partnership
    programme = selectors.programmes_for(partnership).filter(year=year).first()
    # In the order of the meeting day each shows (held, else planned), as its
    # "Meeting" column and the timeline's rows say it; an audit with no day last.
    audits = (
        list(selectors.audits_for(partnership).filter(programme=programme).order_by(*meeting_ordering()))
        if programme
        else []
    )
    counts = audit_cases.counts(partnership, [a.pk for a in audits])
    meetings = meeting_days(audits)
    years = list(selectors.programmes_for(partnership).values_list("year", flat=True))
    label = year_label(year)
    # The year after the last programme, to create from here: planning next year needs no address typed.
    next_year = max(years, default=year) + 1
    return render(
        request,
        "programme/year.html",
        {
            "year": year,
            "label": label,
            "programme": programme,
            "table": presenters.programme_table(audits, counts, meetings),
            "timeline": charts.year_timeline(year, audits, today=timezone.localdate(), label=label, meetings=meetings),
            "years": sorted(set(years) | {year}),
            "new_audit_url": reverse("programme:audit_new") + f"?year={year}",
            "next_programme_url": reverse("programme:programme_new") + f"?year={next_year}",
            "next_label": year_label(next_year),
        },
    )


@require_capability(Capability.MANAGE_PROGRAMME)
def programme_new(request):
    initial = {"year": request.GET.get("year") or services.business_year(dt.date.today()) + 1}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user, partnership=request.partnership, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The {programme.label} programme has been created. Now plan its audits.")
            return redirect("programme:year", year=programme.year)
    return render(request, "programme/programme_form.html", {"form": form, "back_url": reverse("programme:home")})


# Board priorities --------------------------------------------------------------------------


@require_capability(Capability.VIEW_PROGRAMME)
def priorities(request):
    can_manage = request.membership.can(Capability.MANAGE_PROGRAMME)
    return render(
        request,
        "programme/priorities.html",
        {
            "table": presenters.priorities_table(selectors.priorities_for(request.partnership), can_manage=can_manage),
            "can_manage": can_manage,
            "new_url": reverse("programme:priority_new"),
        },
    )


@require_capability(Capability.MANAGE_PROGRAMME)
def priority_new(request):
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.priority_create(actor=request.user, partnership=request.partnership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{item.title}’ has been added to the board priorities.")
            return redirect("programme:priorities")
    return render(
        request,
        "programme/priority_form.html",
        {"form": form, "title": "Add a board priority", "back_url": reverse("programme:priorities")},
    )


def _priority_initial(item) -> dict:
    return {"title": item.title, "description": item.description, "is_active": item.is_active, "version": item.version}


@require_capability(Capability.MANAGE_PROGRAMME)
def priority(request, pk: int):
    item = get_object_or_404(selectors.priorities_for(request.partnership), pk=pk)
    form = EditPriorityForm(request.POST or None, initial=_priority_initial(item))
    conflict, by_you = None, False
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_update(
                actor=request.user,
                priority=item,
                expected_version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                is_active=form.cleaned_data["is_active"],
            )
        except EditConflict as error:
            item = error.instance
            merged = merge_after_conflict(form, _priority_initial(item), version=item.version)
            # Said as the audit's pages say it: the person's own save on another page is not someone else's.
            by_you = selectors.priority_changed_since_by(item, form.cleaned_data["version"]) == {request.user.pk}
            conflict = merged.message("this priority", by_you=by_you)
            form = merged.shown_on(EditPriorityForm(initial=merged.initial), by_you=by_you)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The priority has been updated.")
            return redirect("programme:priorities")
    return render(
        request,
        "programme/priority_form.html",
        {
            "form": form,
            "priority": item,
            "title": "Change a board priority",
            "conflict_message": conflict or "",
            "conflict_title": changed_on_another_page_title("this priority") if conflict and by_you else "",
            "back_url": reverse("programme:priorities"),
        },
    )


# Audits -----------------------------------------------------------------------------------


def _audit_for(request, pk: int):
    return get_object_or_404(selectors.audits_for(request.partnership), pk=pk)


def _planning_fields(data: dict) -> dict:
    return {k: data[k] for k in services.PLANNING_FIELDS}


@require_capability(Capability.MANAGE_PROGRAMME)
def audit_new(request):
    try:
        year_value = int(request.GET.get("year", ""))
    except ValueError:
        year_value = services.business_year(dt.date.today())
    programme = selectors.programmes_for(request.partnership).filter(year=year_value).first()
    if programme is None:
        messages.error(
            request, f"There is no {year_label(year_value)} programme yet: create it first, then plan its audits."
        )
        return redirect(reverse("programme:programme_new") + f"?year={year_value}")
    form = AuditForm(
        request.POST or None, partnership=request.partnership, initial={"kind": "themed", "lead": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_create(
                actor=request.user,
                programme=programme,
                priorities=form.cleaned_data["priorities"],
                **_planning_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{audit.title}’ has been added to the {programme.label} programme.")
            return redirect("programme:audit", pk=audit.pk)
    return render(
        request,
        "programme/audit_form.html",
        {
            "form": form,
            "title": f"Plan an audit for {programme.label}",
            "back_url": reverse("programme:year", args=[programme.year]),
            "back_text": "Back to the programme",
        },
    )


def _audit_changed_only_by_you(request, audit, version) -> bool:
    """Whether every change to ``audit`` since ``version`` (the page's) was the
    person's own, on another page (another tab or window)."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        return False
    return selectors.audit_changed_since_by(audit, version) == {request.user.pk}


def _audit_conflict_title(by_you: bool) -> str:
    """The heading of an audit page's conflict summary when it is the person's
    own save; otherwise the page's own heading ("Someone else changed this audit")."""
    return changed_on_another_page_title("this audit") if by_you else ""


def _audit_initial(audit) -> dict:
    initial = {k: getattr(audit, k) for k in services.PLANNING_FIELDS}
    initial.update(
        {"lead": audit.lead_id, "priorities": [p.pk for p in audit.priorities.all()], "version": audit.version}
    )
    return initial


@require_capability(Capability.MANAGE_PROGRAMME)
def audit_edit(request, pk: int):
    audit = _audit_for(request, pk)
    form = EditAuditForm(
        request.POST or None, partnership=request.partnership, audit=audit, initial=_audit_initial(audit)
    )
    conflict, by_you = None, False
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_update(
                actor=request.user,
                audit=audit,
                expected_version=form.cleaned_data["version"],
                priorities=form.cleaned_data["priorities"],
                **_planning_fields(form.cleaned_data),
            )
        except EditConflict as error:
            audit = error.instance
            merged = merge_after_conflict(form, _audit_initial(audit), version=audit.version)
            # As the return's combine page says it: one person's save on another
            # page (another tab or window) is not someone else's.
            by_you = _audit_changed_only_by_you(request, audit, form.cleaned_data["version"])
            conflict = merged.message("this audit", by_you=by_you)
            form = merged.shown_on(
                EditAuditForm(partnership=request.partnership, audit=audit, initial=merged.initial), by_you=by_you
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved = audit.version != form.cleaned_data["version"]
            messages.success(
                request,
                "The audit has been updated." if saved else f"Nothing was changed: ‘{audit.title}’ is as it was.",
            )
            return redirect("programme:audit", pk=audit.pk)
    return render(
        request,
        "programme/audit_form.html",
        {
            "form": form,
            "title": f"Change ‘{audit.title}’",
            "conflict_message": conflict or "",
            "conflict_title": _audit_conflict_title(by_you) if conflict else "",
            "current_summary": presenters.audit_summary(audit) if conflict else None,
            "back_url": reverse("programme:audit", args=[audit.pk]),
            "back_text": "Back to the audit",
            "audit": audit,
            "over": stages.over(audit),
        },
    )


@require_capability(Capability.VIEW_PROGRAMME)
def audit(request, pk: int):
    item = _audit_for(request, pk)
    membership = request.membership
    following = stages.next_stage(item)
    selected = audit_cases.selected(request.partnership, item)
    return render(
        request,
        "programme/audit.html",
        {
            "audit": item,
            "back_url": reverse("programme:year", args=[item.programme.year]),
            "summary": presenters.audit_summary(item, selected, meeting_day(item)),
            "history": presenters.transitions_table(selectors.transitions_for(item)),
            "selected": selected,
            "next_stage": following,
            "blockers": stages.blockers(item, following) if following else [],
            "can_manage": membership.can(Capability.MANAGE_PROGRAMME) and not item.is_finished,
            # Over, its scrutineers still see its cases: they can be taken off it.
            "can_take_scrutineers_off": membership.can(Capability.MANAGE_PROGRAMME)
            and item.is_finished
            and item.scrutineers.exists(),
            "can_see_cases": audit_cases.can_see(membership, item),
            "can_select": membership.can(Capability.SELECT_CASES),
            "can_track": membership.can(Capability.TRACK_RESPONSES),
            "can_count": membership.can(Capability.VIEW_FIGURES),
            "can_see_meeting": membership.can(Capability.RECORD_MEETING)
            or (membership.can(Capability.VIEW_SCRUTINISED_CASES) and audit_cases.can_see(membership, item)),
            "can_see_findings": membership.can(Capability.VIEW_FINDINGS),
            "can_see_across_cases": membership.can(Capability.RECORD_MEETING),
            "can_nominate": membership.can(Capability.NOMINATE_CASES)
            and item.stage in (Stage.PLANNED, Stage.SELECTING),
            "nominations_waiting": audit_cases.nominations_waiting(item)
            if membership.can(Capability.SELECT_CASES)
            else 0,
            "sees_agency_cases": bool(membership.agency_id) and membership.can(Capability.VIEW_AGENCY_CASES),
            # An agency's list of cases holds an audit's cases once agencies are auditing, not before.
            "agency_cases_listed": item.reached(Stage.AUDITING),
            "agency_cases_coming": item.stage in (Stage.PLANNED, Stage.SELECTING),
            "agency_cases_from": Stage.AUDITING.label,
            # Once agencies are auditing the sample is fixed: its page shows how it was drawn.
            "sample_fixed": item.reached(Stage.AUDITING) or item.stage == Stage.CANCELLED,
            "scrutineers": ", ".join(u.full_name for u in item.scrutineers.all()) or "None",
        },
    )


@require_capability(Capability.MANAGE_PROGRAMME)
def audit_move(request, pk: int):
    item = _audit_for(request, pk)
    following = stages.next_stage(item)
    warned = _warnings(item, following)
    form = MoveAuditForm(
        request.POST or None,
        next_stage=following,
        kind=item.kind,
        warnings=warned,
        initial={"version": item.version, "to_stage": following.value if following else None},
    )
    conflict, by_you = None, False
    if request.method == "POST" and request.POST.get("version") not in (None, str(item.version)):
        # The audit changed since the page was opened (it may have moved on
        # already, and the stage chosen may no longer be on offer): the person
        # sees it as it is now, their reason kept, before anything is saved.
        conflict = EditConflict(item)
        by_you = _audit_changed_only_by_you(request, item, request.POST.get("version"))
        form = typed_again_after_conflict(
            lambda data: MoveAuditForm(data, next_stage=following, kind=item.kind, warnings=warned),
            request.POST,
            conflict,
        )
    elif request.method == "POST" and form.is_valid():
        try:
            transition = services.audit_move(
                actor=request.user,
                audit=item,
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                warnings_accepted=form.cleaned_data["warnings_accepted"],
            )
        except EditConflict as error:
            conflict, item = error, error.instance
            by_you = _audit_changed_only_by_you(request, item, form.cleaned_data["version"])
            following = stages.next_stage(item)
            warned = _warnings(item, following)
            form = typed_again_after_conflict(
                lambda data: MoveAuditForm(data, next_stage=following, kind=item.kind, warnings=warned),
                request.POST,
                error,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "move_anyway" in error.error_dict:
                # It warns about something new since the form was checked: asked again, about what it says now.
                warned = _warnings(item, following)
                form = MoveAuditForm(request.POST, next_stage=following, kind=item.kind, warnings=warned)
                form.is_valid()
                error = ValidationError({k: v for k, v in error.error_dict.items() if k != "move_anyway"})
            # Why the move is refused, said at the choice it refuses, so the error summary links to it.
            refused = error if hasattr(error, "error_dict") else ValidationError({"to_stage": error.messages})
            apply_validation_error(form, refused)
        else:
            messages.success(
                request,
                f"‘{item.title}’ has been cancelled."
                if transition.to_stage == Stage.CANCELLED
                else f"‘{item.title}’ is now at the stage ‘{Stage(transition.to_stage).label}’.",
            )
            return redirect("programme:audit", pk=item.pk)
    return render(
        request,
        "programme/audit_move.html",
        {
            "audit": item,
            "form": form,
            "next_stage": following,
            "blockers": stages.blockers(item, following) if following else [],
            "fewer_than_planned": _fewer_than_planned(request, item, following),
            "notices": stages.notices(item, following) if following else [],
            "warnings": warned,
            "over": stages.over(item),
            "conflict_message": conflict.message("this audit", by_you=by_you) if conflict else "",
            "conflict_title": _audit_conflict_title(by_you) if conflict else "",
            "back_url": reverse("programme:audit", args=[item.pk]),
        },
    )


def _warnings(item, following) -> list[stages.StageWarning]:
    """What the move to ``following`` warns about, asking "Move on anyway" (none while it is refused)."""
    if following is None or stages.blockers(item, following):
        return []
    return stages.warnings(item, following)


def _fewer_than_planned(request, item, following) -> str:
    """Before the sample is fixed (the move to 'Agencies auditing'), how many
    of the planned cases are selected, when fewer: said, not refused (a
    partnership may choose to audit fewer)."""
    if following != Stage.AUDITING:
        return ""
    cases = audit_cases.selected(request.partnership, item).cases
    if not cases or cases >= item.target_cases:
        return ""
    return f"{cases} of the {item.target_cases} cases planned {'is' if cases == 1 else 'are'} selected."


@require_capability(Capability.MANAGE_PROGRAMME)
def audit_scrutineers(request, pk: int):
    item = _audit_for(request, pk)
    form = ScrutineersForm(
        request.POST or None, partnership=request.partnership, audit=item, initial=_scrutineers_initial(item)
    )
    conflict, by_you = None, False
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_set_scrutineers(
                actor=request.user,
                audit=item,
                scrutineers=form.cleaned_data["scrutineers"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            # The audit changed meanwhile (its plan, its stage or its scrutineers):
            # the boxes now show what is saved with the person's own ticks and
            # unticks on top, and the form points at the current version, so
            # saving again is a knowing choice (not refused for ever).
            item = _audit_for(request, pk)
            merged = merge_after_conflict(form, _scrutineers_initial(item), version=item.version)
            by_you = _audit_changed_only_by_you(request, item, form.cleaned_data["version"])
            conflict = merged.message("this audit", by_you=by_you)
            form = merged.shown_on(
                ScrutineersForm(partnership=request.partnership, audit=item, initial=merged.initial), by_you=by_you
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The scrutineers for this audit have been saved.")
            return redirect("programme:audit", pk=item.pk)
    return render(
        request,
        "programme/audit_scrutineers.html",
        {
            "audit": item,
            "form": form,
            "conflict_message": conflict or "",
            "conflict_title": _audit_conflict_title(by_you) if conflict else "",
            "back_url": reverse("programme:audit", args=[item.pk]),
            "nobody_offered": stages.no_scrutineers_when_over(item)
            if item.is_finished
            else "Nobody in the partnership has the independent scrutineer role. Invite one from People first.",
        },
    )


def _scrutineers_initial(audit) -> dict:
    return {"scrutineers": [u.pk for u in audit.scrutineers.all()], "version": audit.version}
