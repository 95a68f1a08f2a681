"""Two people changing a tool's name and description at the same time.

The second save is refused (``EditConflict``): the page shows what is saved
now merged with the person's own changes, field by field (ADR 0027), and
nothing of theirs is saved until they save again, knowingly."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools import services
from maca.tools.models import AuditTool


@pytest.fixture
def tool(world):
    return services.tool_create(
        actor=world["qa"].user, partnership=world.partnership, name="Neglect tool", kind="case", description="Old"
    )


def _form_sent(page: str, **changes) -> dict:
    """What the browser sends from the edit page, with ``changes`` typed over it."""
    data = {name: shown.chosen[0] if shown.chosen else "" for name, shown in fields_shown(page).items()}
    return {**data, **changes}


def _shown(page: str) -> dict:
    fields = fields_shown(page)
    return {name: fields[name].chosen[0] for name in ("name", "description")}


def test_after_a_conflict_a_person_sees_the_other_persons_description_with_their_own_new_name(world, client_for, tool):
    quinn, asha = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("tools:tool_edit", args=[tool.pk])
    quinns_page, ashas_page = quinn.get(url).content.decode(), asha.get(url).content.decode()

    # Quinn saves a new description.
    response = quinn.post(url, _form_sent(quinns_page, description="Quinn's careful description"))
    assert response.status_code == 302

    # Asha, from the page she opened before, renames the tool: nothing of hers is saved yet.
    response = asha.post(url, _form_sent(ashas_page, name="Neglect audit tool"))
    assert response.status_code == 200
    page = response.content.decode()
    words = words_shown(page)
    assert words.startswith("Error: ")
    assert "Someone else changed this tool" in words
    assert "Someone else changed this tool while you were editing it, so nothing has been saved yet." in words
    assert "The tool as it is now" in words and "Quinn's careful description" in words
    assert _shown(page) == {"name": "Neglect audit tool", "description": "Quinn's careful description"}
    saved = AuditTool.objects.get(pk=tool.pk)
    assert (saved.name, saved.description) == ("Neglect tool", "Quinn's careful description")

    # Asha saves again, knowingly: her name and Quinn's description are both kept.
    response = asha.post(url, _form_sent(page))
    assert response.status_code == 302
    assert _shown(asha.get(url).content.decode()) == {
        "name": "Neglect audit tool",
        "description": "Quinn's careful description",
    }
    words = words_shown(quinn.get(reverse("tools:tool", args=[tool.pk])).content.decode())
    assert "Neglect audit tool" in words and "Quinn's careful description" in words


def test_when_both_rename_a_tool_the_page_shows_yours_with_theirs_under_it(world, client_for, tool):
    quinn, asha = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("tools:tool_edit", args=[tool.pk])
    quinns_page, ashas_page = quinn.get(url).content.decode(), asha.get(url).content.decode()
    assert quinn.post(url, _form_sent(quinns_page, name="Neglect tool 2026")).status_code == 302

    response = asha.post(url, _form_sent(ashas_page, name="Neglect audit tool"))
    page = response.content.decode()
    words = words_shown(page)
    assert "You both changed ‘Name’: yours is shown, with theirs under it." in words
    assert "Saved meanwhile by someone else" in words and "Neglect tool 2026" in words
    assert _shown(page) == {"name": "Neglect audit tool", "description": "Old"}
    assert AuditTool.objects.get(pk=tool.pk).name == "Neglect tool 2026"

    # Saving again puts Asha's name over Quinn's, as she chose to.
    assert asha.post(url, _form_sent(page)).status_code == 302
    assert _shown(asha.get(url).content.decode())["name"] == "Neglect audit tool"
