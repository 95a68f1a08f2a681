"""Ten years of one busy partnership, built fast, for ``make bench``.

100,000 children in the pool (from the bench’s case-list import, or built
here), 40 audits over ten programme years with 8 cases and 12 agencies each,
about 55,000 chronology entries, and 1,000,000 audit-log events spread over
the ten years. Everything is fictional and written by us.

Rows go in with ``bulk_create``; the audit log is generated inside PostgreSQL
(``generate_series``), since a million model instances would take minutes.
Nothing here is for a live partnership: it writes straight to the tables, not
through the services, and records no events of its own.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.audit_trail.models import AuditEvent
from maca.cases.models import Case, Child, ServiceLevel
from maca.partnerships.models import Agency, AgencyKind, Partnership
from maca.programme.models import Audit, Programme, Stage
from maca.returns.models import ChronologyEntry, Impact, Return
from maca.selection.models import Assignment, AuditCase

FIRST_YEAR = 2016
YEARS = 10
AUDITS_PER_YEAR = 4
CASES_PER_AUDIT = 8
AGENCY_NAMES = [
    ("Children’s Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("Police", AgencyKind.POLICE),
    ("Community Health", AgencyKind.COMMUNITY_HEALTH),
    ("General Hospital", AgencyKind.ACUTE_HOSPITAL),
    ("Care Board", AgencyKind.INTEGRATED_CARE_BOARD),
    ("Schools", AgencyKind.EDUCATION),
    ("Housing", AgencyKind.HOUSING),
    ("Youth Justice", AgencyKind.YOUTH_JUSTICE),
    ("Probation", AgencyKind.PROBATION),
    ("Mental Health Trust", AgencyKind.MENTAL_HEALTH),
    ("Early Help", AgencyKind.EARLY_HELP),
    ("Family Support Charity", AgencyKind.VOLUNTARY_SECTOR),
]
THEMES = [
    "Neglect in families with younger children",
    "Children missing from education",
    "Domestic abuse and the child’s voice",
    "Exploitation outside the home",
    "Transition to adult services",
    "Parental mental health",
    "Babies under one",
    "Children with disabilities",
]
# (action, kind of record, relative weight): most of a busy log is views of case-level data.
EVENT_MIX = [
    ("case.viewed", "cases.case", 20),
    ("return.viewed", "returns.return", 18),
    ("chronology.viewed", "returns.return", 12),
    ("agency_returns.viewed", "partnerships.agency", 8),
    ("agency_cases.viewed", "partnerships.agency", 6),
    ("audit_cases.viewed", "programme.audit", 6),
    ("case_pool.viewed", "", 5),
    ("return.saved", "returns.return", 10),
    ("chronology_entry.added", "returns.chronologyentry", 6),
    ("return.submitted", "returns.return", 2),
    ("return.accepted", "returns.return", 2),
    ("return.sent_back", "returns.return", 1),
    ("user.signed_in", "accounts.user", 6),
    ("audit.updated", "programme.audit", 1),
    ("audit.moved", "programme.audit", 1),
    ("membership.updated", "accounts.membership", 1),
    ("invitation.sent", "accounts.invitation", 1),
    ("case_import.finished", "cases.caseimport", 1),
    ("agency.updated", "partnerships.agency", 1),
    ("reminder.sent", "programme.audit", 1),
]


@dataclass
class TenYears:
    partnership: Partnership
    admin: User
    qa: User
    lead: User
    lead_agency: Agency
    audits: list[Audit]
    latest_audit: Audit
    latest_audit_case: AuditCase
    case_ids: list[int]
    counts: dict = field(default_factory=dict)


def build(partnership: Partnership | None = None, *, children: int = 100_000, events: int = 1_000_000) -> TenYears:
    """Build the ten years. ``partnership`` is one whose pool was already
    imported (the bench’s 100,000 children); without it, a pool is built here."""
    rng = random.Random(10)  # noqa: S311 - which cases a fictional audit looks at, not a secret
    if partnership is None:
        partnership = Partnership.objects.create(
            name="Decadeshire Safeguarding Children Partnership", short_name="Decadeshire", slug="decadeshire-bench"
        )
    existing = {a.name for a in Agency.objects.filter(partnership=partnership)}
    Agency.objects.bulk_create(
        [
            Agency(partnership=partnership, name=f"Decadeshire {name}", kind=kind)
            for name, kind in AGENCY_NAMES
            if f"Decadeshire {name}" not in existing
        ]
    )
    agencies = list(Agency.objects.filter(partnership=partnership, name__startswith="Decadeshire ").order_by("pk"))
    if not Case.objects.filter(partnership=partnership).exists():
        _build_pool(partnership, children=children, rng=rng)
    people = _build_people(partnership, agencies)
    audits, audit_cases = _build_audits(partnership, agencies, people, rng)
    returns = _build_returns(partnership, audits, audit_cases, agencies)
    entries = _build_chronology(partnership, returns, people, rng)
    _build_events(partnership, people, count=events)
    latest = audits[-1]
    return TenYears(
        partnership=partnership,
        admin=people["admin"],
        qa=people["qa"],
        lead=people["leads"][1],
        lead_agency=agencies[1],
        audits=audits,
        latest_audit=latest,
        latest_audit_case=next(ac for ac in audit_cases if ac.audit_id == latest.pk),
        case_ids=[ac.case_id for ac in audit_cases],
        counts={
            "children": Child.objects.filter(partnership=partnership).count(),
            "cases": Case.objects.filter(partnership=partnership).count(),
            "audits": len(audits),
            "returns": len(returns),
            "chronology_entries": entries,
            "audit_log_events": AuditEvent.objects.filter(partnership=partnership).count(),
            "people": len(people["all"]),
        },
    )


def _build_pool(partnership, *, children: int, rng: random.Random) -> None:
    levels = [level for level, _ in ServiceLevel.choices]
    today = dt.date.today()
    cases = Case.objects.bulk_create(
        [
            Case(
                partnership=partnership,
                reference=f"D-{i:06d}",
                locality=f"Locality {i % 9 + 1}",
                service_level=levels[i % len(levels)],
                children_count=2,
                sex="female" if i % 2 else "male",
                ethnicity_group="unknown",
                youngest_birth_month=today.replace(day=1) - dt.timedelta(days=30 * (i % 200)),
            )
            for i in range(children // 2)
        ],
        batch_size=5000,
    )
    Child.objects.bulk_create(
        [
            Child(
                partnership=partnership,
                case=case,
                reference=f"{case.reference}-{n}",
                birth_month=case.youngest_birth_month,
            )
            for case in cases
            for n in (1, 2)
        ],
        batch_size=5000,
    )


def _build_people(partnership, agencies) -> dict:
    """Today’s members, and the people who came and went over ten years."""
    specs = [("admin", Role.PARTNERSHIP_ADMIN, None), ("qa", Role.QA_OFFICER, None), ("qa2", Role.QA_OFFICER, None)]
    specs += [(f"lead{i}", Role.AGENCY_LEAD, agency) for i, agency in enumerate(agencies)]
    specs += [(f"auditor{i}-{n}", Role.AGENCY_AUDITOR, agency) for i, agency in enumerate(agencies) for n in range(3)]
    specs += [(f"board{i}", Role.BOARD_MEMBER, None) for i in range(8)]
    specs += [(f"former{i}", Role.AGENCY_AUDITOR, agencies[i % len(agencies)]) for i in range(150)]
    slug = partnership.slug
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"{key}@{slug}.example", full_name=f"Person {key.title()}", password=unusable)
            for key, _, _ in specs
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                partnership=partnership,
                role=role,
                agency=agency,
                is_active=not key.startswith("former"),
                deactivated_at=None if not key.startswith("former") else timezone.now(),
            )
            for user, (key, role, agency) in zip(users, specs, strict=True)
        ]
    )
    by_key = {key: user for user, (key, _, _) in zip(users, specs, strict=True)}
    return {
        "admin": by_key["admin"],
        "qa": by_key["qa"],
        "leads": [by_key[f"lead{i}"] for i in range(len(agencies))],
        "all": users,
    }


def _build_audits(partnership, agencies, people, rng):
    qa = people["qa"]
    programmes = Programme.objects.bulk_create(
        [Programme(partnership=partnership, year=FIRST_YEAR + y) for y in range(YEARS)]
    )
    audits = []
    for y, programme in enumerate(programmes):
        for q in range(AUDITS_PER_YEAR):
            number = y * AUDITS_PER_YEAR + q
            last = number >= YEARS * AUDITS_PER_YEAR - 2
            deadline = dt.date(programme.year, 5, 15) + dt.timedelta(days=91 * q)
            audits.append(
                Audit(
                    partnership=partnership,
                    programme=programme,
                    title=f"{THEMES[number % len(THEMES)]} ({programme.label}, {q + 1})",
                    theme=THEMES[number % len(THEMES)],
                    target_cases=CASES_PER_AUDIT,
                    stage=Stage.AUDITING if last else Stage.CLOSED,
                    return_deadline=deadline,
                    planned_meeting_date=deadline + dt.timedelta(days=30),
                    lead=qa,
                )
            )
    audits = Audit.objects.bulk_create(audits)
    pool = list(
        Case.objects.filter(partnership=partnership).order_by("pk").values_list("pk", flat=True)[: len(audits) * 400]
    )
    chosen = rng.sample(pool, len(audits) * CASES_PER_AUDIT)
    audit_cases = AuditCase.objects.bulk_create(
        [
            AuditCase(
                partnership=partnership,
                audit=audit,
                case_id=chosen[i * CASES_PER_AUDIT + n],
                number=n + 1,
                source="drawn",
            )
            for i, audit in enumerate(audits)
            for n in range(CASES_PER_AUDIT)
        ]
    )
    Assignment.objects.bulk_create(
        [Assignment(partnership=partnership, audit_case=ac, agency=agency) for ac in audit_cases for agency in agencies]
    )
    return audits, audit_cases


def _build_returns(partnership, audits, audit_cases, agencies):
    from maca.tools.shipped import install_default_tools

    tool = next(
        (t for t in install_default_tools(actor=None, partnership=partnership) if t.kind == "case"),
        None,
    )
    version = tool.versions.get(status="published")
    audit_by_pk = {a.pk: a for a in audits}
    rows = []
    for ac in audit_cases:
        closed = audit_by_pk[ac.audit_id].stage == Stage.CLOSED
        for j, agency in enumerate(agencies):
            status = "accepted" if closed else ["not_started", "draft", "submitted"][(ac.number + j) % 3]
            rows.append(
                Return(
                    partnership=partnership,
                    audit_id=ac.audit_id,
                    audit_case=ac,
                    agency=agency,
                    tool_version=version,
                    status=status,
                )
            )
    return Return.objects.bulk_create(rows, batch_size=2000)


def _build_chronology(partnership, returns, people, rng) -> int:
    impacts = [Impact.POSITIVE, Impact.NEGATIVE, Impact.NEUTRAL]
    start = dt.date(FIRST_YEAR - 2, 1, 1)
    rows = []
    per_return = 14
    for r in returns:
        if r.status == "not_started":
            continue
        for k in range(per_return + (r.pk % 3)):
            rows.append(
                ChronologyEntry(
                    partnership=partnership,
                    return_record=r,
                    audit_case_id=r.audit_case_id,
                    agency_id=r.agency_id,
                    date=start + dt.timedelta(days=(k * 53 + r.pk * 7) % 4000),
                    event="Made-up event: home visit recorded" if k % 3 else "Made-up event: referral received",
                    source="Bench record",
                    impact=impacts[(k + r.pk) % 3],
                    action_taken="Made-up follow-up",
                )
            )
            if len(rows) >= 55_000:
                break
        if len(rows) >= 55_000:
            break
    ChronologyEntry.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _build_events(partnership, people, *, count: int) -> None:
    """``count`` events over ten years, generated by PostgreSQL itself."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The ten-year audit log is built on PostgreSQL only.")
    users = people["all"]
    actions, types = [], []
    for action, object_type, weight in EVENT_MIX:
        actions += [action] * weight
        types += [object_type] * weight
    start = dt.datetime(FIRST_YEAR, 4, 1, tzinfo=dt.UTC)
    seconds = int((dt.datetime(FIRST_YEAR + YEARS, 4, 1, tzinfo=dt.UTC) - start).total_seconds())
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO audit_trail_auditevent (
                partnership_id, occurred_at, actor_id, actor_label, action, object_type, object_id,
                object_label, changes, ip_address, user_agent, request_id
            )
            SELECT %(partnership)s,
                   %(start)s::timestamptz + make_interval(secs => (g::bigint * %(seconds)s / %(count)s)),
                   (%(actors)s::bigint[])[1 + (g * 7919) %% %(people)s],
                   (%(labels)s::text[])[1 + (g * 7919) %% %(people)s],
                   (%(actions)s::text[])[1 + (g * 104729) %% %(kinds)s],
                   (%(types)s::text[])[1 + (g * 104729) %% %(kinds)s],
                   CASE WHEN (%(types)s::text[])[1 + (g * 104729) %% %(kinds)s] = '' THEN ''
                        ELSE ((g * 31) %% 50000 + 1)::text END,
                   CASE WHEN (%(types)s::text[])[1 + (g * 104729) %% %(kinds)s] = '' THEN ''
                        ELSE 'Record ' || ((g * 31) %% 50000 + 1)::text END,
                   '{}'::jsonb,
                   ('192.0.2.' || (g %% 250 + 1))::inet,
                   'Bench browser',
                   md5(g::text)
            FROM generate_series(0::bigint, %(count)s - 1) AS g
            """,
            {
                "partnership": partnership.pk,
                "start": start,
                "seconds": seconds,
                "count": count,
                "actors": [u.pk for u in users],
                "labels": [u.email for u in users],
                "people": len(users),
                "actions": actions,
                "types": types,
                "kinds": len(actions),
            },
        )
        # As autovacuum would have, over ten years: the planner knows the sizes.
        cursor.execute("ANALYZE")
