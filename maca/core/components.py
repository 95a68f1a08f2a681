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
    return mark_safe(_template(component).render(params=params))


def _banner_title_id(params: dict[str, Any]) -> str:
    """GOV.UK gives every notification banner's title the same id; a page with
    two banners (a message and the page's own) would then have two elements of
    one id, and a banner labelled by the wrong title. The id is made from the
    banner's words, so it is the same on every rendering and differs between
    banners that say different things."""
    words = "\x1f".join(str(params.get(key) or "") for key in ("type", "titleText", "titleHtml", "text", "html"))
    return f"banner-{hashlib.sha256(words.encode()).hexdigest()[:10]}-title"
