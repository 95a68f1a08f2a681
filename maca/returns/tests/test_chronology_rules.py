"""The rules of a chronology, without the database: entries, files, gaps and clusters."""

from __future__ import annotations

import datetime as dt

import pytest

from maca.returns import chronology
from maca.returns.chronology import ChronologyRow, UploadRejected, build_integrated, read_rows

TODAY = dt.date(2026, 6, 1)


def row(pk, day, agency="Police", event="Visit", end=None, impact="neutral", agency_id=None):
    return ChronologyRow(
        pk=pk,
        date=day,
        end_date=end,
        agency_id=agency_id if agency_id is not None else hash(agency) % 1000,
        agency_name=agency,
        event=event,
        source="",
        impact=impact,
        action_taken="",
    )


def problems(**overrides):
    values = {
        "date": dt.date(2026, 1, 3),
        "end_date": None,
        "event": "Seen at school",
        "source": "",
        "impact": "neutral",
        "action_taken": "",
    }
    values.update(overrides)
    return chronology.entry_problems(**values, today=TODAY)


def test_a_good_entry_has_no_problems():
    assert problems() == {}
    assert problems(date=TODAY, end_date=TODAY) == {}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": None}, "date", "Enter the date of the event"),
        ({"date": dt.date(2026, 6, 2)}, "date", "Date of the event must be today or in the past"),
        ({"end_date": dt.date(2026, 1, 2)}, "end_date", "The end date must be the same as or after the date"),
        ({"end_date": dt.date(2027, 1, 2)}, "end_date", "The end date must be today or in the past"),
        ({"event": ""}, "event", "Enter the significant event"),
        ({"event": "x" * 2001}, "event", "The significant event must be 2,000 characters or fewer (it has 2,001)"),
        ({"action_taken": "x" * 2001}, "action_taken", "The action taken must be 2,000 characters or fewer"),
        ({"source": "x" * 301}, "source", "The source must be 300 characters or fewer"),
        ({"impact": "bad"}, "impact", "Select whether the impact on the child was positive, negative or neutral"),
        ({"impact": None}, "impact", "positive, negative or neutral"),
    ],
)
def test_each_rule_has_a_clear_message(overrides, field, message):
    found = problems(**overrides)
    assert list(found) == [field]
    assert message in found[field]


def test_text_at_the_limit_is_accepted():
    assert problems(event="x" * 2000, action_taken="y" * 2000, source="z" * 300) == {}


@pytest.mark.parametrize(
    ("raw", "impact"),
    [
        ("Positive", "positive"),
        ("POS", "positive"),
        ("+", "positive"),
        (" negative ", "negative"),
        ("Neg", "negative"),
        ("-", "negative"),
        ("neutral", "neutral"),
        ("0", "neutral"),
        (0, "neutral"),
        ("good", None),
        ("", None),
        ("=1", None),
    ],
)
def test_impact_is_read_from_words_and_signs(raw, impact):
    assert chronology.parse_impact(raw) == impact


# Files --------------------------------------------------------------------------------------


HEADERS = ["Date", "End date (optional)", "Significant event", "Source", "Impact on the child", "Action taken"]


def rows_of(*records, headers=HEADERS):
    return [(number, dict(zip(headers, record, strict=True))) for number, record in enumerate(records, start=2)]


def test_headings_are_matched_without_regard_to_case_or_wording():
    headers = ["DATE", "end date", "EVENT", "source", "Impact", "ACTION"]
    entries = read_rows(headers, rows_of(["3/1/2026", "", "Seen", "GP", "pos", ""], headers=headers), today=TODAY)
    assert entries[0].date == dt.date(2026, 1, 3)
    assert entries[0].impact == "positive"


def test_missing_required_columns_are_named():
    with pytest.raises(UploadRejected) as caught:
        read_rows(["Date", "Source"], [], today=TODAY)
    assert caught.value.problems == [
        "The file must have a column headed ‘Significant event’",
        "The file must have a column headed ‘Impact on the child’",
    ]


def test_two_columns_for_the_same_thing_are_refused():
    with pytest.raises(UploadRejected) as caught:
        read_rows(["Date", "Event", "Significant event", "Impact"], [], today=TODAY)
    assert "The columns ‘Event’ and ‘Significant event’ both hold the significant event" in caught.value.problems[0]


def test_every_bad_cell_is_reported_by_row_and_column():
    with pytest.raises(UploadRejected) as caught:
        read_rows(
            HEADERS,
            rows_of(
                ["3/1/2026", "", "Fine", "", "neutral", ""],
                ["31/2/2026", "", "", "", "maybe", ""],
                ["=TODAY()", "1/1/2020", "Seen", "x" * 301, "+", ""],
                ["2027-01-01", "", "Seen", "", "0", ""],
            ),
            today=TODAY,
        )
    assert caught.value.problems == [
        "Row 3, column ‘Date’: enter a real date: this day does not exist",
        "Row 3, column ‘Significant event’: enter the significant event",
        "Row 3, column ‘Impact on the child’: enter positive, negative or neutral (or +, - or 0)",
        "Row 4, column ‘Date’: enter a date in the form DD/MM/YYYY (for example, 27/3/2025) or YYYY-MM-DD",
        "Row 4, column ‘Source’: the source must be 300 characters or fewer (it has 301)",
        "Row 5, column ‘Date’: date of the event must be today or in the past",
    ]


def test_an_end_before_the_start_is_reported_on_the_end_date():
    with pytest.raises(UploadRejected) as caught:
        read_rows(HEADERS, rows_of(["3/1/2026", "2/1/2026", "Stay", "", "neutral", ""]), today=TODAY)
    assert caught.value.problems == [
        "Row 2, column ‘End date (optional)’: the end date must be the same as or after the date of the event"
    ]


def test_formula_looking_text_is_kept_as_plain_text():
    entries = read_rows(
        HEADERS,
        rows_of(["2026-01-03", "", '=HYPERLINK("http://x")', "@SUM(A1)", "-", "+1 more call"]),
        today=TODAY,
    )
    assert entries[0].event == '=HYPERLINK("http://x")'
    assert entries[0].source == "@SUM(A1)"
    assert entries[0].impact == "negative"
    assert entries[0].action_taken == "+1 more call"


def test_too_many_rows_are_refused():
    many = rows_of(*[["3/1/2026", "", "Seen", "", "0", ""]] * 2001)
    with pytest.raises(UploadRejected, match="no more than 2,000 rows"):
        read_rows(HEADERS, many, today=TODAY)


def test_a_file_with_headings_only_is_refused():
    with pytest.raises(UploadRejected, match="no entries"):
        read_rows(HEADERS, [], today=TODAY)


def test_the_type_and_size_are_checked_first():
    with pytest.raises(UploadRejected, match="must be a CSV or an Excel workbook"):
        chronology.check_file("chronology.xls", 10)
    with pytest.raises(UploadRejected, match="2 MB or smaller"):
        chronology.check_file("chronology.csv", 2 * 1024 * 1024 + 1)


def test_the_template_reads_back_cleanly():
    rows = chronology.template_rows()
    entries = read_rows(rows[0], [(2, dict(zip(rows[0], rows[1], strict=True)))], today=TODAY)
    assert entries[0].impact == "negative"


# The integrated chronology ------------------------------------------------------------------


def test_rows_are_merged_in_date_order_then_agency_then_id():
    rows = [
        row(3, dt.date(2026, 1, 5), "Police"),
        row(1, dt.date(2026, 1, 5), "Health"),
        row(2, dt.date(2026, 1, 1), "School"),
        row(4, dt.date(2026, 1, 5), "health"),
    ]
    assert [r.pk for r in chronology.sort_rows(rows)] == [2, 1, 4, 3]


def test_a_long_gap_is_described_in_months_with_its_dates():
    rows = [row(1, dt.date(2026, 1, 3)), row(2, dt.date(2026, 5, 12))]
    result = build_integrated(rows)
    assert [g.description for g in result.gaps] == ["No recorded event for 4 months (3 Jan 2026 to 12 May 2026)"]
    assert [item.kind for item in result.items] == ["entry", "gap", "entry"]


def test_a_gap_is_only_more_than_the_chosen_days_and_periods_cover_their_days():
    rows = [row(1, dt.date(2026, 1, 1)), row(2, dt.date(2026, 4, 1))]  # exactly 90 days
    assert build_integrated(rows).gaps == []
    assert len(build_integrated(rows, gap_days=60).gaps) == 1
    covered = [
        row(1, dt.date(2025, 1, 1), end=dt.date(2025, 12, 1)),
        row(2, dt.date(2025, 2, 1)),
        row(3, dt.date(2026, 1, 15)),
    ]
    assert build_integrated(covered).gaps == []


def test_short_gaps_are_described_in_days_and_long_ones_in_years():
    assert chronology.describe_length(dt.date(2026, 1, 1), dt.date(2026, 2, 15)) == "45 days"
    assert chronology.describe_length(dt.date(2024, 1, 1), dt.date(2025, 3, 5)) == "1 year and 2 months"
    assert chronology.describe_length(dt.date(2023, 1, 1), dt.date(2025, 1, 1)) == "2 years"


def test_a_cluster_says_how_many_events_over_how_long_from_how_many_agencies():
    rows = [
        row(1, dt.date(2026, 1, 3), "Police", agency_id=1),
        row(2, dt.date(2026, 1, 10), "Health", agency_id=2),
        row(3, dt.date(2026, 1, 17), "School", agency_id=3),
        row(4, dt.date(2026, 1, 24), "Police", agency_id=1),
        row(5, dt.date(2026, 6, 1), "Police", agency_id=1),
    ]
    result = build_integrated(rows)
    assert len(result.clusters) == 1
    cluster = result.clusters[0]
    assert cluster.description == "4 events in 21 days, from 3 agencies"
    assert cluster.label == "Cluster of events"
    kinds = [(item.kind, item.cluster is not None) for item in result.items]
    assert kinds == [
        ("cluster", True),
        ("entry", True),
        ("entry", True),
        ("entry", True),
        ("entry", True),
        ("gap", False),
        ("entry", False),
    ]


def test_two_events_are_not_a_cluster_and_the_window_can_be_chosen():
    rows = [row(1, dt.date(2026, 1, 1)), row(2, dt.date(2026, 1, 2)), row(3, dt.date(2026, 1, 20))]
    assert len(build_integrated(rows).clusters) == 1
    assert build_integrated(rows, cluster_days=14).clusters == []


def test_a_cluster_of_referrals_is_called_out():
    rows = [
        row(1, dt.date(2026, 3, 1), event="Referral to children's social care by the school"),
        row(2, dt.date(2026, 3, 8), event="Home visit"),
        row(3, dt.date(2026, 3, 20), event="Request for support from the health visitor"),
    ]
    cluster = build_integrated(rows).clusters[0]
    assert cluster.label == "Repeated referrals"
    assert cluster.description == "3 events in 19 days, from 1 agency"


def test_the_summary_counts_agencies_and_impacts():
    rows = [
        row(1, dt.date(2026, 1, 1), "Police", impact="negative"),
        row(2, dt.date(2026, 2, 1), "Health", impact="negative"),
        row(3, dt.date(2026, 3, 1), "Police", impact="positive"),
    ]
    result = build_integrated(rows)
    assert result.by_agency == [("Health", 1), ("Police", 2)]
    assert result.by_impact == [("positive", "Positive", 1), ("negative", "Negative", 2), ("neutral", "Neutral", 0)]


def test_twenty_thousand_rows_are_all_merged():
    # How fast is for `make bench` (the integrated chronology page), not for a timed test.
    start = dt.date(2000, 1, 1)
    rows = [row(i, start + dt.timedelta(days=(i * 7919) % 9000), f"Agency {i % 12}") for i in range(20_000)]
    result = build_integrated(rows)
    assert result.entry_count == 20_000
