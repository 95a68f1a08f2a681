"""Named people used across the suite: one per role in the Testshire
partnership, plus an outsider who is the admin of another partnership.

    Asha    partnership admin            (Testshire)
    Quinn   QA officer                   (Testshire)
    Lena    agency lead, police          (Testshire)
    Aiden   agency auditor, police       (Testshire)
    Hari    agency lead, care board      (Testshire: another agency, same partnership)
    Bea     board member                 (Testshire)
    Sol     independent scrutineer       (Testshire)
    Otto    partnership admin            (Otherby, another partnership)
"""

from __future__ import annotations

from dataclasses import dataclass

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role, role_requires_mfa
from maca.accounts.tests.factories import MembershipFactory, UserFactory, give_authenticator
from maca.partnerships.models import Agency, AgencyKind, Partnership
from maca.partnerships.tests.factories import AgencyFactory, PartnershipFactory


@dataclass
class Persona:
    key: str
    user: User
    membership: Membership

    @property
    def partnership(self) -> Partnership:
        return self.membership.partnership

    @property
    def agency(self) -> Agency | None:
        return self.membership.agency


@dataclass
class World:
    partnership: Partnership
    other_partnership: Partnership
    police: Agency
    health: Agency
    gp_practice: Agency
    other_agency: Agency  # belongs to the other partnership
    personas: dict[str, Persona]

    def __getitem__(self, key: str) -> Persona:
        return self.personas[key]


PERSONA_SPECS = {
    "admin": ("asha@testshire.example", "Asha Admin", Role.PARTNERSHIP_ADMIN, None),
    "qa": ("quinn@testshire.example", "Quinn Quality", Role.QA_OFFICER, None),
    "lead": ("lena@testshire.example", "Lena Lead", Role.AGENCY_LEAD, "police"),
    "auditor": ("aiden@testshire.example", "Aiden Auditor", Role.AGENCY_AUDITOR, "police"),
    # Another agency of the same partnership: the police's case-level records are out of their scope.
    "health_lead": ("hari@testshire.example", "Hari Health", Role.AGENCY_LEAD, "health"),
    "board": ("bea@testshire.example", "Bea Board", Role.BOARD_MEMBER, None),
    "scrutineer": ("sol@testshire.example", "Sol Scrutineer", Role.INDEPENDENT_SCRUTINEER, None),
}
PERSONA_KEYS = [*PERSONA_SPECS, "outsider"]


def build_world() -> World:
    partnership = PartnershipFactory(
        name="Testshire Safeguarding Children Partnership", short_name="Testshire SCP", slug="testshire"
    )
    other = PartnershipFactory(
        name="Otherby Safeguarding Children Partnership", short_name="Otherby SCP", slug="otherby"
    )
    police = AgencyFactory(partnership=partnership, name="Testshire Police", kind=AgencyKind.POLICE)
    health = AgencyFactory(partnership=partnership, name="Testshire Care Board", kind=AgencyKind.INTEGRATED_CARE_BOARD)
    gp = AgencyFactory(partnership=partnership, name="Mill Lane Surgery", kind=AgencyKind.GP_PRACTICE, parent=health)
    other_agency = AgencyFactory(partnership=other, name="Otherby Police", kind=AgencyKind.POLICE)
    agencies = {"police": police, "health": health}
    personas = {}
    for key, (email, name, role, agency_key) in PERSONA_SPECS.items():
        user = UserFactory(email=email, full_name=name)
        membership = MembershipFactory(user=user, partnership=partnership, role=role, agency=agencies.get(agency_key))
        if role_requires_mfa(role):
            give_authenticator(user)
        personas[key] = Persona(key, user, membership)
    outsider = UserFactory(email="otto@otherby.example", full_name="Otto Outsider")
    personas["outsider"] = Persona(
        "outsider",
        outsider,
        MembershipFactory(user=outsider, partnership=other, role=Role.PARTNERSHIP_ADMIN),
    )
    give_authenticator(outsider)
    return World(partnership, other, police, health, gp, other_agency, personas)
