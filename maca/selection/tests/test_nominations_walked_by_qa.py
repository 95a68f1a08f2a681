"""Nominations, as a QA walk found them: the agency that nominated a case was
not asked to audit it once the audit lead accepted it; the same reference
nominated twice by one agency stayed as two nominations."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory
from maca.selection.models import Assignment, Nomination, NominationStatus
from maca.selection.tests.builders import make_case
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def _nominate(client, audit, reference: str) -> str:
    response = client.post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": reference, "reason": "Three referrals in a year"},
        follow=True,
    )
    return words_shown(response.content.decode())


def _agencies_auditing(client, audit) -> dict[str, str]:
    table = read_tables(client.get(reverse("selection:cases", args=[audit.pk])).content.decode())["Selected cases"]
    at = {name: table.head.index(name) for name in ("Reference", "Agencies auditing")}
    return {row[at["Reference"]]: row[at["Agencies auditing"]] for row in table.rows}


def _decide_page(client, audit, nomination) -> str:
    return client.get(reverse("selection:decide_nomination", args=[audit.pk, nomination.pk])).content.decode()


def test_the_nominating_agency_is_ticked_on_the_decision_page_and_asked_to_audit_the_case(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.health])
    _nominate(client_for(world["lead"]), audit, case.reference.lower())
    nomination = Nomination.objects.get(audit=audit)
    qa = client_for(world["qa"])

    page = _decide_page(qa, audit, nomination)
    assert "Ask Testshire Police to audit this case too" in words_shown(page)
    assert re.search(r'<input[^>]*name="ask_nominator_agency"[^>]*checked', page)

    qa.post(
        reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]),
        {"decision": "accept", "ask_nominator_agency": "on"},
    )
    assert _agencies_auditing(qa, audit)[case.reference] == "Testshire Care Board, Testshire Police"
    added = Assignment.objects.current().get(audit_case__audit=audit, agency=world.police)
    assert not added.from_import and added.added_by == world["qa"].user


def test_the_audit_lead_can_untick_the_nominating_agency(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.health])
    _nominate(client_for(world["lead"]), audit, case.reference)
    nomination = Nomination.objects.get(audit=audit)
    qa = client_for(world["qa"])

    # The box unticked: the form sends nothing for it.
    qa.post(reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]), {"decision": "accept"})
    assert _agencies_auditing(qa, audit)[case.reference] == "Testshire Care Board"


def test_no_box_when_the_case_list_names_the_nominating_agency_already(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.police])
    _nominate(client_for(world["lead"]), audit, case.reference)
    nomination = Nomination.objects.get(audit=audit)
    page = words_shown(_decide_page(client_for(world["qa"]), audit, nomination))
    assert "Decide the nomination" in page and "to audit this case too" not in page


def test_the_same_reference_nominated_again_by_the_same_lead_is_refused(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.police])
    lead = client_for(world["lead"])
    assert "Your nomination has been sent to the audit lead." in _nominate(lead, audit, case.reference.lower())

    shown = _nominate(lead, audit, case.reference.upper())
    assert "There is a problem" in shown
    assert (
        f"You have already nominated ‘{case.reference.lower()}’ for this audit, and it is waiting for the audit "
        "lead’s decision. You do not need to nominate it again." in shown
    )
    assert Nomination.objects.filter(audit=audit).count() == 1


def test_a_reference_not_in_the_case_list_twice_is_refused_the_same_way(world, audit, client_for):
    lead = client_for(world["lead"])
    _nominate(lead, audit, "F-999999")
    shown = _nominate(lead, audit, "f-999999")
    assert "You have already nominated ‘F-999999’ for this audit" in shown
    assert "There is no case" not in shown


def test_a_colleague_of_the_same_agency_is_told_their_agency_nominated_it(world, audit, client_for):
    colleague = MembershipFactory(
        user=UserFactory(email="lou@testshire.example", full_name="Lou Lead"),
        partnership=world.partnership,
        role=Role.AGENCY_LEAD,
        agency=world.police,
    )
    _nominate(client_for(world["lead"]), audit, "F-000030")
    shown = _nominate(client_for(colleague), audit, "F-000030")
    assert "Testshire Police has already nominated ‘F-000030’ for this audit" in shown


def test_another_agency_nominating_the_same_reference_is_told_nothing_of_the_first(world, audit, client_for):
    _nominate(client_for(world["lead"]), audit, "F-000030")
    # Saying it was nominated would tell the care board that another agency knows the family.
    assert "Your nomination has been sent to the audit lead." in _nominate(
        client_for(world["health_lead"]), audit, "F-000030"
    )
    assert Nomination.objects.filter(audit=audit, status=NominationStatus.PENDING).count() == 2
