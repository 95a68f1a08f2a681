"""Taking an agency off a case while agencies are auditing (QA walk, defect 1):
a return holding work is never withdrawn without the QA officer seeing what it
holds and confirming; ticking the agency again brings that return back, its
answers intact, instead of a blank one. Checked as a person sees the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.partnerships.models import Agency
from maca.partnerships.services import agency_set_active
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_submit
from maca.returns.tests.builders import audit_with_returns, save
from maca.selection.models import Assignment
from maca.selection.services import assignments_set
from maca.selection.tests.agencies_page import agencies_url, confirm_agencies, save_agencies
from maca.tests.forms_shown import fields_shown
from maca.tests.page import Page, words_shown

ANSWERS = {"info_grade": "good", "health_involved": "yes", "worried": "Late notifications to the school"}


@pytest.fixture
def audit(world):
    return audit_with_returns(world, cases=1)


@pytest.fixture
def audit_case(audit):
    return audit.audit_cases.current().get()


def police_return(audit_case, world) -> Return:
    return Return.objects.live().get(audit_case=audit_case, agency=world.police)


def test_unticking_an_agency_whose_return_holds_answers_asks_first_and_names_it(world, audit_case, client_for):
    save(police_return(audit_case, world), world["auditor"], ANSWERS)
    client = client_for(world["qa"])
    url = agencies_url(audit_case)
    response = save_agencies(client, url, ticked=[world.health])
    assert response.status_code == 200
    words = words_shown(response.content.decode())
    assert "Testshire Police has started its return: 3 answers" in words
    assert "Taking this agency off the case withdraws its return" in words
    assert "Nothing has been saved yet." in words
    assert "Take the agency off and withdraw its return" in words
    assert "No, go back to the agencies" in words
    # Nothing is withdrawn, nor the agency taken off, until the person confirms.
    ret = police_return(audit_case, world)
    assert ret.status == ReturnStatus.DRAFT
    assert "Testshire Police" in words_shown(
        client.get(reverse("selection:cases", args=[audit_case.audit_id])).content.decode()
    )
    assert Page(client.get(url).content.decode()).checked("agencies") == {str(world.police.pk), str(world.health.pk)}

    response = confirm_agencies(client, url, response)
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.WITHDRAWN
    detail = words_shown(client.get(reverse("returns:detail", args=[ret.pk])).content.decode())
    assert "Withdrawn" in detail and "The agency is no longer auditing this case." in detail


def test_a_submitted_return_is_named_as_submitted(world, audit_case, client_for):
    ret = save(police_return(audit_case, world), world["auditor"], ANSWERS)
    return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )
    response = save_agencies(client_for(world["qa"]), agencies_url(audit_case), ticked=[world.health])
    assert "Testshire Police has submitted its return: 3 answers" in words_shown(response.content.decode())
    assert police_return(audit_case, world).status == ReturnStatus.SUBMITTED


def test_a_return_nobody_has_started_is_withdrawn_without_asking(world, audit_case, client_for):
    save(police_return(audit_case, world), world["auditor"], ANSWERS)
    client = client_for(world["qa"])
    response = save_agencies(client, agencies_url(audit_case), ticked=[world.police])  # health: not started
    assert response.status_code == 302
    health = Return.objects.get(audit_case=audit_case, agency=world.health)
    assert health.status == ReturnStatus.WITHDRAWN
    assert police_return(audit_case, world).status == ReturnStatus.DRAFT


def test_a_change_made_meanwhile_by_someone_else_still_stops_the_confirmed_save(world, audit_case, client_for):
    save(police_return(audit_case, world), world["auditor"], ANSWERS)
    client = client_for(world["qa"])
    url = agencies_url(audit_case)
    asked = save_agencies(client, url, ticked=[world.health])
    # Someone else adds the GP practice while the confirmation page is open.
    assignments_set(
        actor=world["admin"].user, audit_case=audit_case, agencies=[world.police, world.health, world.gp_practice]
    )
    response = confirm_agencies(client, url, asked)
    assert response.status_code == 200
    assert "Someone else changed the agencies for this case" in words_shown(response.content.decode())
    assert police_return(audit_case, world).status == ReturnStatus.DRAFT
    # Their tick (the GP practice) and the person's untick (the police) are both shown.
    assert Page(response.content.decode()).checked("agencies") == {str(world.health.pk), str(world.gp_practice.pk)}


def test_work_done_after_the_page_asked_is_asked_about_again(world, audit_case, client_for):
    save(police_return(audit_case, world), world["auditor"], ANSWERS)
    client = client_for(world["qa"])
    url = agencies_url(audit_case)
    asked = save_agencies(client, url, ticked=[])
    words = words_shown(asked.content.decode())
    assert "Testshire Police has started its return" in words and "Testshire Care Board" not in words
    # Health starts its return before the QA officer confirms.
    health = Return.objects.live().get(audit_case=audit_case, agency=world.health)
    save(health, world["health_lead"], {"worried": "Missed appointments"})
    response = confirm_agencies(client, url, asked)
    assert response.status_code == 200
    words = words_shown(response.content.decode())
    assert "Testshire Care Board has started its return: 1 answer" in words
    assert "Testshire Police has started its return: 3 answers" in words
    assert Return.objects.live().filter(audit_case=audit_case).count() == 2


def test_ticking_the_agency_again_brings_its_return_back_with_its_answers(world, audit_case, client_for):
    ret = save(police_return(audit_case, world), world["auditor"], ANSWERS)
    client = client_for(world["qa"])
    url = agencies_url(audit_case)
    confirm_agencies(client, url, save_agencies(client, url, ticked=[world.health]))
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.WITHDRAWN

    assert save_agencies(client, url, ticked=[world.police, world.health]).status_code == 302
    # The same return, live again as it was: no blank one beside it.
    assert list(Return.objects.filter(audit_case=audit_case, agency=world.police)) == [ret]
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT and ret.withdrawn_reason == ""
    detail = words_shown(client_for(world["lead"]).get(reverse("returns:detail", args=[ret.pk])).content.decode())
    assert "Late notifications to the school" in detail
    assert "Draft" in detail and "Withdrawn because" not in detail
    assert "The agency is auditing this case again." in detail  # in what has happened to the return
    event = AuditEvent.objects.filter(action="return.brought_back", object_id=str(ret.pk)).latest("id")
    assert event.changes["status"] == ReturnStatus.DRAFT


def test_a_submitted_return_comes_back_submitted(world, audit_case, client_for):
    ret = save(police_return(audit_case, world), world["auditor"], ANSWERS)
    ret = return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )
    qa = world["qa"].user
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health])
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health, world.police])
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED and ret.answers == ANSWERS


def test_a_return_withdrawn_for_another_reason_is_not_brought_back(world, audit_case):
    from maca.returns.services import return_withdraw

    ret = save(police_return(audit_case, world), world["auditor"], ANSWERS)
    return_withdraw(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        reason="Made in error",
        expected_version=ret.version,
    )
    qa = world["qa"].user
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health])
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health, world.police])
    fresh = police_return(audit_case, world)
    assert fresh.pk != ret.pk and fresh.status == ReturnStatus.NOT_STARTED


def test_an_agency_switched_off_since_keeps_its_case_until_someone_unticks_it(world, audit_case, client_for):
    """An agency switched off after it was given the case stays on the page,
    ticked and named so: saving another change leaves it on; unticking it
    takes it off. Nobody can give a case to an agency that no longer takes part."""
    police = Agency.objects.get(pk=world.police.pk)
    agency_set_active(actor=world["admin"].user, agency=police, active=False, expected_version=police.version)
    client = client_for(world["qa"])
    url = agencies_url(audit_case)

    def on_case():
        return set(Assignment.objects.current().filter(audit_case=audit_case).values_list("agency__name", flat=True))

    before = on_case()
    assert world.police.name in before
    page = client.get(url).content.decode()
    assert f"{world.police.name} (no longer taking part)" in words_shown(page)
    assert str(world.police.pk) in fields_shown(page)["agencies"].chosen
    ticked = [a for a in (world.police, world.health) if a.name in before] + [world.gp_practice]
    assert save_agencies(client, url, ticked=ticked).status_code == 302
    assert on_case() == before | {world.gp_practice.name}

    assert save_agencies(client, url, ticked=[world.health, world.gp_practice]).status_code == 302
    assert on_case() == {world.health.name, world.gp_practice.name}
    page = client.get(url).content.decode()
    assert str(world.police.pk) not in fields_shown(page)["agencies"].options
    with pytest.raises(ValidationError, match="no longer takes part: it cannot be given a case"):
        assignments_set(
            actor=world["qa"].user,
            audit_case=audit_case,
            agencies=[world.health, world.gp_practice, Agency.objects.get(pk=world.police.pk)],
        )
    assert on_case() == {world.health.name, world.gp_practice.name}
