"""Records for the permission matrix (maca/tests/test_permission_matrix.py):
an audit at 'agencies auditing', scrutinised by the scrutineer, whose one case
is audited by the police (the lead's and the auditor's agency) and the care
board, each with a draft return and one chronology entry."""

from __future__ import annotations


def build(world) -> dict:
    import datetime as dt

    from maca.returns.models import Impact
    from maca.returns.tests.chronology_factories import make_chronology_audit, make_entry

    made = make_chronology_audit(world, agencies=[world.police, world.health])
    police = made.return_of(world.police)
    entry = make_entry(police, date=dt.date(2025, 6, 2), event="Police attended a report of a disturbance")
    make_entry(made.return_of(world.health), date=dt.date(2025, 6, 9), impact=Impact.NEGATIVE)
    return {
        "chronology_audit": made.audit,
        "chronology_audit_case": made.audit_case,
        "chronology_return": police,
        "chronology_entry": entry,
    }
