"""Each role's home page shows what is waiting for that person, with links to it."""

from __future__ import annotations

import html

from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import UserFactory, give_authenticator, sign_in_with_second_factor
from maca.programme.services import audit_set_scrutineers
from maca.programme.tests.factories import AuditFactory
from maca.returns.models import Return
from maca.returns.services import return_save_draft, return_submit
from maca.returns.tests.builders import audit_with_returns
from maca.tests.querycount import assert_queries_do_not_grow


def _home(client) -> str:
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _police_returns(audit) -> list[Return]:
    return list(Return.objects.filter(audit=audit, agency__name="Testshire Police").order_by("audit_case__number"))


def _submit(world, return_record) -> Return:
    auditor, lead = world["auditor"], world["lead"]
    saved = return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=return_record,
        answers={"info_grade": "good", "health_involved": "yes"},
        expected_version=return_record.version,
    )
    return return_submit(
        actor=lead.user, membership=lead.membership, return_record=saved, expected_version=saved.version
    )


def test_the_qa_officer_sees_audits_in_progress_and_returns_to_review(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    _submit(world, _police_returns(audit)[0])
    page = _home(client_for(world["qa"]))
    assert f"{audit.title} – Agencies auditing" in page
    assert f"{audit.title}: 1 return to review" in page
    assert reverse("returns:tracking", args=[audit.pk]) in page


def test_the_agency_lead_sees_returns_to_submit_and_not_started(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first, second = _police_returns(audit)
    auditor = world["auditor"]
    return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=first,
        answers={"info_grade": "good"},
        expected_version=first.version,
    )
    page = _home(client_for(world["lead"]))
    assert f"{audit.title}: Case 1 – Draft" in page
    assert f"{audit.title}: Case 2 – Not started" in page
    assert reverse("returns:detail", args=[second.pk]) in page


def test_the_auditor_sees_what_to_audit_and_another_agency_sees_none_of_it(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    assert f"{audit.title}: Case 1 – Not started" in _home(client_for(world["auditor"]))
    health_page = _home(client_for(world["health_lead"]))
    assert audit.title not in health_page
    assert "Cases selected for an audit that involve Testshire Care Board will appear here" in health_page


def test_the_admin_sees_the_partnership_at_a_glance(world, client_for):
    page = _home(client_for(world["admin"]))
    assert "Active agencies" in page and "People with access" in page
    assert reverse("audit_trail:events") in page


def test_the_board_sees_the_programme_and_what_will_appear(world, client_for):
    audit = AuditFactory(partnership=world.partnership, title="Neglect of babies")
    page = _home(client_for(world["board"]))
    assert "Neglect of babies – Planned" in page
    assert reverse("programme:audit", args=[audit.pk]) in page
    assert "Briefings and reports, once published, will appear here." in page


def test_the_scrutineer_sees_only_the_audits_they_scrutinise(world, client_for):
    theirs = AuditFactory(partnership=world.partnership, title="Scrutinised audit")
    AuditFactory(partnership=world.partnership, title="Someone else's audit")
    audit_set_scrutineers(
        actor=world["qa"].user, audit=theirs, scrutineers=[world["scrutineer"].user], expected_version=theirs.version
    )
    page = _home(client_for(world["scrutineer"]))
    assert "Scrutinised audit – Planned" in page
    assert "Someone else's audit" not in page


def test_a_platform_operator_without_a_partnership_is_told_so(db):
    operator = UserFactory(email="operator@platform.example", is_staff=True)
    give_authenticator(operator)
    page = _home(sign_in_with_second_factor(Client(), operator))
    assert "You do not belong to a partnership" in page


def test_the_qa_officers_home_page_does_not_get_slower_with_more_audits(world, client_for):
    client = client_for(world["qa"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("home:index")),
        lambda n: [AuditFactory(partnership=world.partnership) for _ in range(n)],
    )


def test_the_leads_home_page_does_not_get_slower_with_more_returns(world, client_for):
    client = client_for(world["lead"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("home:index")),
        lambda n: audit_with_returns(world, cases=n, agencies=[world.police]),
    )
