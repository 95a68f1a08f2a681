"""The publication pages as people use them: what is saved is what is shown
when the page is opened again."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from maca.audit_trail.models import AuditEvent
from maca.publications.models import Kind, Publication, PublicationSettings
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.publications.tests.pdf import pdf_text
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(world):
    return audit_with_findings(world, child_names={})


def test_a_qa_officer_drafts_an_output_from_the_form(world, audit, client_for):
    client = client_for(world["qa"])
    response = client.post(reverse("publications:new"), {"kind": "six_step"})
    assert "Choose the audit to draft it for" in response.content.decode()
    assert not Publication.objects.exists()
    response = client.post(reverse("publications:new"), {"kind": "annual_report", "year": ""})
    assert "Enter the programme year of the annual report" in response.content.decode()
    response = client.post(reverse("publications:new"), {"kind": "six_step", "audit": audit.pk})
    publication = Publication.objects.get()
    assert response.url == reverse("publications:detail", args=[publication.pk])
    page = client.get(response.url).content.decode()
    assert '<h2 class="govuk-heading-m" id="heading-theme">1. Theme and cases</h2>' in page
    assert read_tables(page)["The cases audited"].cell("Case 1", "Referred to as") == "Child A"


def test_a_section_edited_is_shown_as_saved(world, audit, client_for):
    publication = six_step_for(world, audit)
    client = client_for(world["qa"])
    url = reverse("publications:section_edit", args=[publication.pk, "process"])
    version = publication.versions.get()
    response = client.post(url, {"version": version.version, "heading": "", "text": "x"})
    assert "Enter the heading" in response.content.decode()
    text = "Agencies audited their own records.\n\n- Police\n- Health <b>visiting</b>"
    response = client.post(url, {"version": version.version, "heading": "2. How we audited", "text": text})
    assert response.status_code == 302
    form = client.get(url).content.decode()
    assert 'value="2. How we audited"' in form
    assert "Health &lt;b&gt;visiting&lt;/b&gt;</textarea>" in form
    page = client.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert "<li>Health &lt;b&gt;visiting&lt;/b&gt;</li>" in page
    assert "2. How we audited" in page
    event = AuditEvent.objects.get(action="publication.section_changed")
    assert event.changes == {"version": 1, "section": "process", "changed": ["heading", "text"]}


def test_submitted_approved_published_then_downloaded_by_a_board_member(world, audit, client_for):
    publication = six_step_for(world, audit)
    qa = client_for(world["qa"])
    version = publication.versions.get()
    assert (
        qa.post(reverse("publications:submit", args=[publication.pk]), {"version": version.version}).status_code == 302
    )
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="partnership_admin")
    admin = client_for(world["admin"])
    version.refresh_from_db()
    page = admin.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert "Submitted for approval" in page and "Approve</a>" in page
    assert (
        admin.post(reverse("publications:approve", args=[publication.pk]), {"version": version.version}).status_code
        == 302
    )
    version.refresh_from_db()
    assert (
        qa.post(reverse("publications:publish", args=[publication.pk]), {"version": version.version}).status_code == 302
    )
    board = client_for(world["board"])
    page = board.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert "Published" in page and "not for circulation" not in page
    pdf = board.get(reverse("publications:download", args=[publication.pk, 1, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    headings = [
        "1. Theme and cases",
        "2. Process",
        "3. Strengths identified per case",
        "4. Findings identified per case",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    word = board.get(reverse("publications:download", args=[publication.pk, 1, "docx"]))
    read = WordDocument(io.BytesIO(word.content))
    assert [p.text for p in read.paragraphs if p.style.name == "Heading 1"][:2] == headings[:2]
    assert AuditEvent.objects.filter(action="publication.downloaded", actor=world["board"].user).count() == 2


def test_a_draft_is_marked_as_a_draft_in_every_format(world, audit, client_for):
    publication = six_step_for(world, audit)
    qa = client_for(world["qa"])
    assert "not for circulation" in qa.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    word = qa.get(reverse("publications:download", args=[publication.pk, 1, "docx"]))
    assert "Draft, version 1: not for circulation" in [
        p.text for p in WordDocument(io.BytesIO(word.content)).paragraphs
    ]


def test_agencies_report_how_they_used_a_briefing_and_the_partnership_sees_who_has_not(world, audit, client_for):
    publication = six_step_for(world, audit)
    publish(world, publication)
    qa = client_for(world["qa"])
    url = reverse("publications:practice", args=[publication.pk])
    page = qa.get(url).content.decode()
    assert "<li>Testshire Care Board</li>" in page and "<li>Testshire Police</li>" in page
    lead = client_for(world["lead"])
    response = lead.post(
        url, {"agency": world.police.pk, "meetings_held": "x", "staff_reached": "", "changes_made": ""}
    )
    body = response.content.decode()
    assert "Enter a whole number of meetings, like 3" in body and "Enter how many staff it reached" in body
    assert not publication.practice_reports.exists()
    response = lead.post(
        url,
        {
            "agency": world.police.pk,
            "meetings_held": "4",
            "staff_reached": "52",
            "changes_made": "Fathers are now asked about at every visit.",
        },
    )
    assert response.status_code == 302
    page = lead.get(url).content.decode()
    assert read_tables(page)["How agencies used it"].cell("Testshire Police", "Staff reached") == "52"
    assert 'value="4"' in page
    assert "<li>Testshire Care Board</li>" in page and "<li>Testshire Police</li>" not in page
    # The lead cannot report for another agency.
    response = lead.post(
        url, {"agency": world.health.pk, "meetings_held": "1", "staff_reached": "1", "changes_made": "x"}
    )
    assert "Choose an agency from the list" in response.content.decode()
    assert "Select a valid choice" not in response.content.decode()
    # It feeds the annual report's impact section.
    from maca.publications import services

    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    page = qa.get(reverse("publications:detail", args=[report.pk])).content.decode()
    tables = read_tables(page)
    assert tables["Briefings used in practice"].cell(publication.title, "Agencies reporting") == "1 of 2"
    assert tables["Briefings used in practice"].cell(publication.title, "Staff reached") == "52"
    assert "Testshire Police: Fathers are now asked about at every visit." in page
    assert tables[f"Audits in {audit.programme.label}"].cell(audit.title, "Cases") == "2"


def test_the_list_shows_each_persona_what_they_may_see_in_a_fixed_number_of_queries(world, client_for):
    qa = client_for(world["qa"])
    audits = []

    def add(n):
        for _ in range(n):
            audit = audit_with_findings(world, cases=1, child_names={})
            audits.append(audit)
            publication = six_step_for(world, audit)
            publish(world, publication)

    assert_queries_do_not_grow(lambda: qa.get(reverse("publications:index")), add)
    board = client_for(world["board"])
    page = board.get(reverse("publications:index")).content.decode()
    assert len(read_tables(page)["Publications"].rows) == 12


def test_the_settings_choose_the_approver_and_keep_the_logo(world, client_for):
    admin = client_for(world["admin"])
    url = reverse("publications:settings")
    from django.core.files.uploadedfile import SimpleUploadedFile

    # The version of the settings the page was opened at (1: none saved yet), as the form carries it.
    opened = {"version": "1"}
    response = admin.post(
        url, {**opened, "approver_role": "board_member", "logo": SimpleUploadedFile("logo.gif", b"GIF89a")}
    )
    assert "The logo must be a PNG file" in response.content.decode()
    response = admin.post(url, {**opened, "approver_role": "board_member"})
    assert response.status_code == 302
    page = admin.get(url).content.decode()
    assert 'value="board_member" checked' in page
    assert PublicationSettings.objects.get(partnership=world.partnership).approver_role == "board_member"


def test_home_pages_show_published_learning_approvals_waiting_and_briefings_to_report_on(world, audit, client_for):
    import html

    publication = six_step_for(world, audit)
    board = client_for(world["board"])
    home = html.unescape(board.get(reverse("home:index")).content.decode())
    assert publication.title not in home
    version = publication.versions.get()
    from maca.publications import services

    services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    home = html.unescape(client_for(world["qa"]).get(reverse("home:index")).content.decode())
    assert "Waiting for your approval" in home and f"{publication.title}, version 1" in home
    publication.versions.update(status="draft")
    publish(world, publication)
    home = html.unescape(board.get(reverse("home:index")).content.decode())
    assert publication.title in home
    lead = client_for(world["lead"])
    home = html.unescape(lead.get(reverse("home:index")).content.decode())
    assert reverse("publications:practice", args=[publication.pk]) in home
    from maca.publications.practice import practice_report_save

    practice_report_save(
        actor=world["lead"].user,
        publication=publication,
        agency=world.police,
        meetings_held=1,
        staff_reached=9,
        changes_made="Shared at the team meeting.",
    )
    home = html.unescape(lead.get(reverse("home:index")).content.decode())
    assert reverse("publications:practice", args=[publication.pk]) not in home


def test_a_published_version_is_rendered_once_and_again_only_when_the_letterhead_changes(
    world, audit, client_for, monkeypatch
):
    from maca.publications import rendering
    from maca.publications.models import RenderedFile
    from maca.publications.views import showing as publication_views

    publication = six_step_for(world, audit)
    renders = []

    def counting(document, letterhead):
        renders.append(letterhead.partnership_name)
        return rendering.pdf_bytes(document, letterhead)

    monkeypatch.setitem(publication_views.FORMATS, "pdf", ("application/pdf", counting))
    board, qa = client_for(world["board"]), client_for(world["qa"])
    url = reverse("publications:download", args=[publication.pk, 1, "pdf"])
    # A draft is rendered at every download and never kept.
    qa.get(url)
    qa.get(url)
    assert len(renders) == 2 and not RenderedFile.objects.exists()
    publish(world, publication)
    first = board.get(url).content
    second = qa.get(url).content
    assert first == second and len(renders) == 3
    assert "1. Theme and cases" in pdf_text(second)
    # A new name on the letterhead: rendered again, and the kept file replaced.
    world.partnership.name = "Testshire Children's Safeguarding Partnership"
    world.partnership.save()
    third = board.get(url).content
    assert len(renders) == 4 and "Testshire Children" in pdf_text(third)
    assert RenderedFile.objects.filter(format="pdf").count() == 1
    assert AuditEvent.objects.filter(action="publication.downloaded").count() == 5
