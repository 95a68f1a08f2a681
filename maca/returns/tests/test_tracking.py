"""Who has responded, reminders, and counts across returns."""

import datetime as dt
import html

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.notifications.models import SentEmail
from maca.programme.tests.factories import ProgrammeFactory, replan, year_past
from maca.returns.models import Reminder, Return, ReturnStatus
from maca.returns.reminders import reminders_send_due
from maca.returns.services import return_review, return_save_draft, return_submit
from maca.returns.tests.builders import audit_with_returns
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables


@pytest.fixture
def audit(world):
    return audit_with_returns(
        world,
        cases=3,
        agencies=[world.police, world.gp_practice],
        programme=ProgrammeFactory(partnership=world.partnership, year=year_past()),
    )


def complete(ret, world, answers, accept=False):
    auditor, lead, qa = world["auditor"], world["lead"], world["qa"]
    ret.refresh_from_db()
    ret = return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=ret,
        answers=answers,
        expected_version=ret.version,
    )
    ret = return_submit(actor=lead.user, membership=lead.membership, return_record=ret, expected_version=ret.version)
    if accept:
        return_review(
            actor=qa.user,
            membership=qa.membership,
            return_record=ret,
            accept=True,
            comment="",
            expected_version=ret.version,
        )


def test_the_grid_shows_each_case_and_agency_and_who_is_late(world, audit, client_for):
    ret = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number").first()
    complete(ret, world, {"info_grade": "good", "health_involved": "yes"})
    deadline = dt.date.today() - dt.timedelta(days=2)
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))
    page = html.unescape(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert "1 of 6 returns in (17%)." in page
    assert "Case 1" in page and "Case 3" in page and "Mill Lane Surgery" in page
    assert "Late" in page and "the deadline has passed" in page
    # The care board, with its GP practice as a sub-unit: "0 of 1 sub-units".
    assert "Testshire Care Board" in page and "responses from 0 of 1 sub-unit" in page


def test_a_reminder_by_hand_goes_to_the_agency_lead_and_is_logged(world, audit, client_for):
    client = client_for(world["qa"])
    response = client.post(reverse("returns:remind", args=[audit.pk]), {"agency": world.police.pk})
    assert response.status_code == 302
    message = SentEmail.objects.get(kind="reminder")
    assert message.to == world["lead"].user.email and "3 returns outstanding" in message.subject
    reminder = Reminder.objects.get()
    assert reminder.kind == "manual" and reminder.sent_by == world["qa"].user
    assert AuditEvent.objects.filter(action="reminder.manual").exists()
    # The tracking page says the e-mail went only once the mail server took it.
    page = client.get(reverse("returns:tracking", args=[audit.pk])).content.decode()
    assert "Reminders" in page and f"Sent {timezone.localtime(message.sent_at):%-d %B %Y} at" in page


def test_a_gp_practice_without_a_lead_is_reminded_through_its_care_board(world, audit, monkeypatch):
    from maca.accounts.services import membership_deactivate, membership_reactivate
    from maca.returns.reminders import reminder_send_manual

    admin, board_lead = world["admin"].user, world["health_lead"].membership
    # The care board's lead leaves: neither the practice nor its care board has one.
    board_lead = membership_deactivate(
        actor=admin, membership=board_lead, reason="Left the care board", expected_version=board_lead.version
    )
    with pytest.raises(Exception, match="no agency lead"):
        reminder_send_manual(actor=world["qa"].user, audit=audit, agency=world.gp_practice, today=dt.date.today())
    board_lead = membership_reactivate(actor=admin, membership=board_lead, expected_version=board_lead.version)
    (reminder,) = reminder_send_manual(
        actor=world["qa"].user, audit=audit, agency=world.gp_practice, today=dt.date.today()
    )
    assert reminder.recipients == [board_lead.user.email]
    # The same lead is not reminded twice in a day, whichever row the QA officer uses.
    with pytest.raises(Exception, match="already sent a reminder today"):
        reminder_send_manual(actor=world["qa"].user, audit=audit, agency=world.health, today=dt.date.today())
    # The tracking page offers the reminder on the care board's row: its sub-units' returns count.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)  # sent tomorrow
    (for_board,) = reminder_send_manual(actor=world["qa"].user, audit=audit, agency=world.health, today=tomorrow)
    assert for_board.outstanding == 3


def test_automatic_reminders_go_before_and_after_the_deadline_once_each(world, audit, monkeypatch):
    deadline = audit.return_deadline
    before = deadline - dt.timedelta(days=audit.reminder_days_before)
    after = deadline + dt.timedelta(days=audit.reminder_days_after)
    assert reminders_send_due(today=before - dt.timedelta(days=1)) == []
    first = reminders_send_due(today=before)
    # The police, and the care board's lead for its GP practice (which has no lead of its own).
    assert {(r.kind, r.agency) for r in first} == {("before", world.police), ("before", world.health)}
    assert reminders_send_due(today=before) == []  # once per due day
    ret = Return.objects.filter(audit=audit, agency=world.police).first()
    for police_return in Return.objects.filter(audit=audit, agency=world.police):
        complete(police_return, world, {"info_grade": "good", "health_involved": "no"})
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: after)  # sent on the day due
    later = reminders_send_due(today=after)
    assert [r.agency for r in later] == [world.health]  # the police have nothing outstanding
    assert ret is not None


def test_the_daily_command_queues_the_reminders(world, audit, capsys):
    before = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    call_command("send_reminders", "--date", before.isoformat())
    assert "Queued the reminders due on" in capsys.readouterr().out
    assert Reminder.objects.filter(kind="before").count() == 2


def test_counts_across_returns(world, audit, client_for):
    police = list(Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number"))
    complete(police[0], world, {"info_grade": "good", "health_involved": "yes"}, accept=True)
    complete(police[1], world, {"info_grade": "inadequate", "health_involved": "no"})
    complete(police[2], world, {"info_grade": "outstanding", "health_involved": "yes"})
    page = html.unescape(client_for(world["qa"]).get(reverse("returns:summary", args=[audit.pk])).content.decode())
    assert "From the 3 returns submitted or accepted" in page
    assert "2 of 3 (67%)" in page  # met the standard (good or better), and health in decisions
    assert "Testshire Police" in page
    # The GP practice's returns are named with its care board, as in the grades' tables.
    assert "Mill Lane Surgery (Testshire Care Board)" in page and "0 of 3" in page


def test_the_grid_does_not_get_slower_with_more_cases(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police, world.health])
    client = client_for(world["qa"])

    def add(n):
        from maca.returns.services import _new_return, published_version
        from maca.selection.services import _add_case
        from maca.selection.tests.builders import make_case

        for _ in range(n):
            audit_case = _add_case(actor=None, audit=audit, case=make_case(world.partnership), source="nominated")
            for agency in (world.police, world.health):
                _new_return(audit=audit, audit_case=audit_case, agency=agency, version=published_version(audit))

    assert_queries_do_not_grow(lambda: client.get(reverse("returns:tracking", args=[audit.pk])), add)
    assert_queries_do_not_grow(lambda: client.get(reverse("returns:summary", args=[audit.pk])), add)


def test_agency_people_cannot_see_tracking_or_counts(world, audit, client_for):
    for persona in ("lead", "auditor", "board", "scrutineer"):
        assert client_for(world[persona]).get(reverse("returns:tracking", args=[audit.pk])).status_code == 403
    assert client_for(world["outsider"]).get(reverse("returns:tracking", args=[audit.pk])).status_code == 404
    assert ReturnStatus.SUBMITTED  # (statuses imported for readers)


def _emails_to(address: str) -> list:
    return [m for m in SentEmail.objects.filter(kind="reminder") if address in m.to]


def test_a_lead_gets_one_reminder_email_a_day_for_every_audit_and_sub_unit(world, audit):
    """Two audits due a reminder the same day, with returns of the care board
    and of its GP practice: its lead gets one e-mail, covering them all."""
    second = audit_with_returns(world, cases=2, agencies=[world.health, world.gp_practice], programme=audit.programme)
    replan(second, return_deadline=audit.return_deadline, planned_meeting_date=audit.planned_meeting_date)
    before = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    made = reminders_send_due(today=before)
    hari = world["health_lead"].user.email
    assert len(_emails_to(hari)) == 1
    (message,) = _emails_to(hari)
    assert audit.title in message.body and second.title in message.body
    assert {r.audit for r in made if r.agency == world.health} == {audit, second}
    # Running the job again, or a reminder by hand the same day, sends the lead nothing more.
    assert reminders_send_due(today=before) == []
    from maca.returns.reminders import reminder_send_manual

    with pytest.raises(Exception, match="at most one reminder e-mail a day"):
        reminder_send_manual(actor=world["qa"].user, audit=audit, agency=world.health, today=before)
    assert len(_emails_to(hari)) == 1
    assert len(_emails_to(world["lead"].user.email)) == 1


def test_the_responses_page_lists_the_agencies_no_reminder_can_reach_before_sending(world, audit, client_for):
    from maca.accounts.services import membership_deactivate

    board_lead = world["health_lead"].membership
    membership_deactivate(
        actor=world["admin"].user, membership=board_lead, reason="Left", expected_version=board_lead.version
    )
    page = html.unescape(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    warning = page.split('id="unreachable"')[1].split("</table>")[0]
    # The GP practice has no lead, nor has the care board above it: named under the care board, as the grid groups it.
    assert "Testshire Care Board: 3 outstanding returns" in warning
    assert "Testshire Police" not in warning.split("<table")[0]
    assert f"mailto:{world['admin'].user.email}" in warning and "Asha Admin" in warning
    assert "No lead to remind" in page and page.count("Send a reminder") == 1  # the police only
    # The admin, who can invite people, is sent to the invitation page.
    admin_page = client_for(world["admin"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode()
    assert reverse("accounts:invite") in admin_page


def test_each_audits_responses_page_shows_the_shared_reminder_emails_progress(world, audit, client_for):
    second = audit_with_returns(world, cases=1, agencies=[world.police], programme=audit.programme)
    replan(second, return_deadline=audit.return_deadline, planned_meeting_date=audit.planned_meeting_date)
    reminders_send_due(today=audit.return_deadline - dt.timedelta(days=audit.reminder_days_before))
    assert len(_emails_to(world["lead"].user.email)) == 1
    client = client_for(world["qa"])
    shown = []
    for each in (audit, second):
        page = html.unescape(client.get(reverse("returns:tracking", args=[each.pk])).content.decode())
        (row,) = [r for r in read_tables(page)["Reminders"].rows if r[1] == "Testshire Police"]
        shown.append(row[5])
    # One e-mail carried both reminders: both pages show its progress, not a dash.
    assert shown[0] == shown[1] and shown[0] != "–"


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        ("selecting", "Returns are created when the audit moves to ‘Agencies auditing’."),
        ("closed", "No agencies’ returns are held in maca for this audit."),
    ],
)
def test_an_audit_with_no_returns_says_why_not_0_of_0(world, client_for, stage, said):
    from maca.programme.models import Audit
    from maca.programme.tests.factories import AuditFactory
    from maca.tests.page import words_shown

    audit = AuditFactory(partnership=world.partnership)
    Audit.objects.filter(pk=audit.pk).update(stage=stage)  # as an audit brought in from an earlier year is
    page = words_shown(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert said in page
    assert "0 of 0" not in page


def test_the_daily_jobs_outcome_counts_only_the_reminders_that_reached_someone(world, audit):
    from maca.accounts import services as accounts
    from maca.returns.reminders import scheduled_reminders

    before = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    # The police lead leaves: the police's reminder is logged, but nobody is e-mailed.
    lead = world["lead"].membership
    accounts.membership_deactivate(
        actor=world["admin"].user, membership=lead, reason="Left the police", expected_version=lead.version
    )
    assert scheduled_reminders(before) == "1 reminder sent to agencies; 1 agency had nobody to e-mail"


def test_each_cell_of_the_grid_opens_its_own_return_with_its_own_status(world, audit, client_for):
    """The grid's cells are made from one tag per status and one address with
    the return filled in (for speed): each must still be its own return's."""
    import re

    first, second = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number")[:2]
    complete(first, world, {"info_grade": "good", "health_involved": "yes"}, accept=True)
    complete(second, world, {"info_grade": "good", "health_involved": "yes"})
    deadline = dt.date.today() - dt.timedelta(days=1)
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))
    # Both came in before the deadline was moved into the past: on time.
    three_days_ago = timezone.now() - dt.timedelta(days=3)
    Return.objects.filter(pk__in=[first.pk, second.pk]).update(
        submitted_at=three_days_ago, first_submitted_at=three_days_ago
    )
    page = client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode()
    grid = read_tables(page)["Returns by agency and case"]
    police = world.police.name
    assert grid.cell(police, "Case 1") == ReturnStatus.ACCEPTED.label
    assert grid.cell(police, "Case 2") == ReturnStatus.SUBMITTED.label
    assert grid.cell(police, "Case 3") == f"{ReturnStatus.NOT_STARTED.label} Late"
    links = re.findall(r'<a class="govuk-link" href="(/returns/\d+/)"><strong class="govuk-tag[^"]*">([^<]+)<', page)
    expected = {
        (reverse("returns:detail", args=[r.pk]), ReturnStatus(r.status).label)
        for r in Return.objects.live().filter(audit=audit)
    }
    assert set(links) == expected and len(links) == len(expected)


@pytest.mark.parametrize("switched_off", ["account", "agency"])
def test_no_reminder_goes_to_a_lead_who_cannot_sign_in(world, audit, switched_off):
    """A lead whose account is switched off, or whose agency was retired before
    retiring an agency ended its people's access, is not e-mailed (the same
    rule as ``User.active_memberships``)."""
    from maca.accounts.models import User
    from maca.partnerships.models import Agency
    from maca.returns.reminders import scheduled_reminders

    before = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    if switched_off == "account":
        User.objects.filter(pk=world["lead"].user.pk).update(is_active=False)
    else:
        Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    assert scheduled_reminders(before) == "1 reminder sent to agencies; 1 agency had nobody to e-mail"
    assert not SentEmail.objects.filter(to=world["lead"].user.email, kind="reminder").exists()


def test_no_reminder_goes_to_the_leads_of_a_switched_off_partnership(world, audit):
    """Nobody can act in a partnership an operator switched off
    (``Membership.objects.able_to_act``): its leads are not e-mailed; the
    reminders are logged as reaching nobody, as the actions' are."""
    from maca.partnerships.models import Partnership
    from maca.returns.reminders import scheduled_reminders

    before = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    Partnership.objects.filter(pk=world.partnership.pk).update(is_active=False)
    assert scheduled_reminders(before) == "0 reminders sent to agencies; 2 agencies had nobody to e-mail"
    assert not SentEmail.objects.filter(kind="reminder").exists()


def test_the_responses_page_offers_to_e_mail_only_an_admin_who_can_act(world, audit, client_for):
    """A partnership admin whose account is switched off is not offered to the
    QA officer as someone to e-mail about an agency with no lead."""
    from maca.accounts.models import User
    from maca.accounts.roles import Role
    from maca.accounts.services import membership_deactivate
    from maca.accounts.tests.factories import MembershipFactory, UserFactory

    second = UserFactory(email="ade@testshire.example", full_name="Ade Admin")
    MembershipFactory(user=second, partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN)
    board_lead = world["health_lead"].membership
    membership_deactivate(
        actor=world["admin"].user, membership=board_lead, reason="Left", expected_version=board_lead.version
    )
    User.objects.filter(pk=world["admin"].user.pk).update(is_active=False)
    page = html.unescape(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    warning = page.split('id="unreachable"')[1].split("</table>")[0]
    assert "A partnership admin can invite a lead (Ade Admin)" in warning
    assert "mailto:ade@testshire.example?" in warning
    assert "Asha Admin" not in warning and world["admin"].user.email not in warning
