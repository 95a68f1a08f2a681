"""What a QA walk of drawing a sample found (December 2026), checked as a
person sees it: a difference that rounds to nothing has no sign; the pool and
the cases left out add up to the case list when a nominated case is outside
the pool's conditions; a planned audit's draw page says how to get to drawing."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from maca.cases.models import ServiceLevel
from maca.programme.tests.factories import AuditFactory
from maca.selection.models import Draw
from maca.selection.services import PoolFilter, draw_make, nomination_create, nomination_decide
from maca.selection.tests.builders import make_case
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def _differences(table) -> list[str]:
    column = table.head.index("Difference")
    return [row[column] for row in table.rows]


def test_a_difference_that_rounds_to_nothing_is_shown_without_a_sign(world, selecting, client_for):
    levels = [ServiceLevel.EARLY_HELP, ServiceLevel.CHILD_IN_NEED, ServiceLevel.CHILD_PROTECTION]
    for i in range(12):
        make_case(world.partnership, service_level=levels[i % 3])
    made = draw_make(
        actor=world["qa"].user,
        audit=selecting,
        size=3,
        dimensions=["service_level"],
        allocation="proportional",
        seed=7,
        pool_filter=PoolFilter(open_within_months=None, exclude_audited_within_months=None),
    )
    # One case of each level against a target of 1.0 each: no difference at all;
    # and one a hair under its target, as floating point leaves it.
    balance = made.balance
    levels_row = next(rows for rows in balance if rows[0]["dimension"] == "service_level")
    assert [row["deviation"] for row in levels_row] == [0.0, 0.0, 0.0]
    levels_row[1]["deviation"] = -0.04
    Draw.objects.filter(pk=made.pk).update(balance=balance)

    client = client_for(world["qa"])
    tables = read_tables(client.get(reverse("selection:draw_detail", args=[selecting.pk, made.pk])).content.decode())
    assert _differences(tables["Level of service (balanced)"]) == ["0.0", "0.0", "0.0"]

    response = client.get(reverse("selection:draw_export", args=[selecting.pk, made.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index("Difference")
    assert [row[column] for row in rows[1:] if row[0] == "Level of service"] == ["0.0", "0.0", "0.0"]


def test_a_nominated_case_outside_the_pool_conditions_is_not_also_counted_as_left_out(world, selecting, client_for):
    for _ in range(3):
        make_case(world.partnership)  # open this year: in the pool
    outside = [make_case(world.partnership, open_date=None) for _ in range(2)]  # no open date: outside it
    nomination = nomination_create(
        actor=world["lead"].user,
        audit=selecting,
        case_reference=outside[0].reference,
        reason="Three referrals this year",
        can_see_pool=False,
    )
    nomination_decide(actor=world["qa"].user, nomination=nomination, accept=True, reason="")
    made = draw_make(
        actor=world["qa"].user,
        audit=selecting,
        size=3,
        dimensions=[],
        allocation="proportional",
        seed=3,
        pool_filter=PoolFilter(open_within_months=12, exclude_audited_within_months=None),
    )

    page = words_shown(
        client_for(world["qa"]).get(reverse("selection:draw_detail", args=[selecting.pk, made.pk])).content.decode()
    )
    # 5 cases in the list: 4 in the pool (the nominated one with them), 1 left out.
    assert "Pool 4 eligible cases (open in the last 12 months)" in page
    assert "Left out 1 case not in the pool: it did not meet its conditions (open in the last 12 months)" in page


def test_the_draw_page_of_a_planned_audit_says_to_move_it_to_selecting_cases_first(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, target_cases=4, title="Babies at risk")
    response = client_for(world["qa"]).get(reverse("selection:draw", args=[audit.pk]))
    page = words_shown(response.content.decode())
    assert "This audit is at ‘Planned’: move it to ‘Selecting cases’ first, then draw its sample here." in page
    assert "Once agencies are auditing, the sample is fixed" not in page
    assert reverse("programme:audit_move", args=[audit.pk]) in response.content.decode()
    assert "Draw the sample" not in page
