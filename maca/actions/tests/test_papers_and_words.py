"""What a person sees after the QA walk's corrections to the action plan: a
board paper that is a tagged PDF with "Page N of M" and no row split across
pages, a Word paper on A4 naming the paper and the partnership, download
names that say what they cover, one error for a refused evidence file, a due
date that did not move said so, and typed paragraphs kept on the pages."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from maca.actions import services
from maca.actions.presenters import long_date
from maca.actions.tests.builders import raise_action
from maca.actions.tests.test_corrections import error_links, html
from maca.partnerships.models import Agency
from maca.publications.tests.pdf import pdf_info, pdf_text


@pytest.fixture
def today():
    return dt.date.today()


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _file_name(response) -> str:
    """The name a browser saves the file under: the UTF-8 one if given, else the plain one."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ")
    if match := re.search(r"filename\*=utf-8''([^;]+)", header):
        return unquote(match.group(1))
    return re.search(r'filename="([^"]+)"', header).group(1)


# 1. The board paper: tagged, numbered pages, whole rows; Word on A4 with its properties ----------


def test_the_board_paper_pdf_is_tagged_numbered_and_never_splits_a_row(world, client_for, today):
    # Long titles, so that each row of the plan takes several lines and a page's foot falls inside one.
    words = (
        "Agree a shared protocol for strategy discussions with health, police and children's social care, "
        "test it in a sample of cases and report to the board what changed for the children"
    )
    actions = [
        raise_action(world, title=f"{words}, part {n}", due_on=today + dt.timedelta(days=n)) for n in range(1, 46)
    ]
    pdf = client_for(world["qa"]).get(reverse("actions:plan_pdf")).content

    assert re.search(r"^Tagged:\s+yes", pdf_info(pdf), re.M)
    assert re.search(r"^Title:\s+Testshire Safeguarding Children Partnership: action plan", pdf_info(pdf), re.M)
    structure = pdf_info(pdf, "-struct")
    assert "Table" in structure and "H1" in structure
    pages = pdf_text(pdf).split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Testshire Safeguarding Children Partnership" in page
    # Every row of the plan whole on one page: its Ref and its words together.
    plan = pdf_text(pdf).split("The plan", 1)[1]
    for action in actions:
        holding = [page for page in plan.split("\f") if re.search(rf"\b{action.reference}\b", page)]
        assert len(holding) == 1, action.reference
        assert f"part {action.title.rsplit(' ', 1)[1]}" in " ".join(holding[0].split()), action.reference


def test_the_board_paper_in_word_is_a4_and_names_the_paper_and_the_partnership(world, client_for):
    raise_action(world, title="Paper action")
    document = Document(io.BytesIO(client_for(world["board"]).get(reverse("actions:plan_docx")).content))
    properties = document.core_properties
    assert properties.title == "Testshire Safeguarding Children Partnership: action plan"
    assert properties.author == "Testshire Safeguarding Children Partnership"
    assert "python-docx" not in " ".join([properties.author, properties.comments, properties.last_modified_by])
    for section in document.sections:
        # A4 landscape, as the PDF: the plan's tables are wide.
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
        assert round(section.left_margin.mm) == round(section.top_margin.mm) == 15
        footer = section.footer.paragraphs[0]
        assert footer.text.startswith("Testshire Safeguarding Children Partnership – Page ")
        assert "NUMPAGES" in footer._p.xml


# 4. Download names say what the download covers ------------------------------------------------


def test_a_filtered_or_agency_download_is_named_for_what_it_covers(world, client_for, today):
    raise_action(world, title="Police one")
    qa, lead = client_for(world["qa"]), client_for(world["lead"])
    on = today.isoformat()
    assert _file_name(qa.get(reverse("actions:plan_export", args=["csv"]))) == f"action-plan-{on}.csv"
    filtered = qa.get(reverse("actions:plan_export", args=["csv"]), {"status": "not_started"})
    assert _file_name(filtered) == f"action-plan-not-started-{on}.csv"
    by_agency = qa.get(reverse("actions:plan_export", args=["xlsx"]), {"agency": world.police.pk})
    assert _file_name(by_agency) == f"action-plan-testshire-police-{on}.xlsx"
    assert _file_name(qa.get(reverse("actions:plan_pdf"))) == f"action-plan-board-paper-{on}.pdf"
    # An agency's lead downloads their own agency's actions, and the name says so.
    assert _file_name(lead.get(reverse("actions:plan_pdf"))) == f"action-plan-board-paper-testshire-police-{on}.pdf"
    own = lead.get(reverse("actions:plan_docx"), {"agency": world.police.pk})
    assert _file_name(own) == f"action-plan-board-paper-testshire-police-{on}.docx"
    # A year keeps its dash: "2026–27" is "2026-27", never "202627".
    year = raise_action(world).raised_on
    business = year.year if year.month >= 4 else year.year - 1
    by_year = qa.get(reverse("actions:plan_export", args=["csv"]), {"year": business})
    assert _file_name(by_year) == f"action-plan-{business}-{str(business + 1)[-2:]}-{on}.csv"


def test_a_name_with_accents_arrives_as_itself_with_a_plain_form_for_older_browsers(world, client_for, today):
    Agency.objects.filter(pk=world.police.pk).update(name="Heddlu Dyfed-Powys ŵ é")
    raise_action(world)
    response = client_for(world["qa"]).get(reverse("actions:plan_export", args=["csv"]), {"agency": world.police.pk})
    assert _file_name(response) == f"action-plan-heddlu-dyfed-powys-ŵ-é-{today.isoformat()}.csv"
    assert f'filename="action-plan-heddlu-dyfed-powys-w-e-{today.isoformat()}.csv"' in response["Content-Disposition"]


# 8. A refused evidence file: one error, about the file ---------------------------------------


def test_a_refused_file_has_one_error_and_a_good_file_is_asked_for_again(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    bad = SimpleUploadedFile("bad.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = html(lead.post(url, {"note": "Update with a program", "files": [bad]}))
    assert list(error_links(page)) == [
        "‘bad.exe’ must be one of these kinds of file: CSV, DOCX, JPG, ODT, PDF, PNG, TXT, XLSX"
    ]
    assert "again" not in " ".join(error_links(page))
    # A good file sent with a bad one is lost with the page: that one is asked for again.
    bad = SimpleUploadedFile("bad.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    good = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    errors = list(error_links(html(lead.post(url, {"note": "Two files", "files": [bad, good]}))))
    assert errors[0].startswith("‘bad.exe’ must be one of these kinds of file")
    assert (
        errors[1] == "Choose ‘minutes.pdf’ again: files are not kept when the page shows a problem, so attach it again"
    )
    assert len(errors) == 2


# 9. A due date that did not move ---------------------------------------------------------------


def test_a_due_date_moved_to_the_date_it_already_has_says_so(world, client_for, today):
    action = raise_action(world, due_on=today + dt.timedelta(days=10))
    url = reverse("actions:move_due_date", args=[action.pk])
    qa = client_for(world["qa"])
    message = f"Enter a new due date: {long_date(action.due_on)} is the date it is due now"
    # The form as opened, sent at once: the date comes first, then the missing reason.
    page = html(qa.post(url, {"version": action.version, "reason": "", **_date("due_on", action.due_on)}))
    assert list(error_links(page)) == [message, "Enter why the due date is moving"]
    assert error_links(page)[message].startswith("#id_due_on")
    page = html(qa.post(url, {"version": action.version, "reason": "Why not.", **_date("due_on", action.due_on)}))
    assert list(error_links(page)) == [message]
    # The service says the same to any other caller.
    with pytest.raises(Exception, match="is the date it is due now"):
        services.action_move_due_date(
            actor=world["qa"].user, action=action, due_on=action.due_on, reason="Why not.", expected_version=1
        )


# 10. Paragraphs typed are shown as typed --------------------------------------------------------


TYPED = "First paragraph <b>not bold</b>.\n\nSecond paragraph,\nwith a second line."


def _paragraphs(page: str) -> str:
    return " ".join(page.split())


def test_typed_paragraphs_are_kept_on_the_action_and_sign_off_pages(world, client_for, today):
    from maca.findings.models import Recommendation

    recommendation = Recommendation.objects.create(
        partnership=world.partnership,
        audit=_an_audit(world),
        text="Ask about fathers.\n\nAt every assessment.",
        created_by=world["qa"].user,
    )
    action = raise_action(
        world, text=TYPED, measure=TYPED, today=today - dt.timedelta(days=5), recommendation=recommendation
    )
    lead, qa = world["lead"].user, world["qa"].user
    services.progress_post(actor=lead, action=action, note=TYPED, today=today - dt.timedelta(days=2))
    action = services.sign_off_request(actor=lead, action=action, note="Done.\n\nAll of it.", expected_version=2)
    page = _paragraphs(html(client_for(world["qa"]).get(reverse("actions:sign_off", args=[action.pk]))))
    # What must happen and how everyone will know: as typed, markup as text.
    assert page.count('<p class="govuk-body maca-pre-wrap">First paragraph &lt;b&gt;not bold&lt;/b&gt;.') == 2
    # The history's notes, paragraph by paragraph.
    first, second = ">First paragraph &lt;b&gt;not bold&lt;/b&gt;.</p>", ">Second paragraph,<br>with a second line.</p>"
    assert first in page and second in page and ">Done.</p>" in page and ">All of it.</p>" in page

    action = services.action_sign_off(actor=qa, action=action, impact=TYPED, expected_version=action.version)
    page = _paragraphs(html(client_for(world["qa"]).get(reverse("actions:detail", args=[action.pk]))))
    # What must happen, how everyone will know, the statement of impact, and in the
    # history the progress note and the sign-off's note (the statement again).
    assert page.count(first) == 5 and page.count(second) == 5
    assert ">Ask about fathers.</p>" in page and ">At every assessment.</p>" in page
    assert "<b>not bold</b>" not in page


def _an_audit(world):
    from maca.returns.tests.builders import audit_with_returns

    return audit_with_returns(world, cases=1)
