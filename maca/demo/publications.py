"""The demo's publications: an audit whose meeting has been held, with the
strengths and findings it agreed, a recommendation across cases, the
pseudonyms of its people and the (made-up) names held for the safety check,
ready for the QA officer to draft its 6 Step Briefing. The partnership's
approver is the QA sub-group's chair (a QA officer). Every word is fictional
and written for maca."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.accounts.models import User
from maca.partnerships.models import Agency, Partnership
from maca.programme.models import AuditKind, Programme, Stage
from maca.programme.services import audit_create, audit_move, business_year, programme_create
from maca.selection.models import AuditCase
from maca.selection.services import PoolFilter, assignments_set, draw_make
from maca.tools.models import AuditTool

BABIES_AUDIT = "Babies not brought to health appointments"
# Not the police: the police logins are the ones other journeys follow through this year's returns.
COMMUNITY = "Wyvernshire Community Health NHS Trust"
CSC = "Wyvernshire Children's Social Care"
HEALTH = "Abbey Lane Surgery"

# (case number, agency, polarity, themes, text)
FINDINGS = [
    (
        1,
        HEALTH,
        "strength",
        ["health"],
        "The practice nurse followed up each missed immunisation with a call and a letter, and recorded both.",
    ),
    (
        1,
        CSC,
        "concern",
        ["think_family"],
        "The assessment described the mother's routine in detail but said nothing about the father, "
        "who visited most weekends.",
    ),
    (
        1,
        CSC,
        "concern",
        ["information_sharing"],
        "A referral about a disturbance at the home was not shared with the health visitor, "
        "who was planning a visit that week.",
    ),
    (
        2,
        HEALTH,
        "strength",
        ["voice_of_child", "health"],
        "The health visitor described how the baby responded to her mother during the visit, "
        "giving a clear picture of daily life.",
    ),
    (
        2,
        CSC,
        "concern",
        ["think_family", "assessment_planning"],
        "Nobody asked who else lived in the home, so the plan did not consider the grandmother's own health needs.",
    ),
    (
        2,
        HEALTH,
        "concern",
        ["health", "timeliness"],
        "Three missed appointments in four months were recorded as 'did not attend' rather than "
        "'was not brought', and nothing followed.",
    ),
    (
        3,
        COMMUNITY,
        "strength",
        ["information_sharing"],
        "The health visitor shared her concerns with children's social care within a day "
        "and checked that they had been received.",
    ),
    (
        3,
        CSC,
        "strength",
        ["management_oversight"],
        "The manager's supervision notes set out why the case stayed open and what had to change before it closed.",
    ),
    (
        3,
        CSC,
        "concern",
        ["think_family"],
        "The father's history was known to the police but was not asked about at the strategy discussion.",
    ),
    (
        4,
        HEALTH,
        "concern",
        ["health", "neglect"],
        "The baby's weight dropped between two checks and the change was not discussed with the GP.",
    ),
    (
        4,
        CSC,
        "strength",
        ["neglect"],
        "The social worker used the neglect toolkit with the family, and the parents' own words were written into it.",
    ),
    (
        5,
        COMMUNITY,
        "concern",
        ["information_sharing", "timeliness"],
        "A request for a welfare visit took nine days to be passed on, "
        "by which time the family had moved to another address.",
    ),
    (
        5,
        HEALTH,
        "strength",
        ["multi_agency_working"],
        "The GP practice joined the core group by phone each time and sent written updates when it could not.",
    ),
]
GOOD_PRACTICE = [
    (CSC, "Since the audit meeting, duty managers check every new referral for who else lives in the home."),
    (
        HEALTH,
        "The practice now records missed appointments for under-twos as 'was not brought' and reviews them each month.",
    ),
]
RECOMMENDATION = (
    "Every agency's assessments should record who lives in the household and who visits often, "
    "fathers and partners included, and say what is known about them."
)
# Made-up names held for the safety check: never shown in an output.
HELD_NAMES = {1: ["Kacey Marlow"], 2: ["Rowan Tillett"], 3: ["Sonny Abberley"]}
FAMILY = [(1, "mother", ["Jodie Marlow"]), (1, "father", ["Craig Denholm"])]


def load_demo_publications() -> None:
    from maca.findings.models import Finding, FindingTag, Recommendation, Theme
    from maca.publications.models import Pseudonym, PublicationSettings
    from maca.publications.pseudonyms import ensure_pseudonyms, family_member_add, names_set

    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None:
        return
    # Last year's programme: its audit is written up, so this year's pages are left as they were.
    year = business_year(timezone.localdate()) - 1
    qa = User.objects.get(email="qa@wyvernshire.example")
    programme = Programme.objects.filter(partnership=partnership, year=year).first()
    if programme is not None and programme.audits.filter(title=BABIES_AUDIT).exists():
        return
    with transaction.atomic():
        programme = programme or programme_create(actor=qa, partnership=partnership, year=year)
        PublicationSettings.objects.get_or_create(partnership=partnership, defaults={"approver_role": "qa_officer"})
        audit = audit_create(
            actor=qa,
            programme=programme,
            title=BABIES_AUDIT,
            theme="Whether agencies notice when babies miss health appointments, and act on it as a sign of neglect.",
            kind=AuditKind.THEMED,
            target_cases=5,
            target_children=None,
            planned_selection_date=dt.date(year, 10, 6),
            return_deadline=dt.date(year, 12, 4),
            planned_meeting_date=dt.date(year + 1, 1, 21),
            lead=qa,
            tool=AuditTool.objects.get(partnership=partnership, name="Agency case audit tool"),
            reminder_days_before=7,
            reminder_days_after=3,
        )
        audit = _move(audit, Stage.SELECTING, qa, "Theme agreed at the QA sub-group.")
        draw_make(
            actor=qa,
            audit=audit,
            size=5,
            dimensions=["age_band", "service_level"],
            allocation="proportional",
            pool_filter=PoolFilter(open_within_months=None, exclude_audited_within_months=12),
            seed=20260611,
        )
        agencies = {
            a.name: a for a in Agency.objects.filter(partnership=partnership, name__in=[COMMUNITY, CSC, HEALTH])
        }
        for audit_case in AuditCase.objects.current().filter(audit=audit):
            assignments_set(actor=qa, audit_case=audit_case, agencies=list(agencies.values()))
        audit.refresh_from_db()
        audit = _move(audit, Stage.AUDITING, qa, "Cases and agencies agreed; agencies told.")
        for stage, reason in ((Stage.MEETING, "Returns in."), (Stage.WRITING_UP, "The meeting has been held.")):
            try:
                audit = _move(audit, stage, qa, reason)
            except ValidationError:
                break  # a later stage's checks are not met by the demo: the findings are recorded all the same
        cases = {c.number: c for c in AuditCase.objects.current().filter(audit=audit)}
        themes = {t.key: t for t in Theme.objects.filter(partnership=partnership)}
        for number, agency, polarity, keys, text in FINDINGS:
            finding = Finding.objects.create(
                partnership=partnership,
                audit=audit,
                audit_case=cases[number],
                agency=agencies[agency],
                polarity=polarity,
                text=text,
                created_by=qa,
                # Its themes were agreed at the meeting: confirmed, as reports need.
                tags_confirmed_at=timezone.now(),
                tags_confirmed_by=qa,
            )
            for key in keys:
                FindingTag.objects.create(partnership=partnership, finding=finding, theme=themes[key], confirmed_by=qa)
        for agency, text in GOOD_PRACTICE:
            Finding.objects.create(
                partnership=partnership,
                audit=audit,
                agency=agencies[agency],
                polarity="strength",
                kind="good_practice",
                text=text,
                created_by=qa,
            )
        Recommendation.objects.create(
            partnership=partnership, audit=audit, text=RECOMMENDATION, status="confirmed", created_by=qa
        )
        ensure_pseudonyms(actor=qa, audit=audit)
        for number, names in HELD_NAMES.items():
            child = (
                Pseudonym.objects.filter(audit=audit, audit_case=cases[number], relation="").order_by("label").first()
            )
            names_set(actor=qa, pseudonym=child, names=names)
        for number, relation, names in FAMILY:
            family_member_add(actor=qa, audit=audit, audit_case=cases[number], relation=relation, names=names)


def _move(audit, stage, actor, reason):
    audit_move(actor=actor, audit=audit, to_stage=stage, reason=reason, expected_version=audit.version)
    audit.refresh_from_db()
    return audit
