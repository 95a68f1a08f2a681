"""What a QA walk of the briefings found, as each person would meet it: a
name held after approval never reaches the published file, a correction's
reason (shown to every reader) never names anyone, an approver who submitted
is told why they cannot approve, and the pages' words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import date_time
from maca.publications import checking, drafting, services
from maca.publications.document import Document
from maca.publications.models import Pseudonym, PublicationVersion, Status
from maca.publications.pseudonyms import names_set
from maca.publications.sources import AuditRecord, CaseRecord
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.tests.forms_shown import fields_shown
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    return words_of(response.content.decode())


def _follow(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return _words(client.get(response.url))


def _version(publication) -> PublicationVersion:
    return publication.versions.order_by("-number").first()


def _approved_with_a_given_name(world):
    """A briefing whose text says "Kayden" (a given name alone, which the check
    does not flag until it is held), submitted by the admin and approved by the
    QA officer (the default approver)."""
    audit = audit_with_findings(world, child_names={})
    publication = six_step_for(world, audit)
    version = _version(publication)
    version = services.section_update(
        actor=world["admin"].user,
        version=version,
        key="process",
        heading="2. Process",
        text="Kayden was seen at home by the health visitor.",
        expected_version=version.version,
    )
    version = services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    qa = world["qa"]
    services.version_approve(actor=qa.user, membership=qa.membership, version=version, expected_version=version.version)
    return audit, publication


def test_a_name_held_after_approval_is_never_published(world, client_for):
    audit, publication = _approved_with_a_given_name(world)
    # After approval, the child's name is held for the audit.
    child = Pseudonym.objects.get(audit=audit, audit_case__number=1, relation="")
    names_set(actor=world["qa"].user, pseudonym=child, names=["Kayden Ashworth"])

    admin = client_for(world["admin"])
    detail = _words(admin.get(reverse("publications:detail", args=[publication.pk])))
    assert "The safety check found 1 thing that could identify someone." in detail
    assert "It cannot be published: the approver must send it back to draft" in detail

    url = reverse("publications:publish", args=[publication.pk])
    page = _words(admin.get(url))
    assert "The safety check found 1 thing that could identify someone" in page
    response = admin.post(url, {"version": _version(publication).version})
    page = _words(response)
    assert "There is a problem" in page
    assert "The approver must send it back to draft to replace them or keep them with a reason." in page
    assert _version(publication).status == Status.APPROVED

    # The approver (the QA officer) is offered sending it back, and does.
    qa = client_for(world["qa"])
    detail = qa.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert reverse("publications:send_back", args=[publication.pk]) in detail
    response = qa.post(
        reverse("publications:send_back", args=[publication.pk]),
        {"version": _version(publication).version, "reason": "Kayden is now held: replace him with Child A."},
    )
    page = _follow(qa, response)
    assert "The publication has been sent back to draft." in page
    version = _version(publication)
    assert version.status == Status.DRAFT and version.approved_by_id is None

    # Replaced, submitted and approved again, it is published, without the name.
    found = checking.check_version(version)
    assert [h.hit.text for h in found] == ["Kayden"]
    version = services.hit_replace(
        actor=world["admin"].user,
        version=version,
        address=found[0].address,
        start=found[0].hit.start,
        end=found[0].hit.end,
        found="Kayden",
        new="Child A",
        expected_version=version.version,
    )
    version = services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    version = services.version_approve(
        actor=world["qa"].user, membership=world["qa"].membership, version=version, expected_version=version.version
    )
    response = admin.post(url, {"version": version.version})
    assert "has been published" in _follow(admin, response)
    text = Document.from_json(_version(publication).document).section("process").text
    assert text == "Child A was seen at home by the health visitor."


def test_a_correction_reason_that_names_someone_is_refused(world, client_for):
    publication = six_step_for(world)  # "Kayden Ashworth" is held for case 1
    publish(world, publication)
    qa = client_for(world["qa"])
    url = reverse("publications:correct", args=[publication.pk])
    response = qa.post(url, {"reason": "Kayden Ashworth was named in step 3 of the briefing."})
    page = _words(response)
    assert "There is a problem" in page
    assert (
        "Leave ‘Kayden Ashworth’ out of the reason: it could identify someone, "
        "and everyone who reads the publication sees the reason"
    ) in page
    assert publication.versions.count() == 1

    response = qa.post(url, {"reason": "Child A was named in step 3 of the briefing."})
    page = _follow(qa, response)
    assert "Correction: Child A was named in step 3 of the briefing." in page


def test_a_correction_reason_may_say_which_school_the_corrected_section_is_about(world, client_for):
    """Review: a reason has no "keep with a reason"; a school named in full
    (which the sections' check asks a person to judge) is not refused there."""
    publication = six_step_for(world)
    publish(world, publication)
    qa = client_for(world["qa"])
    reason = "The section about Oakbridge Primary School gave the wrong year for its training."
    page = _follow(qa, qa.post(reverse("publications:correct", args=[publication.pk]), {"reason": reason}))
    assert f"Correction: {reason}" in page


def test_an_approver_who_submitted_is_told_why_they_cannot_approve(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = _version(publication)
    services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    qa = client_for(world["qa"])  # a QA officer: the role that approves, by default
    for name, words in (("approve", "approve it"), ("send_back", "send it back")):
        response = qa.get(reverse(f"publications:{name}", args=[publication.pk]))
        page = _follow(qa, response)
        assert f"You submitted this version, so someone else with the approver’s role must {words}." in page
        assert "Your role does not include" not in page


def test_a_correction_draft_says_why_it_cannot_be_discarded(world, client_for):
    publication = six_step_for(world)
    publish(world, publication)
    services.correction_start(
        actor=world["qa"].user, publication=publication, reason="Say which agency noticed the weight drop."
    )
    qa = client_for(world["qa"])
    page = _follow(qa, qa.get(reverse("publications:discard", args=[publication.pk])))
    assert "A correction of a published version cannot be discarded" in page
    assert "This one has been submitted" not in page


def test_the_list_shows_when_a_draft_was_sent_back(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = _version(publication)
    services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    version = _version(publication)
    services.version_return(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        version=version,
        reason="Say more about fathers.",
        expected_version=version.version,
    )
    drafted = timezone.now() - dt.timedelta(days=3)
    PublicationVersion.objects.filter(pk=version.pk).update(created_at=drafted)
    sent_back = _version(publication).sent_back_at
    page = client_for(world["qa"]).get(reverse("publications:index")).content.decode()
    row = read_tables(page)["Publications"].cell(publication.title, "Last changed")
    assert row == date_time(sent_back)
    assert row != date_time(drafted)


def test_a_briefing_of_an_audit_with_no_agency_recorded_never_says_0_agencies():
    record = AuditRecord(
        title="Babies and the adults around them",
        theme="Whether professionals know who cares for a baby.",
        kind="Themed",
        programme="2025–26",
        meeting_date=None,
        tool="",
        cases=[CaseRecord(number=1, label="Child A", children=2, agencies=[])],
        agencies=[],
        draw_sentence="1 case was chosen by the audit lead.",
        nominated=0,
    )
    theme = drafting.six_step(record).section("theme")
    assert "1 case about 2 children was audited." in theme.text
    assert "0 agencies" not in theme.text
    assert theme.tables[0].rows[0][3] == "Not recorded"


def test_form_errors_are_the_services_own_words(world, client_for):
    audit = audit_with_findings(world, child_names={})
    qa = client_for(world["qa"])
    page = _words(qa.post(reverse("publications:new"), {"kind": "six_step", "audit": "999999"}))
    assert "Choose an audit from the list" in page
    page = _words(qa.post(reverse("publications:new"), {"kind": "leaflet"}))
    assert "Choose what to draft" in page
    url = reverse("publications:people", args=[audit.pk])
    page = _words(qa.post(url, {"audit_case": "999999", "relation": "mother", "names": ""}))
    assert "There is a problem" in page and "Choose one of the audit’s cases" in page
    for text in (page,):
        assert "Select a valid choice" not in text


def test_pages_use_curly_apostrophes_and_matching_titles(world, client_for):
    audit = audit_with_findings(world)
    publication = six_step_for(world, audit)
    version = _version(publication)
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="process",
        heading="2. Process",
        text="The family lived at 12 Mill Lane.",
        expected_version=version.version,
    )
    qa = client_for(world["qa"])
    pages = {
        "index": qa.get(reverse("publications:index")),
        "people": qa.get(reverse("publications:people", args=[audit.pk])),
        "check": qa.get(reverse("publications:check", args=[publication.pk])),
        "discard": qa.get(reverse("publications:discard", args=[publication.pk])),
        "section": qa.get(reverse("publications:section_edit", args=[publication.pk, "theme"])),
    }
    expected = {
        "index": "drafted from the audits’ records",
        "people": "People of the audit’s cases",
        "check": "names held for the audit’s cases",
        "discard": "kept in maca’s records",
        "section": "The section’s tables",
    }
    for name, response in pages.items():
        page = _words(response)
        assert expected[name] in page, name
    hit = next(h for h in checking.check_version(_version(publication)) if h.hit.text == "12 Mill Lane")
    page = qa.get(reverse("publications:override", args=[publication.pk, hit.fingerprint])).content.decode()
    title = page[page.index("<title>") : page.index("</title>")]
    assert f"Keep this address: {publication.title}" in words_of(title)
    assert ">Keep this address</h1>" in page


def _practice_data(world, version, meetings: str, staff: str) -> dict:
    return {
        "agency": world.police.pk,
        "version": version,
        "meetings_held": meetings,
        "staff_reached": staff,
        "changes_made": "Fathers are now asked about at every visit.",
    }


def test_two_tabs_never_overwrite_an_agencys_report_unseen(world, client_for):
    publication = six_step_for(world)
    publish(world, publication)
    lead = client_for(world["lead"])
    url = reverse("publications:practice", args=[publication.pk])
    page = lead.get(url).content.decode()
    assert 'name="version" value="0"' in page
    # Two tabs opened before anyone reported: the first saves, the second is told
    # (that it was the person's own save, on their other page: not "someone else").
    assert lead.post(url, _practice_data(world, 0, "4", "52")).status_code == 302
    response = lead.post(url, _practice_data(world, 0, "1", "9"))
    page = _words(response)
    assert "There is a problem" in page
    assert (
        "You recorded Testshire Police’s use of the 6 Step Briefing on another page (another tab or window): "
        "4 team meetings, 52 staff reached."
    ) in page
    assert "Someone else" not in page
    shown = read_tables(lead.get(url).content.decode())["How agencies used it"]
    assert shown.cell("Testshire Police", "Staff reached") == "52"
    # Saving again from the page shown is a knowing choice: it replaces the figures.
    report = publication.practice_reports.get()
    assert f'name="version" value="{report.version}"' in response.content.decode()
    assert lead.post(url, _practice_data(world, report.version, "1", "9")).status_code == 302
    shown = read_tables(lead.get(url).content.decode())["How agencies used it"]
    assert shown.cell("Testshire Police", "Staff reached") == "9"


def test_an_audit_no_agency_audited_in_maca_never_says_every_agency_has_reported(world, client_for):
    from maca.selection.models import Assignment

    audit = audit_with_findings(world)
    Assignment.objects.filter(audit_case__audit=audit).update(removed_at=timezone.now())
    publication = six_step_for(world, audit)
    publish(world, publication)
    admin = client_for(world["admin"])
    url = reverse("publications:practice", args=[publication.pk])
    response = admin.get(url)
    page = _words(response)
    assert "Every agency asked has reported" not in page
    assert "None audited this audit’s cases in maca." in page
    assert "Not yet reported" not in page and "none has been asked" not in page  # said once
    assert "Record how an agency used it" in page
    assert f'<option value="{world.police.pk}">Testshire Police</option>' in response.content.decode()
    detail = _words(admin.get(reverse("publications:detail", args=[publication.pk])))
    assert "Record how an agency used it" in detail and "your agency" not in detail


def test_a_chart_summary_names_every_theme_tied_for_the_most_findings():
    from maca.publications.sources import Item

    def case(number, concerns):
        return CaseRecord(
            number=number,
            label=f"Child {'AB'[number - 1]}",
            children=1,
            agencies=["Police"],
            concerns=[Item("A finding.", themes=(theme,)) for theme in concerns],
        )

    record = AuditRecord(
        title="Babies",
        theme="Babies.",
        kind="Themed",
        programme="2025–26",
        meeting_date=None,
        tool="",
        cases=[case(1, ["sharing", "family"]), case(2, ["sharing", "family", "voice"])],
        agencies=["Police"],
        draw_sentence="2 cases were chosen by the audit lead.",
        nominated=0,
        theme_names={"sharing": "Information sharing", "family": "Think family", "voice": "Voice of the child"},
    )
    figure = drafting.six_step(record).section("recommendations").figure
    assert figure.summary == "Information sharing and Think family had the most findings (2 each)."


def test_an_admin_choosing_an_agency_never_replaces_its_report_unseen(world, client_for):
    from maca.selection.models import Assignment

    audit = audit_with_findings(world)
    Assignment.objects.filter(audit_case__audit=audit).update(removed_at=timezone.now())
    publication = six_step_for(world, audit)
    publish(world, publication)
    url = reverse("publications:practice", args=[publication.pk])
    admin = client_for(world["admin"])
    # Several agencies are offered, so the page cannot carry one report's version.
    assert 'name="version" id="id_version">' in admin.get(url).content.decode()
    assert client_for(world["lead"]).post(url, _practice_data(world, 0, "4", "52")).status_code == 302
    response = admin.post(url, {**_practice_data(world, "", "1", "9")})
    assert "Someone else has recorded Testshire Police’s use of the 6 Step Briefing" in _words(response)
    shown = read_tables(admin.get(url).content.decode())["How agencies used it"]
    assert shown.cell("Testshire Police", "Staff reached") == "52"
    report = publication.practice_reports.get()
    assert admin.post(url, _practice_data(world, report.version, "1", "9")).status_code == 302
    shown = read_tables(admin.get(url).content.decode())["How agencies used it"]
    assert shown.cell("Testshire Police", "Staff reached") == "9"


def test_a_version_carried_over_to_another_agency_never_replaces_its_report_unseen(world, client_for):
    """Review: after a conflict on one agency the form carries that report's
    version; choosing another agency whose report has the same version must
    not replace the other's report unseen."""
    from maca.publications.practice import practice_report_save
    from maca.selection.models import Assignment

    audit = audit_with_findings(world)
    Assignment.objects.filter(audit_case__audit=audit).update(removed_at=timezone.now())
    publication = six_step_for(world, audit)
    publish(world, publication)
    url = reverse("publications:practice", args=[publication.pk])
    admin = client_for(world["admin"])
    for agency, staff in ((world.police, 52), (world.health, 30)):
        practice_report_save(
            actor=world["qa"].user,
            publication=publication,
            agency=agency,
            meetings_held=2,
            staff_reached=staff,
            changes_made="Supervision now asks about fathers.",
        )
    # A conflict on the police's report: the page now carries its version (1)...
    response = admin.post(url, _practice_data(world, "", "1", "9"))
    assert "Someone else has recorded Testshire Police’s use of the 6 Step Briefing" in _words(response)
    carried = {name: shown.chosen[0] for name, shown in fields_shown(response.content.decode()).items() if shown.chosen}
    assert carried["version"] == "1" and carried["version_of"] == str(world.police.pk)
    # ...and the person then chooses the care board, whose report is also at version 1.
    response = admin.post(url, {**carried, "agency": world.health.pk, "staff_reached": "7"})
    assert f"Someone else has recorded {world.health.name}’s use of the 6 Step Briefing" in _words(response)
    shown = read_tables(admin.get(url).content.decode())["How agencies used it"]
    assert shown.cell(world.health.name, "Staff reached") == "30"
