"""What a form shows a person: each field's kind and what is filled in,
ticked or chosen, read from the page as a browser would."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FieldShown:
    kind: str  # "text", "radio", "checkbox", "select", "textarea", "hidden"...
    options: list[str] = field(default_factory=list)  # every value offered (radios, checkboxes, select)
    chosen: list[str] = field(default_factory=list)  # what is typed, ticked or selected


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, FieldShown] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def _field(self, name: str, kind: str) -> FieldShown:
        return self.fields.setdefault(name, FieldShown(kind))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attributes.get("type", "text")
            shown = self._field(name, kind)
            value = attributes.get("value") or ""
            if kind in ("radio", "checkbox"):
                shown.options.append(value)
                if "checked" in attributes:
                    shown.chosen.append(value)
            else:
                shown.chosen.append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            self._field(name, "textarea").chosen.append("")
        elif tag == "select" and name:
            self._select = name
            self._field(name, "select")
        elif tag == "option" and self._select:
            shown = self.fields[self._select]
            shown.options.append(attributes.get("value") or "")
            if "selected" in attributes:
                shown.chosen.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A browser drops the line break that follows <textarea>.
            shown = self.fields[self._textarea]
            shown.chosen[-1] = shown.chosen[-1].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea].chosen[-1] += data


def fields_shown(page: str) -> dict[str, FieldShown]:
    """Every named field of the page's forms, by name (CSRF tokens left out)."""
    reader = _FormReader()
    reader.feed(page)
    return reader.fields
