"""Records for the permission matrix (maca/tests/test_permission_matrix.py):
an audit at 'agencies auditing', scrutinised by the scrutineer, with a police
return in draft and another submitted."""

from __future__ import annotations


def build(world) -> dict:
    from maca.programme.services import audit_set_scrutineers
    from maca.returns.models import Return
    from maca.returns.services import return_save_draft, return_submit
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    audit = audit_set_scrutineers(
        actor=world["qa"].user, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
    )
    draft, submitted = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number")
    auditor, lead = world["auditor"], world["lead"]
    return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=draft,
        answers={"info_grade": "good"},
        expected_version=draft.version,
    )
    submitted = return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=submitted,
        answers={"info_grade": "good", "health_involved": "yes"},
        expected_version=submitted.version,
    )
    submitted = return_submit(
        actor=lead.user, membership=lead.membership, return_record=submitted, expected_version=submitted.version
    )
    draft.refresh_from_db()
    return {"returns_audit": audit, "return_record": draft, "submitted_return": submitted}
