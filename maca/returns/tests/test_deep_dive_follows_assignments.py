"""A deep dive asks each agency for one summative return across its cases.
Agencies added to or taken off cases while agencies audit are followed as in a
per-case audit: an agency given its first case of the audit gets a summative
return (the one it had, if it was taken off and is now ticked again); an agency
taken off its last case has it withdrawn, and the QA officer is asked first
when that return holds work. Checked as people see the pages."""

from __future__ import annotations

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_submit
from maca.returns.tests.builders import audit_with_returns, save
from maca.selection.tests.agencies_page import agencies_url, confirm_agencies, save_agencies
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

ANSWERS = {"info_grade": "good", "health_involved": "yes", "worried": "Late notifications to the school"}


def deep_dive(world, *, agencies):
    return audit_with_returns(world, cases=2, agencies=agencies, kind="deep_dive", tool_kind="summative")


def cases_of(audit):
    return list(audit.audit_cases.current().order_by("number"))


def returns_list(client) -> str:
    return words_shown(client.get(reverse("returns:mine")).content.decode())


def tracking(client, audit) -> str:
    return words_shown(client.get(reverse("returns:tracking", args=[audit.pk])).content.decode())


def police_summative(audit, world) -> Return:
    return Return.objects.live().get(audit=audit, audit_case=None, agency=world.police)


def test_an_agency_given_its_first_case_gets_a_summative_return_the_pages_show(world, client_for):
    audit = deep_dive(world, agencies=[world.health])
    qa = client_for(world["qa"])
    assert "Testshire Police" not in tracking(qa, audit)
    case_1, _ = cases_of(audit)

    assert save_agencies(qa, agencies_url(case_1), ticked=[world.health, world.police]).status_code == 302

    listed = returns_list(client_for(world["lead"]))
    assert audit.title in listed and "All its cases" in listed and "Not started" in listed
    words = tracking(qa, audit)
    assert "0 of 2 summative reports in" in words
    assert "Testshire Police 0 of 1 summative report" in words
    assert "Send a reminder to Testshire Police" in words
    ret = police_summative(audit, world)
    assert ret.status == ReturnStatus.NOT_STARTED and ret.audit_case_id is None
    assert AuditEvent.objects.filter(action="return.created", object_id=str(ret.pk)).exists()


def test_a_second_case_gives_no_second_summative_return(world, client_for):
    audit = deep_dive(world, agencies=[world.health])
    qa = client_for(world["qa"])
    case_1, case_2 = cases_of(audit)
    save_agencies(qa, agencies_url(case_1), ticked=[world.health, world.police])
    save_agencies(qa, agencies_url(case_2), ticked=[world.health, world.police])
    assert Return.objects.filter(audit=audit, agency=world.police).count() == 1
    assert "0 of 2 summative reports in" in tracking(qa, audit)


def test_taking_an_agency_off_one_of_its_cases_leaves_its_summative_return(world, client_for):
    audit = deep_dive(world, agencies=[world.police, world.health])
    save(police_summative(audit, world), world["auditor"], ANSWERS)
    qa = client_for(world["qa"])
    case_1, _ = cases_of(audit)
    # It still audits case 2: nothing is withdrawn, so nothing is asked.
    assert save_agencies(qa, agencies_url(case_1), ticked=[world.health]).status_code == 302
    assert police_summative(audit, world).status == ReturnStatus.DRAFT
    assert "All its cases" in returns_list(client_for(world["lead"]))


def test_taking_an_agency_off_its_last_case_asks_first_then_withdraws_its_summative_return(world, client_for):
    audit = deep_dive(world, agencies=[world.police, world.health])
    ret = save(police_summative(audit, world), world["auditor"], ANSWERS)
    qa = client_for(world["qa"])
    case_1, case_2 = cases_of(audit)
    save_agencies(qa, agencies_url(case_1), ticked=[world.health])

    asked = save_agencies(qa, agencies_url(case_2), ticked=[world.health])
    assert asked.status_code == 200
    words = words_shown(asked.content.decode())
    assert "Taking this agency off the case withdraws its summative report" in words
    assert "This agency audits no other case of this audit, so its report is no longer asked for." in words
    assert "Testshire Police has started its summative report: 3 answers" in words
    assert "Nothing has been saved yet. This agency has already worked on its report:" in words
    assert (
        "If you go on, its summative report is withdrawn. The summative report is kept, not deleted: ticking the "
        "agency again for a case of this audit brings it back, with its answers." in words
    )
    assert "Take the agency off and withdraw its summative report" in words
    assert "return" not in words.replace("Back to", "")
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT

    assert confirm_agencies(qa, agencies_url(case_2), asked).status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.WITHDRAWN
    detail = words_shown(qa.get(reverse("returns:detail", args=[ret.pk])).content.decode())
    assert "Withdrawn" in detail and "The agency no longer audits any case of this audit." in detail
    # Still on the agency's list, told as withdrawn and why, with no date it is due by.
    listed = returns_list(client_for(world["lead"]))
    assert "All its cases" in listed
    assert "Withdrawn on " in listed and ": The agency no longer audits any case of this audit." in listed
    words = tracking(qa, audit)
    assert "0 of 1 summative report in" in words and "Send a reminder to Testshire Police" not in words
    assert AuditEvent.objects.filter(action="return.withdrawn", object_id=str(ret.pk)).exists()


def test_a_submitted_summative_return_is_named_as_submitted(world, client_for):
    audit = deep_dive(world, agencies=[world.police, world.health])
    ret = save(police_summative(audit, world), world["auditor"], ANSWERS)
    return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )
    qa = client_for(world["qa"])
    case_1, case_2 = cases_of(audit)
    save_agencies(qa, agencies_url(case_1), ticked=[world.health])
    asked = save_agencies(qa, agencies_url(case_2), ticked=[world.health])
    assert "Testshire Police has submitted its summative report: 3 answers" in words_shown(asked.content.decode())
    assert police_summative(audit, world).status == ReturnStatus.SUBMITTED


def test_a_blank_summative_return_is_withdrawn_without_asking(world, client_for):
    audit = deep_dive(world, agencies=[world.police, world.health])
    qa = client_for(world["qa"])
    case_1, case_2 = cases_of(audit)
    save_agencies(qa, agencies_url(case_1), ticked=[world.health])
    assert save_agencies(qa, agencies_url(case_2), ticked=[world.health]).status_code == 302
    assert not Return.objects.live().filter(audit=audit, agency=world.police).exists()
    # No longer asked for: in no figure and offered no reminder, but its cell
    # says what became of it (and opens it, with why), not a dash.
    page = qa.get(reverse("returns:tracking", args=[audit.pk])).content.decode()
    tables = read_tables(page)
    assert tables["Summative reports by agency"].cell("Testshire Police", "Summative report") == "Withdrawn"
    assert "Testshire Police" not in [row[0] for row in tables["Responses by agency"].rows]
    assert "Send a reminder to Testshire Police" not in tracking(qa, audit)


def test_ticking_the_agency_again_brings_its_summative_return_back_with_its_answers(world, client_for):
    audit = deep_dive(world, agencies=[world.police, world.health])
    ret = save(police_summative(audit, world), world["auditor"], ANSWERS)
    qa = client_for(world["qa"])
    case_1, case_2 = cases_of(audit)
    save_agencies(qa, agencies_url(case_1), ticked=[world.health])
    confirm_agencies(qa, agencies_url(case_2), save_agencies(qa, agencies_url(case_2), ticked=[world.health]))
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.WITHDRAWN

    # Ticked again for another of the audit's cases: the same return, live again as it was.
    assert save_agencies(qa, agencies_url(case_1), ticked=[world.health, world.police]).status_code == 302
    assert list(Return.objects.filter(audit=audit, agency=world.police)) == [ret]
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT and ret.answers == ANSWERS
    detail = words_shown(client_for(world["lead"]).get(reverse("returns:detail", args=[ret.pk])).content.decode())
    assert "Late notifications to the school" in detail and "Withdrawn because" not in detail
    assert "All its cases" in returns_list(client_for(world["lead"]))
    # Its history says why, of the audit it covers, not of one case.
    history = words_shown(qa.get(reverse("returns:history", args=[ret.pk])).content.decode())
    assert "The agency no longer audits any case of this audit." in history
    assert "The agency audits a case of this audit again." in history
    assert "this case" not in history
