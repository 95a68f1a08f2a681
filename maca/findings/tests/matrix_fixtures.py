"""Records for the permission matrix (maca/tests/test_permission_matrix.py):
an audit at 'Meeting', scrutinised by the scrutineer, whose cases the police
audited, with a finding taken from a return, an immediate concern for the
police, and a theme."""

from __future__ import annotations


def build(world) -> dict:
    from maca.findings.models import Theme
    from maca.findings.services import concern_raise, finding_from_answer
    from maca.findings.tests.builders import audit_at_meeting
    from maca.programme.services import audit_set_scrutineers
    from maca.returns.models import Return
    from maca.selection.models import Assignment

    qa = world["qa"].user
    audit = audit_at_meeting(world, cases=1, agencies=[world.police])
    audit = audit_set_scrutineers(
        actor=qa, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
    )
    audit_case = audit.audit_cases.get()
    return_record = Return.objects.get(audit_case=audit_case, agency=world.police)
    finding, _ = finding_from_answer(actor=qa, return_record=return_record, question_key="worried")
    concern = concern_raise(actor=qa, audit_case=audit_case, agency=world.police, what_was_found="Something urgent.")
    return {
        "meeting_audit": audit,
        "meeting_case": audit_case,
        "meeting_return": return_record,
        "finding": finding,
        "concern": concern,
        "theme": Theme.objects.get(partnership=world.partnership, key="housing"),
        "police_assignment": Assignment.objects.get(audit_case=audit_case, agency=world.police),
    }
