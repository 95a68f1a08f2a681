"""The priorities list, an audit's page and a year's page read the same number
of queries however many rows they show."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory
from maca.programme.models import AuditTransition, Stage
from maca.programme.services import audit_set_scrutineers, business_year
from maca.programme.tests.factories import AuditFactory, BoardPriorityFactory, ProgrammeFactory
from maca.selection.services import nomination_create, nomination_decide
from maca.selection.tests.builders import make_case, move_audit
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _shown(client, url):
    return words_shown(client.get(url).content.decode())


def test_the_board_priorities_list_does_not_get_slower_with_more_priorities(world, client_for):
    client = client_for(world["qa"])
    titles = []

    def add(n):
        for _ in range(n):
            titles.append(BoardPriorityFactory(partnership=world.partnership).title)

    assert_queries_do_not_grow(lambda: client.get(reverse("programme:priorities")), add)
    assert titles[-1] in _shown(client, reverse("programme:priorities"))


def test_an_audits_page_for_the_qa_officer_does_not_get_slower_with_more_cases_people_and_stage_moves(
    world, client_for
):
    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa, target_cases=40)
    move_audit(audit, Stage.SELECTING, qa)
    scrutineers = [world["scrutineer"].user]
    movers = []

    def add(n):
        for _ in range(n):
            case = make_case(world.partnership, agencies=[world.police, world.gp_practice], children=2)
            nomination = nomination_create(
                actor=qa, audit=audit, case_reference=case.reference, reason="Neglect.", can_see_pool=True
            )
            nomination_decide(actor=qa, nomination=nomination, accept=True)
            nomination_create(
                actor=world["lead"].user,
                audit=audit,
                case_reference=make_case(world.partnership, agencies=[world.police]).reference,
                reason="Repeated missing episodes.",
                can_see_pool=False,
            )
            scrutineers.append(MembershipFactory(partnership=world.partnership, role=Role.INDEPENDENT_SCRUTINEER).user)
            audit.refresh_from_db()
            audit_set_scrutineers(actor=qa, audit=audit, scrutineers=scrutineers, expected_version=audit.version)
            movers.append(UserFactory())
            AuditTransition.objects.create(
                partnership=world.partnership,
                audit=audit,
                from_stage=Stage.PLANNED,
                to_stage=Stage.SELECTING,
                actor=movers[-1],
                reason="Ready to choose cases.",
            )

    client = client_for(world["qa"])
    url = reverse("programme:audit", args=[audit.pk])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    page = _shown(client, url)
    assert scrutineers[-1].full_name in page and movers[-1].full_name in page


def test_the_year_page_for_an_agency_lead_does_not_get_slower_with_more_audits(world, client_for):
    programme = ProgrammeFactory(partnership=world.partnership, year=business_year(timezone.localdate()))
    titles = []

    def add(n):
        for _ in range(n):
            titles.append(AuditFactory(partnership=world.partnership, programme=programme, lead=world["qa"].user).title)

    client = client_for(world["lead"])
    url = reverse("programme:year", args=[programme.year])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    assert titles[-1] in _shown(client, url)
