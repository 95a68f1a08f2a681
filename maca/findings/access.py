"""Who may see and change the meeting, its findings and concerns: the one place
these rules live (docs/roles.md, "The meeting and findings").

- The meeting is recorded (date, attendance, case discussions and grades,
  strengths and findings, their themes) by QA officers and partnership admins
  while the audit is at 'Meeting' or 'Writing up'; from 'Actions' on it is
  read-only. Before 'Meeting' the page says when it opens.
- Immediate concerns may be raised from 'Agencies auditing' (an agency's
  return may show one) until 'Writing up' ends.
- Independent scrutineers read the meeting of the audits they scrutinise.
- Board members and scrutineers read an audit's findings without identifiers
  (case numbers, never references), once their themes are confirmed.
- Agency leads see the immediate concerns their agency owns and acknowledge
  them; they record feedback to practitioners for the cases their agency
  audited, from 'Meeting' on, and see the findings of those cases to do so.
"""

from __future__ import annotations

from maca.accounts.roles import Capability
from maca.programme.models import STAGE_ORDER, Stage

RECORDING_STAGES = (Stage.MEETING, Stage.WRITING_UP)
SHOWN_STAGES = tuple(STAGE_ORDER[STAGE_ORDER.index(Stage.MEETING) :])
CONCERN_STAGES = (Stage.AUDITING, Stage.MEETING, Stage.WRITING_UP)
FEEDBACK_STAGES = SHOWN_STAGES


def can_see_meeting(membership, audit) -> bool:
    if audit.partnership_id != membership.partnership_id:
        return False
    if membership.can(Capability.RECORD_MEETING):
        return True
    if membership.can(Capability.VIEW_SCRUTINISED_CASES):
        return audit.scrutineers.filter(pk=membership.user_id).exists()
    return False


def recording_open(audit) -> bool:
    """The meeting of ``audit`` is still recorded: its strengths and findings,
    and their themes, may still be added, changed and confirmed (at 'Meeting'
    and 'Writing up'); from 'Actions' on, never again. The one rule for the
    services that change them and for what the year's report says waits."""
    return audit.stage in RECORDING_STAGES


def can_record(membership, audit) -> bool:
    return membership.can(Capability.RECORD_MEETING) and recording_open(audit)


def can_raise_concern(membership, audit) -> bool:
    return membership.can(Capability.RECORD_MEETING) and audit.stage in CONCERN_STAGES


def concern_opener(membership):
    """Whether the person may open an immediate concern's page (as
    ``selectors.concerns_for`` lets them): every one for those who record
    meetings, their own agencies' for an agency lead, none for anyone else.
    Pages that list concerns link only the ones it opens."""
    if membership.can(Capability.RECORD_MEETING):
        return lambda concern: True
    if membership.can(Capability.RESPOND_TO_CONCERNS):
        from maca.selection.selectors import agency_scope

        scope = set(agency_scope(membership))
        return lambda concern: concern.agency_id in scope
    return lambda concern: False


def can_manage_themes(membership) -> bool:
    return membership.can(Capability.MANAGE_THEMES)


def recording_is_over(audit) -> bool:
    """The audit has moved past writing up: its meeting record is read, not changed."""
    stage = Stage(audit.stage)
    return stage != Stage.CANCELLED and STAGE_ORDER.index(stage) > STAGE_ORDER.index(Stage.WRITING_UP)


def recording_ended(audit) -> bool:
    """Nothing more will be recorded of the meeting: the audit has moved past
    writing up, or was cancelled. Its pages say "None was agreed.", not "yet"."""
    return audit.stage == Stage.CANCELLED or recording_is_over(audit)


def recording_closed(audit) -> tuple[str, str] | None:
    """Why the meeting cannot be recorded at the audit's stage, as a heading and
    a sentence (``None`` when it can). The meeting and case pages, the page
    that refuses a change and the services all say it in these words."""
    stage = Stage(audit.stage)
    if stage in RECORDING_STAGES:
        return None
    if stage == Stage.CANCELLED:
        return (
            "The meeting record can no longer be changed",
            "This audit was cancelled, so its meeting record cannot be changed.",
        )
    if recording_is_over(audit):
        return (
            "The meeting record can no longer be changed",
            f"This audit has moved past writing up (it is at the stage ‘{stage.label}’), so its meeting "
            "record can no longer be changed.",
        )
    return (
        "The meeting cannot be recorded yet",
        f"The meeting is recorded when the audit reaches the stage ‘{Stage.MEETING.label}’. "
        f"This audit is at ‘{stage.label}’.",
    )


def concern_closed(audit) -> tuple[str, str] | None:
    """Why an immediate concern cannot be raised at the audit's stage, as a
    heading and a sentence (``None`` when it can: ``CONCERN_STAGES``). The
    page that refuses it and the service say it in these words, as
    :func:`recording_closed` does for the meeting record."""
    stage = Stage(audit.stage)
    if stage in CONCERN_STAGES:
        return None
    if stage == Stage.CANCELLED:
        return (
            "Immediate concerns can no longer be raised",
            "This audit was cancelled, so immediate concerns can no longer be raised from it.",
        )
    if recording_is_over(audit):
        return (
            "Immediate concerns can no longer be raised",
            f"This audit has moved past writing up (it is at the stage ‘{stage.label}’), so immediate concerns "
            "can no longer be raised from it.",
        )
    return (
        "Immediate concerns cannot be raised yet",
        f"Immediate concerns are raised from the stage ‘{Stage.AUDITING.label}’. This audit is at ‘{stage.label}’.",
    )


def recording_opens_text(audit) -> str:
    """Why the meeting cannot be recorded now, in words (empty when it can)."""
    closed = recording_closed(audit)
    return closed[1] if closed else ""
