"""Chronology test data: an audit at 'agencies auditing' with one selected case,
audited by two agencies (the police and the care board by default), each with
a draft return. Everything is made through the services, as people do it in
the product: the case is nominated and accepted, the audit moved on, the
returns created on entering 'agencies auditing', a draft saved by someone of
each agency, entries added one by one or uploaded as a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.accounts.services import membership_create
from maca.accounts.tests.factories import UserFactory
from maca.partnerships.models import AgencyKind
from maca.partnerships.services import agency_create
from maca.programme.models import STAGE_ORDER, Stage
from maca.programme.services import audit_set_scrutineers
from maca.programme.tests.factories import AuditFactory
from maca.returns.chronology import TEMPLATE_HEADINGS
from maca.returns.chronology_services import chronology_entry_add, chronology_import
from maca.returns.models import ChronologyEntry, Impact, Return, ReturnStatus
from maca.returns.services import return_review, return_save_draft, return_submit, return_withdraw
from maca.returns.tests.builders import move
from maca.selection.models import Assignment, AuditCase
from maca.selection.services import assignments_set, nomination_create, nomination_decide
from maca.selection.tests.builders import make_case
from maca.tools.tests.factories import published_tool

_numbers = itertools.count(1)
# Answers that complete the test tool (maca.tools.tests.factories.published_tool).
COMPLETE = {"info_grade": "good", "health_involved": "yes"}


@dataclass
class ChronologyAudit:
    audit: object
    audit_case: object
    tool_version: object
    returns: dict[int, Return] = field(default_factory=dict)

    def return_of(self, agency) -> Return:
        return self.returns[agency.pk]


def make_chronology_audit(world, *, agencies=None, stage=Stage.AUDITING, scrutinised: bool = True) -> ChronologyAudit:
    partnership, qa = world.partnership, world["qa"].user
    agencies = agencies if agencies is not None else [world.police, world.health]
    number = next(_numbers)
    version = published_tool(partnership, name=f"Chronology test tool {number}")
    audit = AuditFactory(partnership=partnership, lead=qa, tool=version.tool, title=f"Chronology audit {number}")
    if scrutinised:
        audit_set_scrutineers(
            actor=qa, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
        )
    case = make_case(partnership, agencies=agencies)
    move(audit, Stage.SELECTING, qa)
    nomination = nomination_create(
        actor=qa, audit=audit, case_reference=case.reference, reason="Chosen for its chronology", can_see_pool=True
    )
    nomination_decide(actor=qa, nomination=nomination, accept=True)
    move(audit, Stage.AUDITING, qa)
    made = ChronologyAudit(audit=audit, audit_case=AuditCase.objects.current().get(audit=audit), tool_version=version)
    for agency in agencies:
        add_agency(made, agency)
    for later in STAGE_ORDER[STAGE_ORDER.index(Stage.AUDITING) + 1 : STAGE_ORDER.index(stage) + 1]:
        move(audit, later, qa)
    return made


def member_of(agency) -> Membership:
    """Someone of ``agency`` who may write its returns (made, as an auditor, if it has nobody)."""
    member = (
        Membership.objects.filter(
            partnership_id=agency.partnership_id,
            agency=agency,
            role__in=[Role.AGENCY_AUDITOR, Role.AGENCY_LEAD],
            is_active=True,
        )
        .order_by("role", "pk")
        .first()
    )
    if member is None:
        user = UserFactory(email=f"auditor.{agency.pk}@testshire.example", full_name=f"Auditor of {agency.name}")
        member = membership_create(
            actor=None, user=user, partnership=agency.partnership, role=Role.AGENCY_AUDITOR, agency=agency
        )
    return member


def add_agency(made: ChronologyAudit, agency) -> Return:
    """Assign one more agency to the case, as the QA officer does, and save its
    return as a draft (a live return of the agency is reused)."""
    audit_case = made.audit_case
    current = [a.agency for a in Assignment.objects.current().filter(audit_case=audit_case).select_related("agency")]
    if agency not in current:
        assignments_set(actor=made.audit.lead, audit_case=audit_case, agencies=[*current, agency])
    return_record = Return.objects.live().get(audit_case=audit_case, agency=agency)
    if return_record.status == ReturnStatus.NOT_STARTED:
        member = member_of(agency)
        return_record = return_save_draft(
            actor=member.user,
            membership=member,
            return_record=return_record,
            answers={},
            expected_version=return_record.version,
        )
    made.returns[agency.pk] = return_record
    return return_record


def move_return(return_record: Return, world, *, to: str = ReturnStatus.SUBMITTED) -> Return:
    """Take a return to ``to`` as people do: WITHDRAWN (the QA officer withdraws
    it); for a police return, SUBMITTED (the police auditor completes it and
    their lead submits it) or ACCEPTED (then the QA officer accepts it)."""
    auditor, lead, qa = world["auditor"], world["lead"], world["qa"]
    return_record.refresh_from_db()
    if to == ReturnStatus.WITHDRAWN:
        return return_withdraw(
            actor=qa.user,
            membership=qa.membership,
            return_record=return_record,
            reason="Made in error",
            expected_version=return_record.version,
        )
    saved = return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=return_record,
        answers=COMPLETE,
        expected_version=return_record.version,
    )
    submitted = return_submit(
        actor=lead.user, membership=lead.membership, return_record=saved, expected_version=saved.version
    )
    if to == ReturnStatus.SUBMITTED:
        return submitted
    return return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=submitted,
        accept=True,
        comment="",
        expected_version=submitted.version,
    )


def lead_of(agency) -> Membership:
    """The lead of ``agency`` (made, if it has none), who submits its returns."""
    member = (
        Membership.objects.filter(
            partnership_id=agency.partnership_id, agency=agency, role=Role.AGENCY_LEAD, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if member is None:
        user = UserFactory(email=f"lead.{agency.pk}@testshire.example", full_name=f"Lead of {agency.name}")
        member = membership_create(
            actor=None, user=user, partnership=agency.partnership, role=Role.AGENCY_LEAD, agency=agency
        )
    return member


def submit(return_record: Return) -> Return:
    """The return completed and submitted by its own agency's lead, as the
    integrated chronology shows only submitted returns' entries."""
    lead = lead_of(return_record.agency)
    return_record.refresh_from_db()
    saved = return_save_draft(
        actor=lead.user,
        membership=lead,
        return_record=return_record,
        answers=COMPLETE,
        expected_version=return_record.version,
    )
    return return_submit(actor=lead.user, membership=lead, return_record=saved, expected_version=saved.version)


def more_agencies(world, count: int, *, prefix: str = "Agency") -> list:
    return [
        agency_create(
            actor=None, partnership=world.partnership, name=f"{prefix} {next(_numbers)}", kind=AgencyKind.OTHER
        )
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
    """An entry added to the return's chronology through the service, by someone of its agency."""
    return chronology_entry_add(
        actor=member_of(return_record.agency).user,
        return_record=return_record,
        date=date,
        end_date=end_date,
        event=event,
        source=source,
        impact=impact,
        action_taken=action_taken,
    )


def make_entries(return_record: Return, count: int, *, start: dt.date, every_days: int = 9) -> int:
    """``count`` entries uploaded at once as a spreadsheet, as an auditor does."""
    impacts = ["Positive", "Negative", "Neutral"]
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(TEMPLATE_HEADINGS)
    for i in range(count):
        writer.writerow(
            [
                f"{start + dt.timedelta(days=i * every_days):%d/%m/%Y}",
                "",
                f"Made-up event {i + 1}: contact with the family about school attendance",
                "Case notes",
                impacts[i % 3],
                "Discussed at the team meeting",
            ]
        )
    upload = SimpleUploadedFile("chronology.csv", stream.getvalue().encode(), content_type="text/csv")
    return chronology_import(
        actor=member_of(return_record.agency).user, return_record=return_record, uploaded_file=upload
    ).added
