"""Agencies' returns: created when agencies start auditing, saved as drafts,
submitted, sent back or accepted, withdrawn (never deleted). Each function runs
in one transaction and writes its audit record in it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.core.presenters import counted
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit, AuditKind, Stage, tool_kind_for
from maca.returns import access, figures
from maca.returns.models import (
    Return,
    ReturnRevision,
    ReturnStatus,
    ReturnTransition,
)
from maca.returns.summative import cases_audited_refusals
from maca.selection.models import Assignment
from maca.selection.services import WorkAtRisk
from maca.tools.answers import invalid_answers, missing_answers
from maca.tools.models import AuditTool, ToolVersion, VersionStatus

# Which tool an audit's returns use ---------------------------------------------------------


def expected_tool_kind(audit: Audit) -> str:
    """The kind of tool the audit's returns use (``programme.models.tool_kind_for``)."""
    return tool_kind_for(audit.kind)


def published_version(audit: Audit) -> ToolVersion | None:
    if audit.tool_id is None:
        return None
    return ToolVersion.objects.filter(tool_id=audit.tool_id, status=VersionStatus.PUBLISHED).order_by("-number").first()


def _hold_tool(audit: Audit) -> None:
    """Lock the audit's tool as publishing a version locks it
    (``tools.services.version_publish``), before reading its published version
    to make returns on: a version being published meanwhile is then either
    seen here, or published after these returns exist, and moves those nobody
    has started onto it. Taken after the audit's row, as the stage move and a
    change of agencies hold it; publishing takes no audit's row."""
    if audit.tool_id is not None:
        AuditTool.objects.select_for_update().get(partnership_id=audit.partnership_id, pk=audit.tool_id)


def tool_ready(audit: Audit) -> list[str]:
    """Condition for moving into 'agencies auditing': a published tool of the right kind."""
    if audit.tool_id is None:
        return ["Choose the audit tool agencies will complete."]
    if audit.tool.kind != expected_tool_kind(audit):
        wanted = "a summative report tool" if audit.kind == AuditKind.DEEP_DIVE else "a case audit tool"
        return [f"A {audit.get_kind_display().lower()} needs {wanted}; ‘{audit.tool.name}’ is not one."]
    if published_version(audit) is None:
        return [f"Publish a version of ‘{audit.tool.name}’ first."]
    return []


def returns_in_before_the_meeting(audit: Audit) -> list[str]:
    """What the move into 'Meeting' says beforehand, without refusing it
    (the meeting is held when it is held): how many returns are in, when
    some are outstanding, and that agencies can still send them until the
    audit moves to 'Writing up' (``access.EDITING_STAGES``)."""
    counts = dict(
        Return.objects.filter(partnership_id=audit.partnership_id, audit=audit)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    response = figures.response_of_counts(counts, kind=audit.kind)
    if not response.outstanding:
        return []
    return [
        f"{response.returns_text}. Agencies can still send the rest until the audit moves to "
        f"‘{Stage.WRITING_UP.label}’."
    ]


def none_sent_back(audit: Audit) -> list[str]:
    """Condition for moving into 'writing up': no return is still sent back.
    After the meeting agencies can no longer change their returns, so one
    sent back and not yet submitted again would be left with nobody able to
    act on it."""
    waiting = (
        Return.objects.filter(partnership_id=audit.partnership_id, audit=audit, status=ReturnStatus.RETURNED)
        .select_related("agency")
        .order_by("agency__name")
    )
    names = sorted({r.agency.name for r in waiting})
    if not names:
        return []
    count = waiting.count()
    returns = "1 return was" if count == 1 else f"{count} returns were"
    return [
        f"{returns} sent back and not yet submitted again ({', '.join(names)}): "
        "wait for the agencies to submit them, or withdraw them."
    ]


def returns_follow_published_version(version: ToolVersion, *, actor) -> dict:
    """When a version of a tool is published: the tool's returns nobody has
    started (not started, no answer ever saved) in audits still open use it
    from now on; returns already started keep the version they began with. Runs inside the
    publishing (``tools.services.register_on_published``), whose audit record
    says how many moved. Each moved return's ``version`` goes up, so a page
    opened on the old questions cannot save over the new ones unawares."""
    moved = (
        Return.objects.filter(
            partnership_id=version.partnership_id,
            tool_version__tool_id=version.tool_id,
            status=ReturnStatus.NOT_STARTED,
            answers={},
        )
        .exclude(tool_version=version)
        .exclude(audit__stage__in=[Stage.CLOSED, Stage.CANCELLED])
        .exclude(Exists(ReturnRevision.objects.filter(return_record=OuterRef("pk"))))
        .update(tool_version=version, version=F("version") + 1, updated_at=timezone.now())
    )
    return {"returns_moved": moved}


# Creating and withdrawing returns as the selection changes -------------------------------------


def _transition(return_record: Return, to_status: str, *, actor, comment: str = "") -> None:
    ReturnTransition.objects.create(
        partnership_id=return_record.partnership_id,
        return_record=return_record,
        from_status=return_record.status,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )
    return_record.status = to_status


def mark_started(return_record: Return, *, actor) -> bool:
    """The one rule of when a return is started: once its agency records
    anything on it, an answer saved (:func:`return_save_draft`) or an entry
    in its chronology (``chronology_services``), it moves from "Not started"
    to "Draft", and every page and figure that reads its status (the
    agency's returns, the response grid, the counts, the home pages, the
    reminders) says so. Called on the return locked for the change; the
    caller saves it. Its ``version`` is not moved: it guards the answers,
    which this changes not. Whether it moved (False if already started)."""
    if return_record.status != ReturnStatus.NOT_STARTED:
        return False
    _transition(return_record, ReturnStatus.DRAFT, actor=actor)
    return True


def _new_return(*, audit: Audit, audit_case, agency, version: ToolVersion) -> Return:
    return Return.objects.create(
        partnership_id=audit.partnership_id,
        audit=audit,
        audit_case=audit_case,
        agency=agency,
        tool_version=version,
    )


def returns_create_for_audit(audit: Audit, *, actor) -> list[Return]:
    """When agencies start auditing: one return per case per agency assigned
    (or, for a deep dive, one per agency). Runs inside the stage move."""
    _hold_tool(audit)
    version = published_version(audit)
    assignments = (
        Assignment.objects.current()
        .filter(audit_case__audit=audit, audit_case__removed_at__isnull=True)
        .select_related("audit_case", "agency")
    )
    existing = set(Return.objects.live().filter(audit=audit).values_list("audit_case_id", "agency_id"))
    created = []
    if audit.kind == AuditKind.DEEP_DIVE:
        agencies = {a.agency_id: a.agency for a in assignments}
        for agency_id, agency in sorted(agencies.items(), key=lambda item: item[1].name):
            if (None, agency_id) not in existing:
                created.append(_new_return(audit=audit, audit_case=None, agency=agency, version=version))
    else:
        for assignment in assignments:
            if (assignment.audit_case_id, assignment.agency_id) not in existing:
                created.append(
                    _new_return(
                        audit=audit, audit_case=assignment.audit_case, agency=assignment.agency, version=version
                    )
                )
    record(
        actor=actor,
        action="returns.created",
        partnership=audit.partnership,
        target=audit,
        changes={"returns": len(created), "tool_version": version.pk},
    )
    return created


# Why a return is withdrawn when its agency is taken off the case; ticking the
# agency again for the same case brings such a return back (never another blank one).
# In a deep dive: taken off its last case of the audit; ticked again for any of them.
NO_LONGER_AUDITING = "The agency is no longer auditing this case."
# A deep dive's summative report is withdrawn when its agency is taken off its last case.
NO_LONGER_AUDITING_ANY = "The agency no longer audits any case of this audit."


def _no_longer_auditing(audit) -> str:
    return NO_LONGER_AUDITING_ANY if audit.kind == AuditKind.DEEP_DIVE else NO_LONGER_AUDITING


AUDITING_AGAIN = "The agency is auditing this case again."
AUDITING_AGAIN_ANY = "The agency audits a case of this audit again."


def _auditing_again(return_record: Return) -> str:
    return AUDITING_AGAIN if return_record.audit_case_id else AUDITING_AGAIN_ANY


def _follows_assignments(audit: Audit) -> bool:
    return audit.stage in (Stage.AUDITING, Stage.MEETING)


def _returns_of(audit_case) -> dict:
    """Which of the audit's returns follow an agency on this case: its return
    for the case; in a deep dive, its one summative return across its cases."""
    if audit_case.audit.kind == AuditKind.DEEP_DIVE:
        return {"audit": audit_case.audit, "audit_case__isnull": True}
    return {"audit_case": audit_case}


def _live_returns_taken_off(audit_case, *, agencies):
    """The live returns that taking ``agencies`` off the case withdraws: their
    returns for the case; in a deep dive, the summative return of each agency
    that audits no other case of the audit."""
    returns = Return.objects.live().filter(**_returns_of(audit_case), agency__in=list(agencies))
    if audit_case.audit.kind != AuditKind.DEEP_DIVE:
        return returns
    other_cases = (
        Assignment.objects.current()
        .filter(audit_case__audit=audit_case.audit, audit_case__removed_at__isnull=True)
        .exclude(audit_case=audit_case)
    )
    return returns.exclude(agency__in=other_cases.values("agency_id"))


def answered_count(answers: dict) -> int:
    return sum(1 for value in (answers or {}).values() if value not in (None, "", []))


def work_at_risk(audit_case, *, agencies) -> list[WorkAtRisk]:
    """What taking ``agencies`` off the case would withdraw that is more than a
    blank return: answers, chronology entries, or a submission. Asked by the
    agencies page before it saves, so that the QA officer confirms first. In a
    deep dive, only the summative return of an agency taken off its last case."""
    if not _follows_assignments(audit_case.audit):
        return []
    live = (
        _live_returns_taken_off(audit_case, agencies=agencies)
        .select_related("agency__parent")
        .annotate(entries=Count("chronology", filter=Q(chronology__removed_at__isnull=True)))
        .order_by("agency__name")
    )
    at_risk = []
    for return_record in live:
        answers = answered_count(return_record.answers)
        done = return_record.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
        if not (answers or return_record.entries or done):
            continue
        held = [counted(answers, "answer")] if answers or not return_record.entries else []
        if return_record.entries:
            held.append(counted(return_record.entries, "chronology entry", "chronology entries"))
        at_risk.append(
            WorkAtRisk(
                agency_id=return_record.agency_id,
                agency_name=agency_name(return_record.agency),
                holds=_RETURN_STATES.get(return_record.status, "has started its {called}").format(
                    called=return_record.kind_name
                )
                + f": {' and '.join(held)}",
            )
        )
    return at_risk


# What an agency has done with its return, by its state ("{called}": what it is, ``Return.kind_name``).
_RETURN_STATES = {
    ReturnStatus.SUBMITTED: "has submitted its {called}",
    ReturnStatus.ACCEPTED: "has had its {called} accepted",
    ReturnStatus.RETURNED: "has a {called} sent back to it for changes",
}


def _bring_back(return_record: Return, *, actor) -> None:
    """A return withdrawn because its agency was taken off the case, live again
    with its answers and chronology, in the state it was in before."""
    withdrawal = (
        return_record.transitions.filter(to_status=ReturnStatus.WITHDRAWN).order_by("-occurred_at", "-pk").first()
    )
    before = withdrawal.from_status if withdrawal else ReturnStatus.DRAFT
    if before == ReturnStatus.WITHDRAWN:
        before = ReturnStatus.DRAFT
    _transition(return_record, before, actor=actor, comment=_auditing_again(return_record))
    return_record.withdrawn_reason = ""
    bump_version(return_record)
    return_record.save(update_fields=["status", "withdrawn_reason", "version", "updated_at"])
    record(
        actor=actor,
        action="return.brought_back",
        partnership=return_record.audit.partnership,
        target=return_record,
        changes={
            "agency": return_record.agency.name,
            "status": before,
            "answers": answered_count(return_record.answers),
        },
    )


def follow_assignment_changes(audit_case, *, added, removed, actor) -> None:
    """Agencies added to a case while auditing get a return (the one they had,
    if they were taken off the case and are now ticked again); agencies taken
    off have theirs withdrawn, with the reason. In a deep dive the return is the
    agency's one summative return: an agency given its first case of the audit
    gets it, and one taken off its last case has it withdrawn."""
    audit = audit_case.audit
    if not _follows_assignments(audit):
        return
    _hold_tool(audit)
    version = published_version(audit)
    for assignment in added:
        if Return.objects.live().filter(**_returns_of(audit_case), agency=assignment.agency).exists():
            continue
        earlier = (
            Return.objects.select_for_update()
            .filter(
                **_returns_of(audit_case),
                agency=assignment.agency,
                status=ReturnStatus.WITHDRAWN,
                # Either words: a summative report withdrawn before they were its own is brought back too.
                withdrawn_reason__in=(NO_LONGER_AUDITING, NO_LONGER_AUDITING_ANY),
            )
            .order_by("-updated_at", "-pk")
            .first()
        )
        if earlier is not None:
            _bring_back(earlier, actor=actor)
            continue
        created = _new_return(
            audit=audit,
            audit_case=None if audit.kind == AuditKind.DEEP_DIVE else audit_case,
            agency=assignment.agency,
            version=version,
        )
        record(
            actor=actor,
            action="return.created",
            partnership=audit.partnership,
            target=created,
            changes={"agency": assignment.agency.name, "tool_version": version.pk},
        )
    if not removed:
        return
    # Locked (by primary key, no other table), so that a save being made at the
    # same moment is not overwritten. In a deep dive, an agency that still audits
    # another of the audit's cases keeps its summative return.
    live = (
        _live_returns_taken_off(audit_case, agencies=[a.agency for a in removed])
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    reason = _no_longer_auditing(audit)
    for return_record in live:
        _transition(return_record, ReturnStatus.WITHDRAWN, actor=actor, comment=reason)
        return_record.withdrawn_reason = reason
        bump_version(return_record)
        return_record.save(update_fields=["status", "withdrawn_reason", "version", "updated_at"])
        record(
            actor=actor,
            action="return.withdrawn",
            partnership=audit.partnership,
            target=return_record,
            changes={"reason": return_record.withdrawn_reason},
        )


# Saving, submitting, reviewing ------------------------------------------------------------------


def _lock(return_record: Return, expected_version: int) -> Return:
    return lock_for_update(return_record, expected_version=expected_version)


def normalised(value):
    """Typed text with one kind of line ending: a browser posts "\\r\\n", the
    autosave script and the merge page may send "\\n"; the same words must
    compare equal."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, list):
        return [normalised(item) for item in value]
    return value


def normalised_answers(answers: dict) -> dict:
    return {key: normalised(value) for key, value in (answers or {}).items()}


def answers_over(current: dict, *, keys, answers: dict) -> dict:
    """``current`` with the answers to ``keys`` (one section's questions)
    replaced by ``answers``: a section saved on its own leaves the others be."""
    return {**{k: v for k, v in current.items() if k not in keys}, **answers}


def return_save_draft(
    *,
    actor,
    membership,
    return_record: Return,
    answers: dict,
    expected_version: int,
    only_keys=None,
) -> Return:
    """Save the answers as they are (drafts may be partial). Refuses, with
    :class:`EditConflict`, a save made from an out-of-date copy.

    With ``only_keys`` (the questions of one section), ``answers`` replace the
    answers to those questions only; every other answer stays as saved."""
    with transaction.atomic():
        return_record = _lock(return_record, expected_version)
        if not access.can_edit(membership, return_record):
            raise ValidationError(f"This {return_record.kind_name} cannot be changed now.")
        if only_keys is not None:
            answers = answers_over(return_record.answers, keys=set(only_keys), answers=answers)
        answers = normalised_answers(answers)
        problems = invalid_answers(return_record.tool_version, answers)
        if problems:
            raise ValidationError(problems)
        saved = normalised_answers(return_record.answers)
        too_many = cases_audited_refusals(return_record, answers, before=saved)
        if too_many:
            raise ValidationError(too_many)
        changed = sorted(k for k in set(answers) | set(saved) if answers.get(k) != saved.get(k))
        if not changed and return_record.status != ReturnStatus.NOT_STARTED:
            return return_record
        mark_started(return_record, actor=actor)
        return_record.answers = answers
        return_record.updated_by = actor
        bump_version(return_record)
        return_record.save()
        ReturnRevision.objects.create(
            partnership_id=return_record.partnership_id,
            return_record=return_record,
            version=return_record.version,
            answers=answers,
            changed_keys=changed,
            actor=actor,
        )
        # The log says which answers changed, not what they say.
        record(
            actor=actor,
            action="return.saved",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={"changed": changed, "version": return_record.version},
        )
    return return_record


def return_submit(*, actor, membership, return_record: Return, expected_version: int) -> Return:
    """The agency lead submits: every required question must be answered."""
    with transaction.atomic():
        return_record = _lock(return_record, expected_version)
        if not access.can_submit(membership, return_record):
            raise ValidationError(
                f"Only the agency lead can submit this {return_record.kind_name}, "
                "and only before it has been submitted."
            )
        problems = invalid_answers(return_record.tool_version, return_record.answers)
        problems.extend(cases_audited_refusals(return_record, return_record.answers).values())
        if problems:
            raise ValidationError(problems)
        missing = missing_answers(return_record.tool_version, return_record.answers)
        if missing:
            raise ValidationError([message for _question, message in missing])
        _transition(return_record, ReturnStatus.SUBMITTED, actor=actor)
        return_record.submitted_at = timezone.now()
        bump_version(return_record)
        return_record.save()
        record(
            actor=actor,
            action="return.submitted",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={},
        )
    return return_record


def return_review(
    *, actor, membership, return_record: Return, accept: bool, comment: str, expected_version: int
) -> Return:
    """The QA officer accepts a submitted return, or sends it back with comments
    while the agency can still change it (:func:`access.can_send_back`)."""
    comment = comment.strip()
    with transaction.atomic():
        # The audit's row first, as the stage move takes it before reading any
        # return (``none_sent_back``): a send-back and a move on to writing up
        # at the same moment are then one after the other, and the stage
        # checked here is the one the move left. Here only, not in ``_lock``:
        # agencies' saves would otherwise all wait on the audit's row.
        audit = Audit.objects.select_for_update().get(
            partnership_id=return_record.partnership_id, pk=return_record.audit_id
        )
        return_record = _lock(return_record, expected_version)
        return_record.audit = audit  # as read under the lock
        if not access.can_review(membership, return_record):
            raise ValidationError(access.review_refusal(return_record))
        if not accept and not access.can_send_back(membership, return_record):
            raise ValidationError({"decision": access.send_back_refusal(return_record)})
        if not accept and not comment:
            raise ValidationError({"comment": "Enter what the agency needs to change"})
        to_status = ReturnStatus.ACCEPTED if accept else ReturnStatus.RETURNED
        _transition(return_record, to_status, actor=actor, comment=comment)
        bump_version(return_record)
        return_record.save()
        record(
            actor=actor,
            action=f"return.{'accepted' if accept else 'sent_back'}",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={"comment_given": bool(comment)},  # the comment stays with the return, not in the log
        )
        if not accept:
            _tell_agency_sent_back(return_record, comment)
    return return_record


def return_withdraw(*, actor, membership, return_record: Return, reason: str, expected_version: int) -> Return:
    """Returns are never deleted: a return made in error is withdrawn, with why."""
    reason = reason.strip()
    with transaction.atomic():
        return_record = _lock(return_record, expected_version)
        if not access.can_withdraw(membership, return_record):
            raise ValidationError(f"This {return_record.kind_name} cannot be withdrawn.")
        if not reason:
            raise ValidationError({"reason": f"Enter why the {return_record.kind_name} is being withdrawn"})
        _transition(return_record, ReturnStatus.WITHDRAWN, actor=actor, comment=reason)
        return_record.withdrawn_reason = reason
        bump_version(return_record)
        return_record.save()
        record(
            actor=actor,
            action="return.withdrawn",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={"reason_given": True},  # the reason stays with the return, not in the log
        )
    return return_record


def _tell_agency_sent_back(return_record: Return, comment: str) -> None:
    from maca.notifications.services import send_email
    from maca.returns.reminders import recipients_for

    people = recipients_for(return_record.partnership_id, return_record.agency)
    if people:
        send_email(
            to=[m.user.email for m in people],
            subject=f"A {return_record.kind_name} for ‘{return_record.audit.title}’ has been sent back",
            template="returns/email/sent_back.txt",
            context={"return_record": return_record, "comment": comment},
            kind="return_sent_back",
            partnership=return_record.audit.partnership,
        )


# Merging after a refused save ---------------------------------------------------------------


@dataclass(frozen=True)
class Merge:
    """A save refused because someone else saved first, worked out question by question."""

    base: dict
    theirs: dict
    mine: dict
    conflicts: list[str]  # changed by both, differently: the person chooses
    merged: dict  # theirs, with my non-conflicting changes applied

    def resolve(self, choices: dict[str, str]) -> dict:
        """``choices`` maps each conflicting key to 'mine' or 'theirs'."""
        result = dict(self.merged)
        for key in self.conflicts:
            source = self.mine if choices.get(key) == "mine" else self.theirs
            if key in source:
                result[key] = source[key]
            else:
                result.pop(key, None)
        return result


def merge_for(return_record: Return, *, base_version: int, mine: dict, shown_keys=()) -> Merge:
    """Compare my answers with theirs, against the answers as they were at the
    version I started from.

    Only saves of answers write a revision; a submission, a send-back or an
    acceptance moves the version on without one. The answers at ``base_version``
    are therefore those of the last revision at or before it (none: no answers yet).

    ``shown_keys``: the questions on the person's page (one section). Their
    answers are the ones the person saw and saved, even where unchanged since
    ``base_version``: that version may hold this page's own autosaved answer,
    changed since on another page. Where such an answer differs from the one
    saved since, the person chooses, instead of the page's answer being
    replaced unseen (QA walk, two tabs on one section).
    """
    shown_keys = set(shown_keys)
    base = normalised_answers(answers_at(return_record, base_version))
    theirs = normalised_answers(return_record.answers)
    mine = normalised_answers(mine)
    merged = dict(theirs)
    conflicts = []
    for key in sorted(set(base) | set(theirs) | set(mine)):
        mine_changed = mine.get(key) != base.get(key)
        theirs_changed = theirs.get(key) != base.get(key)
        if (mine_changed or key in shown_keys) and theirs_changed and mine.get(key) != theirs.get(key):
            conflicts.append(key)
        elif mine_changed:
            if key in mine:
                merged[key] = mine[key]
            else:
                merged.pop(key, None)
    return Merge(base=base, theirs=theirs, mine=mine, conflicts=conflicts, merged=merged)


def return_save_section(
    *,
    actor,
    membership,
    return_record: Return,
    keys,
    answers: dict,
    expected_version: int,
) -> Return:
    """Save one section's answers (``keys``: its questions) from a page drawn at
    ``expected_version``; every other answer stays as saved.

    When answers were saved since (in another tab, or by someone else) or the
    version only moved on (a submission and a send-back), the section is saved
    on the current version if the combine page would have nothing to ask
    (:func:`merge_for`, the section's questions being those shown: no conflict,
    so nothing to change on this page either, the answers saved since leaving
    the section's questions as the page shows them): what the person
    changed goes on top of what is saved now, and nothing saved meanwhile is
    put back. Otherwise, or when the questions may have changed since
    (:func:`asks_the_same_since`), it raises :class:`EditConflict`, for the
    combine page (ADR 0007, addendum "two pages on different sections")."""
    keys = set(keys)

    def save(record, version, answers, only_keys=None):
        return return_save_draft(
            actor=actor,
            membership=membership,
            return_record=record,
            answers=answers,
            only_keys=only_keys,
            expected_version=version,
        )

    with transaction.atomic():
        try:
            return save(return_record, expected_version, answers, only_keys=keys)
        except EditConflict:
            current = _lock(return_record, None)  # held until the save below
        conflict = EditConflict(current, expected=expected_version)
        if not asks_the_same_since(current, expected_version):
            raise conflict
        mine = answers_over(answers_at(current, expected_version), keys=keys, answers=answers)
        plan = merge_for(current, base_version=expected_version, mine=mine, shown_keys=keys)
        if plan.conflicts:
            raise conflict
        return save(current, current.version, plan.merged)


def asks_the_same_since(return_record: Return, version: int) -> bool:
    """Whether the return asks the questions it asked at ``version``. Only a
    return nobody ever saved moves onto a newly published tool version, so a
    save of answers at or before ``version``, or the save made from it
    (``version + 1``), shows that it has not moved since."""
    return ReturnRevision.objects.filter(return_record=return_record, version__lte=version + 1).exists()


def answers_at(return_record: Return, version: int) -> dict:
    """The answers as they were at ``version``: those of the last revision at or
    before it (none: no answers yet)."""
    revision = (
        ReturnRevision.objects.filter(return_record=return_record, version__lte=version).order_by("-version").first()
    )
    return dict(revision.answers) if revision else {}
