"""The error summary is the first thing in the page's main content, above its
heading (GOV.UK Design System, error summary: "at the top of the main
container"), so that a person who has just pressed a button hears first
that something needs fixing, and where."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # the repository: maca/core/tests/ is three below
SUMMARY = re.compile(r"govuk_error_summary|\"error-summary\"")


def test_no_template_puts_its_error_summary_below_its_heading():
    late = []
    templates = list((ROOT / "maca").rglob("templates/**/*.html"))
    assert len(templates) > 100  # the search looks where the templates are
    with_summary = 0
    for path in templates:
        source = path.read_text()
        first = SUMMARY.search(source)
        if first is None:
            continue
        with_summary += 1
        heading = source.find("<h1")
        if heading != -1 and heading < first.start():
            late.append(str(path.relative_to(ROOT)))
    assert with_summary > 30
    assert late == []
