"""The integrated chronology as a timeline above its table: a lane per agency,
each event a mark of its impact, gaps and clusters shaded; the marks are the
table's events, one for one."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from maca.returns.models import Impact
from maca.returns.tests.chronology_factories import make_entry, submit
from maca.returns.tests.test_chronology_pages import integrated_url, made, scene  # noqa: F401 - fixture
from maca.returns.tests.test_progress import SVG, charts_of, marks
from maca.tests.tables import read_tables


def timeline_of(page: str):
    return charts_of(page)["Timeline of events by agency"]


def test_each_event_is_a_mark_in_its_agency_s_lane_as_the_table_lists_it(world, client_for, made):  # noqa: F811
    scene(made, world, submitted=False)
    make_entry(
        made.return_of(world.police),
        date=dt.date(2025, 9, 5),
        end_date=dt.date(2025, 10, 1),
        event="Officers checked on the family over several weeks",
        impact=Impact.NEUTRAL,
    )
    submit(made.return_of(world.police))
    submit(made.return_of(world.health))
    page = client_for(world["qa"]).get(integrated_url(made)).content.decode()
    tables = read_tables(page)
    drawn = marks(timeline_of(page))
    events = tables["Events in date order"]
    listed = Counter(
        (row[0], row[1], row[4]) for row in events.rows if len(row) == len(events.head)
    )  # gap and cluster rows span the table
    assert Counter((m["data-when"], m["data-agency"], m["data-impact"]) for m in drawn) == listed
    assert ("5 Sep 2025 to 1 Oct 2025", "Testshire Police", "Neutral") in listed
    by_agency = Counter(m["data-agency"] for m in drawn)
    for agency, count in by_agency.items():
        assert tables["Entries by agency"].cell(agency, "Entries") == str(count)


def test_gaps_and_clusters_are_shaded_and_said_in_words(world, client_for, made):  # noqa: F811
    scene(made, world)
    page = client_for(world["qa"]).get(integrated_url(made)).content.decode()
    timeline = timeline_of(page)
    bands = [e for e in timeline.iter() if e.get("class") == "maca-chart__band"]
    assert sorted(band.get("data-band") for band in bands) == [
        "A cluster with repeated referrals",
        "No event for more than 90 days",
    ]
    tooltips = {band.find(f"{SVG}title").text for band in bands}
    assert "No recorded event for 5 months (20 Mar 2025 to 1 Sep 2025)" in tooltips
    summary = timeline.find(f"{SVG}desc").text
    assert summary.startswith(
        "5 events from 2 agencies, 3 Jan 2025 to 1 Sep 2025: 1 positive and 4 neutral for the child."
    )
    assert "1 gap of more than 90 days and 1 cluster of 3 or more events within 30 days are shaded." in summary
    lanes = [t.text for t in timeline.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert lanes == ["Testshire Care Board (3 events)", "Testshire Police (2 events)"]
    # The chart comes before the table it draws.
    assert page.index("Timeline of events by agency") < page.index("Events in date order")


def test_an_agency_sees_a_timeline_of_its_own_entries_only(world, client_for, made):  # noqa: F811
    scene(made, world)
    page = client_for(world["auditor"]).get(integrated_url(made)).content.decode()
    assert {m["data-agency"] for m in marks(timeline_of(page))} == {"Testshire Police"}
