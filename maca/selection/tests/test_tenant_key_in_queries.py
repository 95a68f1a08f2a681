"""Every query the selection's services make of case-level data (the
selection's tables and the case list's) names the tenant key in its WHERE,
not only the row's id or its audit: PostgreSQL's row-level security and
sharding by partnership depend on it (ADR 0005). Read from the SQL the
services send, step by step, as an audit goes from nominations to agencies
auditing. Queries other apps make in the same transaction (returns following
the agencies, the audit log, e-mails) are theirs to check."""

from __future__ import annotations

import datetime as dt
import re
import traceback
from pathlib import Path

import pytest
from django.db import connection

from maca.cases.models import ServiceLevel
from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.tests.builders import move
from maca.selection import selectors
from maca.selection.models import AuditCase
from maca.selection.services import (
    LOOK_BACK_MONTHS,
    PoolFilter,
    assignments_set,
    audit_case_remove,
    draw_make,
    missing_theme_flags,
    nomination_create,
    nomination_decide,
    ready_for_agencies,
    tell_agencies_their_cases,
)
from maca.selection.tests.builders import make_case

pytestmark = pytest.mark.django_db

CASE_LEVEL_TABLE = re.compile(r'"(?:selection|cases)_\w+"')


SELECTION = str(Path(__file__).resolve().parents[1])
MACA = str(Path(__file__).resolve().parents[2])


def _made_by_selection() -> bool:
    """Whether the query being run comes from the selection's own code: the
    innermost frame of maca's code is in its package (this test, for a
    selector's query read here)."""
    for frame in reversed(traceback.extract_stack()):
        if frame.filename == __file__ and frame.name in ("__call__", "_made_by_selection"):
            continue  # the capture itself
        if frame.filename.startswith(MACA):
            return frame.filename.startswith(SELECTION)
    return False


class Captured:
    """The SQL of every query the selection's code sends while open."""

    def __init__(self):
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if _made_by_selection():
            self.sql.append(sql)
        return execute(sql, params, many, context)


def unscoped(queries: list[str]) -> list[str]:
    """The SELECTs and UPDATEs reading a case-level table whose WHERE (each
    one, a subquery's too) does not name a ``partnership_id``."""
    found = []
    for sql in queries:
        if sql.lstrip().split(None, 1)[0].upper() not in ("SELECT", "UPDATE"):
            continue
        if not CASE_LEVEL_TABLE.search(sql):
            continue
        wheres = sql.split(" WHERE ")[1:]
        if not wheres or sum(part.count('"partnership_id"') for part in wheres) < len(wheres):
            found.append(sql)
    return found


def test_the_selection_services_name_the_partnership_in_every_query_of_case_level_data(world):
    qa = world["qa"].user
    audit = AuditFactory(
        partnership=world.partnership,
        lead=qa,
        target_cases=4,
        title="Neglect of babies",
        kind="themed",
        return_deadline=dt.date.today() + dt.timedelta(days=30),
        planned_meeting_date=dt.date.today() + dt.timedelta(days=60),
    )
    move(audit, Stage.SELECTING, qa)
    # Outside the draw's filter (child protection), so the draw reads it on its own.
    nominated = make_case(
        world.partnership, agencies=[world.police], service_level=ServiceLevel.CHILD_PROTECTION, flags=["neglect"]
    )
    for _ in range(6):
        make_case(world.partnership, agencies=[world.police, world.health])
    pool_filter = PoolFilter(
        open_within_months=None,
        service_levels=(ServiceLevel.CHILD_IN_NEED,),
        exclude_audited_within_months=LOOK_BACK_MONTHS,
    )
    found: dict[str, list[str]] = {}

    def step(name, call):
        captured = Captured()
        with connection.execute_wrapper(captured):
            result = call()
        assert captured.sql, name
        found[name] = unscoped(captured.sql)
        return result

    nomination = step(
        "nomination_create",
        lambda: nomination_create(
            actor=qa, audit=audit, case_reference=nominated.reference, reason="Seen", can_see_pool=True
        ),
    )
    step("nomination_decide", lambda: nomination_decide(actor=qa, nomination=nomination, accept=True))
    draw = {"size": 4, "dimensions": [], "allocation": "proportional", "pool_filter": pool_filter}
    first = step("draw_make", lambda: draw_make(actor=qa, audit=audit, seed=1, replacing=None, **draw))
    step("draw_make again", lambda: draw_make(actor=qa, audit=audit, seed=2, replacing=first.pk, **draw))
    step("missing_theme_flags", lambda: missing_theme_flags(audit))
    drawn = AuditCase.objects.current().filter(audit=audit, source="drawn").order_by("number").first()
    step("audit_case_remove", lambda: audit_case_remove(actor=qa, audit_case=drawn, reason="Already reviewed"))
    step("ready_for_agencies", lambda: ready_for_agencies(audit))
    move(audit, Stage.AUDITING, qa)
    step("tell_agencies_their_cases", lambda: tell_agencies_their_cases(audit, actor=qa))
    step("audit_cases", lambda: list(selectors.audit_cases(audit)))
    in_audit = AuditCase.objects.current().get(audit=audit, case=nominated)
    # Police taken off and the care board added while agencies audit: both leads are e-mailed.
    step(
        "assignments_set",
        lambda: assignments_set(actor=qa, audit_case=in_audit, agencies=[world.health], expected_agency_ids=None),
    )

    assert {name: sql for name, sql in found.items() if sql} == {}
