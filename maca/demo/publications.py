"""The demo’s publications: last year’s audit whose meeting has been held,
every agency’s returns in and accepted (what its findings were taken from),
with the strengths and findings it agreed, a recommendation across cases, the
pseudonyms of its people and the (made-up) names held for the safety check,
ready for the QA officer to draft its 6 Step Briefing. The partnership’s
approver is the QA sub-group’s chair (a QA officer). Every word is fictional
and written for maca."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from maca.accounts.models import User
from maca.demo.audits import _membership, returns_in
from maca.findings import services as findings
from maca.partnerships.models import Agency, Partnership
from maca.programme.models import AuditKind, AuditTransition, Programme, Stage
from maca.programme.services import audit_create, audit_move, business_year, programme_create
from maca.selection.models import AuditCase
from maca.selection.services import LOOK_BACK_MONTHS, PoolFilter, assignments_set, draw_make
from maca.tools.models import AuditTool

BABIES_AUDIT = "Babies not brought to health appointments"
# Not the police: the police logins are the ones other journeys follow through this year’s returns.
COMMUNITY = "Wyvernshire Community Health NHS Trust"
CSC = "Wyvernshire Children’s Social Care"
HEALTH = "Abbey Lane Surgery"

# (case number, agency, polarity, themes, text, the question of the agency’s return it was written in)
FINDINGS = [
    (
        1,
        HEALTH,
        "strength",
        ["health"],
        "The practice nurse followed up each missed immunisation with a call and a letter, and recorded both.",
        "outcomes_working_well",
    ),
    (
        1,
        CSC,
        "concern",
        ["think_family"],
        "The assessment described the mother’s routine in detail but said nothing about the father, "
        "who visited most weekends.",
        "assessment_worried",
    ),
    (
        1,
        CSC,
        "concern",
        ["information_sharing"],
        "A referral about a disturbance at the home was not shared with the health visitor, "
        "who was planning a visit that week.",
        "information_sharing_worried",
    ),
    (
        2,
        COMMUNITY,
        "strength",
        ["voice_of_child", "health"],
        "The health visitor described how the baby responded to her mother during the visit, "
        "giving a clear picture of daily life.",
        "voice_working_well",
    ),
    (
        2,
        CSC,
        "concern",
        ["think_family", "assessment_planning"],
        "Nobody asked who else lived in the home, so the plan did not consider the grandmother’s own health needs.",
        "assessment_worried",
    ),
    (
        2,
        HEALTH,
        "concern",
        ["health", "timeliness"],
        "Three missed appointments in four months were recorded as 'did not attend' rather than "
        "'was not brought', and nothing followed.",
        "outcomes_worried",
    ),
    (
        3,
        COMMUNITY,
        "strength",
        ["information_sharing"],
        "The health visitor shared her concerns with children’s social care within a day "
        "and checked that they had been received.",
        "information_sharing_working_well",
    ),
    (
        3,
        CSC,
        "strength",
        ["management_oversight"],
        "The manager’s supervision notes set out why the case stayed open and what had to change before it closed.",
        "oversight_working_well",
    ),
    (
        3,
        CSC,
        "concern",
        ["think_family"],
        "The father’s history was known to the police but was not asked about at the strategy discussion.",
        "assessment_worried",
    ),
    (
        4,
        HEALTH,
        "concern",
        ["health", "neglect"],
        "The baby’s weight dropped between two checks and the change was not discussed with the GP.",
        "assessment_worried",
    ),
    (
        4,
        CSC,
        "strength",
        ["neglect"],
        "The social worker used the neglect toolkit with the family, and the parents' own words were written into it.",
        "assessment_working_well",
    ),
    (
        5,
        COMMUNITY,
        "concern",
        ["information_sharing", "timeliness"],
        "A request for a welfare visit took nine days to be passed on, "
        "by which time the family had moved to another address.",
        "information_sharing_worried",
    ),
    (
        5,
        HEALTH,
        "strength",
        ["multi_agency_working"],
        "The GP practice joined the core group by phone each time and sent written updates when it could not.",
        "information_sharing_working_well",
    ),
]
# Each agency’s summary at the end of its returns: short, made up.
SUMMARIES = {
    COMMUNITY: "Visits were regular and well recorded; passing on requests quickly is the learning.",
    CSC: "Babies were seen, but the adults around them were not always known or assessed.",
    HEALTH: "Missed appointments were followed up for immunisations but not always for other checks.",
}
# (case number, agency, days after the first of June of the audit’s year, event, source, impact, action)
CHRONOLOGY = [
    (
        1,
        CSC,
        0,
        "Referral from the health visitor: the baby had missed two weighing appointments.",
        "Contact record",
        "neutral",
        "Passed to the duty team for a decision the same day.",
    ),
    (
        1,
        CSC,
        9,
        "Home visit: the baby seen with the mother; the father was said to be at work.",
        "Visit record",
        "neutral",
        "Visit to the father planned but not made.",
    ),
    (
        1,
        CSC,
        40,
        "Police notice of a disturbance at the home, filed without being shared.",
        "Case record",
        "negative",
        "None at the time.",
    ),
    (
        2,
        COMMUNITY,
        14,
        "New birth visit: the baby feeding well; the grandmother lives with the family.",
        "Health visiting record",
        "positive",
        "Next contact booked at eight weeks.",
    ),
    (
        2,
        COMMUNITY,
        75,
        "Eight-week check missed; the mother rang the next day and it was rebooked.",
        "Health visiting record",
        "neutral",
        "Rebooked within a week and attended.",
    ),
]
# (agency, what changed as a result of the audit, its themes)
GOOD_PRACTICE = [
    (
        CSC,
        "Since the audit meeting, duty managers check every new referral for who else lives in the home.",
        ["think_family"],
    ),
    (
        HEALTH,
        "The practice now records missed appointments for under-twos as 'was not brought' and reviews them each month.",
        ["health"],
    ),
]
# The meeting’s record: each case’s overall grade as agreed, and why.
DISCUSSIONS = {
    1: ("requires_improvement", "Health followed up well; the father’s part in the baby’s care was never assessed."),
    2: ("good", "Missed appointments were noticed and acted on by every agency within a fortnight."),
    3: ("requires_improvement", "The referral about the disturbance did not reach the health visitor in time."),
    4: ("good", "Agencies shared what they knew before the strategy discussion; the plan was clear."),
    5: ("requires_improvement", "Two missed checks were recorded but nobody asked why the baby was not brought."),
}
RECOMMENDATION = (
    "Every agency’s assessments should record who lives in the household and who visits often, "
    "fathers and partners included, and say what is known about them."
)
# Made-up names held for the safety check: never shown in an output.
HELD_NAMES = {1: ["Kacey Marlow"], 2: ["Rowan Tillett"], 3: ["Sonny Abberley"]}
FAMILY = [(1, "mother", ["Jodie Marlow"]), (1, "father", ["Craig Denholm"])]


def load_demo_publications() -> None:
    from maca.findings.models import (
        Finding,
        FindingSource,
        FindingTag,
        Recommendation,
        RecommendationFinding,
        RecommendationOrigin,
        RecommendationTheme,
        Theme,
    )
    from maca.publications.models import Pseudonym, PublicationSettings
    from maca.publications.pseudonyms import ensure_pseudonyms, family_member_add, names_set

    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None:
        return
    # Last year’s programme: its audit is written up, so this year’s pages are left as they were.
    year = business_year(timezone.localdate()) - 1
    qa = User.objects.get(email="qa@wyvernshire.example")
    programme = Programme.objects.filter(partnership=partnership, year=year).first()
    if programme is not None and programme.audits.filter(title=BABIES_AUDIT).exists():
        return
    with transaction.atomic():
        emails_before = _last_emails()
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
            pool_filter=PoolFilter(open_within_months=None, exclude_audited_within_months=LOOK_BACK_MONTHS),
            seed=20260611,
        )
        agencies = {
            a.name: a for a in Agency.objects.filter(partnership=partnership, name__in=[COMMUNITY, CSC, HEALTH])
        }
        for audit_case in AuditCase.objects.current().filter(audit=audit):
            assignments_set(actor=qa, audit_case=audit_case, agencies=list(agencies.values()))
        audit.refresh_from_db()
        audit = _move(audit, Stage.AUDITING, qa, "Cases and agencies agreed; agencies told.")
        cases = {c.number: c for c in AuditCase.objects.current().filter(audit=audit)}
        returns = _returns_in(audit, partnership, agencies, year)
        audit.refresh_from_db()
        audit = _move(audit, Stage.MEETING, qa, "Every return is in and accepted.")
        audit = _move(audit, Stage.WRITING_UP, qa, "The meeting has been held.")
        _date_the_history(audit, returns, year)
        _date_the_emails(audit, emails_before, year)
        themes = {t.key: t for t in Theme.objects.filter(partnership=partnership)}
        think_family_concerns = []
        for number, agency, polarity, keys, text, question_key in FINDINGS:
            finding = Finding.objects.create(
                partnership=partnership,
                audit=audit,
                audit_case=cases[number],
                agency=agencies[agency],
                polarity=polarity,
                text=text,
                # Taken at the meeting from what the agency wrote in its return.
                source=FindingSource.RETURN,
                source_return=returns[(number, agency)],
                source_question_key=question_key,
                created_by=qa,
                # Its themes were agreed at the meeting: confirmed, as reports need.
                tags_confirmed_at=timezone.now(),
                tags_confirmed_by=qa,
            )
            for key in keys:
                FindingTag.objects.create(partnership=partnership, finding=finding, theme=themes[key], confirmed_by=qa)
            if polarity == "concern" and "think_family" in keys:
                think_family_concerns.append(finding)
        for agency, text, keys in GOOD_PRACTICE:
            finding = Finding.objects.create(
                partnership=partnership,
                audit=audit,
                agency=agencies[agency],
                polarity="strength",
                kind="good_practice",
                text=text,
                created_by=qa,
            )
            findings.finding_confirm_tags(
                actor=qa, finding=finding, polarity="strength", theme_keys=keys, expected_version=finding.version
            )
        _record_the_meeting(audit, qa, agencies, cases, year)
        # As maca proposed it from think family (a concern in three cases) and the meeting
        # confirmed it: its theme’s card shows it, and maca proposes no second one on think family.
        recommendation = Recommendation.objects.create(
            partnership=partnership,
            audit=audit,
            text=RECOMMENDATION,
            origin=RecommendationOrigin.CROSS_CASE,
            proposed_from=themes["think_family"],
            status="confirmed",
            position=1,
            created_by=qa,
            updated_by=qa,
            confirmed_by=qa,
            confirmed_at=timezone.now(),
        )
        RecommendationTheme.objects.create(
            partnership=partnership, recommendation=recommendation, theme=themes["think_family"]
        )
        RecommendationFinding.objects.bulk_create(
            [
                RecommendationFinding(partnership=partnership, recommendation=recommendation, finding=finding)
                for finding in think_family_concerns
            ]
        )
        ensure_pseudonyms(actor=qa, audit=audit)
        for number, names in HELD_NAMES.items():
            child = (
                Pseudonym.objects.filter(audit=audit, audit_case=cases[number], relation="").order_by("label").first()
            )
            names_set(actor=qa, pseudonym=child, names=names)
        for number, relation, names in FAMILY:
            family_member_add(actor=qa, audit=audit, audit_case=cases[number], relation=relation, names=names)


def _record_the_meeting(audit, qa, agencies: dict, cases: dict, year: int) -> None:
    """What the meeting of 21 January recorded: its date, who came, the
    judgement on the audit itself, and each case’s agreed grade."""
    meeting = findings.meeting_save(
        actor=qa,
        audit=audit,
        held_on=dt.date(year + 1, 1, 21),
        returns_quality="Every return was in by the deadline and quoted the agency’s own records.",
        attendance_judgement="All three agencies came, each with someone who knew the cases.",
        notes="",
        expected_version=None,
    )
    findings.attendance_save(
        actor=qa,
        audit=audit,
        rows=[
            {"agency": agencies[COMMUNITY], "status": "attended", "people": "Named nurse for safeguarding"},
            {"agency": agencies[CSC], "status": "attended", "people": "Head of quality assurance"},
            {"agency": agencies[HEALTH], "status": "attended", "people": "Practice safeguarding lead"},
        ],
        others="Partnership business unit: quality assurance officer (chair) and business manager (notes)",
        expected_version=meeting.version,
    )
    for number, (grade, notes) in DISCUSSIONS.items():
        if number in cases:
            findings.discussion_save(
                actor=qa, audit_case=cases[number], notes=notes, agreed_grade=grade, expected_version=None
            )


def _returns_in(audit, partnership, agencies, year) -> dict:
    """Every agency’s returns answered (what the findings were taken from, a
    few chronology entries), submitted and accepted, as last year’s agencies
    did: the returns by (case number, agency name)."""
    from maca.returns.chronology_services import chronology_entry_add
    from maca.returns.models import Return

    community = _membership("community.lead@wyvernshire.example", partnership)
    people = {
        agencies[COMMUNITY]: (community, community),
        agencies[CSC]: (
            _membership("csc.auditor@wyvernshire.example", partnership),
            _membership("csc.lead@wyvernshire.example", partnership),
        ),
        # The surgery is one of the care board’s practices: the board’s lead answers for it.
        agencies[HEALTH]: (_membership("health.lead@wyvernshire.example", partnership),) * 2,
    }
    live = Return.objects.live().filter(audit=audit).select_related("audit_case", "agency")
    by_key = {(r.audit_case.number, r.agency.name): r for r in live}
    for number, agency, days, event, source, impact, action in CHRONOLOGY:
        chronology_entry_add(
            actor=people[agencies[agency]][0].user,
            return_record=by_key[(number, agency)],
            date=dt.date(year, 6, 1) + dt.timedelta(days=days),
            end_date=None,
            event=event,
            source=source,
            impact=impact,
            action_taken=action,
        )
    written = {key: {"overall_summary": SUMMARIES[key[1]]} for key in by_key}
    for number, agency, _polarity, _themes, text, question_key in FINDINGS:
        written[(number, agency)][question_key] = text
    rng = random.Random(20251204)  # noqa: S311 - made-up demo answers, repeatable
    qa = _membership("qa@wyvernshire.example", partnership)
    done = returns_in(audit, people, qa, rng, written=written)
    return {(r.audit_case.number, r.agency.name): r for r in done}


def _date_the_history(audit, returns: dict, year: int) -> None:
    """The demo is built today, but this audit ran last year: its moves from
    stage to stage and its returns are dated when they would have happened
    (from September to its meeting in January). The audit log keeps when the
    demo was built: nothing may change it."""
    from maca.returns.models import ChronologyEntry, ReturnRevision, ReturnStatus, ReturnTransition

    def at(month: int, day: int, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime(year + (month < 4), month, day, hour))

    moved = {
        Stage.SELECTING: at(9, 15),
        Stage.AUDITING: at(10, 6, 15),
        Stage.MEETING: at(12, 8),
        Stage.WRITING_UP: at(1, 21, 16),
    }
    for stage, when in moved.items():
        AuditTransition.objects.filter(audit=audit, to_stage=stage).update(occurred_at=when)
    for index, return_record in enumerate(sorted(returns.values(), key=lambda r: r.pk)):
        drafted = at(11, 3 + index, 11)  # 3 to 17 November, before the deadline of 4 December
        submitted, accepted = drafted + dt.timedelta(days=2, hours=3), drafted + dt.timedelta(days=6, hours=4)
        transitions = ReturnTransition.objects.filter(return_record=return_record)
        transitions.update(occurred_at=drafted)
        transitions.filter(to_status=ReturnStatus.SUBMITTED).update(occurred_at=submitted)
        transitions.filter(to_status=ReturnStatus.ACCEPTED).update(occurred_at=accepted)
        ReturnRevision.objects.filter(return_record=return_record).update(saved_at=drafted)
        ChronologyEntry.objects.filter(return_record=return_record).update(created_at=drafted, updated_at=drafted)
        type(return_record).objects.filter(pk=return_record.pk).update(
            submitted_at=submitted, first_submitted_at=submitted, updated_at=accepted
        )


def _last_emails() -> tuple[int, int]:
    """The last e-mail written and the last kept so far: those after them are this audit’s."""
    from maca.notifications.models import OutgoingEmail, SentEmail

    return (
        OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        SentEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    )


def _date_the_emails(audit, before: tuple[int, int], year: int) -> None:
    """The e-mails telling the agencies’ leads their cases went when the audit
    moved to agencies auditing, on 6 October of its year, and said the
    deadline was still to come, as it was then: the demo, built after the
    deadline, wrote them as late. Where e-mail is kept rather than sent
    (development), they are sent now and kept with that day’s date, as the
    worker would otherwise send them today. The audit log keeps when the
    demo was built."""
    from maca.notifications import delivery
    from maca.notifications.models import EmailStatus, OutgoingEmail, SentEmail
    from maca.notifications.services import stores_email

    told = timezone.make_aware(dt.datetime(year, 10, 6, 15))
    deadline = f"{audit.return_deadline.day} {audit.return_deadline:%B %Y}"
    late = (
        f"The deadline for the audit’s {audit.returns_called} was {deadline}: please complete and submit your "
        "agency’s audits as soon as you can, or tell the QA officer when you will."
    )
    on_time = f"Please complete and submit your agency’s audits by {deadline}."
    written = OutgoingEmail.objects.filter(partnership=audit.partnership, pk__gt=before[0])
    for email in written.exclude(body=""):
        OutgoingEmail.objects.filter(pk=email.pk).update(body=email.body.replace(late, on_time))
    if stores_email():
        for pk in written.filter(status=EmailStatus.QUEUED).values_list("pk", flat=True):
            delivery.deliver(email_id=pk)
    written.update(created_at=told)
    written.filter(status=EmailStatus.SENT).update(last_attempt_at=told, sent_at=told)
    kept = SentEmail.objects.filter(partnership=audit.partnership, pk__gt=before[1])
    for email in kept:
        SentEmail.objects.filter(pk=email.pk).update(body=email.body.replace(late, on_time), sent_at=told)


def _move(audit, stage, actor, reason):
    audit_move(actor=actor, audit=audit, to_stage=stage, reason=reason, expected_version=audit.version)
    audit.refresh_from_db()
    return audit
