"""Read a rendered page as a person would see its form: which boxes are
ticked, which radio is chosen, what each field holds.

Standard library only, so any test can use it:

    page = Page(response.content.decode())
    assert page.checked("agencies") == {"3", "5", "8"}
"""

from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **{name: ("" if value is None else value) for name, value in attrs}}
        if tag in {"input", "select", "textarea", "option", "script", "link", "img"}:
            self.elements.append(element)
        if tag in {"textarea", "option", "script"}:
            element["text"] = ""
            self._open = element

    def handle_endtag(self, tag):
        if self._open is not None and self._open["tag"] == tag:
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


class Page:
    def __init__(self, html: str):
        collector = _Collector()
        collector.feed(html)
        self.elements = collector.elements

    def all(self, tag: str) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag]

    def inputs(self, name: str | None = None) -> list[dict]:
        return [e for e in self.all("input") if name is None or e.get("name") == name]

    def input_types(self, name: str) -> set[str]:
        return {e.get("type", "text") for e in self.inputs(name)}

    def checked(self, name: str) -> set[str]:
        """The values of the ticked boxes or the chosen radio called ``name``."""
        return {e.get("value", "on") for e in self.inputs(name) if "checked" in e}

    def value(self, name: str) -> str | None:
        for element in self.elements:
            if element.get("name") != name:
                continue
            if element["tag"] == "textarea":
                return element.get("text", "").strip("\n")
            if element["tag"] == "input":
                return element.get("value", "")
        return None

    def selected(self, name: str) -> set[str]:
        """The chosen options of the select called ``name``."""
        chosen, inside = set(), False
        for element in self.elements:
            if element["tag"] == "select":
                inside = element.get("name") == name
            elif element["tag"] == "option" and inside and "selected" in element:
                chosen.add(element.get("value", element.get("text", "")))
        return chosen


def words_shown(page: str) -> str:
    """The page's words as read on the screen: tags dropped, entities decoded,
    runs of white space made one space. Attribute values (field names, ids) are
    not words a person sees, so they are not in it."""
    without_scripts = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", without_scripts)).split())
