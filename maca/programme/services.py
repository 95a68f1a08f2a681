"""Planning the programme: board priorities, years, audits and their stages.
Each function runs in one transaction and writes its audit record in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction

from maca.accounts.models import Membership
from maca.accounts.roles import Capability, Role
from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.core.presenters import long_date
from maca.partnerships.services import partnership_hold
from maca.programme import audit_cases, stages
from maca.programme.models import (
    Audit,
    AuditKind,
    AuditTransition,
    BoardPriority,
    Programme,
    Stage,
    deadline_called,
    meeting_range,
    plan_dates_range,
    tool_kind_for,
    year_bounds,
    year_label,
    year_of,
)

# Priorities -------------------------------------------------------------------------------


def _priority_taken(title: str) -> str:
    """Refusing a priority's title already taken (in any case), as a tool's name is refused."""
    return f"Your partnership already has a board priority called ‘{title}’"


def priority_create(*, actor, partnership, title: str, description: str = "") -> BoardPriority:
    title = title.strip()
    with transaction.atomic():
        partnership_hold(partnership)
        if BoardPriority.objects.filter(partnership=partnership, title__iexact=title).exists():
            raise ValidationError({"title": _priority_taken(title)})
        priority = BoardPriority.objects.create(partnership=partnership, title=title, description=description.strip())
        record(
            actor=actor,
            action="priority.created",
            partnership=partnership,
            target=priority,
            changes={"title": title, "description": priority.description},
        )
    return priority


def priority_update(
    *, actor, priority: BoardPriority, title: str, description: str, is_active: bool, expected_version: int
) -> BoardPriority:
    title = title.strip()
    with transaction.atomic():
        partnership_hold(priority.partnership_id)
        priority = lock_for_update(priority, expected_version=expected_version)
        clash = BoardPriority.objects.filter(partnership=priority.partnership, title__iexact=title).exclude(
            pk=priority.pk
        )
        if clash.exists():
            raise ValidationError({"title": _priority_taken(title)})
        before = {"title": priority.title, "description": priority.description, "is_active": priority.is_active}
        priority.title, priority.description, priority.is_active = title, description.strip(), is_active
        bump_version(priority)
        priority.save()
        changes = diff(before, {"title": title, "description": priority.description, "is_active": is_active})
        record(
            actor=actor, action="priority.updated", partnership=priority.partnership, target=priority, changes=changes
        )
    return priority


# Programme years --------------------------------------------------------------------------


def business_year(on: dt.date) -> int:
    """Programme years run April to March: 10 January 2027 is in 2026–27."""
    return year_of(on)


def programme_create(*, actor, partnership, year: int, notes: str = "") -> Programme:
    with transaction.atomic():
        partnership_hold(partnership)
        if Programme.objects.filter(partnership=partnership, year=year).exists():
            raise ValidationError({"year": f"There is already a programme for {year_label(year)}"})
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": "Enter a year between 2000 and 2100"})
        programme = Programme.objects.create(partnership=partnership, year=year, notes=notes.strip())
        record(
            actor=actor, action="programme.created", partnership=partnership, target=programme, changes={"year": year}
        )
    return programme


# Audits -----------------------------------------------------------------------------------

PLANNING_FIELDS = (
    "title",
    "theme",
    "kind",
    "target_cases",
    "target_children",
    "planned_selection_date",
    "return_deadline",
    "planned_meeting_date",
    "lead",
    "tool",
    "reminder_days_before",
    "reminder_days_after",
)


def _tool_of_the_wrong_kind(kind: str, tool) -> str:
    """Said when the plan is saved, not first when agencies are to start
    auditing (``returns.services.tool_ready`` refuses the move as well): a deep
    dive asks each agency for one summative report, any other audit for one
    return per case."""
    if tool.kind == tool_kind_for(kind):
        return ""
    if kind == AuditKind.DEEP_DIVE:
        return f"Choose a summative report tool: a deep dive needs one, and ‘{tool.name}’ is a case audit tool"
    return f"Choose a case audit tool: a summative report tool such as ‘{tool.name}’ is only for a deep dive"


def _refuse_title_taken(programme: Programme, title: str, *, audit: Audit | None = None) -> None:
    """Every page, home panel and picker names an audit by its title: two of
    one year's audits must not share one (letter case aside). A cancelled
    audit's title may be used again. The programme's row is the lock: two
    audits planned at the same moment under one title are taken one after the other."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    title = (title or "").strip()
    others = Audit.objects.filter(partnership_id=programme.partnership_id, programme=programme).exclude(
        stage=Stage.CANCELLED
    )
    if audit is not None:
        others = others.exclude(pk=audit.pk)
    taken = next((a for a in others.only("title") if a.title.strip().casefold() == title.casefold()), None)
    if taken is not None:
        raise ValidationError(
            {
                "title": f"The {programme.label} programme already has an audit called ‘{taken.title}’: "
                "give this one a title of its own"
            }
        )


PLANNED_DATES = ("planned_selection_date", "return_deadline", "planned_meeting_date")


def _date_called(name: str, kind: str | None) -> str:
    """A planned date as its field's errors name it (``forms.AuditForm``)."""
    return {
        "planned_selection_date": "The date cases are selected by",
        "return_deadline": f"The {deadline_called(kind)}",
        "planned_meeting_date": "The meeting date",
    }[name]


def _dates_outside_the_year(programme: Programme, fields: dict, names) -> dict[str, str]:
    """An error for each of the planned dates ``names`` that is not near the
    audit's programme year (``plan_dates_range``): a date typed in the wrong
    year (2031 for an audit of 2026–27) is refused, saying the year's range.
    The meeting keeps the range the meeting record keeps (``meeting_range``:
    not before its year begins), so that a planned meeting can be recorded on
    its day."""
    start, end = year_bounds(programme.year)
    errors = {}
    for name in names:
        day = fields.get(name)
        first, last = (meeting_range if name == "planned_meeting_date" else plan_dates_range)(programme.year)
        if day is not None and not first <= day <= last:
            errors[name] = (
                f"{_date_called(name, fields.get('kind'))} must be between {long_date(first)} and "
                f"{long_date(last)} for an audit in the {programme.label} programme, which runs from "
                f"{long_date(start)} to {long_date(end)}"
            )
    return errors


def _check_audit(partnership, *, lead, priorities, fields: dict, programme=None, dates=()) -> None:
    """Whether the plan can be saved; ``dates`` are the planned dates checked
    against ``programme``'s year (those given or changed)."""
    errors: dict[str, str] = {}
    if programme is not None:
        errors.update(_dates_outside_the_year(programme, fields, dates))
    if lead is not None:
        member = Membership.objects.able_to_act().filter(user=lead, partnership=partnership).first()
        if member is None or not member.can(Capability.MANAGE_PROGRAMME):
            errors["lead"] = "Choose a QA officer or partnership admin of this partnership as the audit lead"
    tool = fields.get("tool")
    if tool is not None and tool.partnership_id != partnership.pk:
        errors["tool"] = "Choose an audit tool of this partnership"
    elif tool is not None and fields.get("kind") in AuditKind.values:
        mismatch = _tool_of_the_wrong_kind(fields["kind"], tool)
        if mismatch:
            errors["tool"] = mismatch
    if any(p.partnership_id != partnership.pk for p in priorities):
        errors["priorities"] = "Choose priorities of this partnership"
    if fields.get("kind") not in AuditKind.values:
        errors["kind"] = "Select the kind of audit"
    if (fields.get("target_cases") or 0) < 1:
        errors["target_cases"] = "Enter how many cases the audit will look at, 1 or more"
    selection, deadline, meeting = (
        fields.get("planned_selection_date"),
        fields.get("return_deadline"),
        fields.get("planned_meeting_date"),
    )
    # Named as the kind's agencies' work is: a deep dive's "summative report deadline".
    called = deadline_called(fields.get("kind"))
    if selection and deadline and deadline < selection and "return_deadline" not in errors:
        errors["return_deadline"] = f"The {called} must be on or after the day cases are selected"
    if "planned_meeting_date" in errors:
        pass  # outside the year: said first
    elif deadline and meeting and meeting < deadline:
        errors["planned_meeting_date"] = f"The meeting must be on or after the {called}"
    elif selection and meeting and meeting < selection:
        errors["planned_meeting_date"] = "The meeting must be on or after the day cases are selected"
    cases, children = fields.get("target_cases"), fields.get("target_children")
    if children and cases and children < cases and "target_cases" not in errors:
        errors["target_children"] = "Enter at least as many children as cases: each case is at least 1 child"
    if errors:
        raise ValidationError(errors)


def audit_create(*, actor, programme: Programme, priorities=(), **fields) -> Audit:
    """Plan an audit in a programme year. ``fields`` are the ``PLANNING_FIELDS``."""
    unknown = set(fields) - set(PLANNING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown audit fields: {sorted(unknown)}")
    partnership = programme.partnership
    priorities = list(priorities)
    with transaction.atomic():
        _check_audit(
            partnership,
            lead=fields.get("lead"),
            priorities=priorities,
            fields=fields,
            programme=programme,
            dates=PLANNED_DATES,
        )
        _refuse_title_taken(programme, fields.get("title", ""))
        audit = Audit.objects.create(partnership=partnership, programme=programme, **fields)
        audit.priorities.set(priorities)
        record(
            actor=actor,
            action="audit.created",
            partnership=partnership,
            target=audit,
            changes={
                **{k: fields.get(k) for k in PLANNING_FIELDS},
                "priorities": [p.title for p in priorities],
                "programme": programme.label,
            },
        )
    return audit


# What an audit needed to enter a stage (``stages._own_checks``), which cannot
# be taken away once it is there: the field, the stage, and the error.
NEEDED_FROM = (
    ("lead", Stage.SELECTING, "The audit lead cannot be removed once cases are being selected"),
    ("return_deadline", Stage.AUDITING, "The {deadline} cannot be removed once agencies are auditing"),
    ("planned_meeting_date", Stage.MEETING, "The meeting date cannot be removed once the audit is at the meeting"),
)


def needed_message(message: str, kind: str) -> str:
    """One of the ``NEEDED_FROM`` errors, its deadline named for the audit's ``kind``."""
    return message.format(deadline=deadline_called(kind))


def _refuse_planning_fewer_cases_than_selected(audit: Audit, fields: dict) -> None:
    """The number of cases planned is not cut below the number already
    selected (the year's page would say "4 of 2"): take cases out first."""
    target = fields.get("target_cases")
    if target is None or target == audit.target_cases:
        return
    chosen = audit_cases.selected(audit.partnership, audit).cases
    if target < chosen:
        # Cases are taken out only while they are being selected: after that, no such advice.
        still_selecting = audit.stage in (Stage.PLANNED, Stage.SELECTING)
        raise ValidationError(
            {
                "target_cases": f"{chosen} cases are already selected for this audit: plan at least {chosen}"
                + (", or take cases out first" if still_selecting else "")
            }
        )


def _refuse_clearing_what_a_stage_needed(audit: Audit, fields: dict) -> None:
    errors = {
        name: needed_message(message, audit.kind)
        for name, stage, message in NEEDED_FROM
        if name in fields and fields[name] is None and audit.reached(stage)
    }
    if errors:
        raise ValidationError(errors)


def audit_update(*, actor, audit: Audit, expected_version: int, priorities=(), **fields) -> Audit:
    unknown = set(fields) - set(PLANNING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown audit fields: {sorted(unknown)}")
    priorities = list(priorities)
    with transaction.atomic():
        audit = lock_for_update(audit, expected_version=expected_version)
        if audit.is_finished:
            raise ValidationError("A closed or cancelled audit cannot be changed.")
        if audit.reached(Stage.AUDITING):
            # Returns already exist on this tool, one per case or one per agency by kind.
            if "tool" in fields and fields["tool"] != audit.tool:
                raise ValidationError({"tool": "The audit tool cannot change once agencies have started auditing"})
            if "kind" in fields and fields["kind"] != audit.kind:
                raise ValidationError({"kind": "The kind of audit cannot change once agencies have started auditing"})
        _refuse_clearing_what_a_stage_needed(audit, fields)
        _refuse_planning_fewer_cases_than_selected(audit, fields)
        if "title" in fields and fields["title"].strip().casefold() != audit.title.strip().casefold():
            _refuse_title_taken(audit.programme, fields["title"], audit=audit)
        # The audit's own lead stays on offer after they stop leading audits
        # (the form keeps them), so only a new lead is checked.
        lead = fields.get("lead")
        # The tool is checked against the kind even when only the kind changes.
        checked = {"tool": audit.tool, "kind": audit.kind, **fields}
        # Only the dates changed: an audit planned or imported before the rule keeps the dates it has.
        _check_audit(
            audit.partnership,
            lead=None if lead == audit.lead else lead,
            priorities=priorities,
            fields=checked,
            programme=audit.programme,
            dates=[name for name in PLANNED_DATES if name in fields and fields[name] != getattr(audit, name)],
        )
        before = {k: getattr(audit, k) for k in PLANNING_FIELDS}
        before["priorities"] = sorted(p.title for p in audit.priorities.all())
        changes = diff(before, {**before, **fields, "priorities": sorted(p.title for p in priorities)})
        if not changes:
            # Saved as it was: nothing to record, and a page open elsewhere (its version) still holds.
            return audit
        for key, value in fields.items():
            setattr(audit, key, value)
        bump_version(audit)
        audit.save()
        audit.priorities.set(priorities)
        record(actor=actor, action="audit.updated", partnership=audit.partnership, target=audit, changes=changes)
    return audit


def audit_set_scrutineers(*, actor, audit: Audit, scrutineers, expected_version: int | None = None) -> Audit:
    """Who scrutinises an audit decides who sees its case-level data: a change
    made from an out-of-date page is refused."""
    scrutineers = list(scrutineers)
    with transaction.atomic():
        audit = lock_for_update(audit, expected_version=expected_version)
        added = {user.pk for user in scrutineers} - set(audit.scrutineers.values_list("pk", flat=True))
        if audit.is_finished and added:
            # Its case-level data is not opened to anyone new once it is over;
            # a scrutineer can still be taken off it.
            raise ValidationError("A closed or cancelled audit cannot be given a new scrutineer.")
        allowed = set(
            Membership.objects.able_to_act()
            .filter(partnership=audit.partnership, role=Role.INDEPENDENT_SCRUTINEER)
            .values_list("user_id", flat=True)
        )
        # One who cannot act now (an account switched off) is kept if already
        # scrutinising, and never newly chosen.
        allowed |= set(audit.scrutineers.values_list("pk", flat=True))
        if any(user.pk not in allowed for user in scrutineers):
            raise ValidationError({"scrutineers": "Choose independent scrutineers of this partnership"})
        before = sorted(u.email for u in audit.scrutineers.all())
        audit.scrutineers.set(scrutineers)
        bump_version(audit)
        audit.save(update_fields=["version"])
        record(
            actor=actor,
            action="audit.scrutineers_changed",
            partnership=audit.partnership,
            target=audit,
            changes={"scrutineers": [before, sorted(u.email for u in scrutineers)]},
        )
    return audit


def audit_move(
    *,
    actor,
    audit: Audit,
    to_stage: str,
    reason: str,
    expected_version: int,
    warnings_accepted: Collection[str] | None = None,
) -> AuditTransition:
    """Move an audit to its next stage (or cancel it), recording who, when and
    why, and what the move warned about (``stages.register_warning``).
    ``warnings_accepted``: the warnings the person chose to move on despite
    (the move page's "Move on anyway"); given, the move is refused while it
    warns about anything else. ``None`` (the demo, a past audit's import):
    not asked."""
    reason = reason.strip()
    with transaction.atomic():
        audit = lock_for_update(audit, expected_version=expected_version)
        if not reason:
            raise ValidationError({"reason": "Enter why the audit is moving on"})
        problems = stages.blockers(audit, Stage(to_stage))
        if problems:
            raise ValidationError(problems)
        warned = [] if to_stage == Stage.CANCELLED else [w.text for w in stages.warnings(audit, Stage(to_stage))]
        if warnings_accepted is not None and set(warned) - set(warnings_accepted):
            said = stages.WARNING_CHANGED if warnings_accepted else stages.MOVE_ON_ANYWAY_NOT_SELECTED
            raise ValidationError({"move_anyway": said})
        transition = AuditTransition.objects.create(
            partnership=audit.partnership,
            audit=audit,
            from_stage=audit.stage,
            to_stage=to_stage,
            actor=actor,
            reason=reason,
        )
        from_stage = audit.stage
        audit.stage = to_stage
        bump_version(audit)
        audit.save(update_fields=["stage", "version"])
        record(
            actor=actor,
            action="audit.stage_changed",
            partnership=audit.partnership,
            target=audit,
            changes={
                "stage": [from_stage, to_stage],
                "reason": reason,
                **({"moved_on_despite": warned} if warned else {}),
            },
        )
        stages.entered(audit, actor=actor)
    return transition
