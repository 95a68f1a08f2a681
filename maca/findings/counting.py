"""Which findings count, defined once for every page that counts or lists them
(the themes page's uses, the themes over the years, a theme's page, the
search across past audits): a current finding (not removed) of an audit from
its meeting on (``access.SHOWN_STAGES``). A cancelled audit's findings were
never agreed: they count nowhere, and the search leaves them out; they stay
on the cancelled audit's own meeting pages.

A theme counts where a person confirmed it on such a finding."""

from __future__ import annotations

from django.db.models import Q

from maca.findings.access import SHOWN_STAGES

COUNTED_STAGES = SHOWN_STAGES


def counted_findings(through: str = "") -> Q:
    """The findings that count, as a filter on ``Finding`` (or on a model
    reaching it ``through`` a relation, e.g. ``"finding__"``)."""
    return Q(**{f"{through}removed_at__isnull": True, f"{through}audit__stage__in": COUNTED_STAGES})


def counted_themes(through: str = "") -> Q:
    """The confirmed themes that count, as a filter on ``FindingTag`` (or on a
    model reaching it ``through`` a relation, e.g. ``"tags__"``)."""
    finding = f"{through}finding__"
    return counted_findings(finding) & Q(**{f"{finding}tags_confirmed_at__isnull": False})
