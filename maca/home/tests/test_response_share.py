"""A share of returns in never reads as all or none when it is not: "(100%)"
while a return is still outstanding, or "(0%)" once one is in, would contradict
the panel it is shown in ("with returns still outstanding")."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse
from django.utils import timezone

from maca.home import panels
from maca.programme.tests.factories import ProgrammeFactory, replan, year_past
from maca.returns import figures
from maca.returns.tests.builders import audit_with_returns


def _late_panel_texts(client) -> list[str]:
    page = html.unescape(client.get(reverse("home:index")).content.decode())
    sections = re.findall(r"<section\b.*?</section>", page, flags=re.S)
    (section,) = [s for s in sections if ">Audits past their deadline</h2>" in s]
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a\b[^>]*>(.*?)</a>", section, re.S)]


def test_the_home_page_never_says_100_or_0_percent_of_an_audits_returns_are_in_when_they_are_not(
    world, client_for, monkeypatch
):
    today = timezone.localdate()
    audit = audit_with_returns(
        world,
        cases=1,
        agencies=[world.police],
        programme=ProgrammeFactory(partnership=world.partnership, year=year_past()),
    )
    deadline = today - dt.timedelta(days=3)
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))
    client = client_for(world["qa"])
    # A deep dive of 60 cases and 7 agencies: 419 of its 420 returns in; then 1 of them.
    for counts, said in [
        ({"submitted": 419, "draft": 1}, "419 of 420 returns in (99%)"),
        ({"submitted": 1, "not_started": 419}, "1 of 420 returns in (1%)"),
        ({"submitted": 21, "draft": 19}, "21 of 40 returns in (52%)"),  # exact otherwise
    ]:
        monkeypatch.setattr(panels, "_status_counts", lambda membership, audits, counts=counts: {audit.pk: counts})
        assert _late_panel_texts(client) == [f"{audit.title}: {said}"]


def test_every_response_figure_says_all_or_none_only_when_it_is():
    assert figures.Response(399, 400).returns_text == "399 of 400 returns in (99%)"
    assert figures.Response(1, 400).text == "1 of 400 (1%)"
    assert figures.Response(400, 400).text == "400 of 400 (100%)"
    assert figures.Response(0, 400).text == "0 of 400 (0%)"
    assert figures.Response(3, 35).returns_text == "3 of 35 returns in (9%)"
    assert figures.rate_text(1, 3) == "1 of 3 (33%)"


def test_a_deep_dives_figures_on_the_home_pages_count_summative_reports(world, client_for):
    from maca.tests.page import words_shown

    audit = audit_with_returns(
        world,
        cases=1,
        agencies=[world.police],
        kind="deep_dive",
        tool_kind="summative",
        programme=ProgrammeFactory(partnership=world.partnership, year=year_past()),
    )
    today = timezone.localdate()
    deadline = today - dt.timedelta(days=3)
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))
    assert _late_panel_texts(client_for(world["qa"])) == [f"{audit.title}: 0 of 1 summative report in (0%)"]
    shown = words_shown(client_for(world["qa"]).get(reverse("home:index")).content.decode())
    assert "Summative reports were due" in shown and "Returns were due" not in shown
    if audit.programme.year == panels.business_year(today):  # the board's panel is of this year's programme
        board = words_shown(client_for(world["board"]).get(reverse("home:index")).content.decode())
        assert f"{audit.title}: 0 of 1 summative report in (0%)" in board
