"""Turn Django form fields into GOV.UK Frontend component parameters.

One place decides how every kind of field looks, so forms across the product
get labels, hints, error messages and error-summary anchors the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from maca.core.components import render_component
from maca.core.concurrency import plain
from maca.core.forms import GovukDateInput
from maca.core.presenters import long_date

LABEL_SIZES = {"s", "m", "l", "xl"}


DATE_PARTS = ("day", "month", "year")


def date_parts_at_fault(bound: BoundField) -> tuple[str, ...]:
    """The boxes of a date field to outline in red: those its error names (only
    the day, when only the day is missing), or all three when the error is about
    the date as a whole or names no box."""
    named: set[str] = set()
    for error in bound.errors.as_data():
        parts = (error.params or {}).get("parts") if isinstance(error.params, dict) else None
        if not parts:
            return DATE_PARTS
        named.update(parts)
    return tuple(part for part in DATE_PARTS if part in named)


def field_anchor(bound: BoundField) -> str:
    """The id the error summary links to: the first input of the field (for a
    date, the first box at fault)."""
    widget = bound.field.widget
    if isinstance(widget, GovukDateInput):
        at_fault = date_parts_at_fault(bound) if bound.errors else DATE_PARTS
        return f"{bound.auto_id}-{(at_fault or DATE_PARTS)[0]}"
    return bound.auto_id or bound.html_name


def _error_message(bound: BoundField) -> dict[str, str] | None:
    if not bound.errors:
        return None
    return {"text": " ".join(str(e) for e in bound.errors)}


def _label(bound: BoundField, size: str | None, is_page_heading: bool) -> dict[str, Any]:
    label: dict[str, Any] = {"text": str(bound.label)}
    classes = []
    if size in LABEL_SIZES:
        classes.append(f"govuk-label--{size}")
    if classes:
        label["classes"] = " ".join(classes)
    if is_page_heading:
        label["isPageHeading"] = True
    return label


def _legend(bound: BoundField, size: str | None, is_page_heading: bool) -> dict[str, Any]:
    legend: dict[str, Any] = {"text": str(bound.label)}
    if size in LABEL_SIZES:
        legend["classes"] = f"govuk-fieldset__legend--{size}"
    if is_page_heading:
        legend["isPageHeading"] = True
    return {"legend": legend}


def _choice_items(bound: BoundField, multiple: bool) -> list[dict[str, Any]]:
    value = bound.value()
    if multiple:
        selected = {str(v) for v in (value or [])}
    else:
        selected = {"" if value is None else str(value)}
    items = []
    hints = getattr(bound.field, "choice_hints", {}) or {}
    for choice_value, choice_label in bound.field.choices:
        key = "" if choice_value is None else str(getattr(choice_value, "value", choice_value))
        item: dict[str, Any] = {"value": key, "text": str(choice_label)}
        if key in hints:
            item["hint"] = {"text": str(hints[key])}
        item["checked" if bound.field.widget.input_type in {"radio", "checkbox"} else "selected"] = key in selected
        items.append(item)
    return items


def field_params(bound: BoundField, **options: Any) -> tuple[str, dict[str, Any]]:
    """Return ``(component, params)`` for a bound field.

    Options: ``label_size`` (s/m/l/xl), ``is_page_heading``, ``classes``,
    ``hint`` (overrides the field's help text), ``autocomplete``, ``spellcheck``,
    ``rows``, ``inline`` (radios side by side).
    """
    field = bound.field
    widget = field.widget
    size = options.get("label_size")
    is_heading = bool(options.get("is_page_heading"))
    hint_text = options.get("hint", field.help_text)
    params: dict[str, Any] = {
        "id": bound.auto_id,
        "name": bound.html_name,
        "errorMessage": _error_message(bound),
    }
    if hint_text:
        params["hint"] = {"text": str(hint_text)}
    if options.get("classes"):
        params["classes"] = options["classes"]
    attributes = {k: v for k, v in widget.attrs.items() if k not in {"class", "id"}}

    if isinstance(widget, GovukDateInput):
        parts = widget.parts_for(bound.value())
        at_fault = date_parts_at_fault(bound) if bound.errors else ()
        widths = {"day": 2, "month": 2, "year": 4}
        params.update(
            {
                "id": bound.auto_id,
                "namePrefix": bound.html_name,
                "fieldset": _legend(bound, size, is_heading),
                "items": [
                    {
                        "name": part,
                        "label": part.capitalize(),
                        "value": value,
                        "classes": f"govuk-input--width-{widths[part]}"
                        + (" govuk-input--error" if part in at_fault else ""),
                        "id": f"{bound.auto_id}-{part}",
                    }
                    for part, value in zip(DATE_PARTS, parts, strict=True)
                ],
            }
        )
        params.pop("name")
        return "date-input", params

    # Before RadioSelect: Django's CheckboxSelectMultiple is a subclass of it.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        params.pop("id")
        params.update(
            {
                "idPrefix": bound.auto_id,
                "fieldset": _legend(bound, size, is_heading),
                "items": _choice_items(bound, multiple=True),
            }
        )
        return "checkboxes", params

    if isinstance(widget, forms.RadioSelect):
        params.pop("id")
        params.update(
            {
                "idPrefix": bound.auto_id,
                "fieldset": _legend(bound, size, is_heading),
                "items": _choice_items(bound, multiple=False),
            }
        )
        if options.get("inline"):
            params["classes"] = (params.get("classes", "") + " govuk-radios--inline").strip()
        return "radios", params

    if isinstance(widget, forms.CheckboxInput):
        params.pop("id")
        params.update(
            {
                "idPrefix": bound.auto_id,
                "items": [
                    {
                        "value": "on",
                        "text": str(bound.label),
                        "checked": bool(bound.value()),
                        "id": bound.auto_id,
                    }
                ],
            }
        )
        if hint_text:
            params["items"][0]["hint"] = params.pop("hint")
        return "checkboxes", params

    if isinstance(widget, forms.Select):
        params.update({"label": _label(bound, size, is_heading), "items": _choice_items(bound, False)})
        return "select", params

    if isinstance(widget, forms.Textarea):
        value = bound.value()
        params.update(
            {
                "label": _label(bound, size, is_heading),
                "value": "" if value is None else str(value),
                "rows": options.get("rows") or widget.attrs.get("rows", 5),
                "spellcheck": options.get("spellcheck", True),
            }
        )
        max_length = getattr(field, "max_length", None)
        if max_length and options.get("count", True):
            params["maxlength"] = max_length
            # Written as the error messages write it ("5,000"), not as the component would ("5000").
            params["textareaDescriptionText"] = f"You can enter up to {max_length:,} characters"
            return "character-count", params
        return "textarea", params

    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        params.update({"label": _label(bound, size, is_heading)})
        if attributes:
            params["attributes"] = attributes
        return "file-upload", params

    if isinstance(widget, forms.PasswordInput):
        params.update(
            {
                "label": _label(bound, size, is_heading),
                "autocomplete": options.get("autocomplete") or widget.attrs.get("autocomplete", "current-password"),
            }
        )
        return "password-input", params

    # Plain inputs: text, e-mail, number, search, url, tel.
    value = widget.format_value(bound.value())
    params.update(
        {
            "label": _label(bound, size, is_heading),
            "type": "text" if widget.input_type == "number" else widget.input_type,
            "value": "" if value is None else str(value),
        }
    )
    if widget.input_type == "number":
        params["inputmode"] = "numeric"
    if widget.input_type == "email":
        params["spellcheck"] = False
    for option in ("autocomplete", "spellcheck"):
        if option in options:
            params[option] = options[option]
    if "autocomplete" in widget.attrs and "autocomplete" not in params:
        params["autocomplete"] = widget.attrs["autocomplete"]
    return "input", params


def render_field(bound: BoundField, **options: Any) -> SafeString:
    if bound.is_hidden:
        return SafeString(str(bound))
    component, params = field_params(bound, **options)
    return render_component(component, params) + _saved_meanwhile(bound)


def _saved_meanwhile(bound: BoundField) -> SafeString:
    """After an edit conflict, under a field both people changed: what the
    other person saved in it (``concurrency.Merged.shown_on``), as a person
    reads it, to compare with their own before saving again."""
    saved = getattr(bound.form, "saved_meanwhile", None) or {}
    if bound.name not in saved:
        return SafeString("")
    text = as_read(bound.field, saved[bound.name])
    by_you = getattr(bound.form, "saved_meanwhile_by_you", False)
    return format_html(
        '<div class="govuk-inset-text" id="{}-saved-meanwhile">'
        '<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{}</p>'
        '<p class="govuk-body govuk-!-margin-bottom-0{}">{}</p></div>',
        bound.auto_id or bound.name,
        "Saved meanwhile by you, on another page" if by_you else "Saved meanwhile by someone else",
        " maca-pre-wrap" if text else "",
        text or ("Nothing: you left it empty there." if by_you else "Nothing: they left it empty."),
    )


def as_read(field: forms.Field, value: Any) -> str:
    """A field's value as a person reads it: the chosen options' names, a
    date in words, text as typed."""
    if isinstance(field, forms.BooleanField):
        return "Ticked" if value else "Not ticked"
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        chosen = set(plain(list(value or ())))
        return ", ".join(str(label) for key, label in field.choices if str(key) in chosen)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        key = plain(value)
        return next((str(label) for choice, label in field.choices if str(choice) == key), key)
    if isinstance(value, dt.date):
        return long_date(value)
    return "" if value is None else str(value).strip()


def error_summary_params(*forms_: forms.BaseForm | forms.BaseFormSet) -> dict[str, Any] | None:
    """Collect every error of the given forms (and formsets) into one summary."""
    errors: list[dict[str, str]] = []

    def collect(form: forms.BaseForm) -> None:
        for error in form.non_field_errors():
            errors.append({"text": str(error)})
        # In the order the questions are asked, whichever check found the problem.
        for name in [name for name in form.fields if name in form.errors]:
            bound = form[name]
            for error in bound.errors:
                errors.append({"text": str(error), "href": f"#{field_anchor(bound)}"})

    for item in forms_:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            for error in item.non_form_errors():
                errors.append({"text": str(error)})
            for form in item.forms:
                collect(form)
        else:
            collect(item)
    if not errors:
        return None
    return {"titleText": "There is a problem", "errorList": errors}
