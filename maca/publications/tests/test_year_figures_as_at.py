"""The year's report's figures are those of the board's pages, dated.

Its action plan, impact and "what each audit found" were drawn when it was
drafted and never again: after an action was cancelled (or a finding
removed), the draft warned only about its theme chart, "Refresh the figures"
redrew only that chart, and the published report contradicted the board's
pages with no date. Now every figure section is checked against the record
(the action plan by the actions app's own figures), says which changed,
is drawn again by the refresh, says "Figures as at …" on the page, in the
PDF and in the Word file, and a correction's note says which figures it
changed. And an audit's findings are counted by the board's own rule:
confirmed findings, from the audit's meeting on."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from maca.actions.services import action_cancel
from maca.actions.tests.builders import raise_action
from maca.audit_trail.models import AuditEvent
from maca.findings.models import Finding
from maca.findings.services.findings import finding_create, finding_remove
from maca.programme.models import Audit, Stage
from maca.programme.services import business_year
from maca.publications import services
from maca.publications.document import Document
from maca.publications.drafting import long_date
from maca.publications.models import Kind, PublicationVersion
from maca.publications.tests.builders import audit_with_findings, publish, version_on
from maca.publications.tests.pdf import pdf_text
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

BUTTON = "Refresh the figures from the year’s findings"
BEFORE = "2 actions raised: 2 not yet closed (0 red, 0 amber and 2 green)."
AFTER = "2 actions raised: 1 not yet closed (0 red, 0 amber and 1 green) and 1 cancelled."


def _words(text: str) -> str:
    return " ".join(text.split())


def _year_with_actions(world):
    """An audit of this business year with findings, and two actions raised
    this year, the second of which is returned."""
    audit = audit_with_findings(world)
    assert audit.programme.year == business_year(dt.date.today())
    raise_action(world)
    return audit, raise_action(world)


def _cancel(world, action) -> None:
    action_cancel(actor=world["qa"].user, action=action, reason="Duplicated another action", expected_version=1)


def _report(world, audit):
    return services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )


def test_a_draft_says_its_action_plan_no_longer_agrees_and_the_refresh_draws_it_again(world, client_for):
    audit, second = _year_with_actions(world)
    report = _report(world, audit)
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    words = words_of(qa.get(url).content.decode())
    assert BEFORE in words and "no longer agree" not in words

    _cancel(world, second.__class__.objects.get(pk=second.pk))
    page = qa.get(url).content.decode()
    words = words_of(page)
    assert "The figures in ‘The action plan’ no longer agree with the year’s record" in words
    assert AFTER in words.split("no longer agree", 1)[1]  # said in the list of what changed
    assert BUTTON in words

    words = words_of(
        qa.post(
            reverse("publications:figures", args=[report.pk]), {"version": version_on(page)}, follow=True
        ).content.decode()
    )
    assert "The figures in ‘The action plan’ were refreshed from the year’s record" in words
    draft = words.split("Draft, version 1: not for circulation", 1)[1]
    assert AFTER in draft and BEFORE not in draft
    assert "no longer agree" not in words
    event = AuditEvent.objects.get(action="publication.figures_refreshed")
    assert "action_plan" in event.changes["sections"]


def test_the_published_report_says_as_at_what_date_on_the_page_in_the_pdf_and_in_word(world, client_for):
    audit, _second = _year_with_actions(world)
    report = _report(world, audit)
    publish(world, report)
    as_at = f"Figures as at {long_date(dt.date.today())}"
    board = client_for(world["board"])
    page = words_of(board.get(reverse("publications:detail", args=[report.pk])).content.decode())
    plan = page.split("The action plan", 1)[1].split("Impact: learning into practice", 1)[0]
    assert plan.strip().startswith(as_at) and BEFORE in plan
    # Each of its figure sections says it, the audits held among them; next year's programme does not.
    assert page.count(as_at) == 5
    assert page.split("The audits held", 1)[1].strip().startswith(as_at)
    assert as_at not in page.split("Next year’s programme", 1)[1]

    pdf = _words(pdf_text(board.get(reverse("publications:download", args=[report.pk, 1, "pdf"])).content))
    assert pdf.count(as_at) == 5 and pdf.index(as_at, pdf.index("The action plan")) < pdf.index(BEFORE)

    word = [
        p.text
        for p in WordDocument(
            io.BytesIO(board.get(reverse("publications:download", args=[report.pk, 1, "docx"])).content)
        ).paragraphs
    ]
    assert word[word.index("The action plan") + 1] == as_at
    assert word[word.index("The audits held") + 1] == as_at
    assert word.count(as_at) == 5


def test_a_correction_refreshes_the_action_plan_and_its_note_says_so(world, client_for):
    audit, second = _year_with_actions(world)
    report = _report(world, audit)
    publish(world, report)
    _cancel(world, second.__class__.objects.get(pk=second.pk))
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    words = words_of(qa.get(url).content.decode())
    assert "The figures in ‘The action plan’ no longer agree with the year’s record" in words
    assert "To change the figures, correct the published version, then refresh the figures of its draft." in words

    reason = "An action raised twice was cancelled."
    qa.post(reverse("publications:correct", args=[report.pk]), {"reason": reason})
    page = qa.get(url).content.decode()
    qa.post(reverse("publications:figures", args=[report.pk]), {"version": version_on(page)})
    publish(world, report)
    note = (
        f"{reason} The figures in ‘The action plan’ were changed to agree with the year’s record, "
        f"as at {long_date(dt.date.today())}."
    )
    page = words_of(client_for(world["board"]).get(url).content.decode())
    assert note in page and AFTER in page and BEFORE not in page
    pdf = _words(
        pdf_text(client_for(world["board"]).get(reverse("publications:download", args=[report.pk, 2, "pdf"])).content)
    )
    assert note in pdf and AFTER in pdf


def test_a_finding_removed_is_said_in_what_each_audit_found(world, client_for):
    audit = audit_with_findings(world)
    report = _report(world, audit)
    finding = Finding.objects.filter(audit=audit, polarity="concern").first()
    finding_remove(actor=world["qa"].user, finding=finding, reason="Recorded twice", expected_version=finding.version)
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    page = qa.get(url).content.decode()
    words = words_of(page)
    assert "‘What each audit found and what changed’" in words.split("no longer agree", 1)[0]
    assert "2 strengths and 1 finding recorded." in words.split("no longer agree", 1)[1]
    qa.post(reverse("publications:figures", args=[report.pk]), {"version": version_on(page)})
    found = Document.from_json(PublicationVersion.objects.get(publication=report).document).section("found").text
    assert "2 strengths and 1 finding recorded." in found


def test_text_people_edited_is_kept_and_the_message_says_so(world, client_for):
    audit, second = _year_with_actions(world)
    report = _report(world, audit)
    draft = PublicationVersion.objects.get(publication=report)
    services.section_update(
        actor=world["qa"].user,
        version=draft,
        key="action_plan",
        heading="The action plan",
        text="Our own words about the plan.",
        expected_version=draft.version,
    )
    _cancel(world, second.__class__.objects.get(pk=second.pk))
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    page = qa.get(url).content.decode()
    words = words_of(
        qa.post(
            reverse("publications:figures", args=[report.pk]), {"version": version_on(page)}, follow=True
        ).content.decode()
    )
    assert "Its text had been edited since it was drawn, so it was kept: check its figures." in words
    section = Document.from_json(PublicationVersion.objects.get(pk=draft.pk).document).section("action_plan")
    assert section.text == "Our own words about the plan."
    assert "no longer agree" not in words  # drawn again: its table agrees


def test_the_year_counts_only_findings_the_board_reads(world, client_for):
    audit = audit_with_findings(world)
    # A finding whose themes nobody has confirmed: in no figure of the board's pages.
    finding_create(
        actor=world["qa"].user, audit=audit, audit_case=None, text="Missed health contacts.", polarity="concern"
    )
    report = _report(world, audit)
    found = Document.from_json(PublicationVersion.objects.get(publication=report).document).section("found").text
    assert "2 strengths and 2 findings recorded." in found

    # Before its meeting, the board reads none of the audit's findings.
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.AUDITING)
    board = words_of(
        client_for(world["board"]).get(reverse("findings:audit_findings", args=[audit.pk])).content.decode()
    )
    assert "Findings appear here once the audit has reached its meeting." in board
    qa = client_for(world["qa"])
    words = words_of(qa.get(reverse("publications:detail", args=[report.pk])).content.decode())
    assert "0 strengths and 0 findings recorded." in words.split("no longer agree", 1)[1]
