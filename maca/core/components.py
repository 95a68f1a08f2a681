"""Render GOV.UK Frontend components from the design system's own macros.

The macros are the official Nunjucks templates ported to Jinja by the
govuk-frontend-jinja package, pinned to the same GOV.UK Frontend release that
npm installs. maca's templates are Django templates; they reach the macros
through the ``govuk`` template tags, which call :func:`render_component`.
See docs/adr/0002-govuk-frontend-integration.md.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, PackageLoader, PrefixLoader, Template

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
    return mark_safe(_template(component).render(params=params))
