"""The audit tool fits the kind of audit when the plan is saved (a deep dive
needs a summative report tool, any other audit a case audit tool), not first
when agencies are to start auditing; and once they are, the kind and the tool
are shown as fixed, not offered as choices."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from maca.programme.models import Audit, Stage
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory, default_tool
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

DEEP_DIVE_WRONG_TOOL = (
    "Choose a summative report tool: a deep dive needs one, and ‘Test case audit tool’ is a case audit tool"
)


def _summative_tool(partnership):
    from maca.tools.tests.factories import published_tool

    return published_tool(partnership, kind="summative", name="Summative report").tool


def _plan(tool, kind="deep_dive") -> dict:
    return {
        "title": "Referrals into the MASH",
        "theme": "A deep dive into referrals.",
        "kind": kind,
        "target_cases": "6",
        "target_children": "",
        "tool": str(tool.pk),
        "reminder_days_before": "7",
        "reminder_days_after": "3",
    }


def _error_summary(body: str) -> str:
    words = words_shown(body)
    return words[words.index("There is a problem") :]


def _error_at(body: str, field: str) -> str:
    """The words of the error message shown at ``field`` (GOV.UK: above its input)."""
    start = (
        body.index(f'id="id_{field}-error"') if f'id="id_{field}-error"' in body else body.index(f'id="{field}-error"')
    )
    return words_shown(body[start : body.index("</p>", start)])


def test_a_deep_dive_planned_with_a_case_audit_tool_is_refused_at_the_tool(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    tool = default_tool(world.partnership)
    response = client_for(world["qa"]).post(reverse("programme:audit_new") + "?year=2026", _plan(tool))
    body = response.content.decode()
    assert response.status_code == 200, "the deep dive was saved with a case audit tool"
    assert DEEP_DIVE_WRONG_TOOL in _error_summary(body)
    assert DEEP_DIVE_WRONG_TOOL in _error_at(body, "tool")
    assert not Audit.objects.exists()


def test_a_deep_dive_with_a_summative_report_tool_is_planned(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    tool = _summative_tool(world.partnership)
    response = client_for(world["qa"]).post(reverse("programme:audit_new") + "?year=2026", _plan(tool))
    assert response.status_code == 302
    assert Audit.objects.get().tool == tool


def test_a_themed_audit_with_a_summative_report_tool_is_refused(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    tool = _summative_tool(world.partnership)
    response = client_for(world["qa"]).post(reverse("programme:audit_new") + "?year=2026", _plan(tool, kind="themed"))
    assert "Choose a case audit tool" in _error_summary(response.content.decode())
    assert not Audit.objects.exists()


def test_changing_a_planned_audit_to_a_deep_dive_with_its_case_tool_is_refused(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    client = client_for(world["qa"])
    url = reverse("programme:audit_edit", args=[audit.pk])
    shown = fields_shown(client.get(url).content.decode())
    data = {name: f.chosen if f.kind == "checkbox" else (f.chosen[0] if f.chosen else "") for name, f in shown.items()}
    response = client.post(url, {**data, "kind": "deep_dive"})
    body = response.content.decode()
    assert DEEP_DIVE_WRONG_TOOL in _error_summary(body)
    assert DEEP_DIVE_WRONG_TOOL in _error_at(body, "tool")
    audit.refresh_from_db()
    assert audit.kind == "themed"


def test_kind_and_tool_are_shown_as_fixed_once_agencies_are_auditing(world, client_for):
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    assert audit.stage == Stage.AUDITING
    client = client_for(world["qa"])
    url = reverse("programme:audit_edit", args=[audit.pk])
    body = client.get(url).content.decode()
    shown = fields_shown(body)
    assert "kind" not in shown and "tool" not in shown, "the kind and tool are still offered as choices"
    words = words_shown(body)
    assert f"Kind of audit Cannot be changed once agencies are auditing. {audit.get_kind_display()}" in words
    assert f"Audit tool Cannot be changed once agencies are auditing. {audit.tool.name}" in words
    # The rest of the plan still saves, keeping the kind and tool.
    data = {name: f.chosen if f.kind == "checkbox" else (f.chosen[0] if f.chosen else "") for name, f in shown.items()}
    response = client.post(url, {**data, "title": "A new title"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.title, audit.kind) == ("A new title", "themed")


def test_a_crafted_change_of_tool_once_auditing_is_not_saved(world, client_for):
    from maca.returns.tests.builders import audit_with_returns
    from maca.tools.tests.factories import published_tool

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    tool = audit.tool
    other = published_tool(world.partnership, name="Another tool").tool
    client = client_for(world["qa"])
    url = reverse("programme:audit_edit", args=[audit.pk])
    shown = fields_shown(client.get(url).content.decode())
    data = {name: f.chosen if f.kind == "checkbox" else (f.chosen[0] if f.chosen else "") for name, f in shown.items()}
    client.post(url, {**data, "tool": str(other.pk), "kind": "external"})
    audit.refresh_from_db()
    assert (audit.tool, audit.kind) == (tool, "themed")


def test_before_agencies_audit_the_kind_and_tool_are_choices(world, client_for):
    audit = AuditFactory(
        partnership=world.partnership, lead=world["qa"].user, planned_selection_date=dt.date(2026, 9, 1)
    )
    shown = fields_shown(client_for(world["qa"]).get(reverse("programme:audit_edit", args=[audit.pk])).content.decode())
    assert shown["kind"].kind == "radio" and shown["tool"].kind == "select"
