"""Two officers saving a column mapping of one name at the same moment: one
mapping, the later save's columns, and no error page."""

from __future__ import annotations

import pytest

from maca.cases.models import ColumnMapping
from maca.cases.services import column_mapping_save
from maca.tests.races import meet_before, needs_row_locks, run_each


@pytest.mark.django_db(transaction=True)
def test_two_mappings_of_one_name_saved_at_once_leave_one(world, monkeypatch):
    needs_row_locks()
    # Each save, once it has looked for a mapping of that name, waits for the
    # other to get as far (if it can) before it saves.
    monkeypatch.setattr(ColumnMapping, "save", meet_before(ColumnMapping.save))

    def save_as(name, reference):
        return lambda: column_mapping_save(
            actor=world["qa"].user, partnership=world.partnership, name=name, columns={"sex": reference}
        )

    outcomes = run_each([save_as("Monthly extract", "Sex"), save_as("monthly extract", "Gender")])
    monkeypatch.undo()
    assert outcomes == [None, None]
    mappings = ColumnMapping.objects.filter(partnership=world.partnership)
    assert mappings.count() == 1
    assert mappings.get().columns["sex"] in ("Sex", "Gender")
