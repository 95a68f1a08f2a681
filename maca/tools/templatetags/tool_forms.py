"""The question form's kinds of answer, each with its settings under its radio."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString

from maca.core.components import render_component
from maca.core.form_rendering import field_params, render_field
from maca.tools.models import QuestionKind

register = template.Library()

# The fields each kind of answer is set up with, shown under its radio.
SETTINGS_OF_KIND = {
    QuestionKind.GRADE: ("scale",),
    QuestionKind.SINGLE_CHOICE: ("choices",),
    QuestionKind.MULTIPLE_CHOICE: ("several_choices",),
    QuestionKind.TEXT: ("max_length",),
}
FIELD_OPTIONS = {"max_length": {"classes": "govuk-input--width-5"}}
_TEXTAREA = re.compile(r"(<textarea\b[^>]*>)(.*?)(</textarea>)", re.S)


def _lines_kept(html: str) -> SafeString:
    """``html`` with each line break typed in a box written as a character
    reference: the components indent the panels they nest (the fieldset
    around the radios), which would put spaces at the start of each line a
    person typed (the second choice and on)."""
    return SafeString(_TEXTAREA.sub(lambda m: m[1] + re.sub(r"\r\n|\r|\n", "&#10;", m[2]) + m[3], html))


@register.simple_tag
def question_kind_radios(form) -> SafeString:
    """The kind radios of a ``QuestionForm``, each kind's settings in its
    radio's conditional panel (GOV.UK Frontend's conditional reveal, started
    by ``initAll``): with JavaScript only the chosen kind's panel is open;
    without it every panel shows, each under its kind. The panel of the kind
    chosen is open when the page is drawn, so a form shown again with errors
    shows that kind's settings as typed, with their errors."""
    component, params = field_params(form["kind"], label_size="s")
    for item in params["items"]:
        names = SETTINGS_OF_KIND.get(item["value"], ())
        if names:
            html = "".join(render_field(form[name], **FIELD_OPTIONS.get(name, {})) for name in names)
            item["conditional"] = {"html": _lines_kept(html)}
    return render_component(component, params)
