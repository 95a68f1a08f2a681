"""Template tags that render GOV.UK Frontend components.

Loaded as a builtin in every template:

``{% govuk "button" text="Save" %}``
    Any component, with the parameters of the design system's documentation.
    Nested parameters are written with ``__``: ``label__text="Name"``.
    ``params=some_dict`` passes a whole dictionary built by a presenter.
    A ``"table"`` comes in its own scroll region (:func:`scroll_region`), so a
    wide table scrolls by itself at 320px and never the page (WCAG 1.4.10).
``{% govuk_field form.email label_size="m" %}``
    A form field as the right component (input, radios, date input...).
``{% govuk_error_summary form other_form %}``
    The error summary for one or more forms, linking to each field.
``{% govukblock "details" summaryText="Help" %}...{% endgovukblock %}``
    A component whose ``html`` is the block's content.
``{{ theme.name|in_sentence }}``
    A name as it reads inside a sentence (``maca.core.presenters.in_sentence``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from maca.core.components import render_component
from maca.core.form_rendering import error_summary_params, render_field
from maca.core.presenters import in_sentence

register = template.Library()
register.filter("in_sentence", in_sentence)


def _nest(options: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = dict(options.pop("params", None) or {})
    for key, value in options.items():
        target = params
        *parents, leaf = key.split("__")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return params


@register.simple_tag
def govuk(component: str, **options: Any) -> SafeString:
    params = _nest(options)
    if component == "table":
        region = params.pop("region", None)  # maca's own: classes and name of the scroll region
        return scroll_region(render_component(component, params), params, **(region or {}))
    return render_component(component, params)


def scroll_region(html: SafeString, params: dict[str, Any], *, label: str = "", classes: str = "") -> SafeString:
    """A table in a region that scrolls sideways by itself: focusable, so a
    keyboard can scroll it, and named by the table's caption (or ``label``)."""
    name = label or params.get("caption") or ""
    if not name:
        heads = [cell.get("text", "") for cell in params.get("head") or [] if isinstance(cell, dict)]
        name = "Table of " + ", ".join(text for text in heads[:3] if text) if any(heads) else "Table"
    return format_html(
        '<div class="maca-scroll{}" tabindex="0" role="region" aria-label="{}">{}</div>',
        f" {classes}" if classes else "",
        name,
        html,
    )


@register.simple_tag
def govuk_field(bound_field, **options: Any) -> SafeString:
    return render_field(bound_field, **options)


@register.simple_tag
def govuk_error_summary(*forms) -> SafeString:
    params = error_summary_params(*forms)
    if params is None:
        return SafeString("")
    return render_component("error-summary", params)


class ComponentBlockNode(template.Node):
    def __init__(self, component, options, nodelist):
        self.component = component
        self.options = options
        self.nodelist = nodelist

    def render(self, context):
        options = {key: value.resolve(context) for key, value in self.options.items()}
        params = _nest(options)
        params["html"] = SafeString(self.nodelist.render(context))
        return render_component(self.component.resolve(context), params)


@register.tag
def govukblock(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("govukblock needs a component name")
    component = parser.compile_filter(bits[1])
    options = template.base.token_kwargs(bits[2:], parser, support_legacy=False)
    nodelist = parser.parse(("endgovukblock",))
    parser.delete_first_token()
    return ComponentBlockNode(component, options, nodelist)
