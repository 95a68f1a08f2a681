"""The counts page with choice and number questions, in the browser: the QA
officer reads how many returns ticked each choice; the tables pass axe and
the page does not scroll sideways at 320px. (The every-page sweep opens the
counts page of an audit whose tool has no choice or number question.)"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.test_counts_of_choices_and_numbers import ACTIVITIES, _answers, _publish_with_new_questions
from maca.returns.tests.test_tracking import complete
from maca.tests.browser.conftest import sign_in_as
from maca.tests.browser.test_accessibility_journey import check_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_qa_officer_reads_the_choices_ticked_and_the_numbers_given(live_server, world, browser, axe):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    _publish_with_new_questions(world, audit)
    first, second = Return.objects.filter(audit=audit).order_by("audit_case__number")
    complete(first, world, _answers(["Cooking", "Reading"], "At home", 3))
    complete(second, world, _answers(["Cooking"], "In care", 4))

    cache.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_as(page, live_server.url, world["qa"], axe=axe)
    page.goto(live_server.url + reverse("returns:summary", args=[audit.pk]))
    activities = page.get_by_role("table", name=ACTIVITIES)
    expect(activities.get_by_role("row", name="Cooking")).to_contain_text("2 of 2 (100%)")
    expect(activities.get_by_role("row", name="Reading")).to_contain_text("1 of 2 (50%)")
    expect(page.get_by_role("table", name="Numbers given")).to_contain_text("How many home visits were made?")
    axe.check(page)
    check_no_sideways_scroll(page)
    context.close()
