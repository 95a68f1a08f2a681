"""Nominations, a case in the pool and the selected cases read the same
number of queries however many rows they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory
from maca.programme.models import Stage
from maca.programme.services import audit_set_scrutineers
from maca.programme.tests.factories import AuditFactory
from maca.selection.services import nomination_create, nomination_decide
from maca.selection.tests.builders import make_case, move_audit, selecting_audit
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(world):
    return selecting_audit(world, target_cases=40)


def _shown(client, url):
    return words_shown(client.get(url).content.decode())


def _nominate_more(world, audit, persona, references, *, decline=False):
    def add(n):
        for _ in range(n):
            case = make_case(world.partnership, agencies=[world.police])
            nomination = nomination_create(
                actor=world[persona].user,
                audit=audit,
                case_reference=case.reference,
                reason="Neglect over several years.",
                can_see_pool=persona == "qa",
            )
            references.append(case.reference)
            if decline:
                nomination_decide(actor=world["qa"].user, nomination=nomination, accept=False, reason="Seen last year.")

    return add


def test_the_nominations_the_qa_officer_decides_do_not_get_slower_with_more_nominations(world, audit, client_for):
    client = client_for(world["qa"])
    url = reverse("selection:nominations", args=[audit.pk])
    references = []
    assert_queries_do_not_grow(lambda: client.get(url), _nominate_more(world, audit, "lead", references, decline=True))
    assert references[-1] in _shown(client, url)


def test_an_agency_leads_own_nominations_do_not_get_slower_with_more_nominations(world, audit, client_for):
    client = client_for(world["lead"])
    url = reverse("selection:nominations", args=[audit.pk])
    references = []
    assert_queries_do_not_grow(lambda: client.get(url), _nominate_more(world, audit, "lead", references))
    assert references[-1] in _shown(client, url)


def test_a_case_in_the_pool_does_not_get_slower_with_more_agencies_and_audits(world, client_for):
    qa = world["qa"].user
    case = make_case(world.partnership, agencies=[world.police])
    added = []

    def add(n):
        for _ in range(n):
            audit = AuditFactory(partnership=world.partnership, lead=qa, target_cases=5)
            move_audit(audit, Stage.SELECTING, qa)
            nomination = nomination_create(
                actor=qa, audit=audit, case_reference=case.reference, reason="Neglect.", can_see_pool=True
            )
            nomination_decide(actor=qa, nomination=nomination, accept=True)
            practice = AgencyFactory(partnership=world.partnership, kind=AgencyKind.GP_PRACTICE, parent=world.health)
            case.agencies.add(practice)
            added.append((audit, practice))

    client = client_for(world["qa"])
    url = reverse("pool:case", args=[case.pk])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    page = _shown(client, url)
    last_audit, last_practice = added[-1]
    assert last_audit.title in page and last_practice.name in page


def test_the_selected_cases_the_scrutineer_sees_do_not_get_slower_with_more_cases(world, audit, client_for):
    qa = world["qa"].user
    audit.refresh_from_db()
    audit_set_scrutineers(actor=qa, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version)

    def add(n):
        for _ in range(n):
            case = make_case(world.partnership, agencies=[world.police, world.gp_practice], children=2)
            nomination = nomination_create(
                actor=qa, audit=audit, case_reference=case.reference, reason="Neglect.", can_see_pool=True
            )
            nomination_decide(actor=qa, nomination=nomination, accept=True)

    client = client_for(world["scrutineer"])
    url = reverse("selection:cases", args=[audit.pk])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    assert "Case 12" in _shown(client, url)
