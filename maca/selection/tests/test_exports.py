"""Downloading the case pool and a draw's balance: what the page lists (every
page of it), never an identifier, no formula, and logged."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maca.audit_trail.models import AuditEvent
from maca.cases.models import ServiceLevel
from maca.selection.services import draw_make
from maca.selection.tests.builders import EVERYTHING, make_case
from maca.tests.querycount import count_queries
from maca.tests.tables import read_tables


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_pool_download_holds_every_case_the_filters_find_and_no_identifier(world, pool, client_for):
    hostile = make_case(
        world.partnership, locality="=1+1", identifiers={"nhs_number": "9434765919", "name": "Robin Example"}
    )
    client = client_for(world["qa"])
    query = {"level": ServiceLevel.CHILD_IN_NEED}
    response = client.get(reverse("pool:export", args=["csv"]), query)
    assert response["Content-Disposition"].startswith('attachment; filename="case-pool-')
    rows = csv_rows(response)
    assert rows[0] == ["Reference", "Children", "Youngest child", "Level of service", "Locality", "Flags"]
    expected = sorted(c.reference for c in [*pool, hostile] if c.service_level == ServiceLevel.CHILD_IN_NEED)
    assert len(expected) == 11  # every matching case, the hostile one among them
    assert [row[0] for row in rows[1:]] == expected
    assert {row[3] for row in rows[1:]} == {"Child in need"}
    body = "\n".join(",".join(row) for row in rows)
    assert "9434765919" not in body and "Robin Example" not in body and "CS0" not in body
    assert [row[4] for row in rows[1:] if row[4].endswith("=1+1")] == ["'=1+1"]
    event = AuditEvent.objects.get(action="case_pool.exported")
    assert event.changes["format"] == "csv" and event.changes["level"] == ServiceLevel.CHILD_IN_NEED
    assert sorted(event.changes["cases"]) == sorted(row[0] for row in rows[1:])
    assert "9434765919" not in str(event.changes)


def test_the_pool_download_lists_what_the_page_lists(world, pool, client_for):
    client = client_for(world["qa"])
    query = {"level": ServiceLevel.EARLY_HELP}
    page = read_tables(client.get(reverse("pool:index"), query).content.decode())["Cases in the pool"]
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("pool:export", args=["xlsx"]), query).streaming_content))
    )
    rows = [[("" if v is None else str(v)) for v in row] for row in workbook.active.iter_rows(values_only=True)]
    assert rows[0] == page.head
    assert len(rows) == len(page.rows) + 1 == 11
    assert [[cell or "–" for cell in row] for row in rows[1:]] == page.rows


def test_another_partnerships_cases_are_never_in_the_download(world, pool, client_for):
    rows = csv_rows(client_for(world["outsider"]).get(reverse("pool:export", args=["csv"])))
    assert rows == [["Reference", "Children", "Youngest child", "Level of service", "Locality", "Flags"]]


def test_the_pool_download_asks_the_same_number_of_queries_however_many_cases(world, client_for):
    client = client_for(world["qa"])

    def fetch():
        response = client.get(reverse("pool:export", args=["xlsx"]))
        b"".join(response.streaming_content)
        return response

    counts = []
    for more in (3, 30):
        for _ in range(more):
            make_case(world.partnership)
        fetch()
        counts.append(count_queries(fetch))
    assert counts[0] == counts[1]


@pytest.fixture
def drawn(world, audit, pool):
    return draw_make(
        actor=world["qa"].user,
        audit=audit,
        size=6,
        dimensions=["service_level", "locality"],
        allocation="proportional",
        seed=123,
        pool_filter=EVERYTHING,
    )


def test_the_balance_download_holds_the_balance_tables(world, audit, drawn, client_for):
    client = client_for(world["qa"])
    tables = read_tables(client.get(reverse("selection:draw_detail", args=[audit.pk, drawn.pk])).content.decode())
    shown = tables["Level of service (balanced)"]
    response = client.get(reverse("selection:draw_export", args=[audit.pk, drawn.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Dimension", "Balanced", "Group", "Pool")
    levels = [row for row in rows[1:] if row[0] == "Level of service"]
    assert {row[2] for row in levels} == {row[0] for row in shown.rows}
    for row in levels:
        assert row[1] == "Yes"
        pool_text = shown.cell(row[2], "Pool")  # "10 (33%)"
        sample_text = shown.cell(row[2], "Sample")
        assert pool_text.startswith(f"{row[3]} (") and sample_text.startswith(f"{row[6]} (")
        assert shown.cell(row[2], "Target") == f"{row[5]:.1f}"
    assert any(row[1] == "No" for row in rows[1:])  # the dimensions not balanced are there too
    event = AuditEvent.objects.get(action="draw_balance.exported")
    assert event.object_id == str(drawn.pk) and event.changes == {"format": "xlsx"}
