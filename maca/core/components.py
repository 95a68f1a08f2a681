"""Render GOV.UK Frontend components from the design system's own macros.

The macros are the official Nunjucks templates ported to Jinja by the
govuk-frontend-jinja package, pinned to the same GOV.UK Frontend release that
npm installs. maca's templates are Django templates; they reach the macros
through the ``govuk`` template tags, which call :func:`render_component`.
See docs/adr/0002-govuk-frontend-integration.md.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, PackageLoader, PrefixLoader, Template
from markupsafe import escape

_environment = Environment(
    loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    autoescape=True,
)


def macro_name(component: str) -> str:
    """``"summary-list"`` -> ``"govukSummaryList"``."""
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


@cache
def _template(component: str) -> Template:
    path = f"govuk_frontend_jinja/components/{component}/macro.html"
    name = macro_name(component)
    return _environment.from_string(f"{{% from '{path}' import {name} %}}{{{{ {name}(params) }}}}")


def render_component(component: str, params: dict[str, Any]) -> SafeString:
    """Render one component with its documented parameters (as in the Nunjucks docs)."""
    if component == "notification-banner" and not params.get("titleId"):
        params = {**params, "titleId": _banner_title_id(params)}
    if component == "table" and _plain_table(params):
        return mark_safe(_table(params))
    return mark_safe(_template(component).render(params=params))


# A table of many cells, drawn without the macro -----------------------------------------------
#
# The response grid has 720 cells; the macro spends about a millisecond per 15
# of them (a Jinja call per cell for its attributes). Tables that use only the
# parameters below are written here instead, as the same markup: the test
# (core/tests/test_components_table.py) renders each kind of table both ways
# and compares them. Anything else (attributes, colspan, rowspan) goes to the
# macro.

_TABLE_KEYS = frozenset({"caption", "captionClasses", "firstCellIsHeader", "head", "rows", "classes"})
_CELL_KEYS = frozenset({"text", "html", "format", "classes"})


def _plain_table(params: dict[str, Any]) -> bool:
    if not _TABLE_KEYS.issuperset(params):
        return False
    cells = [*(params.get("head") or [])]
    for row in params.get("rows") or []:
        cells.extend(row or [])
    return all(isinstance(cell, dict) and _CELL_KEYS.issuperset(cell) for cell in cells)


def _content(cell: dict[str, Any]) -> str:
    """The macro's ``cell.html | safe if cell.html else cell.text``."""
    if cell.get("html"):
        return str(cell["html"])
    return str(escape(cell["text"])) if "text" in cell else ""


def _class(base: str, cell: dict[str, Any], *, formatted: bool = True) -> str:
    value = base
    if formatted and cell.get("format"):
        value += f" {base}--{escape(cell['format'])}"
    if cell.get("classes"):
        value += f" {escape(cell['classes'])}"
    return value


def _table(params: dict[str, Any]) -> str:
    parts = [f'<table class="{_class("govuk-table", params, formatted=False)}">']
    if params.get("caption"):
        caption = "govuk-table__caption" + (
            f" {escape(params['captionClasses'])}" if params.get("captionClasses") else ""
        )
        parts.append(f'<caption class="{caption}">{escape(params["caption"])}</caption>')
    if params.get("head"):
        parts.append('<thead class="govuk-table__head"><tr class="govuk-table__row">')
        parts.extend(
            f'<th scope="col" class="{_class("govuk-table__header", item)}">{_content(item)}</th>'
            for item in params["head"]
        )
        parts.append("</tr></thead>")
    parts.append('<tbody class="govuk-table__body">')
    header_first = bool(params.get("firstCellIsHeader"))
    for row in params.get("rows") or []:
        if not row:
            continue
        parts.append('<tr class="govuk-table__row">')
        for index, cell in enumerate(row):
            if index == 0 and header_first:
                parts.append(
                    f'<th scope="row" class="{_class("govuk-table__header", cell, formatted=False)}">'
                    f"{_content(cell)}</th>"
                )
            else:
                parts.append(f'<td class="{_class("govuk-table__cell", cell)}">{_content(cell)}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _banner_title_id(params: dict[str, Any]) -> str:
    """GOV.UK gives every notification banner's title the same id; a page with
    two banners (a message and the page's own) would then have two elements of
    one id, and a banner labelled by the wrong title. The id is made from the
    banner's words, so it is the same on every rendering and differs between
    banners that say different things."""
    words = "\x1f".join(str(params.get(key) or "") for key in ("type", "titleText", "titleHtml", "text", "html"))
    return f"banner-{hashlib.sha256(words.encode()).hexdigest()[:10]}-title"
