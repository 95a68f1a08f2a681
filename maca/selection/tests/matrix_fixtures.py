"""Records for the permission matrix (maca/tests/test_permission_matrix.py)."""


def build(world) -> dict:
    """An audit at 'agencies auditing' with a drawn sample assigned to the police,
    scrutinised by the scrutineer, and one nomination still to decide."""
    from maca.programme.models import Stage
    from maca.programme.services import audit_move
    from maca.programme.tests.factories import AuditFactory, BoardPriorityFactory
    from maca.selection.models import Nomination
    from maca.selection.services import PoolFilter, draw_make
    from maca.selection.tests.builders import make_case

    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa)
    audit.scrutineers.add(world["scrutineer"].user)
    cases = [make_case(world.partnership, agencies=[world.police]) for _ in range(4)]
    for stage in (Stage.SELECTING,):
        audit.refresh_from_db()
        audit_move(actor=qa, audit=audit, to_stage=stage, reason="x", expected_version=audit.version)
    draw = draw_make(
        actor=qa,
        audit=audit,
        size=3,
        dimensions=[],
        allocation="proportional",
        seed=1,
        pool_filter=PoolFilter(open_within_months=None, exclude_audited_within_months=None),
    )
    audit.refresh_from_db()
    audit_move(actor=qa, audit=audit, to_stage=Stage.AUDITING, reason="x", expected_version=audit.version)
    audit_case = audit.audit_cases.first()
    spare = next(c for c in cases if c.pk not in draw.selected_case_ids)
    nomination = Nomination.objects.create(
        partnership=world.partnership,
        audit=audit,
        case=spare,
        case_reference=spare.reference,
        nominated_by=world["lead"].user,
        reason="x",
    )
    return {
        "priority": BoardPriorityFactory(partnership=world.partnership),
        "audit": audit,
        "audit_case": audit_case,
        "draw": draw,
        "nomination": nomination,
        "case": audit_case.case,
    }
