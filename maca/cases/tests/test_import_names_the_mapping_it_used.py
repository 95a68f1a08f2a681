"""An import's page names the saved mapping only when its columns are the ones used."""

from django.urls import reverse

from maca.cases.tests.factories import COLUMNS, ColumnMappingFactory, uploaded_case_import
from maca.tests.page import words_shown


def _started(client, case_import, columns) -> str:
    response = client.post(reverse("cases:import_mapping", args=[case_import.pk]), columns)
    assert response.status_code == 302
    return words_shown(client.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode())


def test_a_saved_mapping_changed_on_the_page_and_not_saved_is_not_named_as_the_one_used(world, client_for):
    ColumnMappingFactory(partnership=world.partnership, name="Case management export", columns=COLUMNS)
    client = client_for(world["qa"])

    # The officer unmatched the sex and the team, and did not save the change.
    changed = {key: heading for key, heading in COLUMNS.items() if key not in ("sex", "locality")}
    shown = _started(client, uploaded_case_import(partnership=world.partnership), changed)
    assert "Case management export" not in shown

    # Kept as suggested, the mapping is named.
    shown = _started(client, uploaded_case_import(partnership=world.partnership), COLUMNS)
    assert "Column mapping Case management export" in shown


def test_a_saved_mapping_chosen_on_the_page_is_named_rather_than_the_suggested_one(world, client_for):
    other = ColumnMappingFactory(
        partnership=world.partnership, name="Without the team", columns={**COLUMNS, "locality": ""}
    )
    ColumnMappingFactory(partnership=world.partnership, name="Case management export", columns=COLUMNS)
    case_import = uploaded_case_import(partnership=world.partnership)
    assert case_import.mapping.name == "Case management export"
    client = client_for(world["qa"])
    chosen = {key: heading for key, heading in other.columns.items() if heading}
    shown = _started(client, case_import, chosen)
    assert "Column mapping Without the team" in shown
