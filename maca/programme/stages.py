"""The audit's stages as an explicit state machine.

An audit moves forward one stage at a time, or is cancelled. Each move is
refused, with reasons a QA officer can act on, while its conditions are not met.
Apps add their own conditions with :func:`register_check`, what a move says
beforehand without refusing it with :func:`register_notice`, what it warns
about and lets go ahead only when the person says "Move on anyway" with
:func:`register_warning`, and work to do on entering a stage with
:func:`register_on_enter`, from their
``AppConfig.ready()`` (case selection adds "every case has an agency" before
agencies start auditing), so the programme app need not know about them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from maca.programme.models import STAGE_ORDER, Audit, Stage, returns_sent

NEXT_STAGE: dict[Stage, Stage] = {stage: STAGE_ORDER[i + 1] for i, stage in enumerate(STAGE_ORDER[:-1])}

Check = Callable[[Audit], list[str]]
OnEnter = Callable[..., None]
Notice = Callable[[Audit], list[str]]
_checks: dict[Stage, list[Check]] = defaultdict(list)
_on_enter: dict[Stage, list[OnEnter]] = defaultdict(list)
_notices: dict[Stage, list[Notice]] = defaultdict(list)


@dataclass(frozen=True)
class StageWarning:
    """Something a move warns about, and lets go ahead only when the person
    selects "Move on anyway": what is wrong, and a link to put it right."""

    text: str
    link_text: str = ""
    url: str = ""


Warn = Callable[[Audit], list[StageWarning]]
_warnings: dict[Stage, list[Warn]] = defaultdict(list)


def register_check(stage: Stage, check: Check) -> None:
    """Add a condition for moving *into* ``stage``. The check returns the
    reasons it is not met (an empty list when it is)."""
    if check not in _checks[stage]:
        _checks[stage].append(check)


def register_notice(stage: Stage, notice: Notice) -> None:
    """Add something the move *into* ``stage`` says beforehand without refusing
    it (how many returns are in before the meeting): ``notice`` returns the
    sentences to show (an empty list when there is nothing to say)."""
    if notice not in _notices[stage]:
        _notices[stage].append(notice)


def notices(audit: Audit, to_stage: Stage) -> list[str]:
    """What the move of ``audit`` to ``to_stage`` says beforehand (:func:`register_notice`)."""
    return [sentence for notice in _notices.get(to_stage, []) for sentence in notice(audit)]


def register_warning(stage: Stage, warn: Warn) -> None:
    """Add a warning to the move *into* ``stage``: ``warn`` returns what to
    warn about (an empty list when nothing). Unlike a check it does not refuse
    the move; unlike a notice the move page asks the person to select "Move on
    anyway" first (``services.audit_move`` records what they were warned about)."""
    if warn not in _warnings[stage]:
        _warnings[stage].append(warn)


def warnings(audit: Audit, to_stage: Stage) -> list[StageWarning]:
    """What the move of ``audit`` to ``to_stage`` warns about (:func:`register_warning`)."""
    return [warning for warn in _warnings.get(to_stage, []) for warning in warn(audit)]


MOVE_ON_ANYWAY_NOT_SELECTED = (
    "Select ‘Move on anyway’ to move the audit on as it is, or put right what the warning says"
)
WARNING_CHANGED = (
    "What the move warns about has changed since the page was opened: read the warning again, "
    "then select ‘Move on anyway’ if the audit is still to move on"
)


def warnings_seen(found: list[StageWarning]) -> str:
    """A short fingerprint of ``found``, kept in the move page's form: a
    "Move on anyway" given to other warnings than the ones now said is not taken."""
    return hashlib.sha256("\n".join(w.text for w in found).encode()).hexdigest()[:16] if found else ""


def register_on_enter(stage: Stage, action: OnEnter) -> None:
    """Run ``action(audit, actor=...)`` inside the transaction that moves an audit
    into ``stage`` (for example, telling agencies their cases are ready)."""
    if action not in _on_enter[stage]:
        _on_enter[stage].append(action)


def entered(audit: Audit, *, actor) -> None:
    for action in _on_enter.get(Stage(audit.stage), []):
        action(audit, actor=actor)


def next_stage(audit: Audit) -> Stage | None:
    if audit.stage == Stage.CANCELLED:
        return None
    return NEXT_STAGE.get(Stage(audit.stage))


def _own_checks(audit: Audit, to_stage: Stage) -> list[str]:
    problems = []
    if to_stage == Stage.SELECTING and audit.lead_id is None:
        problems.append("Choose an audit lead.")
    if to_stage == Stage.AUDITING and audit.return_deadline is None:
        problems.append(f"Set the date agencies must {returns_sent(audit.kind)} by.")
    if to_stage == Stage.MEETING and audit.planned_meeting_date is None:
        problems.append("Set the date of the multi-agency meeting.")
    return problems


def over(audit: Audit) -> str:
    """Said instead of the move and plan forms of a closed or cancelled audit
    (``services.audit_update`` and :func:`blockers` refuse them all the same);
    empty while it is going on."""
    if audit.stage == Stage.CLOSED:
        return "This audit is closed: its plan and its stage can no longer be changed."
    if audit.stage == Stage.CANCELLED:
        return "This audit was cancelled: its plan and its stage can no longer be changed."
    return ""


def no_scrutineers_when_over(audit: Audit) -> str:
    """A closed or cancelled audit with no scrutineer gets none (``forms.ScrutineersForm``)."""
    over_as = "is closed" if audit.stage == Stage.CLOSED else "was cancelled"
    return f"This audit {over_as} and has no independent scrutineers: nobody new can be added."


def blockers(audit: Audit, to_stage: Stage) -> list[str]:
    """Why ``audit`` cannot move to ``to_stage`` now (empty when it can)."""
    if audit.stage == Stage.CLOSED:
        return ["This audit is closed."]
    if audit.stage == Stage.CANCELLED:
        return ["This audit was cancelled."]
    if to_stage == Stage.CANCELLED:
        return []
    expected = next_stage(audit)
    if to_stage != expected:
        return [
            f"An audit moves one stage at a time: from ‘{Stage(audit.stage).label}’ "
            f"the next stage is ‘{expected.label}’."
        ]
    problems = _own_checks(audit, to_stage)
    for check in _checks.get(to_stage, []):
        problems.extend(check(audit))
    return problems
