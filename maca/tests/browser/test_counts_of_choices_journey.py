"""The counts page with choice and number questions, in the browser: the QA
officer reads how many returns of each agency ticked each choice, and the
numbers each agency gave; the tables pass axe and the page does not scroll
sideways at 320px. (The every-page sweep opens the counts page of an audit
whose tool has no choice or number question.)"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from maca.returns.tests.test_counts_of_choices_and_numbers import (
    ACTIVITIES,
    CARE_BOARD,
    POLICE,
    VISITS,
    two_agencies_choosing_differently,
)
from maca.tests.browser.conftest import sign_in_as
from maca.tests.browser.test_accessibility_journey import check_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_qa_officer_reads_the_choices_ticked_and_the_numbers_given(live_server, world, browser, axe):
    audit = two_agencies_choosing_differently(world)

    cache.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_as(page, live_server.url, world["qa"], axe=axe)
    page.goto(live_server.url + reverse("returns:summary", args=[audit.pk]))
    activities = page.get_by_role("table", name=ACTIVITIES)
    # Each agency's returns on a row: the police read Reading in both, the care board in neither.
    reading = activities.get_by_role("columnheader").all_inner_texts().index("Reading")
    expect(activities.get_by_role("row", name=POLICE).get_by_role("cell").nth(reading - 1)).to_have_text(
        "2 of 2 (100%)"
    )
    expect(activities.get_by_role("row", name=CARE_BOARD).get_by_role("cell").nth(reading - 1)).to_have_text(
        "0 of 2 (0%)"
    )
    expect(activities.get_by_role("row", name="All agencies")).to_contain_text("2 of 4 (50%)")
    expect(page.get_by_role("table", name=VISITS).get_by_role("row", name=CARE_BOARD)).to_contain_text("42")
    axe.check(page)
    check_no_sideways_scroll(page)
    context.close()
