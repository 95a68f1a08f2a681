"""Random stratified draws (ADR 0006): a sample balanced on the dimensions
chosen, replacing any earlier draw while the audit is choosing cases."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.cases.models import Case
from maca.core.presenters import time_of_day
from maca.programme.models import Audit
from maca.selection import sampling
from maca.selection.models import Assignment, AuditCase, Draw, SelectionSource
from maca.selection.services._common import DRAW_STAGES, REPLACED_BY_A_DRAW, _require_stage, _update
from maca.selection.services.cases import _add_case, _renumber
from maca.selection.services.pool import PoolFilter, eligible_pool

# Shown for every draw, balanced or not, so the QA officer sees the whole picture.
OVERVIEW_DIMENSIONS = ["age_band", "sex", "ethnicity", "disability", "service_level", "locality"]


class DrawReplaced(ValidationError):
    """Someone else drew a sample for the audit after the person's page was drawn."""

    def __init__(self, current: Draw | None):
        self.current = current
        if current is None:
            # The page named a draw that this audit does not have now.
            super().__init__(
                "The sample this page showed is not this audit’s sample now, so nothing has been drawn. "
                "Look at the audit’s sample first, then draw again if you still need to."
            )
            return
        who = current.drawn_by.full_name if current.drawn_by else "Someone"
        when = time_of_day(timezone.localtime(current.drawn_at))
        super().__init__(
            f"{who} drew a sample for this audit while you were choosing (at {when}), so yours has not "
            "been drawn. Look at their sample first: drawing again now would replace it."
        )


ANY_DRAW = "any"


def draw_make(
    *,
    actor,
    audit: Audit,
    size: int,
    dimensions: list[str],
    allocation: str,
    pool_filter: PoolFilter,
    seed: int | None = None,
    on: dt.date | None = None,
    replacing: int | str | None = ANY_DRAW,
) -> Draw:
    """Draw a random sample balanced on ``dimensions``; replaces an earlier draw.

    ``replacing`` is the draw the person saw (``None``: no draw yet). If another
    draw has been made since, nothing is drawn and :class:`DrawReplaced` says
    who drew it: two officers drawing at once must not silently replace each
    other's sample. The command line passes ``ANY_DRAW``.

    Nominated cases stay and count towards their strata; a case taken out of
    the audit by hand is not drawn again (``eligible_pool``). A draw can be redrawn
    only while the audit is selecting cases: once agencies are auditing, the
    sample is fixed.
    """
    on = on or timezone.localdate()
    seed = sampling.new_seed() if seed is None else seed
    with transaction.atomic():
        # The audit's row lock orders two draws: the second sees the first's draw.
        audit = Audit.objects.select_for_update().get(partnership_id=audit.partnership_id, pk=audit.pk)
        _require_stage(audit, DRAW_STAGES, "A sample can be drawn")
        if replacing != ANY_DRAW:
            current = (
                Draw.objects.filter(partnership_id=audit.partnership_id, audit=audit, superseded_at__isnull=True)
                .select_related("drawn_by")
                .first()
            )
            if (current.pk if current else None) != replacing:
                raise DrawReplaced(current)
        pool = eligible_pool(audit, pool_filter, on=on)
        try:
            result = sampling.draw_sample(
                pool=pool.rows,
                size=size,
                dimensions=dimensions,
                allocation=allocation,
                seed=seed,
                on=on,
                nominated=pool.nominated,
            )
        except sampling.SamplingError as error:
            # On the choice to change, when there is one: the page shows it there.
            raise ValidationError({error.field: error.message} if error.field else error.message) from error
        # The page shows pool against sample on every dimension, not only the balanced ones.
        chosen = set(result.selected_ids)
        sample_rows = pool.nominated + [row for row in pool.rows if row["id"] in chosen]
        others = [key for key in OVERVIEW_DIMENSIONS if key not in dimensions]
        balance = [*result.balance, *sampling.balance_table(pool.rows + pool.nominated, sample_rows, others, on)]

        previous = Draw.objects.filter(
            partnership_id=audit.partnership_id, audit=audit, superseded_at__isnull=True
        ).first()
        if previous is not None:
            now = timezone.now()
            _update(previous, superseded_at=now, superseded_reason="Redrawn")
            removed = AuditCase.objects.current().filter(
                partnership_id=audit.partnership_id, audit=audit, draw=previous
            )
            Assignment.objects.current().filter(partnership_id=audit.partnership_id, audit_case__in=removed).update(
                removed_at=now, removed_by=actor
            )
            removed.update(removed_at=now, removed_by=actor, removed_reason=REPLACED_BY_A_DRAW)

        draw = Draw.objects.create(
            partnership=audit.partnership,
            audit=audit,
            drawn_by=actor,
            seed=seed,
            size=size,
            dimensions=list(dimensions),
            allocation=allocation,
            pool_filter=pool_filter.as_dict(),
            exclusions=pool.exclusions,
            pool_size=len(pool.rows) + len(pool.nominated),
            balance=balance,
            selected_case_ids=list(result.selected_ids),
        )
        cases = Case.objects.filter(partnership_id=audit.partnership_id).in_bulk(result.selected_ids)
        for case_id in result.selected_ids:
            _add_case(actor=actor, audit=audit, case=cases[case_id], source=SelectionSource.DRAWN, draw=draw)
        _renumber(audit)
        record(
            actor=actor,
            action="draw.made",
            partnership=audit.partnership,
            target=draw,
            changes={
                "audit": audit.pk,
                "seed": seed,
                "size": size,
                "dimensions": list(dimensions),
                "allocation": allocation,
                "pool_filter": pool_filter.as_dict(),
                "pool_size": draw.pool_size,
                "selected": len(result.selected_ids),
                "replaced_draw": previous.pk if previous else None,
            },
        )
    return draw
