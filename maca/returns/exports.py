"""The response grid and the counts as tables to download
(:mod:`maca.core.exports`), from the same figures their pages show: the grid
of :func:`maca.returns.tracking.tracking_grid` and the counts of
:func:`maca.returns.counting.summarise`."""

from __future__ import annotations

from maca.core.exports import Table
from maca.partnerships.presenters import agency_name
from maca.returns import figures
from maca.returns.counting import ALL_AGENCIES, STANDARD_MET_CAPTION, Summary
from maca.returns.models import ReturnStatus
from maca.returns.presenters import submitted_late_note
from maca.returns.tracking import Grid


def grid_tables(grid: Grid) -> list[Table]:
    """Each agency's return for each case, or in a deep dive its one
    summative report (its status, "(late)" once the deadline has passed
    without it, "(submitted late on 7 Dec 2026)" once in after it;
    "Withdrawn" for one no longer asked for), under the caption the page gives it; then the counts per
    agency."""

    def status(cell) -> str:
        if cell is None:
            return "–"
        label = ReturnStatus(cell.status).label
        if grid.is_late(cell):
            return f"{label} ({figures.LATE.lower()})"
        if grid.submitted_late(cell):
            return f"{label} ({submitted_late_note(cell.first_submitted_at)})"
        return label

    by_case = Table(
        grid.caption,
        ["Agency", *grid.case_labels()],
        ([agency_name(agency), *(status(cell) for cell in cells)] for agency, cells in grid.by_agency()),
        widths=[40] + [20 for _ in grid.rows],
    )
    by_agency = Table(
        "Responses by agency",
        ["Agency", "Returns in", "Returns asked for", "Outstanding", "Sub-units responding", "Sub-units"],
        (
            [
                response.agency.name,
                response.responded,
                response.total,
                response.outstanding,
                len(response.sub_units_responded) if response.sub_units else None,
                len(response.sub_units) if response.sub_units else None,
            ]
            for response in grid.responses
        ),
        widths=[40, 12, 18, 14, 22, 12],
    )
    return [by_case, by_agency]


def summary_tables(summary: Summary) -> list[Table]:
    """The counts page's tables, one for each."""
    tables = [
        Table(
            summary.received_caption,
            ["Agency", "Received", f"{summary.received_caption.removesuffix(' received')} asked for"],
            [[agency, done, total] for agency, done, total in summary.received],
            widths=[40, 12, 18],
        )
    ]
    if summary.standard_met:
        tables.append(
            Table(
                STANDARD_MET_CAPTION,
                ["Agency", "Cases meeting the standard", "Cases audited"],
                [[agency, met, audited] for agency, met, audited in summary.standard_met]
                + [[ALL_AGENCIES, *summary.standard_met_overall]],
                widths=[40, 26, 14],
            )
        )
    for grade in summary.grades:
        levels = grade.question.scale.levels if grade.question.scale else []
        rows = [
            [agency]
            + [grade.by_agency[agency].get(str(level["value"]), 0) for level in levels]
            + [grade.met_by_agency[agency], grade.answered_by_agency[agency]]
            for agency in sorted(grade.by_agency)
        ]
        overall = grade.overall
        rows.append(
            [ALL_AGENCIES] + [overall.get(str(level["value"]), 0) for level in levels] + [grade.met, grade.answered]
        )
        tables.append(
            Table(
                grade.question.text,
                ["Agency", *(level["label"] for level in levels), summary.met_heading, "Answered"],
                rows,
                widths=[40] + [14] * len(levels) + [18, 12],
            )
        )
    for yes_no in summary.yes_no:
        rows = [
            [agency, yes_no.yes_by_agency[agency], yes_no.answered_by_agency[agency], None]
            for agency in sorted(yes_no.answered_by_agency)
        ]
        rows.append([ALL_AGENCIES, yes_no.yes, yes_no.answered, yes_no.not_applicable])
        tables.append(
            Table(
                yes_no.question.text,
                ["Agency", summary.yes_heading, "Answered", "Not applicable"],
                rows,
                widths=[40, 20, 12, 16],
            )
        )
    for count in summary.choices:
        rows = [[agency, *count.counts_of(agency), count.answered_by_agency[agency]] for agency in count.agencies]
        rows.append([ALL_AGENCIES, *count.overall, count.answered])
        tables.append(
            Table(
                count.question.text,
                ["Agency", *count.choices, summary.answering(count)],
                rows,
                widths=[40] + [14] * len(count.choices) + [18],
            )
        )
    for number in summary.numbers:
        rows = [[agency, *number.figures_of(agency)] for agency in number.agencies]
        rows.append([ALL_AGENCIES, *number.figures])
        tables.append(
            Table(
                number.question.text,
                ["Agency", *summary.number_headings],
                rows,
                widths=[40, 18, 12, 12, 12],
            )
        )
    return tables
