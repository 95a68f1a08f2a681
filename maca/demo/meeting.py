"""A demo audit at its multi-agency meeting: three cases, the police’s and
children’s social care’s returns submitted with what worked well and what
worried them, the health return with apologies for the meeting. The meeting
yesterday (today on the first day of a programme year, so that the audit stays in
this year's programme) is part-recorded (date, attendance, case 1 discussed, graded and its
findings tagged), so that a new user can record the rest. Every word is
fictional and written by us; it goes through the services people use."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from maca.demo.audits import _membership, _move, _plan, _set_up_programme, _user, complete_answers
from maca.findings import services as findings
from maca.findings.models import Finding
from maca.partnerships.models import Agency, Partnership
from maca.programme.models import AuditKind, Stage, year_bounds, year_of
from maca.returns.models import Return, ReturnStatus, ReturnTransition
from maca.returns.services import return_save_draft, return_submit
from maca.selection.models import AuditCase
from maca.selection.services import LOOK_BACK_MONTHS, PoolFilter, assignments_set, draw_make
from maca.tools.models import AuditTool

MEETING_AUDIT = "Fathers and male carers in child in need work"

# What each agency wrote for cases 1 to 3: (question key, answer).
POLICE_ANSWERS = [
    [
        (
            "information_sharing_working_well",
            "Each call-out was shared with children’s social care the next morning, with the risk level and who "
            "was in the house.",
        ),
        (
            "voice_worried",
            "Officers spoke to the mother at every incident but never asked the partner who had moved in about "
            "his role with the baby.",
        ),
    ],
    [
        (
            "assessment_working_well",
            "The officer in the case checked the partner’s history before the joint visit and shared it at the "
            "strategy discussion.",
        ),
        (
            "information_sharing_worried",
            "A second incident at the address was not linked to the open child in need plan for nine days.",
        ),
    ],
    [
        (
            "oversight_worried",
            "The sergeant’s review closed the incident without asking whether the children were known to "
            "children’s services.",
        ),
    ],
]
CSC_ANSWERS = [
    [
        (
            "voice_working_well",
            "The social worker saw the baby at every visit and wrote down what she observed of the baby’s care "
            "and mood.",
        ),
        (
            "assessment_worried",
            "The assessment describes the mother’s parenting in detail but says nothing about the stepfather, "
            "who lives there four nights a week.",
        ),
    ],
    [
        (
            "assessment_worried",
            "The child in need plan has no dates or names against its actions, so nobody could tell whether it "
            "was working.",
        ),
        (
            "oversight_working_well",
            "The team manager’s supervision notes question the drift and set a date to step the case up.",
        ),
    ],
    [
        (
            "voice_worried",
            "The older child’s wish to see his father was recorded but never followed up with the father or "
            "his family.",
        ),
    ],
]


def _answer(return_record: Return, who, extra: list[tuple[str, str]], rng: random.Random) -> Return:
    return_record.refresh_from_db()
    answers = complete_answers(return_record, rng) | dict(extra)
    saved = return_save_draft(
        actor=who.user,
        membership=who,
        return_record=return_record,
        answers=answers,
        expected_version=return_record.version,
    )
    return saved


def _submit(return_record: Return, lead) -> Return:
    return return_submit(
        actor=lead.user, membership=lead, return_record=return_record, expected_version=return_record.version
    )


@transaction.atomic
def load_demo_meeting() -> None:
    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None:
        return
    qa = _user("qa@wyvernshire.example")
    today = timezone.localdate()
    # Held yesterday, but never before this programme year began: on 1 April
    # yesterday is in last year, where this year's programme's meeting may not fall.
    held_on = max(today - dt.timedelta(days=1), year_bounds(year_of(today))[0])
    programme = _set_up_programme(partnership, qa)
    audit, new = _plan(
        partnership,
        programme,
        qa,
        title=MEETING_AUDIT,
        theme="Whether fathers and other men in the household are known, seen and assessed in child in need work.",
        kind=AuditKind.THEMED,
        tool=AuditTool.objects.get(partnership=partnership, name="Agency case audit tool"),
        cases=3,
        selection=today - dt.timedelta(days=70),
        deadline=today - dt.timedelta(days=2),
        meeting=held_on,
        priorities=["Domestic abuse"],
    )
    if not new:
        return
    rng = random.Random(1105)  # noqa: S311 - made-up demo answers, repeatable
    _move(audit, Stage.SELECTING, qa, "Theme agreed at the QA sub-group.")
    draw_make(
        actor=qa,
        audit=audit,
        size=3,
        dimensions=["service_level"],
        allocation="proportional",
        pool_filter=PoolFilter(open_within_months=LOOK_BACK_MONTHS, exclude_audited_within_months=LOOK_BACK_MONTHS),
        seed=20261105,
    )
    police = Agency.objects.get(partnership=partnership, name="Wyvern and Fenmoor Police")
    csc = Agency.objects.get(partnership=partnership, name="Wyvernshire Children’s Social Care")
    health = Agency.objects.get(partnership=partnership, name="Abbey Lane Surgery")
    cases = list(AuditCase.objects.current().filter(audit=audit).order_by("number"))
    for audit_case in cases:
        assignments_set(actor=qa, audit_case=audit_case, agencies=[police, csc, health])
    _move(audit, Stage.AUDITING, qa, "Cases and agencies agreed; agencies told.")

    police_lead = _membership("police.lead@wyvernshire.example", partnership)
    police_auditor = _membership("police.auditor@wyvernshire.example", partnership)
    csc_lead = _membership("csc.lead@wyvernshire.example", partnership)
    csc_auditor = _membership("csc.auditor@wyvernshire.example", partnership)
    health_lead = _membership("health.lead@wyvernshire.example", partnership)
    for agency, auditor, lead, texts in (
        (police, police_auditor, police_lead, POLICE_ANSWERS),
        (csc, csc_auditor, csc_lead, CSC_ANSWERS),
        (health, health_lead, health_lead, [[], [], []]),
    ):
        for return_record, extra in zip(
            Return.objects.filter(audit=audit, agency=agency).order_by("audit_case__number"), texts, strict=True
        ):
            _submit(_answer(return_record, auditor, extra, rng), lead)
    # Submitted before the deadline, as the meeting's notes say ("arrived on
    # time"): the demo loads today, after it, and would otherwise show every
    # return as submitted late.
    in_on_time = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=4), dt.time(11)))
    submitted = Return.objects.filter(audit=audit)
    submitted.update(submitted_at=in_on_time, first_submitted_at=in_on_time)
    ReturnTransition.objects.filter(return_record__audit=audit, to_status=ReturnStatus.SUBMITTED).update(
        occurred_at=in_on_time
    )
    _move(audit, Stage.MEETING, qa, "All returns in; the meeting is held.")

    # The meeting, part-recorded: the rest is for whoever tries the demo.
    findings.meeting_save(
        actor=qa,
        audit=audit,
        held_on=held_on,
        returns_quality="All returns arrived on time. The police and social care returns quoted their records; "
        "the surgery’s were brief.",
        attendance_judgement="Police and social care came; the surgery sent apologies, so health was not heard.",
        notes="",
        expected_version=None,
    )
    findings.attendance_save(
        actor=qa,
        audit=audit,
        rows=[
            {"agency": police, "status": "attended", "people": "Detective sergeant, public protection unit"},
            {"agency": csc, "status": "attended", "people": "Head of quality assurance; team manager"},
            {"agency": health, "status": "apologies", "people": "Practice safeguarding lead"},
        ],
        expected_version=audit.meeting.version,
    )
    first = cases[0]
    findings.discussion_save(
        actor=qa,
        audit_case=first,
        notes="Partners agreed the baby was seen and safe, but that the man living in the home was invisible to "
        "every agency’s assessment.",
        agreed_grade="requires_improvement",
        expected_version=None,
    )
    police_return = Return.objects.get(audit_case=first, agency=police)
    csc_return = Return.objects.get(audit_case=first, agency=csc)
    for return_record, key, themes in (
        (police_return, "information_sharing_working_well", ["information_sharing"]),
        (csc_return, "assessment_worried", ["think_family", "assessment_planning"]),
    ):
        finding, _ = findings.finding_from_answer(actor=qa, return_record=return_record, question_key=key)
        findings.finding_confirm_tags(
            actor=qa,
            finding=finding,
            polarity=finding.polarity,
            theme_keys=themes,
            expected_version=finding.version,
        )
    cross = findings.finding_create(
        actor=qa,
        audit=audit,
        audit_case=None,
        text="In two of the three cases no agency asked who the men in the household were or what part they "
        "played in the children’s care.",
        polarity="concern",
    )
    cross = Finding.objects.get(pk=cross.pk)
    findings.finding_confirm_tags(
        actor=qa, finding=cross, polarity="concern", theme_keys=["think_family"], expected_version=cross.version
    )
