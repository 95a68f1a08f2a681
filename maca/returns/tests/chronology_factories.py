"""Chronology test data: an audit at 'agencies auditing' with one selected case,
audited by two agencies (the police and the care board by default), each with
a draft return. Records are created directly, which is quicker than taking an
audit through its stages and keeps these tests independent of that journey."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory
from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.models import ChronologyEntry, Impact, Return, ReturnStatus
from maca.selection.models import Assignment, AuditCase, SelectionSource
from maca.selection.tests.builders import make_case
from maca.tools.tests.factories import published_tool

_numbers = itertools.count(1)


@dataclass
class ChronologyAudit:
    audit: object
    audit_case: object
    tool_version: object
    returns: dict[int, Return] = field(default_factory=dict)

    def return_of(self, agency) -> Return:
        return self.returns[agency.pk]


def make_chronology_audit(world, *, agencies=None, stage=Stage.AUDITING, scrutinised: bool = True) -> ChronologyAudit:
    partnership = world.partnership
    agencies = agencies if agencies is not None else [world.police, world.health]
    number = next(_numbers)
    version = published_tool(partnership, name=f"Chronology test tool {number}")
    audit = AuditFactory(
        partnership=partnership,
        lead=world["qa"].user,
        tool=version.tool,
        stage=stage,
        title=f"Chronology audit {number}",
    )
    if scrutinised:
        audit.scrutineers.add(world["scrutineer"].user)
    case = make_case(partnership, agencies=agencies)
    audit_case = AuditCase.objects.create(
        partnership=partnership, audit=audit, case=case, number=1, source=SelectionSource.DRAWN
    )
    made = ChronologyAudit(audit=audit, audit_case=audit_case, tool_version=version)
    for agency in agencies:
        add_agency(made, agency)
    return made


def add_agency(made: ChronologyAudit, agency, *, status: str = ReturnStatus.DRAFT) -> Return:
    """Assign one more agency to the case, with a return (reused if one is live)."""
    audit_case = made.audit_case
    Assignment.objects.get_or_create(
        partnership_id=audit_case.partnership_id, audit_case=audit_case, agency=agency, removed_at=None
    )
    return_record = Return.objects.live().filter(audit_case=audit_case, agency=agency).first()
    if return_record is None:
        return_record = Return.objects.create(
            partnership_id=audit_case.partnership_id,
            audit=made.audit,
            audit_case=audit_case,
            agency=agency,
            tool_version=made.tool_version,
            status=status,
        )
    elif return_record.status != status:
        Return.objects.filter(pk=return_record.pk).update(status=status)
        return_record.status = status
    made.returns[agency.pk] = return_record
    return return_record


def more_agencies(world, count: int, *, prefix: str = "Agency") -> list:
    return [
        AgencyFactory(partnership=world.partnership, name=f"{prefix} {next(_numbers)}", kind=AgencyKind.OTHER)
        for _ in range(count)
    ]


def make_entry(
    return_record: Return,
    *,
    date: dt.date,
    event: str = "Home visit by the health visitor",
    impact: str = Impact.NEUTRAL,
    end_date: dt.date | None = None,
    source: str = "",
    action_taken: str = "",
) -> ChronologyEntry:
    """An entry made directly (for setting the scene, whatever the return's state).
    Tests of adding entries go through the services."""
    return ChronologyEntry.objects.create(
        partnership_id=return_record.partnership_id,
        return_record=return_record,
        audit_case_id=return_record.audit_case_id,
        agency_id=return_record.agency_id,
        date=date,
        end_date=end_date,
        event=event,
        source=source,
        impact=impact,
        action_taken=action_taken,
    )


def make_entries(return_record: Return, count: int, *, start: dt.date, every_days: int = 9) -> list[ChronologyEntry]:
    impacts = [Impact.POSITIVE, Impact.NEGATIVE, Impact.NEUTRAL]
    return ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                partnership_id=return_record.partnership_id,
                return_record=return_record,
                audit_case_id=return_record.audit_case_id,
                agency_id=return_record.agency_id,
                date=start + dt.timedelta(days=i * every_days),
                event=f"Made-up event {i + 1}: contact with the family about school attendance",
                source="Case notes",
                impact=impacts[i % 3],
                action_taken="Discussed at the team meeting",
            )
            for i in range(count)
        ]
    )
