"""The demo’s audit programme: board priorities, this year’s audits at
different stages, and one audit with agencies part-way through their returns,
so every page has something to show. Everything is fictional and goes through
the same services people use."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from maca.accounts.models import Membership, User
from maca.partnerships.models import Agency, Partnership
from maca.programme.models import Audit, AuditKind, BoardPriority, Programme, Stage
from maca.programme.services import audit_create, audit_move, business_year, priority_create, programme_create
from maca.returns.chronology_services import chronology_entry_add
from maca.returns.models import Return
from maca.returns.services import return_review, return_save_draft, return_submit
from maca.selection.models import AuditCase
from maca.selection.services import LOOK_BACK_MONTHS, PoolFilter, assignments_set, draw_make
from maca.tools.answers import questions_of
from maca.tools.models import AuditTool, QuestionKind
from maca.tools.shipped import install_default_tools

PRIORITIES = [
    ("Domestic abuse", "Children living with domestic abuse are seen, heard and protected."),
    ("Neglect", "Neglect is recognised early and acted on before it becomes entrenched."),
    ("Exploitation", "Children at risk of criminal or sexual exploitation are identified and kept safe."),
    ("Disabled children", "Disabled children get the same protection as every other child."),
]
NEGLECT_AUDIT = "Neglect in families with babies"

# (days from today, event, source, impact, action) for the police and for children’s social care.
POLICE_EVENTS = [
    (
        -240,
        "Call from a neighbour about shouting; officers attended and spoke to both parents.",
        "Incident log",
        "negative",
        "Public protection notice sent to children’s social care.",
    ),
    (
        -228,
        "Second call about a disturbance at the address.",
        "Incident log",
        "negative",
        "Risk checklist completed: medium risk.",
    ),
    (
        -221,
        "Referral to the MASH after a third incident in a month.",
        "Public protection notice",
        "negative",
        "Referral accepted for assessment.",
    ),
    (
        -90,
        "Officers attended a welfare check; the baby was seen asleep and appeared well cared for.",
        "Incident log",
        "positive",
        "No further action.",
    ),
]
CSC_EVENTS = [
    (
        -219,
        "Referral received from the police; strategy discussion held the same day.",
        "Case record",
        "neutral",
        "Assessment started.",
    ),
    (
        -200,
        "Home visit: the baby seen and observed with the mother; the father was not present.",
        "Visit record",
        "neutral",
        "Visit to the father arranged.",
    ),
    (
        -150,
        "Assessment completed: family to be supported as a child in need.",
        "Assessment",
        "positive",
        "Child in need plan agreed with the family.",
    ),
]


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _membership(email: str, partnership: Partnership) -> Membership:
    return Membership.objects.get(user__email=email, partnership=partnership)


def complete_answers(return_record: Return, rng: random.Random) -> dict:
    """Plausible answers to every required question (demo only)."""
    answers = {}
    for question in questions_of(return_record.tool_version):
        if question.kind == QuestionKind.GRADE and question.scale:
            levels = [str(level["value"]) for level in question.scale.levels]
            answers[question.key] = rng.choice(levels[:3])
        elif question.kind == QuestionKind.YES_NO:
            answers[question.key] = rng.choice(["yes", "yes", "no"])
        elif question.kind == QuestionKind.NUMBER:
            answers[question.key] = rng.randint(3, 9)
        elif question.kind == QuestionKind.TEXT and question.required:
            answers[question.key] = "Made-up demo answer: the record shows regular contact and clear notes."
    return answers


def returns_in(
    audit: Audit,
    people: dict[Agency, tuple[Membership, Membership]],
    qa: Membership,
    rng: random.Random,
    *,
    written: dict[tuple[int, str], dict[str, str]] | None = None,
) -> list[Return]:
    """Every live return of ``audit`` answered by its agency’s auditor,
    submitted by its lead and accepted by the QA officer, through the services
    people use (demo only). ``people``: each agency’s (auditor, lead);
    ``written``: the typed answers of (case number, agency name), on top of
    :func:`complete_answers`."""
    written = written or {}
    done = []
    for return_record in (
        Return.objects.live().filter(audit=audit).select_related("agency", "audit_case").order_by("pk")
    ):
        auditor, lead = people[return_record.agency]
        key = (return_record.audit_case.number if return_record.audit_case_id else 0, return_record.agency.name)
        saved = return_save_draft(
            actor=auditor.user,
            membership=auditor,
            return_record=return_record,
            answers=complete_answers(return_record, rng) | written.get(key, {}),
            expected_version=return_record.version,
        )
        submitted = return_submit(actor=lead.user, membership=lead, return_record=saved, expected_version=saved.version)
        done.append(
            return_review(
                actor=qa.user,
                membership=qa,
                return_record=submitted,
                accept=True,
                comment="",
                expected_version=submitted.version,
            )
        )
    return done


def _set_up_programme(partnership: Partnership, qa: User) -> Programme:
    for title, description in PRIORITIES:
        if not BoardPriority.objects.filter(partnership=partnership, title=title).exists():
            priority_create(actor=qa, partnership=partnership, title=title, description=description)
    year = business_year(timezone.localdate())
    programme = Programme.objects.filter(partnership=partnership, year=year).first()
    return programme or programme_create(actor=qa, partnership=partnership, year=year)


def _plan(partnership, programme, qa, *, title, theme, kind, tool, cases, selection, deadline, meeting, priorities):
    existing = Audit.objects.filter(partnership=partnership, title=title).first()
    if existing:
        return existing, False
    audit = audit_create(
        actor=qa,
        programme=programme,
        priorities=BoardPriority.objects.filter(partnership=partnership, title__in=priorities),
        title=title,
        theme=theme,
        kind=kind,
        target_cases=cases,
        target_children=None,
        planned_selection_date=selection,
        return_deadline=deadline,
        planned_meeting_date=meeting,
        lead=qa,
        tool=tool,
        reminder_days_before=7,
        reminder_days_after=3,
    )
    return audit, True


def _move(audit: Audit, stage: str, actor: User, reason: str) -> None:
    audit.refresh_from_db()
    audit_move(actor=actor, audit=audit, to_stage=stage, reason=reason, expected_version=audit.version)


@transaction.atomic
def load_demo_audits() -> None:
    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None:
        return
    qa = _user("qa@wyvernshire.example")
    for each in Partnership.objects.all():
        install_default_tools(actor=None, partnership=each)
    case_tool = AuditTool.objects.get(partnership=partnership, name="Agency case audit tool")
    summative_tool = AuditTool.objects.get(partnership=partnership, name="Deep-dive summative report")
    programme = _set_up_programme(partnership, qa)
    today = timezone.localdate()

    audit, new = _plan(
        partnership,
        programme,
        qa,
        title=NEGLECT_AUDIT,
        theme="How well agencies notice and respond to early signs of neglect in families with a child under two.",
        kind=AuditKind.THEMED,
        tool=case_tool,
        cases=6,
        selection=today - dt.timedelta(days=40),
        deadline=today - dt.timedelta(days=3),
        meeting=today + dt.timedelta(days=14),
        priorities=["Neglect", "Domestic abuse"],
    )
    if new:
        _run_neglect_audit(audit, partnership, qa, today)

    _plan(
        partnership,
        programme,
        qa,
        title="Domestic abuse and the voice of the child",
        theme="Whether children living with domestic abuse are seen and heard, and their experience recorded.",
        kind=AuditKind.THEMED,
        tool=case_tool,
        cases=5,
        selection=today + dt.timedelta(days=60),
        deadline=today + dt.timedelta(days=100),
        meeting=today + dt.timedelta(days=120),
        priorities=["Domestic abuse"],
    )
    deep_dive, new = _plan(
        partnership,
        programme,
        qa,
        title="Referrals into the MASH",
        theme="A deep dive into sixty referrals: their quality, the decisions made and the feedback to referrers.",
        kind=AuditKind.DEEP_DIVE,
        tool=summative_tool,
        cases=60,
        selection=today + dt.timedelta(days=20),
        deadline=today + dt.timedelta(days=70),
        meeting=today + dt.timedelta(days=90),
        priorities=["Domestic abuse", "Neglect"],
    )
    if new:
        _move(deep_dive, Stage.SELECTING, qa, "Theme agreed by the board; Business Intelligence list imported.")


def _run_neglect_audit(audit: Audit, partnership: Partnership, qa: User, today: dt.date) -> None:
    rng = random.Random(2026)  # noqa: S311 - made-up demo answers, repeatable
    _move(audit, Stage.SELECTING, qa, "Theme agreed at the QA sub-group.")
    draw_make(
        actor=qa,
        audit=audit,
        size=6,
        dimensions=["age_band", "service_level", "locality"],
        allocation="proportional",
        pool_filter=PoolFilter(open_within_months=LOOK_BACK_MONTHS, exclude_audited_within_months=LOOK_BACK_MONTHS),
        seed=20261124,
    )
    police = Agency.objects.get(partnership=partnership, name="Wyvern and Fenmoor Police")
    csc = Agency.objects.get(partnership=partnership, name="Wyvernshire Children’s Social Care")
    health = Agency.objects.get(partnership=partnership, name="Abbey Lane Surgery")
    for audit_case in AuditCase.objects.current().filter(audit=audit):
        current = [a.agency for a in audit_case.assignments.filter(removed_at__isnull=True)]
        wanted = {a.pk: a for a in [*current, police, csc, health]}
        assignments_set(actor=qa, audit_case=audit_case, agencies=list(wanted.values()))
    _move(audit, Stage.AUDITING, qa, "Cases and agencies agreed; agencies told.")

    auditor = _membership("police.auditor@wyvernshire.example", partnership)
    lead = _membership("police.lead@wyvernshire.example", partnership)
    csc_auditor = _membership("csc.auditor@wyvernshire.example", partnership)
    csc_lead = _membership("csc.lead@wyvernshire.example", partnership)
    qa_member = _membership("qa@wyvernshire.example", partnership)

    police_returns = list(Return.objects.filter(audit=audit, agency=police).order_by("audit_case__number"))
    csc_returns = list(Return.objects.filter(audit=audit, agency=csc).order_by("audit_case__number"))

    def fill(ret, who):
        ret.refresh_from_db()
        return return_save_draft(
            actor=who.user,
            membership=who,
            return_record=ret,
            answers=complete_answers(ret, rng),
            expected_version=ret.version,
        )

    def submit(ret, who):
        return return_submit(actor=who.user, membership=who, return_record=ret, expected_version=ret.version)

    for days, event, source, impact, action in POLICE_EVENTS:
        chronology_entry_add(
            actor=auditor.user,
            return_record=police_returns[0],
            date=today + dt.timedelta(days=days),
            end_date=None,
            event=event,
            source=source,
            impact=impact,
            action_taken=action,
        )
    for days, event, source, impact, action in CSC_EVENTS:
        chronology_entry_add(
            actor=csc_auditor.user,
            return_record=csc_returns[0],
            date=today + dt.timedelta(days=days),
            end_date=None,
            event=event,
            source=source,
            impact=impact,
            action_taken=action,
        )
    accepted = submit(fill(police_returns[0], auditor), lead)
    return_review(
        actor=qa,
        membership=qa_member,
        return_record=accepted,
        accept=True,
        comment="",
        expected_version=accepted.version,
    )
    submit(fill(police_returns[1], auditor), lead)
    fill(police_returns[2], auditor)
    submit(fill(csc_returns[0], csc_auditor), csc_lead)
    fill(csc_returns[1], csc_auditor)
