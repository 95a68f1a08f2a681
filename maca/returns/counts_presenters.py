"""The counts across an audit's returns as GOV.UK tables: returns
received, grades, yes/no, choice and number questions, agency by agency and
all agencies (the meeting's pages share the grades)."""

from __future__ import annotations

from maca.core.presenters import NOTHING
from maca.returns import figures
from maca.returns.counting import ALL_AGENCIES, STANDARD_MET_CAPTION

_of = figures.rate_text


def summary_tables(summary) -> list[dict]:
    tables = [
        {
            "caption": summary.received_caption,
            "captionClasses": "govuk-table__caption--m",
            "firstCellIsHeader": True,
            "head": [{"text": "Agency"}, {"text": "Received"}],
            "rows": [[{"text": agency}, {"text": _of(done, total)}] for agency, done, total in summary.received],
        }
    ]
    if summary.standard_met:
        tables.append(
            {
                "caption": STANDARD_MET_CAPTION,
                "captionClasses": "govuk-table__caption--m",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}, {"text": "Cases meeting the standard"}],
                "rows": [[{"text": a}, {"text": _of(met, audited)}] for a, met, audited in summary.standard_met]
                + [[{"text": ALL_AGENCIES}, {"text": _of(*summary.standard_met_overall)}]],
            }
        )
    for grade in summary.grades:
        scale = grade.question.scale
        levels = scale.levels if scale else []
        head = (
            [{"text": "Agency"}]
            + [{"text": level["label"], "format": "numeric"} for level in levels]
            + [{"text": summary.met_heading}]
        )
        rows = []
        for agency in sorted(grade.by_agency):
            counts = grade.by_agency[agency]
            rows.append(
                [{"text": agency}]
                + [{"text": str(counts.get(str(level["value"]), 0)), "format": "numeric"} for level in levels]
                + [{"text": _of(grade.met_by_agency[agency], grade.answered_by_agency[agency])}]
            )
        overall = grade.overall
        rows.append(
            [{"text": ALL_AGENCIES}]
            + [{"text": str(overall.get(str(level["value"]), 0)), "format": "numeric"} for level in levels]
            + [{"text": _of(grade.met, grade.answered)}]
        )
        tables.append(
            {
                "caption": grade.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": head,
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    for yes_no in summary.yes_no:
        rows = [
            [{"text": agency}, {"text": _of(yes_no.yes_by_agency[agency], yes_no.answered_by_agency[agency])}]
            for agency in sorted(yes_no.answered_by_agency)
        ]
        rows.append(
            [
                {"text": ALL_AGENCIES},
                {
                    "text": _of(yes_no.yes, yes_no.answered)
                    + (f"; not applicable in {yes_no.not_applicable}" if yes_no.not_applicable else "")
                },
            ]
        )
        tables.append(
            {
                "caption": yes_no.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}, {"text": summary.yes_heading}],
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    return tables


def answer_tables(summary) -> list[dict]:
    """The counts page's tables of choice and number questions, after
    :func:`summary_tables` (which the meeting's pages share for its grades),
    each shaped as a grade's table: a row for each agency whose returns
    answered, then all agencies. For each choice question, in the form's
    order, how many of the returns answering it chose each choice (a column
    for each); then for each number question the numbers given."""
    tables = []
    for count in summary.choices:
        rows = [
            _choice_row(agency, count.counts_of(agency), count.answered_by_agency[agency]) for agency in count.agencies
        ]
        rows.append(_choice_row(ALL_AGENCIES, count.overall, count.answered))
        tables.append(
            {
                "caption": count.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}]
                + [{"text": choice} for choice in count.choices]
                + [{"text": summary.answering(count), "format": "numeric"}],
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    for number in summary.numbers:
        rows = [
            [{"text": agency}] + [{"text": _figure(value), "format": "numeric"} for value in number.figures_of(agency)]
            for agency in number.agencies
        ]
        rows.append(
            [{"text": ALL_AGENCIES}] + [{"text": _figure(value), "format": "numeric"} for value in number.figures]
        )
        tables.append(
            {
                "caption": number.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}]
                + [{"text": text, "format": "numeric"} for text in summary.number_headings],
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    return tables


def _choice_row(agency: str, chosen: list[int], answered: int) -> list[dict]:
    """An agency's row of a choice question's table: of its returns answering,
    how many chose each choice ("1 of 2 (50%)"), then how many answered."""
    return (
        [{"text": agency}]
        + [{"text": _of(n, answered)} for n in chosen]
        + [{"text": f"{answered:,}", "format": "numeric"}]
    )


def _figure(value: int | None) -> str:
    return NOTHING if value is None else f"{value:,}"
