"""Writing cross-case recommendations: proposed by maca from the themes found in
two or more cases (in a deep dive, two or more summative reports or cases:
``maca.findings.cross_case``), edited and confirmed by the QA officer, or
withdrawn with a reason. Each function runs in one transaction and records
what it did; nothing is deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.findings.cross_case import CrossCaseTheme, across_cases, counts_reports, proposal_text
from maca.findings.extensions import recommendation_actions
from maca.findings.models import (
    Recommendation,
    RecommendationFinding,
    RecommendationOrigin,
    RecommendationStatus,
    RecommendationTheme,
)
from maca.programme.models import Audit, Stage

# While the meeting is recorded and written up, recommendations may change.
OPEN_STAGES = (Stage.MEETING, Stage.WRITING_UP)
MAX_TEXT = 5000


def closed_text(audit: Audit) -> str:
    """Why the audit's recommendations cannot be changed now (empty when they can)."""
    if audit.stage in OPEN_STAGES:
        return ""
    return (
        f"Recommendations can be changed while the audit is at ‘{Stage.MEETING.label}’ or "
        f"‘{Stage.WRITING_UP.label}’ (it is at ‘{Stage(audit.stage).label}’)."
    )


def none_proposed(audit: Audit) -> list[str]:
    """Condition for moving into 'actions': no recommendation is still only
    proposed. Once the audit moves on its recommendations are fixed, and
    actions are raised from confirmed ones only, so a proposal left waiting
    could then be neither confirmed nor withdrawn."""
    waiting = Recommendation.objects.filter(
        partnership_id=audit.partnership_id, audit=audit, status=RecommendationStatus.PROPOSED
    ).count()
    if not waiting:
        return []
    are = "1 recommendation is" if waiting == 1 else f"{waiting} recommendations are"
    return [f"{are} still proposed: confirm or withdraw each on the audit’s ‘Across the cases’ page."]


def _check_open(audit: Audit) -> None:
    if said := closed_text(audit):
        raise ValidationError(said)


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the recommendation"})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"The recommendation must be {MAX_TEXT:,} characters or fewer"})
    return text


def recommendations_propose(*, actor, audit: Audit) -> list[Recommendation]:
    """Propose a recommendation for each theme that is a concern in two or more
    cases (in a deep dive, summative reports or cases) and has none proposed
    from it yet (one withdrawn stays withdrawn). Running it again proposes
    only what is new; the log names, in a deep dive, the agencies whose
    summative reports raised it beside the cases."""
    with transaction.atomic():
        audit = lock_for_update(audit, expected_version=None)
        _check_open(audit)
        found = across_cases(audit)
        reports = counts_reports(audit)
        total = len(found.audit_cases)
        position = Recommendation.objects.filter(audit=audit).aggregate(top=Max("position"))["top"] or 0
        created = []
        for item in found.concerns:
            if item.recommendation is not None:
                continue
            position += 1
            recommendation = Recommendation.objects.create(
                partnership=audit.partnership,
                audit=audit,
                text=proposal_text(item, total),
                origin=RecommendationOrigin.CROSS_CASE,
                proposed_from=item.theme,
                status=RecommendationStatus.PROPOSED,
                position=position,
                created_by=actor,
                updated_by=actor,
            )
            RecommendationTheme.objects.create(
                partnership=audit.partnership, recommendation=recommendation, theme=item.theme
            )
            RecommendationFinding.objects.bulk_create(
                [
                    RecommendationFinding(partnership=audit.partnership, recommendation=recommendation, finding=finding)
                    for finding in item.findings
                ]
            )
            record(
                actor=actor,
                action="recommendation.proposed",
                partnership=audit.partnership,
                target=recommendation,
                changes=_proposed_from(item, reports=reports),
            )
            created.append(recommendation)
    return created


def _proposed_from(item: CrossCaseTheme, *, reports: bool) -> dict:
    """What the log records of a proposal: its theme, the cases it was found
    in and, in a deep dive, the agencies whose summative reports raised it."""
    changes = {"theme": item.theme.key, "cases": item.case_numbers}
    if reports:
        changes["agencies"] = item.agencies
    changes["findings"] = len(item.findings)
    return changes


def recommendation_save(
    *, actor, recommendation: Recommendation, text: str, confirm: bool, expected_version: int
) -> Recommendation:
    """Save the QA officer's wording; with ``confirm``, confirm it too."""
    with transaction.atomic():
        recommendation = lock_for_update(recommendation, expected_version=expected_version)
        _check_open(recommendation.audit)
        if recommendation.status == RecommendationStatus.WITHDRAWN:
            raise ValidationError("This recommendation was withdrawn.")
        text = _check_text(text)
        before = {"text": recommendation.text, "status": recommendation.status}
        recommendation.text = text
        recommendation.updated_by = actor
        if confirm and recommendation.status != RecommendationStatus.CONFIRMED:
            recommendation.status = RecommendationStatus.CONFIRMED
            recommendation.confirmed_at = timezone.now()
            recommendation.confirmed_by = actor
        bump_version(recommendation)
        recommendation.save()
        changes = diff(before, {"text": recommendation.text, "status": recommendation.status})
        if "text" in changes:
            changes["text"] = "changed"  # the log says that the words changed, not what they say
        record(
            actor=actor,
            action="recommendation.confirmed" if confirm and "status" in changes else "recommendation.updated",
            partnership=recommendation.partnership,
            target=recommendation,
            changes=changes,
        )
    return recommendation


def still_open_text(count: int) -> str:
    """Why a recommendation with open actions cannot be withdrawn, before the actions are named."""
    if count == 1:
        return "It cannot be withdrawn while an action raised from it is still open"
    return f"It cannot be withdrawn while {count} actions raised from it are still open"


def close_them_first_text(count: int) -> str:
    """What to do first, after the open actions are named."""
    it = "it" if count == 1 else "each of them"
    return (
        f"Close or cancel {it} in the action plan, saying why, then withdraw the recommendation. "
        "An action keeps its history and its link to the recommendation."
    )


def finished_actions_text(count: int) -> str:
    """What happens to the finished actions raised from a recommendation withdrawn."""
    if count == 1:
        return (
            "It is finished, and stays in the action plan as it is, linked to this recommendation, "
            "which its page will show as withdrawn."
        )
    return (
        "They are finished, and stay in the action plan as they are, linked to this recommendation, "
        "which their pages will show as withdrawn."
    )


def recommendation_withdraw(
    *, actor, recommendation: Recommendation, reason: str, expected_version: int
) -> Recommendation:
    """Withdraw a recommendation (kept, marked withdrawn, with who, when and why).
    Refused while an action raised from it is still open: the action plan would
    go on answering a recommendation the partnership no longer makes, so each
    is closed or cancelled there first, with its own reason. Finished actions
    stay as they are, linked to it; the log names them."""
    with transaction.atomic():
        recommendation = lock_for_update(recommendation, expected_version=expected_version)
        _check_open(recommendation.audit)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": "Enter why the recommendation is withdrawn"})
        if recommendation.status == RecommendationStatus.WITHDRAWN:
            raise ValidationError("This recommendation was already withdrawn.")
        linked = recommendation_actions(recommendation=recommendation)
        still_open = [item for item in linked if item.is_open]
        if still_open:
            names = "; ".join(f"{item.name} ({item.status.lower()})" for item in still_open)
            raise ValidationError(
                f"{still_open_text(len(still_open))}: {names}. {close_them_first_text(len(still_open))}"
            )
        before = recommendation.status
        recommendation.status = RecommendationStatus.WITHDRAWN
        recommendation.withdrawn_at = timezone.now()
        recommendation.withdrawn_by = actor
        recommendation.withdrawn_reason = reason
        recommendation.updated_by = actor
        bump_version(recommendation)
        recommendation.save()
        record(
            actor=actor,
            action="recommendation.withdrawn",
            partnership=recommendation.partnership,
            target=recommendation,
            changes={
                "status": [before, RecommendationStatus.WITHDRAWN],
                "reason": reason,
                **({"actions_kept": [item.name for item in linked]} if linked else {}),
            },
        )
    return recommendation
