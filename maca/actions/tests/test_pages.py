"""The action plan's pages as people use them: raise, post progress with
evidence, ask for sign-off, sign off or send back, move a due date, reopen;
what each page then shows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.actions.models import Action, ActionStatus, Evidence
from maca.actions.tests.builders import raise_action
from maca.audit_trail.models import AuditEvent
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

PDF = b"%PDF-1.4\n% a tiny test file\n"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def today():
    return dt.date.today()


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_the_qa_officer_raises_a_standing_action_and_everyone_sees_it(world, client_for, today):
    qa = client_for(world["qa"])
    due = today + dt.timedelta(days=40)
    response = qa.post(
        reverse("actions:raise"),
        {
            "title": "Shared referral checklist",
            "text": "Every agency uses one referral checklist from April.",
            "measure": "A dip sample of 20 referrals shows the checklist used.",
            "owner_agency": world.police.pk,
            "owner": world["lead"].user.pk,
            "priority": "high",
            **_date("due_on", due),
        },
    )
    assert response.status_code == 302, html(response)
    action = Action.objects.get(title="Shared referral checklist")
    assert action.original_due_on == due and action.status == ActionStatus.NOT_STARTED
    page = html(client_for(world["board"]).get(reverse("actions:plan")))
    table = read_tables(page)["Actions"]
    assert table.cell(action.reference, "Owner") == "Lena Lead"
    assert table.cell(action.reference, "Status") == "Not started"
    assert table.cell(action.reference, "RAG") == "Green"
    # Another agency's lead does not see the police's action; its own page is a 404.
    other = client_for(world["health_lead"])
    assert "Shared referral checklist" not in html(other.get(reverse("actions:plan")))
    assert other.get(reverse("actions:detail", args=[action.pk])).status_code == 404


def test_raising_with_mistakes_shows_each_and_saves_nothing(world, client_for, today):
    qa = client_for(world["qa"])
    response = qa.post(
        reverse("actions:raise"),
        {
            "title": "",
            "text": "x",
            "measure": "y",
            "owner_agency": world.health.pk,
            "owner": world["lead"].user.pk,
            "priority": "high",
            **_date("due_on", today - dt.timedelta(days=1)),
        },
    )
    page = html(response)
    assert "govuk-error-summary" in page
    assert "Enter a short name for the action" in page
    assert "The due date must be today or in the future" in page
    assert "Select someone from the owner agency" in page
    assert not Action.objects.exists()


def test_progress_with_evidence_sign_off_and_send_back(world, client_for, today):
    action = raise_action(world, due_on=today + dt.timedelta(days=10))
    lead = client_for(world["lead"])
    response = lead.post(
        reverse("actions:progress", args=[action.pk]),
        {
            "version": action.version,
            "note": "The checklist has been drafted and shared.",
            "files": [SimpleUploadedFile("checklist.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302, html(response)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.last_progress_on == today
    item = Evidence.objects.get()
    assert bytes(item.content) != PDF  # encrypted at rest
    page = html(lead.get(reverse("actions:detail", args=[action.pk])))
    assert "The checklist has been drafted and shared." in page and "checklist.pdf" in page
    download = lead.get(reverse("actions:evidence", args=[item.pk]))
    assert download.content == PDF and "attachment" in download["Content-Disposition"]
    # The board sees that there is evidence, never the file.
    board = client_for(world["board"])
    assert "checklist.pdf" not in html(board.get(reverse("actions:detail", args=[action.pk])))
    assert board.get(reverse("actions:evidence", args=[item.pk])).status_code == 403
    assert client_for(world["health_lead"]).get(reverse("actions:evidence", args=[item.pk])).status_code == 404
    assert client_for(world["outsider"]).get(reverse("actions:evidence", args=[item.pk])).status_code == 404

    lead.post(
        reverse("actions:request_sign_off", args=[action.pk]),
        {"version": action.version, "note": "Checklist in use by every team."},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_SIGN_OFF
    qa = client_for(world["qa"])
    # Sending back needs a reason; signing off a statement of impact.
    page = html(
        qa.post(reverse("actions:sign_off", args=[action.pk]), {"version": action.version, "decision": "send_back"})
    )
    assert "Enter what is still needed before the action can be signed off" in page
    page = html(
        qa.post(reverse("actions:sign_off", args=[action.pk]), {"version": action.version, "decision": "sign_off"})
    )
    assert "Enter the statement of impact" in page
    qa.post(
        reverse("actions:sign_off", args=[action.pk]),
        {"version": action.version, "decision": "send_back", "reason": "Show the dip sample."},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.completed_on is None
    lead.post(
        reverse("actions:request_sign_off", args=[action.pk]), {"version": action.version, "note": "Sample done."}
    )
    action.refresh_from_db()
    qa.post(
        reverse("actions:sign_off", args=[action.pk]),
        {"version": action.version, "decision": "sign_off", "impact": "Referrals now arrive complete."},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED and action.impact == "Referrals now arrive complete."
    page = html(client_for(world["board"]).get(reverse("actions:detail", args=[action.pk])))
    assert "Referrals now arrive complete." in page and "Show the dip sample." in page
    board_page = read_tables(html(client_for(world["board"]).get(reverse("actions:board"))))
    assert board_page["Closed in the last quarter"].cell(action.reference, "Statement of impact") == (
        "Referrals now arrive complete."
    )
    # Reopening needs a reason and clears the closure, keeping the history.
    page = html(qa.post(reverse("actions:reopen", args=[action.pk]), {"version": action.version, "reason": ""}))
    assert "Enter why the action is being reopened" in page
    qa.post(reverse("actions:reopen", args=[action.pk]), {"version": action.version, "reason": "It slipped."})
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.impact == ""
    actions_logged = set(AuditEvent.objects.filter(object_id=str(action.pk)).values_list("action", flat=True))
    assert {"action.raised", "action.progress_posted", "action.signed_off", "action.sent_back", "action.reopened"} <= (
        actions_logged
    )


def test_evidence_of_the_wrong_kind_or_size_is_refused(world, client_for, settings):
    settings.MACA_ACTION_EVIDENCE_MAX_BYTES = 100
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    cases = [
        (SimpleUploadedFile("run.exe", b"MZ..."), "must be one of these kinds of file"),
        (SimpleUploadedFile("fake.pdf", b"MZ not a pdf"), "is not a PDF file"),
        (SimpleUploadedFile("big.pdf", PDF + b"x" * 200), "or smaller"),
    ]
    for upload, message in cases:
        page = html(lead.post(url, {"version": action.version, "note": "Update", "files": [upload]}))
        assert message in page
    assert not Evidence.objects.exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_a_due_date_moves_only_with_a_reason_and_the_original_stays(world, client_for, today):
    action = raise_action(world, due_on=today + dt.timedelta(days=10))
    qa = client_for(world["qa"])
    url = reverse("actions:move_due_date", args=[action.pk])
    new = today + dt.timedelta(days=50)
    page = html(qa.post(url, {"version": action.version, "reason": "", **_date("due_on", new)}))
    assert "Enter why the due date is moving" in page
    qa.post(url, {"version": action.version, "reason": "Waiting for the new system.", **_date("due_on", new)})
    action.refresh_from_db()
    assert action.due_on == new and action.original_due_on == today + dt.timedelta(days=10)
    page = html(qa.get(reverse("actions:detail", args=[action.pk])))
    assert f"(was {(today + dt.timedelta(days=10)):%-d %B %Y})" in page
    assert "Waiting for the new system." in page
    # A stale version is refused, not overwritten (the move since was this person's own, so said).
    page = html(qa.post(url, {"version": 1, "reason": "Again", **_date("due_on", new + dt.timedelta(days=1))}))
    assert "You changed this action on another page" in page
    action.refresh_from_db()
    assert action.due_on == new


def test_filters_and_query_counts(world, client_for, today):
    lead = world["lead"].user
    raise_action(world, due_on=today + dt.timedelta(days=60), title="Police green")
    raise_action(world, agency=world.health, owner=world["health_lead"].user, title="Health action")
    overdue = raise_action(world, today=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=2))
    qa = client_for(world["qa"])
    table = read_tables(html(qa.get(reverse("actions:plan"), {"rag": "red"})))["Actions"]
    assert [row[0] for row in table.rows] == [overdue.reference]
    table = read_tables(html(qa.get(reverse("actions:plan"), {"agency": world.health.pk})))["Actions"]
    assert [row[1] for row in table.rows] == ["Health action"]
    table = read_tables(html(qa.get(reverse("actions:plan"), {"owner": lead.pk, "status": "not_started"})))["Actions"]
    assert len(table.rows) == 2
    # The agency's own list.
    mine = read_tables(html(client_for(world["lead"]).get(reverse("actions:mine"))))["Actions"]
    assert {row[2] for row in mine.rows} == {"Testshire Police"}

    def add(n):
        for _ in range(n):
            raise_action(world, today=today - dt.timedelta(days=400), due_on=today - dt.timedelta(days=1))

    assert_queries_do_not_grow(lambda: qa.get(reverse("actions:plan"), {"rag": "red"}), add)
    assert_queries_do_not_grow(lambda: qa.get(reverse("actions:board")), add)


def test_exports_neutralise_formulas_and_agree_with_the_page(world, client_for):
    from python_calamine import CalamineWorkbook

    raise_action(world, title='=HYPERLINK("http://bad")', text="+1 and more", measure="@SUM(A1)")
    qa = client_for(world["qa"])
    csv_text = b"".join(qa.get(reverse("actions:plan_export", args=["csv"])).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'+1 and more" in csv_text and "'@SUM(A1)" in csv_text
    response = qa.get(reverse("actions:plan_export", args=["xlsx"]))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    header = rows[0]
    row = rows[1]
    assert row[header.index("Action")] == '\'=HYPERLINK("http://bad")'
    assert row[header.index("RAG")] == "Green"
    assert AuditEvent.objects.filter(action="action_plan.exported").count() == 2


def test_board_papers(world, client_for, today):
    raise_action(world, title="Paper action", today=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=1))
    board = client_for(world["board"])
    pdf = board.get(reverse("actions:plan_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    word = board.get(reverse("actions:plan_docx"))
    from docx import Document

    document = Document(io.BytesIO(word.content))
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Paper action" in texts and "Red" in texts


def test_an_action_changes_hands_with_a_reason(world, client_for):
    action = raise_action(world)
    qa = client_for(world["qa"])
    url = reverse("actions:change_owner", args=[action.pk])
    page = html(qa.post(url, {"version": action.version, "owner": world["health_lead"].user.pk, "reason": ""}))
    assert "Enter why the action is changing hands" in page
    qa.post(url, {"version": action.version, "owner": world["health_lead"].user.pk, "reason": "Health leads on this."})
    action.refresh_from_db()
    assert action.owner == world["health_lead"].user and action.owner_agency == world.health
    page = html(qa.get(reverse("actions:detail", args=[action.pk])))
    assert "From Lena Lead (Testshire Police) to Hari Health (Testshire Care Board): Health leads on this." in page
    # The police no longer see it; the care board does.
    assert client_for(world["lead"]).get(reverse("actions:detail", args=[action.pk])).status_code == 404
    assert client_for(world["health_lead"]).get(reverse("actions:detail", args=[action.pk])).status_code == 200
