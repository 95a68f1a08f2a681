"""A correction can change a published chart.

A briefing's chart ("Strengths and findings by theme") is drafted from the
confirmed findings, and a correction starts from the published text, chart
included. When a finding's themes are corrected at the meeting record after
publishing, the QA officer is told on the published version that its figures
no longer agree with the audit's findings; the correction's draft has
"Refresh the figures from the audit’s findings", which draws the chart again
(saying what changed), and the correction's note says the figures were
changed, on the page and in the files."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.sentences import sentence
from maca.findings.models import Finding
from maca.findings.services import finding_confirm_tags
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind, PublicationSettings, PublicationVersion
from maca.publications.tests.builders import audit_with_findings, publish, rename_theme, six_step_for
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

BUTTON = "Refresh the figures from the audit’s findings"
REASON = "A finding about the father was given the wrong theme at the meeting."
NO_LONGER = (
    "The figures in ‘Strengths and findings by theme’ no longer agree with the audit’s findings, "
    "which have changed since it was drafted."
)
WHAT_CHANGED = [
    "Think family now has 1 finding (it had 2)",
    "Neglect is new to the chart, with no strengths and 1 finding",
]
NOTE_ADDS = (
    "The figures in the chart ‘Strengths and findings by theme’ were changed to agree with the audit’s findings."
)


def _retag_first_concern(world, audit, key: str = "neglect") -> None:
    """At the meeting record, case 1's finding about the father is given the right theme."""
    finding = Finding.objects.get(audit=audit, audit_case__number=1, polarity="concern")
    finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity="concern",
        theme_keys=[key],
        expected_version=finding.version,
    )


def _published_then_retagged(world):
    audit = audit_with_findings(world)
    briefing = six_step_for(world, audit)
    publish(world, briefing)
    _retag_first_concern(world, audit)
    return briefing


def _version_on(page: str) -> str:
    form = re.search(r"<form[^>]*/figures/.*?</form>", page, re.S)
    assert form, "no ‘Refresh the figures’ button on the page"
    return re.search(r'name="version" value="(\d+)"', form.group(0)).group(1)


def _chart_cells(page: str) -> dict[tuple[str, str], str]:
    """The chart's marks as drawn: (theme, series) -> value."""
    return {
        (row, column): value
        for row, column, value in re.findall(r'data-row="([^"]*)" data-column="([^"]*)" data-value="([^"]*)"', page)
    }


def _figure(version) -> tuple[list[str], list]:
    figure = Document.from_json(version.document).section("recommendations").figure
    return figure.categories, figure.series


def test_the_qa_officer_corrects_the_chart_and_the_note_says_the_figures_changed(world, client_for):
    briefing = _published_then_retagged(world)
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])

    # The published version says its figures no longer agree, and how to change them.
    words = words_of(qa.get(url).content.decode())
    assert NO_LONGER in words
    assert "To change the chart, correct the published version, then refresh the figures of its draft." in words
    for line in WHAT_CHANGED:
        assert line in words
    assert BUTTON not in words
    # Readers are not told: the published version is what was approved.
    assert NO_LONGER not in words_of(client_for(world["board"]).get(url).content.decode())

    # The correction's draft starts from the published chart, and offers the refresh.
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})
    page = qa.get(url).content.decode()
    words = words_of(page)
    assert "Version 2 Draft" in words
    assert NO_LONGER in words
    assert BUTTON in words
    for line in WHAT_CHANGED:
        assert line in words
    assert _chart_cells(page)[("Think family", "Findings")] == "2"
    assert f"Correction: {REASON}" in words
    assert NOTE_ADDS not in words

    after = qa.post(reverse("publications:figures", args=[briefing.pk]), {"version": _version_on(page)}, follow=True)
    page = after.content.decode()
    words = words_of(page)
    assert after.redirect_chain[-1][0] == url
    assert (
        "The figures in ‘Strengths and findings by theme’ were refreshed from the audit’s findings: "
        "Think family now has 1 finding (it had 2); Neglect is new to the chart, with no strengths and 1 finding. "
        "The correction’s note now says the figures were changed. "
        "Check that the sections’ text agrees with them."
    ) in words
    assert NO_LONGER not in words
    assert BUTTON not in words
    # The chart, its summary and its table as drawn on the page, and the note under the title.
    cells = _chart_cells(page)
    assert cells[("Think family", "Findings")] == "1"
    assert cells[("Neglect", "Findings")] == "1"
    assert cells[("Voice of the child", "Strengths")] == "2"
    assert "Neglect and Think family had the most findings (1 each)." in words
    assert f"Correction: {REASON} {NOTE_ADDS}" in words

    # Recorded: who, which chart, its figures before and after; the log reads as a sentence.
    event = AuditEvent.objects.get(action="publication.figures_refreshed", object_id=str(briefing.pk))
    assert event.actor_id == world["qa"].user.pk
    assert event.changes["version"] == 2
    assert event.changes["sections"] == ["recommendations"]
    assert event.changes["charts"][0]["before"]["categories"] == ["Think family", "Voice of the child"]
    assert "Neglect" in event.changes["charts"][0]["after"]["categories"]
    assert sentence(event).startswith("Quinn Quality drew the charts of")

    # Published: every reader sees the new chart and that its figures were corrected; the first version keeps its own.
    publish(world, briefing)
    board_page = client_for(world["board"]).get(url).content.decode()
    words = words_of(board_page)
    assert re.search(rf"Corrected on \d+ \w+ \d{{4}}: {re.escape(REASON)} {re.escape(NOTE_ADDS)}", words)
    assert _chart_cells(board_page)[("Neglect", "Findings")] == "1"
    assert NO_LONGER not in words_of(qa.get(url).content.decode())
    first = PublicationVersion.objects.get(publication=briefing, number=1)
    assert _figure(first)[0] == ["Think family", "Voice of the child"]
    first_page = qa.get(reverse("publications:version", args=[briefing.pk, 1])).content.decode()
    assert _chart_cells(first_page)[("Think family", "Findings")] == "2"
    assert "Corrected on" not in words_of(first_page)


def test_the_note_is_in_the_word_file_too(world, client_for):
    briefing = _published_then_retagged(world)
    qa = client_for(world["qa"])
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})
    page = qa.get(reverse("publications:detail", args=[briefing.pk])).content.decode()
    qa.post(reverse("publications:figures", args=[briefing.pk]), {"version": _version_on(page)})
    publish(world, briefing)
    import io

    from docx import Document as WordDocument

    response = client_for(world["board"]).get(reverse("publications:download", args=[briefing.pk, 2, "docx"]))
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(b"".join(response))).paragraphs)
    assert NOTE_ADDS in text
    assert "Neglect" in text


def test_a_correction_of_the_words_only_says_nothing_of_the_figures(world, client_for):
    briefing = six_step_for(world)
    publish(world, briefing)
    qa = client_for(world["qa"])
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})
    words = words_of(qa.get(reverse("publications:detail", args=[briefing.pk])).content.decode())
    assert f"Correction: {REASON}" in words
    assert "figures" not in words.split("Version 2 Draft", 1)[1].split("Versions")[0].replace(
        "Show the figures as a table", ""
    )
    assert BUTTON not in words
    # Pressed anyway (a page left open): nothing changes, and the page says so.
    version = PublicationVersion.objects.get(publication=briefing, number=2)
    after = qa.post(reverse("publications:figures", args=[briefing.pk]), {"version": version.version}, follow=True)
    assert "The figures already agree with the audit’s findings: nothing was changed." in words_of(
        after.content.decode()
    )
    assert PublicationVersion.objects.get(pk=version.pk).version == version.version
    assert not AuditEvent.objects.filter(action="publication.figures_refreshed").exists()


def test_a_draft_changed_since_the_page_was_opened_is_not_refreshed(world, client_for):
    briefing = _published_then_retagged(world)
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})
    opened = _version_on(qa.get(url).content.decode())
    draft = PublicationVersion.objects.get(publication=briefing, number=2)
    section = Document.from_json(draft.document).section("process")
    services.section_update(
        actor=world["admin"].user,
        version=draft,
        key="process",
        heading=section.heading,
        text=section.text + " Added by the admin.",
        expected_version=draft.version,
    )

    words = words_of(
        qa.post(reverse("publications:figures", args=[briefing.pk]), {"version": opened}, follow=True).content.decode()
    )
    assert "Asha Admin changed the section ‘2. Process’ on " in words
    assert "after you opened this page, so it has not been given the figures from the findings." in words
    assert NO_LONGER in words and BUTTON in words  # still to do, with the button set to the draft as it is now
    assert _figure(PublicationVersion.objects.get(pk=draft.pk))[0] == ["Think family", "Voice of the child"]
    assert not AuditEvent.objects.filter(action="publication.figures_refreshed").exists()


def test_a_correction_waiting_for_approval_must_be_sent_back_first(world, client_for):
    briefing = _published_then_retagged(world)
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})
    opened = _version_on(qa.get(url).content.decode())
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="partnership_admin")
    draft = PublicationVersion.objects.get(publication=briefing, number=2)
    services.version_submit(actor=world["qa"].user, version=draft, expected_version=draft.version)

    words = words_of(qa.get(url).content.decode())
    assert NO_LONGER in words
    assert "It must be sent back to draft to refresh the figures before it is published." in words
    assert BUTTON not in words
    words = words_of(
        qa.post(reverse("publications:figures", args=[briefing.pk]), {"version": opened}, follow=True).content.decode()
    )
    assert "This version is waiting for approval, so it cannot be given the figures from the findings." in words
    assert not AuditEvent.objects.filter(action="publication.figures_refreshed").exists()


def test_the_annual_reports_chart_is_refreshed_from_the_years_findings(world, client_for):
    audit = audit_with_findings(world)
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    publish(world, report)
    _retag_first_concern(world, audit)
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    qa.post(reverse("publications:correct", args=[report.pk]), {"reason": REASON})
    page = qa.get(url).content.decode()
    words = words_of(page)
    assert "no longer agree with the year’s findings" in words
    assert "Refresh the figures from the year’s findings" in words
    assert "Think family now has 1 concern (it had 2)" in words
    words = words_of(
        qa.post(
            reverse("publications:figures", args=[report.pk]), {"version": _version_on(page)}, follow=True
        ).content.decode()
    )
    assert "were refreshed from the year’s findings" in words
    assert "were changed to agree with the year’s findings." in words


def test_the_versions_table_says_the_figures_changed_as_the_note_does(world, client_for):
    from maca.tests.tables import read_tables

    briefing = _published_then_retagged(world)
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})
    versions = read_tables(qa.get(url).content.decode())["Versions"]
    assert versions.cell("Version 2", "Correction") == REASON  # nothing refreshed yet

    qa.post(reverse("publications:figures", args=[briefing.pk]), {"version": _version_on(qa.get(url).content.decode())})
    versions = read_tables(qa.get(url).content.decode())["Versions"]
    assert versions.cell("Version 2", "Correction") == f"{REASON} {NOTE_ADDS}"
    assert versions.cell("Version 1", "Correction") == "–"

    # Published: every reader's table says it, as the note under the title does.
    publish(world, briefing)
    page = client_for(world["board"]).get(url).content.decode()
    assert read_tables(page)["Versions"].cell("Version 2", "Correction") == f"{REASON} {NOTE_ADDS}"
    assert f"{REASON} {NOTE_ADDS}" in words_of(page).split("Corrected on", 1)[1]


def _theme_names_version_on(page: str) -> str:
    form = re.search(r"<form[^>]*theme-names/.*?</form>", page, re.S)
    assert form, "no ‘Use the new theme names’ button on the page"
    return re.search(r'name="version" value="(\d+)"', form.group(0)).group(1)


def test_a_theme_renamed_since_publishing_is_never_said_to_have_changed_the_figures(world, client_for):
    """QA walk: after a theme was renamed, the correction's draft note said
    the chart's figures were changed, although its figures were those
    published, under a theme's old name. A rename is not a change of figures:
    the note says nothing of figures, before and after "Use the new theme
    names", on the draft, in the versions table and once published."""
    from maca.tests.tables import read_tables

    briefing = six_step_for(world)
    publish(world, briefing)
    rename_theme(world, "think_family", "Whole family")
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})

    page = qa.get(url).content.decode()
    words = words_of(page)
    assert "Version 2 Draft" in words
    assert f"Correction: {REASON}" in words
    assert "were changed to agree" not in words
    assert NO_LONGER not in words and BUTTON not in words
    assert read_tables(page)["Versions"].cell("Version 2", "Correction") == REASON
    assert "Use the new theme names" in words

    # The new names written in: the same figures under the theme's name now; still nothing of figures.
    qa.post(reverse("publications:theme_names", args=[briefing.pk]), {"version": _theme_names_version_on(page)})
    page = qa.get(url).content.decode()
    words = words_of(page)
    assert _chart_cells(page)[("Whole family", "Findings")] == "2"
    assert "were changed to agree" not in words
    assert read_tables(page)["Versions"].cell("Version 2", "Correction") == REASON

    publish(world, briefing)
    page = client_for(world["board"]).get(url).content.decode()
    words = words_of(page)
    assert REASON in words.split("Corrected on", 1)[1]
    assert "were changed to agree" not in words
    assert read_tables(page)["Versions"].cell("Version 2", "Correction") == REASON


def test_figures_changed_with_a_theme_renamed_are_said_under_its_name_now(world, client_for):
    """A finding retagged and a theme renamed since publishing: what changed
    is said of the theme by its name now, and the note says the figures
    changed once they were refreshed."""
    briefing = _published_then_retagged(world)
    rename_theme(world, "think_family", "Whole family")
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    qa.post(reverse("publications:correct", args=[briefing.pk]), {"reason": REASON})
    page = qa.get(url).content.decode()
    words = words_of(page)
    assert "Whole family now has 1 finding (it had 2)" in words
    assert "were changed to agree" not in words

    qa.post(reverse("publications:figures", args=[briefing.pk]), {"version": _version_on(page)})
    words = words_of(qa.get(url).content.decode())
    assert f"Correction: {REASON} {NOTE_ADDS}" in words
