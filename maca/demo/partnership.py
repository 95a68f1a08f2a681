"""The demo partnership: fictional agencies and people of every role.

Every name here is made up. The shape follows what real partnerships have:
children’s social care with MASH and Early Help inside it, one police force
covering two partnerships, a community health trust, two acute hospitals, a
care board with ten GP practices, three district housing teams, schools,
youth justice, probation and mental health.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.accounts.services import membership_create
from maca.partnerships.models import Agency, AgencyKind, Partnership
from maca.partnerships.services import agency_create, agency_update, partnership_create

DEMO_PASSWORD = "maca-demo-2026"  # noqa: S105 - fictional demo accounts only
# One authenticator secret shared by every demo login, so that one entry in an
# authenticator app (or `make code`) serves them all. Demo data only.
DEMO_TOTP_SECRET = "MACADEMOWYVERNSHIREFENMOORTOTP22"  # noqa: S105

PRIMARY = {
    "name": "Wyvernshire Safeguarding Children Partnership",
    "short_name": "Wyvernshire SCP",
    "slug": "wyvernshire",
}
SECOND = {"name": "Fenmoor Safeguarding Children Partnership", "short_name": "Fenmoor SCP", "slug": "fenmoor"}

K = AgencyKind
POLICE = "Wyvern and Fenmoor Police"
CSC = "Wyvernshire Children’s Social Care"
ICB = "Wyvernshire Integrated Care Board"
COMMUNITY_HEALTH = "Wyvernshire Community Health NHS Trust"

# (name, kind, parent name)
WYVERNSHIRE_AGENCIES: list[tuple[str, str, str | None]] = [
    (CSC, K.CHILDRENS_SOCIAL_CARE, None),
    ("Wyvernshire MASH", K.CHILDRENS_SOCIAL_CARE, CSC),
    ("Wyvernshire Early Help", K.EARLY_HELP, CSC),
    (POLICE, K.POLICE, None),
    (COMMUNITY_HEALTH, K.COMMUNITY_HEALTH, None),
    ("Kingsmere General Hospital", K.ACUTE_HOSPITAL, None),
    ("St Aldric’s University Hospital", K.ACUTE_HOSPITAL, None),
    (ICB, K.INTEGRATED_CARE_BOARD, None),
    ("Abbey Lane Surgery", K.GP_PRACTICE, ICB),
    ("Brookside Medical Centre", K.GP_PRACTICE, ICB),
    ("Castle Row Practice", K.GP_PRACTICE, ICB),
    ("Dunmere Health Centre", K.GP_PRACTICE, ICB),
    ("Elder Grove Surgery", K.GP_PRACTICE, ICB),
    ("Fairlight Medical Practice", K.GP_PRACTICE, ICB),
    ("Greenholt Surgery", K.GP_PRACTICE, ICB),
    ("Hollin Bank Health Centre", K.GP_PRACTICE, ICB),
    ("Ivy Cross Surgery", K.GP_PRACTICE, ICB),
    ("Juniper Way Practice", K.GP_PRACTICE, ICB),
    ("Oakhollow District Council Housing", K.HOUSING, None),
    ("Redwater Borough Council Housing", K.HOUSING, None),
    ("Stanmere District Council Housing", K.HOUSING, None),
    ("Kingsmere Academy", K.EDUCATION, None),
    ("Redwater Primary School", K.EDUCATION, None),
    ("St Brannoc’s Primary School", K.EDUCATION, None),
    ("Oakhollow High School", K.EDUCATION, None),
    ("Wyvernshire Youth Justice Service", K.YOUTH_JUSTICE, None),
    ("Probation Service – Wyvernshire", K.PROBATION, None),
    ("Wyvernshire Mental Health NHS Foundation Trust", K.MENTAL_HEALTH, None),
    ("Wyvernshire Family Support Network", K.VOLUNTARY_SECTOR, None),
]

FENMOOR_AGENCIES: list[tuple[str, str, str | None]] = [
    ("Fenmoor Children’s Services", K.CHILDRENS_SOCIAL_CARE, None),
    (POLICE, K.POLICE, None),
    ("Fenmoor Community Health", K.COMMUNITY_HEALTH, None),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    agency: str | None
    job_title: str
    partnership: str = "wyvernshire"


DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin("admin@wyvernshire.example", "Sam Okafor", Role.PARTNERSHIP_ADMIN, None, "Business manager"),
    DemoLogin("qa@wyvernshire.example", "Jordan Reeve", Role.QA_OFFICER, None, "Quality assurance officer"),
    # The QA sub-group’s chair approves outputs before they are published (the QA officer’s role, by the
    # partnership’s choice), and never one they submitted.
    DemoLogin("qa.chair@wyvernshire.example", "Nadia Farrell", Role.QA_OFFICER, None, "Chair of the QA sub-group"),
    DemoLogin(
        "police.lead@wyvernshire.example",
        "Chris Hale",
        Role.AGENCY_LEAD,
        POLICE,
        "Detective inspector, public protection",
    ),
    DemoLogin(
        "police.auditor@wyvernshire.example", "Dana Whitfield", Role.AGENCY_AUDITOR, POLICE, "Detective sergeant"
    ),
    DemoLogin("csc.lead@wyvernshire.example", "Morgan Price", Role.AGENCY_LEAD, CSC, "Head of quality assurance"),
    DemoLogin("csc.auditor@wyvernshire.example", "Ellis Fenwick", Role.AGENCY_AUDITOR, CSC, "Team manager"),
    DemoLogin(
        "health.lead@wyvernshire.example", "Lee Carter", Role.AGENCY_LEAD, ICB, "Designated nurse for safeguarding"
    ),
    # The community health trust’s lead: health visitors' returns (last year’s audit of babies' appointments).
    DemoLogin(
        "community.lead@wyvernshire.example",
        "Tamsin Rudd",
        Role.AGENCY_LEAD,
        COMMUNITY_HEALTH,
        "Named nurse for safeguarding children",
    ),
    DemoLogin("board@wyvernshire.example", "Pat Ellison", Role.BOARD_MEMBER, None, "Independent chair"),
    DemoLogin(
        "scrutineer@wyvernshire.example", "Robin Ashdown", Role.INDEPENDENT_SCRUTINEER, None, "Independent scrutineer"
    ),
    DemoLogin(
        "admin@fenmoor.example", "Kit Marlowe-Hayes", Role.PARTNERSHIP_ADMIN, None, "Business manager", "fenmoor"
    ),
    # The police lead covers both areas: one login, two partnerships.
    DemoLogin(
        "police.lead@wyvernshire.example",
        "Chris Hale",
        Role.AGENCY_LEAD,
        POLICE,
        "Detective inspector, public protection",
        "fenmoor",
    ),
]


@dataclass(frozen=True)
class DemoOperator:
    """A platform operator: runs the service (``is_staff``), belongs to no
    partnership, and creates partnerships and their first admins in
    ``/platform-admin/`` (docs/roles.md, "Platform operators")."""

    email: str
    full_name: str
    label: str = "Platform operator"
    where: str = "every partnership, in /platform-admin/"


DEMO_OPERATOR = DemoOperator("operator@platform.example", "Avery Quinlan")


def _partnership(spec: dict) -> Partnership:
    existing = Partnership.objects.filter(slug=spec["slug"]).first()
    return existing or partnership_create(actor=None, **spec)


def _agencies(partnership: Partnership, specs) -> dict[str, Agency]:
    by_name = {a.name: a for a in Agency.objects.for_partnership(partnership)}
    for name, kind, parent in specs:
        straight = name.replace("’", "'")
        if name not in by_name and straight in by_name:
            # A demo loaded before its names took the typographic apostrophe.
            agency = by_name.pop(straight)
            by_name[name] = agency_update(
                actor=None,
                agency=agency,
                name=name,
                kind=agency.kind,
                parent=agency.parent,
                expected_version=agency.version,
            )
        if name not in by_name:
            by_name[name] = agency_create(
                actor=None,
                partnership=partnership,
                name=name,
                kind=kind,
                parent=by_name[parent] if parent else None,
            )
    return by_name


def _user(login: DemoLogin) -> User:
    user = User.objects.filter(email=login.email).first()
    if user is None:
        user = User.objects.create_user(email=login.email, password=DEMO_PASSWORD, full_name=login.full_name)
    return user


def _operator(operator: DemoOperator) -> User:
    """The demo's platform operator, made as ``createsuperuser`` makes one (docs/deployment.md)."""
    user = User.objects.filter(email=operator.email).first()
    if user is None:
        user = User.objects.create_superuser(email=operator.email, password=DEMO_PASSWORD, full_name=operator.full_name)
    return user


def _second_factor(user: User) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


@transaction.atomic
def build_demo_partnership() -> dict[str, Partnership]:
    """Create (or complete) the demo partnerships. Safe to run again."""
    partnerships = {"wyvernshire": _partnership(PRIMARY), "fenmoor": _partnership(SECOND)}
    agencies = {
        "wyvernshire": _agencies(partnerships["wyvernshire"], WYVERNSHIRE_AGENCIES),
        "fenmoor": _agencies(partnerships["fenmoor"], FENMOOR_AGENCIES),
    }
    for login in DEMO_LOGINS:
        user = _user(login)
        partnership = partnerships[login.partnership]
        if not Membership.objects.filter(user=user, partnership=partnership).exists():
            membership_create(
                actor=None,
                user=user,
                partnership=partnership,
                role=login.role,
                agency=agencies[login.partnership][login.agency] if login.agency else None,
                job_title=login.job_title,
            )
        if user.requires_mfa:
            _second_factor(user)
    if not settings.IS_PRODUCTION:
        # Not on a public demonstration site: its password and authenticator
        # secret are published, and an operator reaches the whole platform.
        _second_factor(_operator(DEMO_OPERATOR))
    return partnerships
