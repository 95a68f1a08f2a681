"""Reading the programme, always within one partnership."""

from __future__ import annotations

from maca.programme.models import Audit, AuditTransition, BoardPriority, Programme


def priorities_for(partnership):
    return BoardPriority.objects.filter(partnership=partnership)


def programmes_for(partnership):
    return Programme.objects.filter(partnership=partnership)


def audits_for(partnership):
    return Audit.objects.for_partnership(partnership).select_related("programme", "lead").prefetch_related("priorities")


def transitions_for(audit):
    return AuditTransition.objects.filter(partnership=audit.partnership, audit=audit).select_related("actor")
