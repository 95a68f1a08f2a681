"""docs/architecture.md describes the menus that exist (issue 8, item 9): the
service navigation's sections, in their order on screen, and no menu the
service does not have."""

from __future__ import annotations

import re
from pathlib import Path

from maca.home.navigation import NAVIGATION

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_menus_section_lists_every_section_of_the_service_navigation_in_order():
    text = (DOCS / "architecture.md").read_text()
    menus = text[text.index("## Menus") :]
    listed = re.search(r"in this order: (.+?)\.\s", " ".join(menus.split())).group(1)
    assert [label.strip() for label in listed.split(",")] == [item.label for item in NAVIGATION]


def test_no_document_sends_people_to_a_manage_menu():
    """maca has no "Manage" menu: pages under /manage/ are sections of the service navigation."""
    for path in [*DOCS.rglob("*.md"), DOCS.parent / "README.md"]:
        assert not re.search(r"\bManage\s*(→|>|&gt;)", path.read_text()), path
