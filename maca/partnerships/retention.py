"""How long each partnership keeps case-level data, and the daily run that
removes or de-identifies what has passed its period.

The kinds of data are registered by the apps that hold them
(``maca.core.retention``); a partnership's admin sets each period on the
*Data retention* page (:func:`retention_policy_update`). :func:`retention_apply`
is the run: idempotent, it can run at any time and as often as wanted, and a
missed day is caught up by the next run, since it removes whatever has passed
its period by then. Each kind, for each partnership, is one transaction that
records in that partnership's audit log how many records it changed (counts,
never identifiers). ``manage.py apply_retention`` and the scheduler's daily job
``partnerships.retention`` (:func:`scheduled_retention`) run it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import diff, record
from maca.core import retention, tenancy
from maca.core.concurrency import EditConflict, bump_version
from maca.core.presenters import in_sentence
from maca.partnerships.models import Partnership, RetentionPolicy
from maca.partnerships.services import partnership_hold

logger = logging.getLogger("maca.retention")


def policy_of(partnership: Partnership) -> RetentionPolicy:
    """The partnership's saved policy, or an unsaved one (version 0) holding the defaults."""
    saved = RetentionPolicy.objects.filter(partnership=partnership).first()
    return saved or RetentionPolicy(partnership=partnership, periods={}, version=0)


def periods_of(partnership: Partnership, policy: RetentionPolicy | None = None) -> dict[str, int]:
    """Each kind's period for the partnership: its own, or the default."""
    saved = (policy or policy_of(partnership)).periods
    return {k.key: int(saved.get(k.key, k.default)) for k in retention.kinds()}


def retention_policy_update(
    *, actor, partnership: Partnership, periods: dict[str, int], expected_version: int
) -> RetentionPolicy:
    problems = {}
    for kind in retention.kinds():
        value = periods.get(kind.key)
        if value is None or not kind.minimum <= value <= kind.maximum:
            problems[kind.key] = (
                f"Enter a number of {kind.unit} between {kind.minimum} and {kind.maximum} for {in_sentence(kind.label)}"
            )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        # The partnership's row first: before the first save there is no
        # policy row to lock, and two admins saving at once would both insert.
        partnership_hold(partnership)
        policy = RetentionPolicy.objects.select_for_update().filter(partnership=partnership).first()
        current_version = policy.version if policy else 0
        if current_version != expected_version:
            raise EditConflict(policy or policy_of(partnership), expected=expected_version)
        before = periods_of(partnership, policy)
        if policy is None:
            policy = RetentionPolicy(partnership=partnership, version=0)
        policy.periods = {kind.key: periods[kind.key] for kind in retention.kinds()}
        policy.updated_by = actor
        bump_version(policy)
        policy.save()
        record(
            actor=actor,
            action="retention_policy.updated",
            partnership=partnership,
            target=policy,
            changes=diff(before, policy.periods),
        )
    return policy


def last_runs(partnership: Partnership, count: int = 10):
    """What the run recorded in the partnership's audit log, latest first."""
    from maca.audit_trail.selectors import search

    return list(search(partnership, action="retention.applied").order_by("-occurred_at", "-id")[:count])


@dataclass
class RunResult:
    """What one run changed: partnership id -> kind key -> records."""

    changed: dict[int, dict[str, int]] = field(default_factory=dict)

    def total(self, key: str | None = None) -> int:
        return sum(n for counts in self.changed.values() for k, n in counts.items() if key in (None, k))


def retention_apply(*, actor=None, now=None, partnerships=None, dry_run: bool = False) -> RunResult:
    """Remove or de-identify, in every partnership (or those given), what has
    passed its period. ``dry_run`` works out the same counts and keeps nothing."""
    now = now or timezone.now()
    result = RunResult()
    chosen = list(partnerships) if partnerships is not None else list(Partnership.objects.order_by("pk"))
    for partnership in chosen:
        with tenancy.for_partnership(partnership.pk):
            periods = periods_of(partnership)
            counts = {}
            for kind in retention.kinds():
                counts[kind.key] = _apply_kind(
                    kind, partnership=partnership, period=periods[kind.key], now=now, actor=actor, dry_run=dry_run
                )
        result.changed[partnership.pk] = counts
        logger.info(
            "retention %s for partnership %s: %s",
            "worked out" if dry_run else "applied",
            partnership.pk,
            ", ".join(f"{key} {n}" for key, n in counts.items()),
        )
    return result


def _apply_kind(kind, *, partnership, period: int, now, actor, dry_run: bool) -> int:
    before = kind.cutoff(period, now)
    with transaction.atomic():
        changed = kind.apply(partnership=partnership, before=before)
        if changed:
            record(
                actor=actor,
                action="retention.applied",
                partnership=partnership,
                changes={
                    "kind": kind.key,
                    "records": changed,
                    "what_happened": kind.happens,
                    "period": kind.describe(period),
                    "before": before.isoformat(),
                },
            )
        if dry_run:
            transaction.set_rollback(True)
    return changed


def scheduled_retention(day) -> str:
    """The scheduler's daily job (``partnerships.retention``): every partnership's
    periods, applied once a day; a day missed is caught up by the next run,
    since each run takes everything past its period."""
    result = retention_apply()
    changed = result.total()
    partnerships = len(result.changed)
    return (
        f"{changed} record{'' if changed == 1 else 's'} removed or de-identified "
        f"in {partnerships} partnership{'' if partnerships == 1 else 's'}"
    )
