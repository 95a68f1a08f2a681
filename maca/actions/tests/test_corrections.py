"""What a person sees after the action plan's corrections: a short board
paper whose figures all follow the plan's filters, a second save after an edit
conflict that goes through, progress updates that never refuse each other, a
clear page (not a 403) when the action moved on, due-date errors on their
field, evidence downloads under their own names, reopening to the status
before cancelling, and the words of the forms and papers."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.actions import services
from maca.actions.models import Evidence
from maca.actions.presenters import long_date
from maca.actions.tests.builders import raise_action
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture
def today():
    return dt.date.today()


def html(response) -> str:
    return response.content.decode()


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def error_links(page: str) -> dict[str, str]:
    """The error summary as a person uses it: each message and the field it links to."""
    summary = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', page, re.S)
    assert summary, "no error summary on the page"
    return {
        unescape(re.sub(r"<[^>]+>", "", text)).strip(): href
        for href, text in re.findall(r'<a href="(#[^"]+)"[^>]*>(.*?)</a>', summary.group(0), re.S)
    }


def hidden_version(page: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def textarea(page: str, name: str) -> str:
    return unescape(re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1)).strip()


def pdf_pages(data: bytes) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "paper.pdf"
        path.write_bytes(data)
        out = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_text(data: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "paper.pdf"
        path.write_bytes(data)
        out = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def docx_of(response):
    from docx import Document

    return Document(io.BytesIO(response.content))


def docx_tables(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


# 1. The board paper's chart key --------------------------------------------------------------


def test_the_board_paper_of_a_small_plan_is_short_with_a_small_key(world, client_for, today):
    raise_action(world, title="Late one", today=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=1))
    raise_action(world, agency=world.health, owner=world["health_lead"].user, title="On track one")
    pdf = client_for(world["board"]).get(reverse("actions:plan_pdf"))
    assert pdf.status_code == 200
    # The key's swatches once each filled most of a page: six pages for two actions.
    assert pdf_pages(pdf.content) <= 2
    text = pdf_text(pdf.content)
    assert "Late one" in text and "On track one" in text


# 2. Board papers follow the plan's filters ---------------------------------------------------


def _mixed_plan(world, today):
    lead, health_lead = world["lead"].user, world["health_lead"].user
    late = raise_action(
        world, title="Police late", today=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=3)
    )
    services.progress_post(actor=lead, action=late, note="Started.", today=today - dt.timedelta(days=35))
    raise_action(
        world, title="Police not started", today=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=2)
    )
    other = raise_action(
        world,
        agency=world.health,
        owner=health_lead,
        title="Health late",
        today=today - dt.timedelta(days=40),
        due_on=today - dt.timedelta(days=5),
    )
    services.progress_post(actor=health_lead, action=other, note="Begun.", today=today - dt.timedelta(days=35))
    return late


def test_a_filtered_board_paper_counts_only_the_filtered_actions_and_says_so(world, client_for, today):
    late = _mixed_plan(world, today)
    qa = client_for(world["qa"])
    filters = {"agency": world.police.pk, "status": "in_progress"}
    plan = read_tables(html(qa.get(reverse("actions:plan"), filters)))["Actions"]
    assert [row[1] for row in plan.rows] == ["Police late"]

    document = docx_of(qa.get(reverse("actions:plan_docx"), filters))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Actions shown: agency Testshire Police; status In progress." in paragraphs
    chart = "1 action not yet closed, by owner agency: 1 red, 0 amber and 0 green."
    assert f"{chart} Testshire Police has the most overdue: 1." in paragraphs
    by_rag, overdue, listed = docx_tables(document)  # none closed: no table of them
    assert by_rag[1:] == [["Testshire Police", "1", "0", "0", "1"]]
    assert [row[0] for row in overdue[1:]] == [late.reference]
    assert [row[1] for row in listed[1:]] == ["Police late"]

    text = pdf_text(qa.get(reverse("actions:plan_pdf"), filters).content)
    assert "Actions shown: agency Testshire Police; status In progress." in text
    assert "Police not started" not in text and "Health late" not in text
    # Unfiltered, the paper says so and counts everything.
    document = docx_of(qa.get(reverse("actions:plan_docx")))
    assert "All actions." in [p.text for p in document.paragraphs]
    assert len(docx_tables(document)[1]) == 4  # three overdue below the headings
    # An agency's lead gets their agency's actions, and is told so.
    document = docx_of(client_for(world["lead"]).get(reverse("actions:plan_docx")))
    assert "All actions of Testshire Police." in [p.text for p in document.paragraphs]

    def add(n):
        for _ in range(n):
            raise_action(world, today=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=1))

    assert_queries_do_not_grow(lambda: qa.get(reverse("actions:plan_docx"), {"agency": world.police.pk}), add)


# 3. Edit conflicts: keep what was typed, show what is saved, a second save works ------------------


def test_after_an_edit_conflict_a_second_deliberate_save_goes_through(world, client_for, today):
    action = raise_action(world, due_on=today + dt.timedelta(days=10))
    first, second = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("actions:move_due_date", args=[action.pk])
    version = hidden_version(html(second.get(url)))
    first.post(
        url, {"version": version, "reason": "Waiting for data.", **_date("due_on", today + dt.timedelta(days=30))}
    )

    later = today + dt.timedelta(days=45)
    page = html(second.post(url, {"version": version, "reason": "New system delayed.", **_date("due_on", later)}))
    assert "Someone else changed this action while you were editing it" in words_of(page)
    saved = words_of(page)
    assert "What is saved now" in saved and f"Due {long_date(today + dt.timedelta(days=30))}" in saved
    assert textarea(page, "reason") == "New system delayed."  # what they typed stays
    assert hidden_version(page) == version + 1
    # Saving again, deliberately, works.
    response = second.post(
        url, {"version": hidden_version(page), "reason": "New system delayed.", **_date("due_on", later)}
    )
    assert response.status_code == 302
    detail = words_of(html(second.get(reverse("actions:detail", args=[action.pk]))))
    assert f"{long_date(later)} (was {long_date(today + dt.timedelta(days=10))})" in detail
    assert "New system delayed." in detail


def test_an_edit_conflict_on_the_owner_and_the_sign_off_forms_can_be_saved_again(world, client_for):
    action = raise_action(world)
    qa = client_for(world["qa"])
    url = reverse("actions:change_owner", args=[action.pk])
    stale = action.version
    services.action_move_due_date(
        actor=world["admin"].user,
        action=action,
        due_on=action.due_on + dt.timedelta(days=3),
        reason="Later.",
        expected_version=stale,
    )
    page = html(qa.post(url, {"version": stale, "owner": world["health_lead"].user.pk, "reason": "Health leads."}))
    assert "Someone else changed this action" in page and textarea(page, "reason") == "Health leads."
    assert (
        qa.post(
            url, {"version": hidden_version(page), "owner": world["health_lead"].user.pk, "reason": "Health leads."}
        ).status_code
        == 302
    )
    assert "Hari Health" in words_of(html(qa.get(reverse("actions:detail", args=[action.pk]))))

    lead = world["health_lead"].user
    action.refresh_from_db()
    action = services.sign_off_request(actor=lead, action=action, note="Done.", expected_version=action.version)
    stale = action.version
    services.action_move_due_date(
        actor=world["admin"].user,
        action=action,
        due_on=action.due_on + dt.timedelta(days=3),
        reason="Later.",
        expected_version=stale,
    )
    url = reverse("actions:sign_off", args=[action.pk])
    data = {"decision": "sign_off", "impact": "Referrals arrive complete."}
    page = html(qa.post(url, {"version": stale, **data}))
    assert "Someone else changed this action" in page and textarea(page, "impact") == "Referrals arrive complete."
    assert qa.post(url, {"version": hidden_version(page), **data}).status_code == 302
    assert "Referrals arrive complete." in words_of(html(qa.get(reverse("actions:detail", args=[action.pk]))))


def test_two_people_posting_updates_at_once_both_succeed(world, client_for):
    action = raise_action(world)
    lead, auditor = client_for(world["lead"]), client_for(world["auditor"])
    url = reverse("actions:progress", args=[action.pk])
    lead.get(url), auditor.get(url)  # both open the form
    assert lead.post(url, {"version": action.version, "note": "Drafted the checklist."}).status_code == 302
    assert auditor.post(url, {"version": action.version, "note": "Trained two teams."}).status_code == 302
    history = read_tables(html(lead.get(reverse("actions:detail", args=[action.pk]))))["History"]
    notes = [row[3] for row in history.rows]
    assert "Drafted the checklist." in notes and "Trained two teams." in notes


def test_an_attached_file_is_never_dropped_without_saying_so(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    page = html(lead.post(url, {"note": "", "files": [upload]}))
    links = error_links(page)
    assert links["Enter what has happened since the last update"] == "#id_note"
    message = "Choose ‘minutes.pdf’ again: files are not kept when the page shows a problem, so attach it again"
    assert links[message] == "#id_files"
    assert not Evidence.objects.exists()


# 4. The action moved on while someone typed ---------------------------------------------------


def test_an_update_to_an_action_cancelled_meanwhile_is_refused_clearly_keeping_the_text(world, client_for, today):
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    lead.get(url)
    services.action_cancel(actor=world["qa"].user, action=action, reason="Overtaken.", expected_version=action.version)
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    response = lead.post(url, {"version": action.version, "note": "We met the school.", "files": [upload]})
    assert response.status_code == 200
    page = html(response)
    message = f"This action was cancelled on {long_date(today)}, so updates can no longer be posted"
    assert error_links(page)[message] == "#id_note"
    assert "‘minutes.pdf’ has not been saved either" in error_links(page)
    assert textarea(page, "note") == "We met the school."
    assert "Post the update" not in page
    assert not Evidence.objects.exists()
    # Opening the form of a cancelled action goes back to the action, saying why.
    response = lead.get(url, follow=True)
    assert message in words_of(html(response))
    # A real permission failure stays a 403; another agency's action a 404.
    assert client_for(world["board"]).post(url, {"note": "x"}).status_code == 403
    assert client_for(world["health_lead"]).post(url, {"note": "x"}).status_code == 404


def test_a_sign_off_request_after_a_cancelling_is_refused_clearly(world, client_for, today):
    action = raise_action(world)
    services.action_cancel(actor=world["qa"].user, action=action, reason="Overtaken.", expected_version=action.version)
    page = html(
        client_for(world["lead"]).post(
            reverse("actions:request_sign_off", args=[action.pk]), {"version": action.version, "note": "All done."}
        )
    )
    message = f"This action was cancelled on {long_date(today)}, so it can no longer be put forward for sign-off"
    assert error_links(page)[message] == "#id_note" and textarea(page, "note") == "All done."


# 5. Due-date errors on their field -----------------------------------------------------------


def test_due_date_errors_link_to_the_due_date(world, client_for, today):
    action = raise_action(world, due_on=today + dt.timedelta(days=10))
    qa = client_for(world["qa"])
    url = reverse("actions:move_due_date", args=[action.pk])
    same = html(qa.post(url, {"version": action.version, "reason": "Why not.", **_date("due_on", action.due_on)}))
    message = f"Enter a new due date: {long_date(action.due_on)} is the date it is due now"
    assert error_links(same)[message].startswith("#id_due_on")
    assert words_of(same).count(message) == 2  # in the summary, and above the field shown in error
    past = html(
        qa.post(url, {"version": action.version, "reason": "Why not.", **_date("due_on", today - dt.timedelta(days=1))})
    )
    assert error_links(past)["The new due date must be today or in the future"].startswith("#id_due_on")
    assert textarea(past, "reason") == "Why not."


# 6. Evidence under its own name ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "plain", "encoded"),
    [
        ("minutes é 2026.pdf", "minutes e 2026.pdf", "minutes%20%C3%A9%202026.pdf"),
        ("Dad’s letter.pdf", "Dad's letter.pdf", "Dad%E2%80%99s%20letter.pdf"),
    ],
)
def test_evidence_downloads_keep_their_names(world, client_for, name, plain, encoded):
    action = raise_action(world)
    lead = client_for(world["lead"])
    lead.post(
        reverse("actions:progress", args=[action.pk]),
        {"note": "Minutes attached.", "files": [SimpleUploadedFile(name, PDF, content_type="application/pdf")]},
    )
    item = Evidence.objects.get()
    assert name in words_of(html(lead.get(reverse("actions:detail", args=[action.pk]))))
    header = lead.get(reverse("actions:evidence", args=[item.pk]))["Content-Disposition"]
    assert header == f"attachment; filename=\"{plain}\"; filename*=utf-8''{encoded}"


def test_an_ascii_evidence_name_is_sent_as_it_is():
    from maca.core.exports import attachment_header

    assert attachment_header("minutes 2026.pdf") == 'attachment; filename="minutes 2026.pdf"'
    assert attachment_header('a"b.pdf').startswith('attachment; filename="ab.pdf"; filename*=')


# 7. Reopening a cancelled action ----------------------------------------------------------------


def test_reopening_a_cancelled_action_restores_its_status(world, client_for):
    qa = client_for(world["qa"])
    never = raise_action(world, title="Never begun")
    begun = raise_action(world, title="Begun")
    services.progress_post(actor=world["lead"].user, action=begun, note="Begun.")
    for action in (never, begun):
        action.refresh_from_db()
        services.action_cancel(
            actor=world["qa"].user, action=action, reason="Duplicate.", expected_version=action.version
        )
        action.refresh_from_db()
        response = qa.post(
            reverse("actions:reopen", args=[action.pk]), {"version": action.version, "reason": "Needed."}
        )
        assert response.status_code == 302
    table = read_tables(html(qa.get(reverse("actions:plan"))))["Actions"]
    assert table.cell(never.reference, "Status") == "Not started"
    assert table.cell(begun.reference, "Status") == "In progress"
    history = words_of(html(qa.get(reverse("actions:detail", args=[never.pk]))))
    assert "Reopened: now not started." in history


# 8. Raising: agencies with someone to choose; no standing-action hint from a recommendation ---


def test_the_raise_forms_offer_agencies_with_people_and_no_wrong_hint(world, client_for):
    from maca.actions.tests.builders import audit_with_recommendations

    qa = client_for(world["qa"])
    page = html(qa.get(reverse("actions:raise")))
    agencies = re.search(r'<select[^>]*name="owner_agency".*?</select>', page, re.S).group(0)
    assert "Testshire Police" in agencies and "Testshire Care Board" in agencies
    assert "Mill Lane Surgery" not in agencies  # nobody there to own an action
    assert "Someone from the owner agency." in words_of(page)
    assert "Leave empty for a standing action." in words_of(page)
    _audit, _finding, recommendations, _theme = audit_with_recommendations(world)
    page = html(qa.get(reverse("actions:raise_from_recommendation", args=[recommendations[0].pk])))
    assert "Leave empty for a standing action" not in page


# 9. The plan's words by scope, and the agency's own list linked -------------------------------


def test_the_plan_says_whose_actions_it_shows_and_links_the_agencys_list(world, client_for):
    lead_page = words_of(html(client_for(world["lead"]).get(reverse("actions:plan"))))
    assert "The actions Testshire Police (or a part of it) owns" in lead_page
    assert "Every action raised after the partnership’s audits" not in lead_page
    assert "Your agency’s actions" in lead_page
    lead_html = html(client_for(world["lead"]).get(reverse("actions:plan")))
    assert f'href="{reverse("actions:mine")}"' in lead_html
    qa_page = html(client_for(world["qa"]).get(reverse("actions:plan")))
    assert "Every action raised after the partnership’s audits" in qa_page
    assert reverse("actions:mine") not in qa_page


# 10. One text for due dates, words said once ------------------------------------------------------


def test_papers_pages_and_exports_say_the_same_and_read_well(world, client_for, today):
    action = raise_action(world, title="Moved one", due_on=today + dt.timedelta(days=10))
    first_due = action.due_on
    action = services.action_move_due_date(
        actor=world["qa"].user,
        action=action,
        due_on=today + dt.timedelta(days=40),
        reason="Later.",
        expected_version=action.version,
    )
    lead = world["lead"].user
    services.progress_post(actor=lead, action=action, note="The checklist is drafted.")
    action.refresh_from_db()
    services.sign_off_request(actor=lead, action=action, note="Done.", expected_version=action.version)
    action.refresh_from_db()
    services.action_sign_off(actor=world["qa"].user, action=action, impact="Better.", expected_version=action.version)
    qa = client_for(world["qa"])
    due = f"{long_date(action.due_on)} (was {long_date(first_due)})"

    listed = docx_tables(docx_of(qa.get(reverse("actions:plan_docx"))))[-1]
    assert listed[1][4] == due
    assert due in pdf_text(qa.get(reverse("actions:plan_pdf")).content)

    detail = html(qa.get(reverse("actions:detail", args=[action.pk])))
    history = [row[2] for row in read_tables(detail)["History"].rows]
    assert "Marked as completed and sign-off asked for." in history
    assert "Signed off and closed." in history
    assert not any("now closed" in line or "awaiting sign-off." in line for line in history)
    text = words_of(detail)
    keys = re.findall(r"<dt[^>]*>\s*([^<]*?)\s*</dt>", detail)
    assert "Raised from" in keys and "Audit" not in keys  # no audit: "Standing action" once
    assert text.count("Standing action") == 1

    plan = html(qa.get(reverse("actions:plan")))
    year = today.year if today.month >= 4 else today.year - 1
    assert f"{year}–{str(year + 1)[-2:]}" in plan and f"{year} to {year + 1}" not in plan

    csv_text = b"".join(qa.get(reverse("actions:plan_export", args=["csv"])).streaming_content).decode("utf-8-sig")
    import csv

    rows = list(csv.reader(io.StringIO(csv_text)))
    header, row = rows[0], rows[1]
    assert row[header.index("Latest progress")] == today.isoformat()  # a date a spreadsheet sorts (docs: ISO 8601)
    assert row[header.index("Latest progress update")] == "The checklist is drafted."
