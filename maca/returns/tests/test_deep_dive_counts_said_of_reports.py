"""The counts across a deep dive's summative reports: the cases meeting the
standard, agency by agency, end with all agencies' total as every other
table does; and where a grade or a yes/no is counted, it is a count of
reports (one an agency), not of cases, so its column says so rather than
"Met the standard" beside a different figure of cases meeting it."""

from __future__ import annotations

from django.urls import reverse

from maca.returns.models import Return
from maca.returns.services import return_save_draft, return_submit
from maca.returns.tests.builders import deep_dive_with_shipped_report
from maca.tests.page import words_shown


def _report(world, audited: int, met: int, grade: str):
    lead = world["lead"]
    ret = Return.objects.get(agency=world.police, audit_case=None)
    answers = {
        "overview": "Eight referrals.",
        "worked_well": "Timely referrals.",
        "needs_to_improve": "Feedback to referrers.",
        "actions": "Brief officers – inspector – by 31 March",
        "cases_audited": audited,
        "cases_meeting_standard": met,
        "overall_grade": grade,
    }
    saved = return_save_draft(
        actor=lead.user, membership=lead.membership, return_record=ret, answers=answers, expected_version=ret.version
    )
    return return_submit(
        actor=lead.user, membership=lead.membership, return_record=saved, expected_version=saved.version
    )


def test_the_counts_of_a_deep_dive_total_the_cases_and_say_reports(world, client_for):
    audit = deep_dive_with_shipped_report(world, cases=4)
    _report(world, audited=4, met=3, grade="good")

    words = words_shown(client_for(world["qa"]).get(reverse("returns:summary", args=[audit.pk])).content.decode())
    standard = words[words.index("Cases meeting the standard (from agencies’ summative reports)") :]
    assert "Testshire Police 3 of 4 (75%) All agencies 3 of 4 (75%)" in standard
    assert "Reports meeting the standard" in words
    assert "Met the standard" not in words.replace("Reports meeting the standard", "")


def test_the_number_tables_of_a_deep_dive_count_reports_answering_on_the_page_and_in_the_download(world, client_for):
    """ "How many cases did your agency audit?" is answered once a report: its
    table said "Returns answering" on a page that calls them all summative
    reports, beside "Reports meeting the standard"."""
    from maca.returns.tests.test_counts_of_choices_and_numbers import _sheets
    from maca.tests.tables import read_tables

    audit = deep_dive_with_shipped_report(world, cases=4)
    _report(world, audited=4, met=3, grade="good")
    client = client_for(world["qa"])
    tables = read_tables(client.get(reverse("returns:summary", args=[audit.pk])).content.decode())
    audited = tables["How many cases did your agency audit?"]
    assert audited.head == ["Agency", "Reports answering", "Total", "Smallest", "Largest"]
    assert audited.rows == [["Testshire Police", "1", "4", "4", "4"], ["All agencies", "1", "4", "4", "4"]]
    assert "Returns answering" not in words_shown(
        client.get(reverse("returns:summary", args=[audit.pk])).content.decode()
    )
    sheet = _sheets(client, audit)["How many cases did your agency audit?"]
    assert sheet[1] == ("Agency", "Reports answering", "Total", "Smallest", "Largest")
