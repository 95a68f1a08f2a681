"""Found walking a case's page as a QA officer: what its summary says must
read as an answer, and a case brought in with a past audit (no children in
any case list) must not be said to have none. Every reference is made up."""

from __future__ import annotations

import re

from django.urls import reverse

from maca.cases.models import Case, ServiceLevel
from maca.cases.tests.factories import child_row, import_rows
from maca.core.presenters import long_date


def _rows(client, case) -> dict[str, str]:
    """The case page's summary list, key to value, as a person reads it."""
    page = client.get(reverse("pool:case", args=[case.pk])).content.decode()
    return {
        " ".join(re.sub(r"<[^>]+>", " ", key).split()): " ".join(re.sub(r"<[^>]+>", " ", value).split())
        for key, value in re.findall(
            r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
            page,
            re.S,
        )
    }


def _children_table(client, case) -> str:
    page = client.get(reverse("pool:case", args=[case.pk])).content.decode()
    table = re.search(r"<table\b.*?</table>", page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


def test_the_case_page_says_yes_or_no_for_a_disability_not_the_question_again(world, client_for):
    import_rows(
        world.partnership,
        [
            child_row("F-1", "C-1", SEND="Y"),
            child_row("F-2", "C-2", SEND="Y"),
            child_row("F-2", "C-3", SEND="N"),
            child_row("F-3", "C-4", SEND="N"),
        ],
    )
    client = client_for(world["qa"])
    cases = {c.reference: c for c in Case.objects.filter(partnership=world.partnership)}

    # It said "Disability or SEND: Disability or SEND" (and "No disability or SEND").
    assert _rows(client, cases["F-1"])["Disability or SEND"] == "Yes"
    assert _rows(client, cases["F-2"])["Disability or SEND"] == "Yes, at least one child"
    assert _rows(client, cases["F-3"])["Disability or SEND"] == "No"


def test_a_case_brought_in_with_a_past_audit_is_not_said_to_have_no_children_and_be_open(world, client_for):
    past = Case.objects.create(
        partnership=world.partnership,
        reference="past-1-1",
        service_level=ServiceLevel.CHILD_IN_NEED,
        flags=["domestic_abuse"],
        from_past_audit=True,
    )
    client = client_for(world["qa"])
    rows = _rows(client, past)

    # It said "Children 0", "Referrals in the last 12 months 0" and "Open – to now".
    assert rows["Children"] == "Not recorded"
    assert rows["Referrals in the last 12 months"] == "Not recorded"
    assert rows["Open"] == "Not recorded"
    assert rows["Flags"] == "Domestic abuse"
    # The children's table had its headings and nothing under them.
    assert "No children are recorded for this case." in _children_table(client, past)


def test_a_case_from_a_case_list_still_shows_its_children_referrals_and_dates(world, client_for):
    import_rows(world.partnership, [child_row("F-1", "C-1")])
    case = Case.objects.get(partnership=world.partnership, reference="F-1")
    client = client_for(world["qa"])
    rows = _rows(client, case)

    assert rows["Children"] == "1"
    assert rows["Referrals in the last 12 months"] == str(case.referrals_last_12_months)
    closed = long_date(case.closed_date) if case.closed_date else "now"
    assert rows["Open"] == f"{long_date(case.open_date)} to {closed}"  # written out, as the dates of birth are
    assert "C-1" in _children_table(client, case)


def test_a_case_whose_children_all_moved_says_so_not_that_none_were_recorded(world, client_for):
    # QA walk: the pool listed it with 0 children; its page said "Not recorded"
    # and "No children are recorded for this case", as for a past audit's case.
    import_rows(world.partnership, [child_row("F-1", "C-1"), child_row("F-2", "C-2")])
    import_rows(world.partnership, [child_row("F-2", "C-1"), child_row("F-2", "C-2")])
    emptied = Case.objects.get(partnership=world.partnership, reference="F-1")
    assert emptied.children_count == 0
    client = client_for(world["qa"])

    said = "None: a later case list moved all its children to other cases"
    assert _rows(client, emptied)["Children"] == said
    assert f"{said}." in _children_table(client, emptied)
    assert "No children are recorded" not in _children_table(client, emptied)


def test_a_case_list_with_no_referral_dates_leaves_the_referrals_not_recorded_not_0(world, client_for):
    from maca.cases.models import CaseImport
    from maca.cases.tests.factories import COLUMNS, HEADINGS, csv_bytes, upload

    client = client_for(world["qa"])
    # The export has no column of referral dates: nothing in it says how many there were.
    headings = [heading for heading in HEADINGS if heading != "Referral dates"]
    content = csv_bytes([child_row("F-1", "C-1"), child_row("F-1", "C-2")], headings)
    client.post(reverse("cases:import_new"), {"file": upload(content, "export.csv")})
    case_import = CaseImport.objects.get(partnership=world.partnership)
    mapping_page = client.get(reverse("cases:import_mapping", args=[case_import.pk])).content.decode()
    assert _selected(mapping_page, "referral_dates") == ""
    columns = {key: heading for key, heading in COLUMNS.items() if key != "referral_dates"}
    client.post(reverse("cases:import_mapping", args=[case_import.pk]), columns)
    case = Case.objects.get(partnership=world.partnership, reference="F-1")
    rows = _rows(client, case)

    # It said "Referrals in the last 12 months 0".
    assert rows["Referrals in the last 12 months"] == (
        "Not recorded: the case list it was last imported from had no column for referral dates"
    )
    assert rows["Children"] == "2"

    # The next list has the column, and says there were none: then it is 0.
    import_rows(world.partnership, [child_row("F-1", "C-1"), child_row("F-1", "C-2")])
    assert _rows(client, case)["Referrals in the last 12 months"] == "0"


# The mapping page ----------------------------------------------------------------------------------


def _selected(body: str, name: str) -> str:
    """The value of the selected option of the select called ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', body, re.S).group(1)
    found = re.search(r'<option value="([^"]*)" selected', select)
    return found.group(1) if found else ""


def test_the_mapping_page_names_the_same_mapping_in_its_select_and_its_note(world, client_for):
    from maca.cases.tests.factories import COLUMNS, ColumnMappingFactory, uploaded_case_import

    # Last time the officer mapped "Team" (not the guess) as the locality: the
    # file's headings match, so the upload fills the page in from that mapping.
    saved = ColumnMappingFactory(
        partnership=world.partnership, name="Case management export", columns={**COLUMNS, "locality": "Sex"}
    )
    case_import = uploaded_case_import(partnership=world.partnership)
    assert case_import.mapping == saved
    client = client_for(world["qa"])
    url = reverse("cases:import_mapping", args=[case_import.pk])

    body = client.get(url).content.decode()
    assert "Filled in from the saved mapping ‘Case management export’" in body
    assert _selected(body, "locality") == "Sex"
    # The select said "Suggested from the headings" over a note naming the saved mapping.
    assert _selected(body, "mapping") == str(saved.pk)

    # Asking for the suggestion from the headings gave the saved mapping again,
    # and said so under a select that read "Suggested from the headings".
    body = client.get(url, {"mapping": ""}).content.decode()
    assert _selected(body, "mapping") == ""
    assert "Filled in by matching your file’s headings" in body
    assert _selected(body, "locality") == "Team"


def test_an_upload_waiting_for_its_columns_says_its_mapping_is_only_suggested(world, client_for):
    from maca.cases.tests.factories import COLUMNS, ColumnMappingFactory, uploaded_case_import
    from maca.tests.page import words_shown

    ColumnMappingFactory(partnership=world.partnership, name="Case management export", columns=COLUMNS)
    case_import = uploaded_case_import(partnership=world.partnership)
    client = client_for(world["qa"])
    shown = words_shown(client.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode())
    assert "Column mapping Case management export (suggested: the columns are not matched yet)" in shown
    shown = words_shown(client.get(reverse("cases:import_mapping", args=[case_import.pk])).content.decode())
    assert "Back to the case list" in shown


def test_a_case_list_with_no_flags_or_agencies_leaves_them_not_recorded_not_none(world, client_for):
    from maca.cases.models import CaseImport
    from maca.cases.tests.factories import COLUMNS, HEADINGS, csv_bytes, upload

    client = client_for(world["qa"])
    headings = [heading for heading in HEADINGS if heading not in ("Flags", "Agencies")]
    content = csv_bytes([child_row("F-1", "C-1")], headings)
    client.post(reverse("cases:import_new"), {"file": upload(content, "export.csv")})
    case_import = CaseImport.objects.get(partnership=world.partnership)
    columns = {key: heading for key, heading in COLUMNS.items() if key not in ("flags", "agencies")}
    client.post(reverse("cases:import_mapping", args=[case_import.pk]), columns)
    case = Case.objects.get(partnership=world.partnership, reference="F-1")
    rows = _rows(client, case)

    # They said "–", which reads as none.
    assert rows["Flags"] == "Not recorded: the case list it was last imported from had no column for flags"
    assert rows["Agencies known to be involved"] == (
        "Not recorded: the case list it was last imported from had no column for agencies"
    )
