"""The action plan as a download (CSV, XLSX through ``maca.core.exports``,
which neutralises formulas) and as board papers (PDF with WeasyPrint, Word
with python-docx). Every format says the same: the words come from the
presenters and the RAG rules."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string

from maca.actions.models import ActionEvent, ActionStatus, ActionTheme, EventKind, Priority
from maca.actions.presenters import NO_AUDIT, due_text, long_date, rag_text, source_text
from maca.actions.rag import label_of
from maca.core import word
from maca.core.exports import Table
from maca.partnerships.presenters import agency_name

HEADINGS = [
    "Ref",
    "Action",
    "What must happen",
    "How everyone will know",
    "Owner agency",
    "Named owner",
    "Priority",
    "Status",
    "RAG",
    "Due",
    "Original due date",
    "Raised",
    "Raised from",
    "Audit",
    "Themes",
    "Latest progress",
    "Latest progress update",
    "Closed",
    "Statement of impact",
]


def with_latest_progress(qs):
    """The plan's rows with the text of each action's latest progress update
    (``latest_progress_note``), in the same query."""
    latest = ActionEvent.objects.filter(action=OuterRef("pk"), kind=EventKind.PROGRESS).order_by("-occurred_at", "-id")
    return qs.annotate(latest_progress_note=Subquery(latest.values("note")[:1]))


def themes_by_action(actions_qs) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    rows = (
        ActionTheme.objects.filter(action__in=actions_qs.order_by().values("pk"))
        .values_list("action_id", "theme__name")
        .order_by("theme__position", "theme__name")
    )
    for action_id, name in rows:
        names[action_id].append(name)
    return names


EXPORT_FIELDS = (
    "pk",
    "number",
    "title",
    "text",
    "measure",
    "owner_agency_id",
    "owner__full_name",
    "priority",
    "status",
    "rag",
    "due_on",
    "original_due_on",
    "raised_on",
    "source",
    "audit__title",
    "last_progress_on",
    "latest_progress_note",
    "closed_on",
    "impact",
)


def plan_table(rows_qs, today: dt.date, themes: dict[int, list[str]], agencies: dict[int, str]) -> Table:
    """``rows_qs``: the plan's rows (``selectors.plan_rows``, which annotates
    each action's RAG, and :func:`with_latest_progress`), read once as plain
    values: no model is built per row. ``agencies``: each owner agency's name
    by its id, as every page names it (``selectors.agency_names``). Dates stay
    dates: ISO 8601 in a CSV, real dates in a workbook (``maca.core.exports``),
    so spreadsheets sort them."""
    priorities, statuses = dict(Priority.choices), dict(ActionStatus.choices)

    def rows():
        for (
            pk, number, title, text, measure, agency, owner, priority, status, rag,
            due, original, raised, source, audit, progress, progress_note, closed, impact,
        ) in rows_qs.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000):  # fmt: skip
            yield [
                f"A{number}",
                title,
                text,
                measure,
                agencies[agency],
                owner,
                priorities.get(priority, priority),
                statuses.get(status, status),
                label_of(rag).label,
                due,
                original,
                raised,
                source_text(source, has_audit=audit is not None),
                audit or NO_AUDIT,
                "; ".join(themes.get(pk, [])),
                progress,
                progress_note or "",
                closed,
                impact,
            ]

    return Table(
        "Action plan",
        HEADINGS,
        rows(),
        widths=[6, 30, 50, 40, 24, 20, 9, 22, 7, 12, 12, 12, 22, 30, 30, 12, 50, 12, 50],
    )


# Board papers ------------------------------------------------------------------------------


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"The board paper fetches nothing: {url}")


def board_paper_pdf(context: dict) -> bytes:
    """A tagged PDF (PDF/UA-1), as the publications are (ADR 0025): its
    language, title, headings and tables are in the file for screen readers."""
    from weasyprint import HTML

    html = render_to_string("actions/board_paper.html", context)
    return HTML(string=html, url_fetcher=_refuse_fetch, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True
    )


def _row_properties(row, *, header: bool = False) -> None:
    """A row is never split across pages; the heading row is repeated on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)


def _typed_in(cell, paragraphs: list[list[str]]) -> None:
    """What a person typed (``core.presenters.paragraphs``) in a table cell:
    a paragraph of the cell for each of its paragraphs, its lines kept."""
    for n, lines in enumerate(paragraphs or [[]]):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.add_run(word.text("\n".join(lines)))


def board_paper_docx(context: dict) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    # A4 landscape, as the PDF: the plan's tables are wide.
    word.a4_pages(document, landscape=True)
    word.properties(document, title=context["title"], author=context["partnership_name"])
    word.page_numbers(document, before=context["partnership_name"])
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    # Every text goes through ``word.text``: what people typed may hold
    # characters Word's XML cannot (a pasted vertical tab).
    document.add_heading(word.text(context["title"]), level=0)
    document.add_paragraph(word.text(context["intro"]))
    document.add_paragraph().add_run(word.text(f"{context['shown']}.")).bold = True
    summary = context["summary"]
    document.add_heading("Actions by RAG and agency", level=1)
    if not summary.agencies:
        # In the PDF's and the board page's words (``reporting.nothing_open_sentence``).
        document.add_paragraph(word.text(context["nothing_open"]))
    else:
        document.add_paragraph(word.text(context["chart"].summary))
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["Agency", "Red", "Amber", "Green", "Not yet closed"], strict=True):
            cell.text = word.text(text)
        _row_properties(table.rows[0], header=True)
        for name, counts in summary.agencies:
            added = table.add_row()
            values = [name, counts["red"], counts["amber"], counts["green"], sum(counts.values())]
            for cell, value in zip(added.cells, values, strict=True):
                cell.text = word.text(value)
            _row_properties(added)

    def listing(heading, headings, rows, empty):
        document.add_heading(word.text(heading), level=1)
        if not rows:
            document.add_paragraph(word.text(empty))
            return
        t = document.add_table(rows=1, cols=len(headings))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headings, strict=True):
            cell.text = word.text(text)
        _row_properties(t.rows[0], header=True)
        for row in rows:
            added = t.add_row()
            for cell, value in zip(added.cells, row, strict=True):
                if isinstance(value, list):
                    _typed_in(cell, value)
                else:
                    cell.text = word.text(value)
            _row_properties(added)

    today = context["today"]
    listing(
        "Overdue actions",
        ["Ref", "Action", "Agency", "Due", "Days overdue"],
        [
            [a.reference, a.title, agency_name(a.owner_agency), due_text(a), (today - a.due_on).days]
            for a in summary.overdue
        ],
        context["none_overdue"],
    )
    if summary.overdue_not_listed:
        # As the PDF says it: the table lists the longest overdue, the figures count them all.
        document.add_paragraph(
            word.text(f"The {len(summary.overdue)} longest overdue are listed, of {summary.overdue_count}.")
        )
    listing(
        f"Closed since {long_date(summary.since)}",
        ["Ref", "Action", "Agency", "Closed", "Statement of impact"],
        [
            [a.reference, a.title, agency_name(a.owner_agency), long_date(a.closed_on), a.impact_paragraphs]
            for a in summary.closed_recently
        ],
        context["none_closed"],
    )
    listing(
        "The plan",
        ["Ref", "Action", "Agency", "Owner", "Due", "Status", "RAG"],
        [
            [
                a.reference,
                a.title,
                agency_name(a.owner_agency),
                a.owner.full_name,
                due_text(a),
                a.get_status_display(),
                rag_text(a, today),
            ]
            for a in context["actions"]
        ],
        "No actions match.",
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
