"""Records for the permission matrix (maca/tests/test_permission_matrix.py)."""


def build(world) -> dict:
    """An audit at 'agencies auditing' with a drawn sample assigned to the police,
    scrutinised by the scrutineer; and an audit still selecting cases, with a
    case the police lead nominated waiting for a decision."""
    from maca.programme.models import Stage
    from maca.programme.services import audit_move, audit_set_scrutineers
    from maca.programme.tests.factories import AuditFactory, BoardPriorityFactory
    from maca.selection.services import nomination_create
    from maca.selection.tests.builders import draw_from_whole_pool, make_case

    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa)
    audit = audit_set_scrutineers(
        actor=qa, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
    )
    cases = [make_case(world.partnership, agencies=[world.police]) for _ in range(4)]
    audit_move(actor=qa, audit=audit, to_stage=Stage.SELECTING, reason="x", expected_version=audit.version)
    draw = draw_from_whole_pool(actor=qa, audit=audit, size=3)
    audit.refresh_from_db()
    audit_move(actor=qa, audit=audit, to_stage=Stage.AUDITING, reason="x", expected_version=audit.version)
    audit_case = audit.audit_cases.first()
    # Nominations are made and decided while cases are being selected.
    spare = next(c for c in cases if c.pk not in draw.selected_case_ids)
    selecting = AuditFactory(partnership=world.partnership, lead=qa)
    audit_move(actor=qa, audit=selecting, to_stage=Stage.SELECTING, reason="x", expected_version=selecting.version)
    nomination = nomination_create(
        actor=world["lead"].user, audit=selecting, case_reference=spare.reference, reason="x", can_see_pool=False
    )
    return {
        "priority": BoardPriorityFactory(partnership=world.partnership),
        "audit": audit,
        "audit_case": audit_case,
        "draw": draw,
        "nomination": nomination,
        "case": audit_case.case,
    }
