"""What every part of the selection checks: the stages at which each part can
be done (the pages name them from here: ``presenters.stages_named``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from maca.programme.models import Audit, Stage
from maca.selection.presenters import stages_named

SELECTION_STAGES = (Stage.PLANNED, Stage.SELECTING)
DRAW_STAGES = (Stage.SELECTING,)
ASSIGNMENT_STAGES = (Stage.PLANNED, Stage.SELECTING, Stage.AUDITING)

# Why a drawn case left the audit when it was drawn again; any other reason
# was given by the person who took the case out.
REPLACED_BY_A_DRAW = "Replaced by a new draw"


def _require_stage(audit: Audit, allowed, what: str) -> None:
    if audit.stage not in allowed:
        raise ValidationError(
            f"{what} only while the audit is at {stages_named(allowed)}; it is at ‘{Stage(audit.stage).label}’."
        )


def _update(instance, **fields) -> None:
    """Write ``fields`` to ``instance``'s row and to ``instance``. The row is
    found by its partnership as well as its id: ``Model.save()`` would update
    by id alone, and every query of case-level data names the tenant key (ADR
    0005: row-level security, and sharding by partnership)."""
    type(instance)._default_manager.filter(partnership_id=instance.partnership_id, pk=instance.pk).update(**fields)
    for name, value in fields.items():
        setattr(instance, name, value)
