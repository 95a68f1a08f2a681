"""An audit taken to its meeting, with the police's returns answered."""

from __future__ import annotations

from maca.programme.models import Stage
from maca.returns.models import Return
from maca.returns.services import return_save_draft, return_submit
from maca.returns.tests.builders import audit_with_returns, move

WORRY = "Fathers were rarely seen and their views were not recorded."


def answer_returns(world, audit, *, agency=None, worried: str = WORRY) -> list[Return]:
    """The agency's lead answers and submits each of its returns."""
    agency = agency or world.police
    lead = world["lead"] if agency == world.police else world["health_lead"]
    done = []
    for return_record in Return.objects.filter(audit=audit, agency=agency).order_by("audit_case__number"):
        answers = {"info_grade": "good", "health_involved": "yes", "worried": worried}
        saved = return_save_draft(
            actor=lead.user,
            membership=lead.membership,
            return_record=return_record,
            answers=answers,
            expected_version=return_record.version,
        )
        done.append(
            return_submit(
                actor=lead.user, membership=lead.membership, return_record=saved, expected_version=saved.version
            )
        )
    return done


def audit_at_meeting(world, *, cases: int = 2, agencies=None):
    """An audit at 'Meeting' whose police returns are answered and submitted."""
    audit = audit_with_returns(world, cases=cases, agencies=agencies)
    answer_returns(world, audit)
    move(audit, Stage.MEETING, world["qa"].user)
    return audit
