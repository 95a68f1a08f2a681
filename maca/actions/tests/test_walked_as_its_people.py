"""What a walk of the action plan as its people (an agency's lead, the QA
officer, a board member) found, put right, each test failing before its
correction:

- moving a due date into the past with no reason said only that the reason
  was missing, and the date's problem came a second time round;
- an action raised by hand for an audit read "Raised from: Standing action"
  beside its audit, on its page and in the downloads, where the raise form
  calls a standing action one with no audit;
- an audit's actions page showed its heading twice ("Actions from this audit"
  as the page's heading and again as the table's caption);
- the messages refusing an evidence file ended in a full stop, beside the
  page's other error messages that do not."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.actions.models import Source
from maca.actions.tests.builders import audit_with_recommendations, raise_action
from maca.actions.tests.test_corrections import error_links, html
from maca.tests.test_words_on_pages import words_of


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _summary(page: str) -> dict[str, str]:
    """An action's summary list as read: each key and the words of its value."""
    return {
        unescape(key).strip(): words_of(value)
        for key, value in re.findall(
            r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
            page,
            re.S,
        )
    }


def _seen(page: str) -> str:
    """The words shown in the page's main part: what only a screen reader hears is left out."""
    main = re.search(r"<main\b.*?</main>", page, re.S).group(0)
    shown = re.sub(r'<(\w+)\b[^>]*class="[^"]*govuk-visually-hidden[^"]*"[^>]*>.*?</\1>', " ", main, flags=re.S)
    return words_of(shown)


def _csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_past_due_date_is_told_at_once_beside_a_missing_reason(world, client_for):
    today = dt.date.today()
    action = raise_action(world, due_on=today + dt.timedelta(days=10))
    qa = client_for(world["qa"])
    url = reverse("actions:move_due_date", args=[action.pk])
    past = _date("due_on", today - dt.timedelta(days=3))
    page = html(qa.post(url, {"version": action.version, "reason": "", **past}))
    errors = error_links(page)
    assert errors["The new due date must be today or in the future"].startswith("#id_due_on")
    assert errors["Enter why the due date is moving"] == "#id_reason"
    # Nothing moved.
    detail = _summary(html(qa.get(reverse("actions:detail", args=[action.pk]))))
    assert detail["Due"] == f"{today + dt.timedelta(days=10):%-d %B %Y}"


def test_an_action_raised_by_hand_for_an_audit_is_not_called_a_standing_action(world, client_for):
    audit, _finding, _recommendations, _theme = audit_with_recommendations(world)
    for_audit = raise_action(world, audit=audit, title="Fathers seen at every visit", source=Source.STANDING)
    standing = raise_action(world, title="Supervision every quarter", source=Source.STANDING)
    qa = client_for(world["qa"])

    shown = _summary(html(qa.get(reverse("actions:detail", args=[for_audit.pk]))))
    assert shown["Audit"] == audit.title
    assert shown["Raised from"] == "By hand"
    assert _summary(html(qa.get(reverse("actions:detail", args=[standing.pk]))))["Raised from"] == "Standing action"

    rows = {row["Ref"]: row for row in _csv_rows(qa.get(reverse("actions:plan_export", args=["csv"])))}
    assert (rows[for_audit.reference]["Raised from"], rows[for_audit.reference]["Audit"]) == ("By hand", audit.title)
    assert (rows[standing.reference]["Raised from"], rows[standing.reference]["Audit"]) == (
        "Standing action",
        "Standing action",
    )


def test_an_audits_actions_page_shows_its_heading_once(world, client_for):
    audit, _finding, _recommendations, _theme = audit_with_recommendations(world)
    raise_action(world, audit=audit, title="Fathers seen at every visit")
    page = html(client_for(world["qa"]).get(reverse("actions:audit", args=[audit.pk])))
    assert "Fathers seen at every visit" in page
    assert _seen(page).count("Actions from this audit") == 1
    # The table keeps its caption for a screen reader.
    assert re.search(r"<caption[^>]*>\s*Actions from this audit\s*</caption>", page)


def test_a_refused_evidence_file_is_told_as_the_pages_other_errors_are(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    files = [
        SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"),
        SimpleUploadedFile("minutes.pdf", b"not a pdf at all", content_type="application/pdf"),
        SimpleUploadedFile("notes.txt", b"\xff\xfe\x00bad", content_type="text/plain"),
    ]
    errors = list(error_links(html(lead.post(url, {"note": "", "files": files}))))
    assert len(errors) == 5, errors  # the update's words, and each file
    assert "Enter what has happened since the last update" in errors
    assert [e for e in errors if e.endswith(".")] == []


def _title(page: str) -> str:
    return unescape(re.search(r"<title>\s*(.*?)\s*</title>", page, re.S).group(1))


def test_each_step_pages_title_says_which_action(world, client_for):
    """Two tabs open on two actions' steps read apart, as "Post progress on A2" does."""
    action = raise_action(world)
    qa, lead = client_for(world["qa"]), client_for(world["lead"])
    ref = action.reference
    assert _title(html(lead.get(reverse("actions:request_sign_off", args=[action.pk])))) == (
        f"Mark as completed and ask for sign-off – {ref} – maca"
    )
    assert _title(html(qa.get(reverse("actions:move_due_date", args=[action.pk])))) == (
        f"Move the due date – {ref} – maca"
    )
    assert _title(html(qa.get(reverse("actions:cancel", args=[action.pk])))) == f"Cancel the action – {ref} – maca"
    refused = html(qa.post(reverse("actions:cancel", args=[action.pk]), {"version": action.version, "reason": ""}))
    assert _title(refused) == f"Error: Cancel the action – {ref} – maca"


def test_the_board_reads_a_statement_of_impact_in_its_paragraphs(world, client_for):
    from maca.actions import services

    action = raise_action(world)
    lead, qa = world["lead"].user, world["qa"].user
    services.progress_post(actor=lead, action=action, note="Drafted.")
    action.refresh_from_db()
    services.sign_off_request(actor=lead, action=action, note="Done.", expected_version=action.version)
    action.refresh_from_db()
    impact = "Schools hear of incidents before the first lesson\n\nTwo head teachers said so"
    services.action_sign_off(actor=qa, action=action, impact=impact, expected_version=action.version)

    board = html(client_for(world["board"]).get(reverse("actions:board")))
    detail = html(client_for(world["board"]).get(reverse("actions:detail", args=[action.pk])))
    for page in (board, detail):
        assert re.search(r"<p[^>]*>\s*Schools hear of incidents before the first lesson\s*</p>", page)
        assert re.search(r"<p[^>]*>\s*Two head teachers said so\s*</p>", page)
