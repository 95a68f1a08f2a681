"""Agencies are told their cases by e-mail: every lead when the audit moves into
'Agencies auditing', and the leads of an agency added to a case after that,
for that one case. A GP practice is named the same way in the e-mail as on the
pages that list agencies, and the agency tree is read once for every lead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maca.accounts.tests.factories import MembershipFactory, UserFactory
from maca.accounts.tests.locks import first, locks_and_writes
from maca.audit_trail.models import AuditEvent
from maca.notifications.models import OutgoingEmail, SentEmail
from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory
from maca.programme.models import Audit, Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.tests.builders import move
from maca.selection.models import AuditCase
from maca.selection.services import (
    PoolFilter,
    assignments,
    assignments_set,
    draw_make,
    nomination_create,
    nomination_decide,
    tell_agencies_their_cases,
)
from maca.selection.tests.builders import make_case
from maca.selection.tests.test_tenant_key_in_queries import Captured
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

GP = "Mill Lane Surgery (Testshire Care Board)"


def _shown(response) -> str:
    assert response.status_code == 200
    return words_shown(response.content.decode())


def _audit_of(world, *, cases: int, agencies) -> tuple[Audit, list[AuditCase]]:
    """An audit selecting ``cases`` cases, each audited by ``agencies``."""
    qa = world["qa"].user
    audit = AuditFactory(
        partnership=world.partnership,
        lead=qa,
        target_cases=cases,
        title="Babies at risk",
        return_deadline=dt.date.today() + dt.timedelta(days=30),
        planned_meeting_date=dt.date.today() + dt.timedelta(days=60),
    )
    move(audit, Stage.SELECTING, qa)
    for _ in range(cases):
        case = make_case(world.partnership, agencies=agencies)
        nomination = nomination_create(
            actor=qa, audit=audit, case_reference=case.reference, reason="Seen", can_see_pool=True
        )
        nomination_decide(actor=qa, nomination=nomination, accept=True)
    return audit, list(AuditCase.objects.current().filter(audit=audit).order_by("number"))


def _assignment_emails():
    return OutgoingEmail.objects.filter(kind="assignment").order_by("pk")


def _add_on_the_page(client, audit, audit_case, agencies) -> str:
    """Tick ``agencies`` besides those ticked on the case's agencies page, save,
    and read the page the QA officer is sent back to."""
    url = reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])
    page = Page(client.get(url).content.decode())
    ticked = page.checked("agencies") | {str(a.pk) for a in agencies}
    response = client.post(url, {"agencies": sorted(ticked), "shown": page.value("shown")})
    assert response.status_code == 302
    return _shown(client.get(response["Location"]))


def test_an_agency_added_while_agencies_audit_is_told_of_its_one_case(world, client_for):
    audit, (_first, second) = _audit_of(world, cases=2, agencies=[world.police])
    move(audit, Stage.AUDITING, world["qa"].user)
    before = set(_assignment_emails().values_list("pk", flat=True))

    said = _add_on_the_page(client_for(world["qa"]), audit, second, [world.gp_practice])

    assert (
        "The agencies auditing case 2 have been saved. "
        "Hari Health has been told by e-mail that the case is now on their list." in said
    )
    # The GP practice has no lead of its own: its care board's lead is told, as at the stage move.
    new = list(_assignment_emails().exclude(pk__in=before))
    assert [(e.to, e.subject) for e in new] == [
        ("hari@testshire.example", "Testshire SCP: 1 more case to audit for ‘Babies at risk’")
    ]
    body = SentEmail.objects.filter(kind="assignment", to="hari@testshire.example").latest("pk").body
    assert (
        f"{GP} has been asked to audit 1 more case for the multi-agency audit ‘Babies at risk’, "
        "which agencies are auditing now." in body
    )
    deadline = f"{audit.return_deadline:%-d %B %Y}"
    assert f"Please complete and submit your agency’s audits by {deadline}." in body
    assert "/my-cases/" in body
    # Nothing about the case beyond what the first e-mail says: no reference, no number.
    assert second.case.reference not in body and "Case 2" not in body and "case 2" not in body
    event = AuditEvent.objects.filter(action="assignments.changed", object_id=str(second.pk)).latest("pk")
    assert event.changes["added"] == ["Mill Lane Surgery"]
    assert event.changes["leads_told_by_e-mail"] == ["hari@testshire.example"]
    log = _shown(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])))
    assert "Leads told by e-mail hari@testshire.example" in log
    # The lead finds it where the e-mail says.
    cases = _shown(client_for(world["health_lead"]).get(reverse("selection:my_cases")))
    assert f"Babies at risk Case 2 {second.case.reference} {GP}" in cases


def test_nothing_is_sent_on_adding_before_the_stage_move_which_tells_everyone(world, client_for):
    audit, (_first, second) = _audit_of(world, cases=2, agencies=[world.police])
    said = _add_on_the_page(client_for(world["qa"]), audit, second, [world.gp_practice])
    assert "told by e-mail" not in said
    assert not _assignment_emails().exists()
    event = AuditEvent.objects.filter(action="assignments.changed", object_id=str(second.pk)).latest("pk")
    assert "leads_told_by_e-mail" not in event.changes

    move(audit, Stage.AUDITING, world["qa"].user)
    told = {e.to: e.subject for e in _assignment_emails()}
    assert told == {
        "lena@testshire.example": "Testshire SCP: 2 cases to audit for ‘Babies at risk’",
        "hari@testshire.example": "Testshire SCP: 1 case to audit for ‘Babies at risk’",
    }
    body = SentEmail.objects.get(kind="assignment", to="hari@testshire.example").body
    # Named as the lead's "Cases to audit" page names it.
    assert "Testshire Care Board has been asked to audit 1 case for the multi-agency audit ‘Babies at risk’. " in body
    assert f"Auditing them: {GP}." in body
    police = SentEmail.objects.get(kind="assignment", to="lena@testshire.example").body
    assert "Auditing them" not in police  # only their own agency: nothing more to say
    page = _shown(client_for(world["health_lead"]).get(reverse("selection:my_cases")))
    assert GP in page


def test_the_qa_officer_is_told_when_nobody_leads_an_agency_added(world, client_for):
    youth_justice = AgencyFactory(
        partnership=world.partnership, name="Testshire Youth Justice", kind=AgencyKind.YOUTH_JUSTICE
    )
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.police])
    move(audit, Stage.AUDITING, world["qa"].user)
    before = _assignment_emails().count()
    said = _add_on_the_page(client_for(world["qa"]), audit, only, [youth_justice])
    assert "Nobody in maca leads Testshire Youth Justice, so no e-mail has gone to it: tell it yourself." in said
    assert _assignment_emails().count() == before
    event = AuditEvent.objects.filter(action="assignments.changed", object_id=str(only.pk)).latest("pk")
    assert event.changes["leads_told_by_e-mail"] == []


def test_a_gp_practice_reads_the_same_on_the_case_agencies_page_and_the_cases_list(world, client_for):
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.gp_practice])
    qa = client_for(world["qa"])
    agencies_page = _shown(qa.get(reverse("selection:case_agencies", args=[audit.pk, only.pk])))
    assert GP in agencies_page  # the box to tick
    assert "Testshire Care Board – Mill Lane Surgery" not in agencies_page
    cases_list = _shown(qa.get(reverse("selection:cases", args=[audit.pk])))
    assert GP in cases_list
    # Once the agencies can no longer be changed, the page lists them in the same words.
    move(audit, Stage.AUDITING, world["qa"].user)
    move(audit, Stage.MEETING, world["qa"].user)
    read_only = _shown(qa.get(reverse("selection:case_agencies", args=[audit.pk, only.pk])))
    assert f"Agencies auditing this case {GP}" in read_only
    case_page = _shown(qa.get(reverse("pool:case", args=[only.case_id])))
    assert f"Agencies known to be involved {GP}" in case_page


def test_telling_the_leads_reads_the_agency_tree_once_however_many_leads(world):
    audit, _cases = _audit_of(world, cases=2, agencies=[world.police, world.gp_practice])
    audit.stage = Stage.AUDITING  # told directly below, as the stage move does

    def add_leads(n: int) -> None:
        for _ in range(n):
            user = UserFactory()
            MembershipFactory(user=user, partnership=world.partnership, role="agency_lead", agency=world.police)

    def agency_reads() -> int:
        with CaptureQueriesContext(connection) as context:
            tell_agencies_their_cases(audit, actor=world["qa"].user)
        return sum('"partnerships_agency"' in q["sql"] for q in context.captured_queries)

    add_leads(1)
    few = agency_reads()
    add_leads(10)
    assert agency_reads() == few
    told = {e.to for e in _assignment_emails()}
    assert {"lena@testshire.example", "hari@testshire.example"} <= told
    # Counted as before: each lead's page lists both cases.
    assert set(_assignment_emails().values_list("subject", flat=True)) == {
        "Testshire SCP: 2 cases to audit for ‘Babies at risk’"
    }


# Taken off a case ---------------------------------------------------------------------------


def _untick_on_the_page(client, audit, audit_case, agencies) -> str:
    """Untick ``agencies`` on the case's agencies page, save, and read the page
    the QA officer is sent back to (no return holds work: nothing to confirm)."""
    url = reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])
    page = Page(client.get(url).content.decode())
    ticked = page.checked("agencies") - {str(a.pk) for a in agencies}
    response = client.post(url, {"agencies": sorted(ticked), "shown": page.value("shown")})
    assert response.status_code == 302
    return _shown(client.get(response["Location"]))


def _taken_off_emails():
    return _assignment_emails().filter(subject__startswith="Testshire SCP: A case taken off")


def _changed(audit_case) -> dict:
    return AuditEvent.objects.filter(action="assignments.changed", object_id=str(audit_case.pk)).latest("pk").changes


def test_a_lead_whose_page_no_longer_lists_a_case_is_told_it_was_taken_off(world, client_for):
    audit, (first, second) = _audit_of(world, cases=2, agencies=[world.police, world.health])
    move(audit, Stage.AUDITING, world["qa"].user)
    lead = client_for(world["lead"])
    assert f"Babies at risk Case 2 {second.case.reference} Testshire Police" in _shown(
        lead.get(reverse("selection:my_cases"))
    )

    _untick_on_the_page(client_for(world["qa"]), audit, second, [world.police])

    # Only the police's lead: the care board still audits the case, so Hari's page still lists it.
    assert [(e.to, e.subject) for e in _taken_off_emails()] == [
        ("lena@testshire.example", "Testshire SCP: A case taken off your list for ‘Babies at risk’")
    ]
    body = SentEmail.objects.filter(kind="assignment", to="lena@testshire.example").latest("pk").body
    assert body.startswith("Hello Lena Lead,")
    assert (
        "Testshire Police has been taken off case 2 of the multi-agency audit ‘Babies at risk’, which agencies "
        "are auditing now. The case is no longer on your “Cases to audit” page." in body
    )
    assert (
        "Any return started for the case has been withdrawn and kept: if it is asked to audit the case again, "
        "the return comes back as it was." in body
    )
    assert "If you think it should still audit the case, tell the QA officer." in body
    assert "/my-cases/" in body
    # The case's number in the audit, nothing that names the family.
    child = second.case.children.get()
    assert second.case.reference not in body and child.reference not in body
    # Recorded, and read in the audit log.
    changes = _changed(second)
    assert changes["removed"] == ["Testshire Police"]
    assert changes["leads_told_of_removal_by_e-mail"] == ["lena@testshire.example"]
    event = AuditEvent.objects.filter(action="assignments.changed", object_id=str(second.pk)).latest("pk")
    log = _shown(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])))
    assert "Leads told of removal by e-mail lena@testshire.example" in log
    # The lead's page says what the e-mail says: case 2 is gone, case 1 is still there.
    cases = _shown(lead.get(reverse("selection:my_cases")))
    assert second.case.reference not in cases
    assert f"Babies at risk Case 1 {first.case.reference} Testshire Police" in cases


def test_taking_an_agency_off_is_told_only_once_agencies_audit(world, client_for):
    audit, (first, second) = _audit_of(world, cases=2, agencies=[world.police, world.health])
    qa = client_for(world["qa"])
    said = _untick_on_the_page(qa, audit, first, [world.police])
    assert "told by e-mail" not in said
    assert not _assignment_emails().exists()
    changes = _changed(first)
    assert changes["removed"] == ["Testshire Police"]
    assert "leads_told_of_removal_by_e-mail" not in changes

    # The move tells the police of the one case left to it, and nothing of case 1.
    move(audit, Stage.AUDITING, world["qa"].user)
    assert [e.subject for e in _assignment_emails().filter(to="lena@testshire.example")] == [
        "Testshire SCP: 1 case to audit for ‘Babies at risk’"
    ]
    _untick_on_the_page(qa, audit, second, [world.police])
    assert [(e.to, e.subject) for e in _taken_off_emails()] == [
        ("lena@testshire.example", "Testshire SCP: A case taken off your list for ‘Babies at risk’")
    ]


def test_a_lead_whose_page_still_lists_the_case_through_another_agency_is_not_told(world, client_for):
    audit, (first, second) = _audit_of(world, cases=2, agencies=[world.police, world.health, world.gp_practice])
    move(audit, Stage.AUDITING, world["qa"].user)
    qa = client_for(world["qa"])

    # The GP practice comes off case 1, which the care board itself still audits.
    _untick_on_the_page(qa, audit, first, [world.gp_practice])
    assert not _taken_off_emails().exists()
    assert _changed(first)["leads_told_of_removal_by_e-mail"] == []
    health = client_for(world["health_lead"])
    assert f"Babies at risk Case 1 {first.case.reference} Testshire Care Board" in _shown(
        health.get(reverse("selection:my_cases"))
    )

    # Both come off case 2: Hari's page no longer lists it, through either.
    _untick_on_the_page(qa, audit, second, [world.health, world.gp_practice])
    assert [e.to for e in _taken_off_emails()] == ["hari@testshire.example"]
    body = SentEmail.objects.filter(kind="assignment", to="hari@testshire.example").latest("pk").body
    assert (
        f"{GP} and Testshire Care Board have been taken off case 2 of the multi-agency audit ‘Babies at risk’" in body
    )
    assert "if they are asked to audit the case again" in body
    assert "If you think they should still audit the case" in body
    assert _changed(second)["leads_told_of_removal_by_e-mail"] == ["hari@testshire.example"]
    assert second.case.reference not in _shown(health.get(reverse("selection:my_cases")))


def test_a_gp_practice_taken_off_a_case_is_told_to_its_care_boards_lead(world, client_for):
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.police, world.gp_practice])
    move(audit, Stage.AUDITING, world["qa"].user)
    _untick_on_the_page(client_for(world["qa"]), audit, only, [world.gp_practice])
    assert [(e.to, e.subject) for e in _taken_off_emails()] == [
        ("hari@testshire.example", "Testshire SCP: A case taken off your list for ‘Babies at risk’")
    ]
    body = SentEmail.objects.filter(kind="assignment", to="hari@testshire.example").latest("pk").body
    assert f"{GP} has been taken off case 1 of the multi-agency audit ‘Babies at risk’" in body
    assert only.case.reference not in _shown(client_for(world["health_lead"]).get(reverse("selection:my_cases")))


# What the QA officer is told, and who is ---------------------------------------------------


def test_a_lead_whose_page_already_listed_the_case_is_not_told_of_one_more(world, client_for):
    """The care board audits the case; one of its GP practices is added: the
    board's lead's page listed the case already, so it is not one more case."""
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.police, world.health])
    move(audit, Stage.AUDITING, world["qa"].user)
    before = set(_assignment_emails().values_list("pk", flat=True))

    said = _add_on_the_page(client_for(world["qa"]), audit, only, [world.gp_practice])

    assert "The agencies auditing case 1 have been saved." in said
    assert "told by e-mail" not in said and "Hari Health" not in said
    assert "Nobody in maca leads" not in said  # the board's lead sees the practice's cases
    assert not _assignment_emails().exclude(pk__in=before).exists()
    assert _changed(only)["leads_told_by_e-mail"] == []
    # The case is on Hari's page as it was, with the practice beside the board.
    cases = _shown(client_for(world["health_lead"]).get(reverse("selection:my_cases")))
    assert f"Babies at risk Case 1 {only.case.reference}" in cases and GP in cases


def test_a_lead_whose_page_lists_the_case_before_and_after_is_told_nothing(world, client_for):
    """The GP practice takes the care board's place on the case in one save:
    Hari's page lists the case before and after, through one or the other."""
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.police, world.health])
    move(audit, Stage.AUDITING, world["qa"].user)
    before = set(_assignment_emails().values_list("pk", flat=True))
    url = reverse("selection:case_agencies", args=[audit.pk, only.pk])
    qa = client_for(world["qa"])
    page = Page(qa.get(url).content.decode())
    response = qa.post(url, {"agencies": [world.police.pk, world.gp_practice.pk], "shown": page.value("shown")})
    said = _shown(qa.get(response["Location"]))
    assert "told by e-mail" not in said
    assert not _assignment_emails().exclude(pk__in=before).exists()
    changes = _changed(only)
    assert changes["leads_told_by_e-mail"] == [] and changes["leads_told_of_removal_by_e-mail"] == []


def test_the_qa_officer_reads_who_was_told_of_the_case_added_and_who_of_it_taken_off(world, client_for):
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.police])
    move(audit, Stage.AUDITING, world["qa"].user)
    url = reverse("selection:case_agencies", args=[audit.pk, only.pk])
    qa = client_for(world["qa"])
    page = Page(qa.get(url).content.decode())
    # The police come off the case (their return is blank: nothing to confirm); the care board goes on.
    response = qa.post(url, {"agencies": [world.health.pk], "shown": page.value("shown")})
    assert response.status_code == 302
    said = _shown(qa.get(response["Location"]))
    assert (
        "The agencies auditing case 1 have been saved. "
        "Hari Health has been told by e-mail that the case is now on their list. "
        "Lena Lead has been told by e-mail that the case is no longer on their list." in said
    )
    assert [e.to for e in _taken_off_emails()] == ["lena@testshire.example"]
    assert _assignment_emails().filter(to="hari@testshire.example", subject__contains="1 more case").count() == 1


class _Meanwhile:
    """The assignments service's ``transaction``: its transaction begins just
    after ``change`` was committed by someone else, once the page had read
    the audit."""

    def __init__(self, change):
        self.change = change

    def atomic(self, *args, **kwargs):
        if self.change is not None:
            change, self.change = self.change, None
            change()
        return transaction.atomic(*args, **kwargs)


def test_the_message_says_what_the_save_did_when_agencies_started_auditing_meanwhile(world, client_for, monkeypatch):
    """The QA officer's page read the audit while it was choosing cases; the
    audit moved into 'Agencies auditing' before the save: the lead was told by
    e-mail of the case added, and the message says so."""
    audit, (_first, second) = _audit_of(world, cases=2, agencies=[world.police])
    qa = client_for(world["qa"])
    url = reverse("selection:case_agencies", args=[audit.pk, second.pk])
    page = Page(qa.get(url).content.decode())
    monkeypatch.setattr(assignments, "transaction", _Meanwhile(lambda: move(audit, Stage.AUDITING, world["qa"].user)))
    response = qa.post(url, {"agencies": [world.police.pk, world.gp_practice.pk], "shown": page.value("shown")})
    monkeypatch.undo()
    assert response.status_code == 302
    said = _shown(qa.get(response["Location"]))
    assert "Hari Health has been told by e-mail that the case is now on their list." in said
    assert _assignment_emails().filter(to="hari@testshire.example", subject__contains="1 more case").count() == 1


def test_saving_a_cases_agencies_locks_the_audit_first_as_the_stage_move_and_a_draw_do(world):
    """The stage move tells every lead their cases: a save that waited on the
    case's row alone could add an agency the move's e-mails miss, and read the
    stage from before the move, so nobody is told. Each takes the audit's row
    first, so one waits for the other (and never the other way round)."""
    qa = world["qa"].user
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.police])
    for _ in range(3):
        make_case(world.partnership, agencies=[world.police])

    def locks(steps):
        return [step for step in steps if step.startswith("lock ")]

    with locks_and_writes() as steps:
        draw_make(
            actor=qa,
            audit=audit,
            size=2,
            dimensions=[],
            allocation="proportional",
            pool_filter=PoolFilter(open_within_months=None),
            seed=1,
        )
    assert locks(steps)[0] == "lock programme.Audit"
    assert first(steps, "lock programme.Audit") < first(steps, "insert selection.AuditCase")

    with locks_and_writes() as steps:
        assignments_set(actor=qa, audit_case=only, agencies=[world.police, world.health])
    assert locks(steps)[0] == "lock programme.Audit"
    assert (
        first(steps, "lock programme.Audit")
        < first(steps, "lock selection.AuditCase")
        < first(steps, "insert selection.Assignment")
    )

    with locks_and_writes() as steps:
        move(audit, Stage.AUDITING, qa)
    assert locks(steps)[0] == "lock programme.Audit"

    # Once agencies are auditing, too (returns follow the agencies under the same locks).
    with locks_and_writes() as steps:
        assignments_set(actor=qa, audit_case=only, agencies=[world.police, world.health, world.gp_practice])
    assert locks(steps)[0] == "lock programme.Audit"
    assert first(steps, "lock programme.Audit") < first(steps, "lock selection.AuditCase")


def test_the_agencies_named_in_the_e_mails_are_read_by_their_partnership(world):
    """Every query the selection's e-mails make of the agencies names the
    tenant key (the queries other apps make meanwhile are theirs to check)."""
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.police, world.gp_practice])
    move(audit, Stage.AUDITING, world["qa"].user)
    captured = Captured()
    with connection.execute_wrapper(captured):
        tell_agencies_their_cases(audit, actor=world["qa"].user)
        assignments_set(actor=world["qa"].user, audit_case=only, agencies=[world.police, world.health])
        assignments_set(actor=world["qa"].user, audit_case=only, agencies=[world.police])
    wheres = [sql.split(" WHERE ", 1)[-1] for sql in captured.sql if 'FROM "partnerships_agency"' in sql]
    assert len(wheres) >= 3  # the agency tree, and the agencies named in each e-mail
    assert [where for where in wheres if '"partnerships_agency"."partnership_id"' not in where] == []
