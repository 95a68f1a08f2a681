"""Records for the permission matrix (maca/tests/test_permission_matrix.py): the
police's actions (open with evidence, awaiting sign-off, closed), and an audit
with a confirmed recommendation and a concern found."""

from __future__ import annotations

import datetime as dt


def build(world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maca.actions import services
    from maca.actions.models import Evidence
    from maca.actions.tests.builders import raise_action
    from maca.findings.models import Finding, Recommendation, RecommendationStatus
    from maca.programme.tests.factories import AuditFactory

    p, qa, lead = world.partnership, world["qa"].user, world["lead"].user
    audit = AuditFactory(partnership=p, title="Matrix audit of actions")
    finding = Finding.objects.create(partnership=p, audit=audit, polarity="concern", text="Plans drift.")
    recommendation = Recommendation.objects.create(
        partnership=p, audit=audit, text="Review plans monthly.", status=RecommendationStatus.CONFIRMED
    )
    action = raise_action(world, audit=audit)
    services.progress_post(
        actor=lead,
        action=action,
        note="Started.",
        files=[SimpleUploadedFile("note.txt", b"Plain words.")],
        expected_version=action.version,
    )
    action.refresh_from_db()
    awaiting = raise_action(world)
    awaiting = services.sign_off_request(actor=lead, action=awaiting, note="Done.", expected_version=awaiting.version)
    closed = raise_action(world, due_on=dt.date.today() + dt.timedelta(days=5))
    closed = services.sign_off_request(actor=lead, action=closed, note="Done.", expected_version=closed.version)
    closed = services.action_sign_off(actor=qa, action=closed, impact="Better plans.", expected_version=closed.version)
    return {
        "action": action,
        "action_awaiting": awaiting,
        "action_closed": closed,
        "action_evidence": Evidence.objects.get(event__action=action),
        "actions_audit": audit,
        "actions_finding": finding,
        "actions_recommendation": recommendation,
    }
