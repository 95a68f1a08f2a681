"""A demo deep dive with its agencies’ summative reports part-way: the
community health trust’s report was submitted and sent back by the QA officer
with what to change, so it is with the trust again; the care board’s is a
draft with one of its counts given and one still to give. So a person sees a
return sent back, its history and its comment, and how a number question is
answered. And the independent scrutineer is asked to scrutinise the audit at
its meeting. Every word is made up for the demo and goes through the services
people use."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from maca.demo.audits import _membership, _move, _plan, _set_up_programme, _user
from maca.partnerships.models import Agency, Partnership
from maca.programme.models import Audit, AuditKind, Stage
from maca.programme.services import audit_set_scrutineers
from maca.returns.models import Return, ReturnRevision, ReturnStatus, ReturnTransition
from maca.returns.services import return_review, return_save_draft, return_submit
from maca.selection.models import AuditCase
from maca.selection.services import LOOK_BACK_MONTHS, PoolFilter, assignments_set, draw_make
from maca.tools.models import AuditTool

SAFE_SLEEP_AUDIT = "Safe sleep advice for babies on a plan"
COMMUNITY = "Wyvernshire Community Health NHS Trust"
ICB = "Wyvernshire Integrated Care Board"
CASES = 8

# The trust’s report as first submitted: what needs to improve is said without how often.
COMMUNITY_REPORT = {
    "overview": "Health visitors gave safe sleep advice at the new birth visit in every case we looked at.",
    "worked_well": "Advice was given in the home, with the cot seen, and repeated when the family moved.",
    "needs_to_improve": "Advice was rarely repeated to a second carer, such as a father who stays some nights.",
    "actions": "Remind health visitors to give the advice to every carer at the home – named nurse – by 31 March.",
    "cases_audited": 8,
    "cases_meeting_standard": 5,
    "overall_grade": "requires_improvement",
}
SEND_BACK = (
    "Please say under what needs to improve in how many of the 8 families a second carer was missed, "
    "so that the meeting can set it beside the care board’s figures."
)
# The care board’s draft: one count given, the other still to give.
ICB_DRAFT = {
    "overview": "The practices’ records show the advice given at the six-week check in most of the cases so far.",
    "cases_audited": 6,
}


def load_demo_safe_sleep() -> None:
    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None:
        return
    with transaction.atomic():
        _safe_sleep(partnership)
    with transaction.atomic():
        _scrutiny(partnership)


def _safe_sleep(partnership: Partnership) -> None:
    qa = _user("qa@wyvernshire.example")
    today = timezone.localdate()
    audit, new = _plan(
        partnership,
        _set_up_programme(partnership, qa),
        qa,
        title=SAFE_SLEEP_AUDIT,
        theme="A deep dive into how health agencies give and record safe sleep advice to the families of babies "
        "on a child in need or child protection plan.",
        kind=AuditKind.DEEP_DIVE,
        tool=AuditTool.objects.get(partnership=partnership, name="Deep-dive summative report"),
        cases=CASES,
        selection=today - dt.timedelta(days=30),
        deadline=today + dt.timedelta(days=21),
        meeting=today + dt.timedelta(days=45),
        priorities=["Neglect"],
    )
    if not new:
        return
    _move(audit, Stage.SELECTING, qa, "Deep dive agreed by the QA sub-group.")
    draw_make(
        actor=qa,
        audit=audit,
        size=CASES,
        dimensions=["service_level"],
        allocation="proportional",
        pool_filter=PoolFilter(open_within_months=LOOK_BACK_MONTHS, exclude_audited_within_months=LOOK_BACK_MONTHS),
        seed=20261201,
    )
    agencies = list(Agency.objects.filter(partnership=partnership, name__in=[COMMUNITY, ICB]))
    for audit_case in AuditCase.objects.current().filter(audit=audit):
        assignments_set(actor=qa, audit_case=audit_case, agencies=agencies)
    _move(audit, Stage.AUDITING, qa, "Cases agreed; the two health agencies told.")

    community = _membership("community.lead@wyvernshire.example", partnership)
    health = _membership("health.lead@wyvernshire.example", partnership)
    qa_member = _membership("qa@wyvernshire.example", partnership)
    reports = {r.agency.name: r for r in Return.objects.live().filter(audit=audit).select_related("agency")}

    saved = return_save_draft(
        actor=community.user,
        membership=community,
        return_record=reports[COMMUNITY],
        answers=COMMUNITY_REPORT,
        expected_version=reports[COMMUNITY].version,
    )
    submitted = return_submit(
        actor=community.user, membership=community, return_record=saved, expected_version=saved.version
    )
    sent_back = return_review(
        actor=qa,
        membership=qa_member,
        return_record=submitted,
        accept=False,
        comment=SEND_BACK,
        expected_version=submitted.version,
    )
    return_save_draft(
        actor=health.user,
        membership=health,
        return_record=reports[ICB],
        answers=ICB_DRAFT,
        expected_version=reports[ICB].version,
    )
    _date(sent_back, today=today, saved=(3, 10), submitted=(3, 11), sent_back=(2, 15))
    _date(reports[ICB], today=today, saved=(1, 16))


def _date(return_record: Return, *, today: dt.date, saved, submitted=None, sent_back=None) -> None:
    """Its saves and moves dated over the last few days ((days ago, hour) each)
    rather than all in the minute the demo is loaded; the audit log keeps when
    it was loaded."""

    def at(days: int, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(hour)))

    transitions = ReturnTransition.objects.filter(return_record=return_record)
    transitions.filter(to_status=ReturnStatus.DRAFT).update(occurred_at=at(*saved))
    ReturnRevision.objects.filter(return_record=return_record).update(saved_at=at(*saved))
    last = saved
    if submitted:
        transitions.filter(to_status=ReturnStatus.SUBMITTED).update(occurred_at=at(*submitted))
        Return.objects.filter(pk=return_record.pk).update(
            submitted_at=at(*submitted), first_submitted_at=at(*submitted)
        )
        last = submitted
    if sent_back:
        transitions.filter(to_status=ReturnStatus.RETURNED).update(occurred_at=at(*sent_back))
        last = sent_back
    Return.objects.filter(pk=return_record.pk).update(updated_at=at(*last))


def _scrutiny(partnership: Partnership) -> None:
    """The independent scrutineer scrutinises the audit at its meeting."""
    from maca.demo.meeting import MEETING_AUDIT

    audit = Audit.objects.filter(partnership=partnership, title=MEETING_AUDIT).first()
    scrutineer = _user("scrutineer@wyvernshire.example")
    if audit is None or audit.scrutineers.filter(pk=scrutineer.pk).exists():
        return
    audit_set_scrutineers(
        actor=_user("qa@wyvernshire.example"),
        audit=audit,
        scrutineers=[*audit.scrutineers.all(), scrutineer],
        expected_version=audit.version,
    )
