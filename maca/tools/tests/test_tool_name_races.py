"""Two people giving a tool, or a grading scale, one name at the same moment.

Each change that checks the partnership's names first holds the partnership's
row (``partnerships.services.partnership_hold``), before the check, so the
second waits for the first and then finds the clash: a message on the form,
not an error page from the database's constraint.

The two-thread tests need PostgreSQL's row locks and are skipped on SQLite;
the others, on either database, check the hold is taken before the check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maca.accounts.tests.locks import first, locks_and_writes
from maca.tests.races import meet_before, needs_row_locks, run_each
from maca.tools import services
from maca.tools.models import AuditTool, GradingScale

HELD = "lock partnerships.Partnership"


# On either database: the partnership is held before the names are checked ---------------------


def _noted_in(steps: list[str], function, step: str):
    def noted(*args, **kwargs):
        steps.append(step)
        return function(*args, **kwargs)

    return noted


def test_a_new_tools_name_is_checked_only_once_the_partnership_is_held(world, monkeypatch):
    with locks_and_writes() as steps:
        monkeypatch.setattr(
            services.tools, "_check_tool_name", _noted_in(steps, services.tools._check_tool_name, "check name")
        )
        services.tool_create(actor=world["qa"].user, partnership=world.partnership, name="Neglect tool", kind="case")
    assert steps[0] == HELD, steps
    assert first(steps, "check name") < first(steps, "insert tools.AuditTool"), steps


def test_a_renamed_tools_name_is_checked_only_once_the_partnership_and_the_tool_are_held(world, monkeypatch):
    tool = services.tool_create(actor=None, partnership=world.partnership, name="Neglect tool", kind="case")
    with locks_and_writes() as steps:
        monkeypatch.setattr(
            services.tools, "_check_tool_name", _noted_in(steps, services.tools._check_tool_name, "check name")
        )
        services.tool_update(
            actor=None, tool=tool, name="Neglect audit tool", description="", expected_version=tool.version
        )
    assert steps[:3] == [HELD, "lock tools.AuditTool", "check name"], steps


def test_a_new_scales_name_and_key_are_checked_only_once_the_partnership_is_held(world, monkeypatch):
    with locks_and_writes() as steps:
        monkeypatch.setattr(services.scales, "scales_for", _noted_in(steps, services.scales.scales_for, "check name"))
        monkeypatch.setattr(
            services.scales, "_unique", _noted_in(steps, services.scales._unique, "choose values and key")
        )
        services.scale_create(
            actor=world["qa"].user,
            partnership=world.partnership,
            name="Three",
            levels=["A", "B", "C"],
            meeting_standard=1,
        )
    assert steps[0] == HELD, steps
    assert first(steps, "check name") < first(steps, "insert tools.GradingScale"), steps
    assert first(steps, "choose values and key") < first(steps, "insert tools.GradingScale"), steps


# On PostgreSQL: two at once ----------------------------------------------------------------------


def _one_refused_with(outcomes, message_dict: dict) -> None:
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])
    assert refused[0].message_dict == message_dict


@pytest.mark.django_db(transaction=True)
def test_two_tools_of_one_name_made_at_once_make_one_and_a_message(world, monkeypatch):
    needs_row_locks()
    # Each, once it has checked the name, waits for the other to get as far (if it can) before it saves.
    monkeypatch.setattr(AuditTool, "save", meet_before(AuditTool.save))
    outcomes = run_each(
        [
            lambda: services.tool_create(actor=None, partnership=world.partnership, name="Neglect tool", kind="case"),
            lambda: services.tool_create(actor=None, partnership=world.partnership, name="neglect tool", kind="case"),
        ]
    )
    monkeypatch.undo()
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), outcomes
    assert refused[0].message_dict["name"][0].startswith("Your partnership already has a tool called ‘")
    assert AuditTool.objects.filter(partnership=world.partnership, name__iexact="neglect tool").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tools_renamed_to_one_name_at_once_keep_one_and_a_message(world, monkeypatch):
    needs_row_locks()
    tools = [
        services.tool_create(actor=None, partnership=world.partnership, name=name, kind="case")
        for name in ("Neglect tool", "Exploitation tool")
    ]
    monkeypatch.setattr(AuditTool, "save", meet_before(AuditTool.save))

    def rename(tool):
        return lambda: services.tool_update(
            actor=None, tool=tool, name="Joint tool", description="", expected_version=tool.version
        )

    outcomes = run_each([rename(tool) for tool in tools])
    monkeypatch.undo()
    _one_refused_with(outcomes, {"name": ["Your partnership already has a tool called ‘Joint tool’"]})
    assert AuditTool.objects.filter(partnership=world.partnership, name="Joint tool").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_scales_of_one_name_added_at_once_make_one_and_a_message(world, monkeypatch):
    needs_row_locks()
    monkeypatch.setattr(GradingScale, "save", meet_before(GradingScale.save))

    def add():
        return services.scale_create(
            actor=None, partnership=world.partnership, name="Practice standard", levels=["A", "B"], meeting_standard=1
        )

    outcomes = run_each([add, add])
    monkeypatch.undo()
    _one_refused_with(outcomes, {"name": ["There is already a scale called ‘Practice standard’"]})
    assert GradingScale.objects.filter(partnership=world.partnership, name="Practice standard").count() == 1
