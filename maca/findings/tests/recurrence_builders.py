"""Audits with findings for the cross-case and recurrence tests, built through
the import (docs/audit-json.md); made up."""

from __future__ import annotations

from maca.findings.audit_transfer import audit_import
from maca.findings.tests.past_audits import as_bytes, past_audit
from maca.programme.models import Audit, Stage


def imported(partnership, data: dict, *, stage: str | None = None) -> Audit:
    audit = audit_import(actor=None, partnership=partnership, raw=as_bytes(data))
    if stage:
        Audit.objects.filter(pk=audit.pk).update(stage=stage)
        audit.refresh_from_db()
    return audit


def finding(case, polarity, text, *themes) -> dict:
    return {"case": case, "polarity": polarity, "kind": "finding", "agency": None, "text": text, "themes": list(themes)}


def meeting_audit(partnership, title="Domestic abuse and babies", year=2026) -> Audit:
    """An audit at the meeting: think family a concern in cases 1 and 2,
    domestic abuse a concern in cases 2 and 3 (and flagged on case 1), voice of
    the child a strength in cases 1 and 3, timeliness a concern in case 3 only."""
    data = past_audit(title, year)
    data["cases"][0]["flags"] = ["domestic_abuse"]
    data["cases"][1]["flags"] = []
    data["findings"] = [
        finding(1, "concern", "The partner was never spoken to.", "think_family"),
        finding(2, "concern", "The father was not invited to the core group.", "think_family"),
        finding(2, "concern", "The police notification reached the school a month late.", "domestic_abuse"),
        finding(3, "concern", "No risk checklist after the second incident.", "domestic_abuse", "timeliness"),
        finding(1, "strength", "The baby was observed at every visit.", "voice_of_child"),
        finding(3, "strength", "The child's words were written down as she said them.", "voice_of_child"),
        finding(None, "concern", "Across the cases, fathers were missing from the records.", "think_family"),
    ]
    data["recommendations"] = []
    data["themes"] = []
    return imported(partnership, data, stage=Stage.MEETING)
