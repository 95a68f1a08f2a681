"""What a QA walk of the returns pages found (December 2026): each test reads
the page as a person sees it."""

import datetime as dt

import pytest
from django.urls import reverse

from maca.tests.page import words_shown
from maca.tests.tables import read_tables


@pytest.mark.parametrize("stage", ["planned", "selecting", "closed"])
def test_who_has_responded_shows_no_empty_table_before_there_are_returns(world, client_for, stage):
    """Before the audit moves to ‘Agencies auditing’ (or for an audit brought
    in without its returns) the page said why there were no returns under a
    "Responses by agency" table of headings and no rows."""
    from maca.programme.models import Audit
    from maca.programme.tests.factories import AuditFactory

    audit = AuditFactory(partnership=world.partnership)
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    page = client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode()
    assert "Responses by agency" not in read_tables(page)
    assert "Responses by agency" not in words_shown(page)


def test_uploading_without_choosing_a_file_asks_for_one_not_to_correct_it(world, client_for):
    """Upload pressed with no file chosen: the error summary said "Nothing from
    the file has been saved. Correct the file and upload it again." above
    "Select a CSV or Excel file", of a file nobody had chosen."""
    from maca.returns.tests.chronology_factories import make_chronology_audit

    police_return = make_chronology_audit(world).return_of(world.police)
    client = client_for(world["auditor"])
    page = words_shown(client.post(reverse("chronology:upload", args=[police_return.pk]), {}).content.decode())
    assert "There is a problem" in page
    assert "Select a CSV or Excel file" in page
    assert "Correct the file" not in page
    assert "Nothing from the file has been saved" not in page


def test_the_cases_meeting_the_standard_are_called_the_same_with_a_curly_apostrophe(world, client_for):
    """A deep dive's counts: the table of cases meeting the standard was
    captioned "(from agencies' summative reports)", with a straight
    apostrophe, on the page and in the download, each writing it out."""
    from maca.returns.tests.builders import deep_dive_with_shipped_report
    from maca.returns.tests.test_counts_of_choices_and_numbers import _sheets
    from maca.returns.tests.test_deep_dive_counts_said_of_reports import _report

    audit = deep_dive_with_shipped_report(world, cases=4)
    _report(world, audited=4, met=3, grade="good")
    client = client_for(world["qa"])
    caption = "Cases meeting the standard (from agencies’ summative reports)"
    tables = read_tables(client.get(reverse("returns:summary", args=[audit.pk])).content.decode())
    assert tables[caption].rows[-1] == ["All agencies", "3 of 4 (75%)"]
    for fmt in ("xlsx", "csv"):
        assert caption in _sheets(client, audit, fmt=fmt)


def test_reviewing_a_return_submitted_again_shows_what_it_was_sent_back_for(world, client_for):
    """The QA officer sends a return back with a comment; the agency submits it
    again. The review page showed the answers with no word that the return had
    been sent back, nor what the officer had asked to change."""
    from maca.returns.models import Return, ReturnStatus
    from maca.returns.services import return_review, return_submit
    from maca.returns.tests.builders import audit_with_returns
    from maca.returns.tests.chronology_factories import move_return

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)
    client = client_for(world["qa"])
    first = words_shown(client.get(reverse("returns:review", args=[ret.pk])).content.decode())
    assert "sent back" not in first.replace("Send it back", "")

    qa, lead = world["qa"], world["lead"]
    ret = return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        accept=False,
        comment="Please say whether the father was seen.",
        expected_version=ret.version,
    )
    return_submit(actor=lead.user, membership=lead.membership, return_record=ret, expected_version=ret.version)

    page = words_shown(client.get(reverse("returns:review", args=[ret.pk])).content.decode())
    who = qa.user.full_name
    assert f"{who} sent this return back on " in page
    assert "Please say whether the father was seen." in page
    assert "The agency has submitted it again." in page


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        ("selecting", "Returns are created when the audit moves to ‘Agencies auditing’."),
        ("closed", "No agencies’ returns are held in maca for this audit."),
    ],
)
def test_the_counts_of_an_audit_with_no_returns_say_why_not_from_the_0_returns(world, client_for, stage, said):
    """The counts page of an audit without returns said "From the 0 returns
    submitted or accepted", offered downloads of nothing and showed a
    "Returns received" table of headings and no rows; Who has responded, for
    the same audit, says why there are none."""
    from maca.programme.models import Audit
    from maca.programme.tests.factories import AuditFactory

    audit = AuditFactory(partnership=world.partnership)
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    page = client_for(world["qa"]).get(reverse("returns:summary", args=[audit.pk])).content.decode()
    words = words_shown(page)
    assert said in words
    assert "From the 0" not in words
    assert "Download these counts" not in words
    assert read_tables(page) == {}


def test_a_reminder_to_an_agency_without_sub_units_does_not_speak_of_them(world, client_for):
    """The police, who have no sub-units, were told "The figures include your
    agency’s sub-units that have no lead of their own." The care board, which
    has a GP practice under it, is still told."""
    from maca.notifications.models import SentEmail
    from maca.returns.reminders import reminders_send_due
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=1, agencies=[world.police, world.gp_practice])
    client_for(world["qa"]).post(reverse("returns:remind", args=[audit.pk]), {"agency": world.police.pk})
    reminders_send_due(today=audit.return_deadline - dt.timedelta(days=audit.reminder_days_before))

    def bodies_to(membership):
        sent = SentEmail.objects.filter(kind="reminder").order_by("pk")
        return [" ".join(m.body.split()) for m in sent if membership.user.email in m.to]

    police = bodies_to(world["lead"])
    assert police and all("sub-units" not in body for body in police)
    assert "This is the only reminder you will get from maca today." in police[0]
    (board,) = bodies_to(world["health_lead"])
    assert "The figures include your agency’s sub-units that have no lead of their own." in board


def test_a_cancelled_audit_without_returns_is_not_said_to_be_brought_in(world, client_for):
    from maca.programme.models import Audit
    from maca.programme.tests.factories import AuditFactory

    audit = AuditFactory(partnership=world.partnership)
    Audit.objects.filter(pk=audit.pk).update(stage="cancelled")
    page = words_shown(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert "This audit was cancelled before agencies audited: it has no returns." in page
    assert "brought in from an earlier year" not in page

    deep_dive = AuditFactory(partnership=world.partnership, title="A deep dive")
    Audit.objects.filter(pk=deep_dive.pk).update(stage="cancelled", kind="deep_dive")
    page = words_shown(client_for(world["qa"]).get(reverse("returns:tracking", args=[deep_dive.pk])).content.decode())
    assert "This audit was cancelled before agencies audited: it has no summative reports." in page


def test_a_reminder_speaks_of_sub_units_only_when_it_counts_one_without_a_lead(world):
    """The care board was told its figures included sub-units without a lead of
    their own when its only sub-unit, a GP practice, had a lead of its own and
    was reminded itself."""
    from maca.accounts.roles import Role
    from maca.accounts.tests.factories import MembershipFactory
    from maca.notifications.models import SentEmail
    from maca.returns.reminders import reminders_send_due
    from maca.returns.tests.builders import audit_with_returns

    practice_lead = MembershipFactory(partnership=world.partnership, role=Role.AGENCY_LEAD, agency=world.gp_practice)
    audit = audit_with_returns(world, cases=1, agencies=[world.gp_practice])
    reminders_send_due(today=audit.return_deadline - dt.timedelta(days=audit.reminder_days_before))

    sent = list(SentEmail.objects.filter(kind="reminder"))
    assert [m for m in sent if practice_lead.user.email in m.to]
    assert all("sub-units" not in " ".join(m.body.split()) for m in sent)
