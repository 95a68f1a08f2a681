"""What a reader sees after the QA walk's corrections to the publications: a
draft marked on every page and in its file name, Word files on A4, a range
of years kept whole in a title and a file name, "Case 1" on one line, no
child counted as none where nobody recorded the figure, and the annual
report's themes counted as the recurrence pages count them."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from maca.findings.models import Finding, FindingTag, Theme
from maca.findings.recurrence import recurrence
from maca.publications import drafting, rendering, services
from maca.publications.document import Document, Section, Table
from maca.publications.models import Kind
from maca.publications.sources import AuditRow, YearRecord
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.publications.tests.pdf import pdf_text
from maca.tests.tables import read_tables

NOTE = "Draft, version 1: not for circulation"
DRAFT = rendering.Letterhead("Testshire Safeguarding Children Partnership", status_note=NOTE)
PUBLISHED = rendering.Letterhead("Testshire Safeguarding Children Partnership")


def _long(title: str = "6 Step Briefing: Neglect in babies") -> Document:
    return Document(
        title=title,
        subtitle="Multi-agency case audit, 2025–26",
        sections=[
            Section("s", "1. A long section", "\n\n".join(f"Paragraph {n} of a long section." for n in range(140)))
        ],
    )


def _file_name(response) -> str:
    header = response["Content-Disposition"]
    if match := re.search(r"filename\*=utf-8''([^;]+)", header):
        return unquote(match.group(1))
    return re.search(r'filename="([^"]+)"', header).group(1)


# 2. A draft says so on every page ---------------------------------------------------------------


def test_a_draft_pdf_is_marked_on_every_page_and_a_published_one_on_none():
    pages = pdf_text(rendering.pdf_bytes(_long(), DRAFT)).split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert NOTE in page, number
        assert f"Page {number} of {len(pages)}" in page
    published = pdf_text(rendering.pdf_bytes(_long(), PUBLISHED))
    assert "not for circulation" not in published and "Page 1 of " in published


def test_a_draft_word_file_is_marked_in_every_page_header_and_a_published_one_is_not():
    word = WordDocument(io.BytesIO(rendering.docx_bytes(_long(), DRAFT)))
    assert [section.header.paragraphs[0].text for section in word.sections] == [NOTE]
    published = WordDocument(io.BytesIO(rendering.docx_bytes(_long(), PUBLISHED)))
    assert all(not paragraph.text for s in published.sections for paragraph in s.header.paragraphs)


@pytest.mark.django_db
def test_a_draft_download_is_named_a_draft_and_a_published_one_is_not(world, client_for):
    publication = six_step_for(world)
    qa = client_for(world["qa"])
    url = reverse("publications:download", args=[publication.pk, 1, "pdf"])
    name = _file_name(qa.get(url))
    assert name.startswith("6-step-briefing-") and name.endswith("-v1-draft.pdf")
    draft_word = qa.get(reverse("publications:download", args=[publication.pk, 1, "docx"]))
    assert _file_name(draft_word).endswith("-v1-draft.docx")
    publish(world, publication)
    assert _file_name(client_for(world["board"]).get(url)) == name.replace("-v1-draft.pdf", "-v1.pdf")


# 3. Word files on A4 ---------------------------------------------------------------------------


def test_a_word_file_is_a4_with_its_title_and_the_partnership_as_author():
    word = WordDocument(io.BytesIO(rendering.docx_bytes(_long(), PUBLISHED)))
    for section in word.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert round(section.left_margin.mm) == round(section.right_margin.mm) == 20
        assert "NUMPAGES" in section.footer.paragraphs[0]._p.xml
    properties = word.core_properties
    assert properties.title == "6 Step Briefing: Neglect in babies"
    assert properties.author == "Testshire Safeguarding Children Partnership"
    assert "python-docx" not in properties.author + properties.comments


# 4 and 5. A range of years kept whole; "Case 1" on one line --------------------------------------


@pytest.mark.django_db
def test_the_annual_report_file_name_keeps_the_dash_of_its_years(world, client_for):
    audit = audit_with_findings(world)
    year = audit.programme.year
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    response = client_for(world["qa"]).get(reverse("publications:download", args=[report.pk, 1, "docx"]))
    years = f"{year}-{str(year + 1)[-2:]}"
    assert _file_name(response) == f"annual-quality-assurance-report-{years}-v1-draft.docx"


@pytest.mark.parametrize("padding", range(0, 16))
def test_a_range_of_years_in_a_title_is_never_broken_at_its_dash(padding):
    # Titles of every length around the line's end: one of them once broke as "2025–" and "26".
    title = f"Annual quality assurance report {'x' * padding} for the partnership 2025–26"
    text = pdf_text(rendering.pdf_bytes(Document(title, "", []), PUBLISHED), layout=True)
    assert "2025–26" in text


def test_a_case_number_in_the_cases_table_is_never_wrapped():
    agencies = ", ".join(f"Testshire agency number {n} with a long name" for n in range(6))
    table = Table(
        "The cases audited",
        ["Case", "Referred to as", "Children", "Agencies auditing"],
        [[f"Case {n}", "Children B1, B2, B3 and B4 of the family", "Not recorded", agencies] for n in range(1, 4)],
    )
    document = Document("6 Step Briefing", "", [Section("theme", "1. Theme and cases", "", tables=[table])])
    text = pdf_text(rendering.pdf_bytes(document, PUBLISHED), layout=True)
    for n in range(1, 4):
        assert f"Case {n}" in text


# 6. Children not recorded are not counted as none -------------------------------------------------


def _row(title: str, cases: int, children: int | None) -> AuditRow:
    return AuditRow(title, "Neglect", None, cases, children, "Closed", 0, 0, [], [])


def _year(*rows: AuditRow) -> YearRecord:
    return YearRecord(2025, "2025–26", list(rows), [], [], [], None, "No actions were raised in 2025–26.")


def test_an_audit_with_no_children_figure_says_not_recorded_and_is_left_out_of_no_total():
    document = drafting.annual_report(
        _year(_row("Neglect in babies", 4, 6), _row("Imported audit", 3, None), _row("Missing", 2, 4)),
        partnership_name="Testshire Safeguarding Children Partnership",
    )
    section = document.section("audits")
    assert [row[4] for row in section.tables[0].rows] == ["6", "Not recorded", "4"]
    assert section.text == (
        "The partnership held 3 audits in 2025–26, looking at 9 cases. The number of children is not recorded "
        "for ‘Imported audit’; the other 2 audits looked at 10 children."
    )
    every = drafting.annual_report(_year(_row("Neglect in babies", 4, 6)), partnership_name="Testshire")
    assert (
        every.section("audits").text == "The partnership held 1 audit in 2025–26, looking at 4 cases about 6 children."
    )


@pytest.mark.django_db
def test_a_case_with_no_children_recorded_is_not_counted_as_none(world):
    from maca.cases.models import Case, Child
    from maca.publications.sources import audit_record, year_record

    audit = audit_with_findings(world, cases=2, child_names={})
    first = audit.audit_cases.get(number=1).case
    Child.objects.filter(case=first).delete()
    Case.objects.filter(pk=first.pk).update(children_count=0)
    record = audit_record(audit)
    assert [case.children for case in record.cases] == [0, 1]
    # The briefing counts by the rule the audit's own pages state it by.
    from maca.programme.audit_cases import selected

    assert record.selected == selected(world.partnership, audit) == (2, 1, 1, 0, False)
    assert selected(world.partnership, audit).sentence() == "2 cases reviewing 1 child (not recorded for 1 case)"
    briefing = drafting.six_step(record)
    assert [row[2] for row in briefing.section("theme").tables[0].rows] == ["Not recorded", "1"]
    assert "The number of children is not recorded for 1 case; the other 1 case is about 1 child." in (
        briefing.section("theme").text
    )
    [row] = year_record(world.partnership, audit.programme.year).audits
    assert (row.cases, row.children) == (2, None)


# 7. The annual report counts themes as the recurrence pages do -----------------------------------


@pytest.mark.django_db
def test_the_annual_report_and_the_theme_page_give_the_same_count(world, client_for):
    audit = audit_with_findings(world)  # Think family on the finding of each of its 2 cases
    family = Theme.objects.get(partnership=world.partnership, key="think_family")
    across = Finding.objects.create(
        partnership=world.partnership,
        audit=audit,
        polarity="concern",
        text="Agencies did not share what they knew of the father.",
        tags_confirmed_at=timezone.now(),
    )
    FindingTag.objects.create(
        partnership=world.partnership, finding=across, theme=family, confirmed_by=world["qa"].user
    )
    unconfirmed = Finding.objects.create(
        partnership=world.partnership, audit=audit, audit_case=audit.audit_cases.first(), polarity="concern", text="x"
    )
    FindingTag.objects.create(partnership=world.partnership, finding=unconfirmed, theme=family)

    year = audit.programme.year
    found = recurrence(world.partnership, theme=family)
    on_theme_page = found.by_year(found.history(family.pk))[year].concerns
    assert on_theme_page == 3  # both cases' findings and the one across cases; not the unconfirmed one
    page = client_for(world["qa"]).get(reverse("findings:theme_over_years", args=["think_family"]))
    year_by_year = next(t for t in read_tables(page.content.decode()).values() if "year by year" in t.caption)
    label = f"{year}–{str(year + 1)[-2:]}"
    assert year_by_year.cell(label, "Concerns") == "3"

    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    figure = Document.from_json(report.versions.get().document).section("themes").figure
    assert figure.summary == f"Raised most often as a concern in {label}: Think family (3 findings)."
    assert dict(zip(figure.categories, dict(figure.series)["Concerns"], strict=True))["Think family"] == 3


def test_an_annual_report_drafted_before_its_audits_are_done_never_says_they_were_held():
    under_way = AuditRow("Exploitation", "Exploitation", None, 6, 6, "Agencies auditing", 0, 0, [], [], "under way")
    planned = AuditRow("Fathers", "Fathers", None, 0, None, "Planned", 0, 0, [], [], "planned")
    document = drafting.annual_report(
        _year(_row("Neglect in babies", 4, 6), under_way, planned), partnership_name="Testshire"
    )
    text = document.section("audits").text
    assert text.startswith("The partnership has 3 audits in 2025–26 (1 held, 1 under way and 1 planned), looking at")
    assert "held 3 audits" not in text


@pytest.mark.django_db
def test_the_annual_report_says_which_of_the_years_audits_are_still_to_come(world, client_for):
    from maca.programme.models import Audit, Stage
    from maca.programme.tests.factories import AuditFactory
    from maca.tests.test_words_on_pages import words_of

    held = audit_with_findings(world)
    planned = AuditFactory(partnership=world.partnership, programme=held.programme, title="Fathers and carers")
    assert Audit.objects.get(pk=planned.pk).stage == Stage.PLANNED
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=held.programme.year
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode())
    assert "The partnership has 2 audits in" in page and "(1 held and 1 planned)" in page
