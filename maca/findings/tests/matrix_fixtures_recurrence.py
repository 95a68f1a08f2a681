"""Records for the permission matrix: an audit at the meeting with findings
across its cases, and a recommendation maca proposed from them."""

from __future__ import annotations


def build(world) -> dict:
    from maca.findings.recommendation_services import recommendations_propose
    from maca.findings.tests.recurrence_builders import meeting_audit

    audit = meeting_audit(world.partnership, title="Matrix meeting audit")
    recommendation = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    return {"recurrence_audit": audit, "recurrence_recommendation": recommendation}
