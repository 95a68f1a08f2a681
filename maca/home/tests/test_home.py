"""Each role's home page shows what is waiting for that person, with links to it."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory, give_authenticator, sign_in_with_second_factor
from maca.cases.tests.factories import child_row, import_rows, uploaded_case_import
from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory
from maca.programme.models import Audit, Stage, year_label
from maca.programme.services import audit_set_scrutineers, business_year
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory, replan
from maca.returns import figures
from maca.returns.models import Return
from maca.returns.services import return_review, return_save_draft, return_submit
from maca.returns.tests.builders import audit_with_returns
from maca.tests.querycount import assert_queries_do_not_grow


def _home(client) -> str:
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _panel(page: str, title: str) -> list[str]:
    """The link texts of one home-page panel, as a person reads them."""
    sections = re.findall(r"<section\b.*?</section>", page, flags=re.S)
    found = [s for s in sections if re.search(rf">{re.escape(title)}</h2>", s)]
    assert found, f"no panel {title!r}"
    lists = re.findall(r"<ul\b.*?</ul>", found[0], flags=re.S)
    return [re.sub(r"<[^>]+>", "", a).strip() for ul in lists for a in re.findall(r"<a\b[^>]*>(.*?)</a>", ul, re.S)]


def _police_returns(audit) -> list[Return]:
    return list(Return.objects.filter(audit=audit, agency__name="Testshire Police").order_by("audit_case__number"))


def _submit(world, return_record) -> Return:
    auditor, lead = world["auditor"], world["lead"]
    saved = return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=return_record,
        answers={"info_grade": "good", "health_involved": "yes"},
        expected_version=return_record.version,
    )
    return return_submit(
        actor=lead.user, membership=lead.membership, return_record=saved, expected_version=saved.version
    )


def test_the_qa_officer_sees_audits_in_progress_and_returns_to_review(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    _submit(world, _police_returns(audit)[0])
    page = _home(client_for(world["qa"]))
    assert f"{audit.title} ({audit.programme.label}) – Agencies auditing" in page
    assert f"{audit.title}: 1 return to review" in page
    assert reverse("returns:tracking", args=[audit.pk]) in page


def test_the_agency_lead_sees_returns_to_submit_not_started_and_sent_back_with_the_comment(world, client_for):
    audit = audit_with_returns(world, cases=3, agencies=[world.police])
    first, second, third = _police_returns(audit)
    auditor = world["auditor"]
    return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=first,
        answers={"info_grade": "good"},
        expected_version=first.version,
    )
    sent = _submit(world, third)
    qa = world["qa"]
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=sent,
        accept=False,
        comment="Add the strategy meeting of March.",
        expected_version=sent.version,
    )
    page = _home(client_for(world["lead"]))
    assert _panel(page, "To review and submit") == [f"{audit.title}: Case 1"]
    assert _panel(page, "Not started yet") == [f"{audit.title}: Case 2"]
    assert _panel(page, "Sent back to you") == [f"{audit.title}: Case 3"]
    assert "The QA officer’s comment: Add the strategy meeting of March." in page
    # The deadline, and whether the return is late, as maca.returns.figures says.
    deadline = f"{audit.return_deadline:%-d %B %Y}"
    late = figures.deadline_passed(audit.return_deadline, timezone.localdate())
    assert (f"Late: due {deadline}" if late else f"Due {deadline}") in page
    assert reverse("returns:detail", args=[second.pk]) in page
    # Once resubmitted, it leaves the list: what the lead sees follows each save.
    again = Return.objects.get(pk=third.pk)
    lead = world["lead"]
    return_submit(actor=lead.user, membership=lead.membership, return_record=again, expected_version=again.version)
    page = _home(client_for(world["lead"]))
    assert _panel(page, "Sent back to you") == []
    assert "Add the strategy meeting of March." not in page


def test_the_auditor_sees_what_to_audit_and_another_agency_sees_none_of_it(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    assert f"{audit.title}: Case 1 – Not started" in _home(client_for(world["auditor"]))
    health_page = _home(client_for(world["health_lead"]))
    assert audit.title not in health_page
    assert "Cases selected for an audit that involve Testshire Care Board will appear here" in health_page
    assert _panel(health_page, "Sent back to you") == []


def test_the_admin_sees_the_partnership_at_a_glance(world, client_for):
    page = _home(client_for(world["admin"]))
    assert "Active agencies" in page and "People with access" in page
    assert reverse("audit_trail:events") in page


def _this_year(world):
    return ProgrammeFactory(partnership=world.partnership, year=business_year(timezone.localdate()))


def test_the_board_sees_the_year_by_stage_and_response_rates_and_reaches_the_counts(world, client_for):
    planned = AuditFactory(partnership=world.partnership, title="Neglect of babies", programme=_this_year(world))
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    Audit.objects.filter(pk=audit.pk).update(programme=_this_year(world))
    _submit(world, _police_returns(audit)[0])
    client = client_for(world["board"])
    page = _home(client)
    assert "Neglect of babies – Planned" in page
    assert reverse("programme:audit", args=[planned.pk]) in page
    # The chart of audits by stage, with its table.
    assert 'id="chart-audits-by-stage' in page or "Audits by stage" in page
    assert "<table" in page
    response = figures.Response(1, 2)
    assert _panel(page, "Response rates") == [f"{audit.title}: {response.returns_text}"]
    assert response.returns_text == "1 of 2 returns in (50%)"
    year = business_year(timezone.localdate())
    assert reverse("returns:progress", args=[year]) in page
    assert "See the year’s progress as charts and tables" in page
    # Each link leads somewhere the board may go: the counts and the progress page.
    assert client.get(reverse("returns:summary", args=[audit.pk])).status_code == 200
    progress = client.get(reverse("returns:progress", args=[year]))
    assert progress.status_code == 200 and "Audits by stage" in progress.content.decode()
    assert "Briefings and reports, once published, will appear here." in page


def test_the_scrutineer_sees_only_the_audits_they_scrutinise(world, client_for):
    theirs = AuditFactory(partnership=world.partnership, title="Scrutinised audit")
    AuditFactory(partnership=world.partnership, title="Someone else's audit")
    audit_set_scrutineers(
        actor=world["qa"].user, audit=theirs, scrutineers=[world["scrutineer"].user], expected_version=theirs.version
    )
    page = _home(client_for(world["scrutineer"]))
    assert f"Scrutinised audit ({theirs.programme.label}) – Planned" in page
    assert "Someone else's audit" not in page


def test_a_platform_operator_without_a_partnership_is_told_so(db):
    operator = UserFactory(email="operator@platform.example", is_staff=True)
    give_authenticator(operator)
    page = _home(sign_in_with_second_factor(Client(), operator))
    assert "You do not belong to a partnership" in page


def test_the_qa_officers_home_page_does_not_get_slower_with_more_audits(world, client_for):
    client = client_for(world["qa"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("home:index")),
        lambda n: [AuditFactory(partnership=world.partnership) for _ in range(n)],
    )


def test_the_leads_home_page_does_not_get_slower_with_more_returns(world, client_for):
    client = client_for(world["lead"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("home:index")),
        lambda n: audit_with_returns(world, cases=n, agencies=[world.police]),
    )


def _due(audit, deadline):
    replan(
        audit,
        planned_selection_date=deadline - dt.timedelta(days=30),
        return_deadline=deadline,
        planned_meeting_date=deadline + dt.timedelta(days=14),
    )


def _no_lead_agency(world):
    return AgencyFactory(partnership=world.partnership, name="Testshire Schools", kind=AgencyKind.EDUCATION)


def test_the_qa_officer_sees_the_late_audit_and_the_agencies_no_reminder_can_reach(world, client_for):
    today = timezone.localdate()
    schools = _no_lead_agency(world)
    late = audit_with_returns(world, cases=2, agencies=[world.police, schools])
    _due(late, today - dt.timedelta(days=3))
    on_time = audit_with_returns(world, cases=1, agencies=[world.police])
    _due(on_time, today + dt.timedelta(days=10))
    client = client_for(world["qa"])
    page = _home(client)
    assert _panel(page, "Audits past their deadline") == [f"{late.title}: 0 of 4 returns in (0%)"]
    assert f"Returns were due {today - dt.timedelta(days=3):%-d %B %Y}, 3 days ago." in page
    # (The pool is shared: the audit on time may have drawn a school's case too.)
    assert f"Testshire Schools has no agency lead: 2 returns for {late.title}" in _panel(
        page, "Agencies no reminder can reach"
    )
    tracking = reverse("returns:tracking", args=[late.pk])
    assert f'href="{tracking}"' in page and f'href="{tracking}#unreachable"' in page
    # One click: the responses page names the agency and how to get it a lead, and offers it no reminder.
    responses = html.unescape(client.get(tracking).content.decode())
    assert 'id="unreachable"' in responses and "Testshire Schools: 2 outstanding returns" in responses
    assert "No lead to remind" in responses
    # A QA officer cannot open People: the link is an e-mail to the partnership's admins, who can.
    assert f"mailto:{world['admin'].user.email}?subject=" in responses
    assert reverse("accounts:members") not in responses.split('id="unreachable"')[1].split("</table>")[0]
    assert client_for(world["admin"]).get(tracking).content.decode().count(reverse("accounts:invite")) >= 1
    # Each return submitted moves the figure; once the deadline is met the audit leaves the panel.
    for return_record in _police_returns(late):
        _submit(world, return_record)
    page = _home(client)
    assert _panel(page, "Audits past their deadline") == [f"{late.title}: 2 of 4 returns in (50%)"]
    assert _panel(page, "Returns to review") == [f"{late.title}: 2 returns to review"]
    # An agency lead invited and active: the agency leaves the list of those no reminder can reach.
    MembershipFactory(partnership=world.partnership, agency=schools, role=Role.AGENCY_LEAD)
    assert _panel(_home(client), "Agencies no reminder can reach") == []


def test_the_qa_officer_sees_returns_sent_back_and_case_lists_failed_or_waiting(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    sent = _submit(world, _police_returns(audit)[0])
    qa = world["qa"]
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=sent,
        accept=False,
        comment="More",
        expected_version=sent.version,
    )
    failed = import_rows(world.partnership, [child_row(DOB="not a date")])
    waiting = uploaded_case_import(partnership=world.partnership, actor=qa.user)
    page = _home(client_for(qa))
    assert _panel(page, "Sent back to agencies") == [f"{audit.title}: 1 return sent back, not yet resubmitted"]
    listed = _panel(page, "Case lists")
    assert len(listed) == 2 and listed[0].startswith(waiting.filename) and listed[1].endswith(": Not imported")
    assert reverse("cases:import_detail", args=[failed.pk]) in page


def test_the_qa_officers_home_page_does_not_get_slower_with_more_late_returns(world, client_for):
    client = client_for(world["qa"])
    schools = _no_lead_agency(world)

    def add(n):
        audit = audit_with_returns(world, cases=n, agencies=[world.police, schools])
        _due(audit, timezone.localdate() - dt.timedelta(days=1))
        _submit(world, _police_returns(audit)[0])

    assert_queries_do_not_grow(lambda: client.get(reverse("home:index")), add)


def test_the_boards_home_page_does_not_get_slower_with_more_audits(world, client_for):
    client = client_for(world["board"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("home:index")),
        lambda n: audit_with_returns(world, cases=n, agencies=[world.police]),
    )


def test_a_gp_practices_lead_sees_their_practice_named_with_its_agency_for_no_more_queries(world, client_for):
    """A sub-unit is named with the agency at the top ("Mill Lane Surgery
    (Testshire Care Board)"), its parent read once within the request's
    partnership (not with the membership, read before there is one, when row
    security hides it): the practice lead's home page asks the database one
    thing more than the police lead's, however many times the page names it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maca.tests.page import words_shown

    user = UserFactory(email="pip@testshire.example", full_name="Pip Practice")
    give_authenticator(user)
    practice = MembershipFactory(
        user=user, partnership=world.partnership, role=Role.AGENCY_LEAD, agency=world.gp_practice
    )
    gp_client, police_client = client_for(practice), client_for(world["lead"])
    page = _home(gp_client)
    heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert words_shown(heading) == "Agency lead, Mill Lane Surgery (Testshire Care Board)"
    assert "Cases selected for an audit that involve Mill Lane Surgery (Testshire Care Board)" in words_shown(page)
    assert words_shown(re.search(r"<h1\b[^>]*>(.*?)</h1>", _home(police_client), re.S).group(1)) == (
        "Agency lead, Testshire Police"
    )
    counts = []
    for client in (gp_client, police_client):
        with CaptureQueriesContext(connection) as captured:
            _home(client)
        counts.append(len(captured.captured_queries))
    assert counts[0] <= counts[1] + 1, counts


def test_audits_in_progress_are_listed_soonest_meeting_first_and_those_without_one_after(world, client_for):
    """The same order on every database: audits without a meeting date come
    after those with one, by title (SQLite would put them first, PostgreSQL last)."""
    programme = ProgrammeFactory(partnership=world.partnership)
    today = timezone.localdate()
    for title, meeting in [
        ("Neglect of babies", None),
        ("Exploitation", today + dt.timedelta(days=40)),
        ("Domestic abuse", today + dt.timedelta(days=10)),
        ("Children missing education", None),
    ]:
        AuditFactory(partnership=world.partnership, programme=programme, title=title, planned_meeting_date=meeting)
    shown = [text.split(" (")[0] for text in _panel(_home(client_for(world["qa"])), "Audits in progress")]
    assert shown == ["Domestic abuse", "Exploitation", "Children missing education", "Neglect of babies"]


def _last_and_this_years_audits(world) -> list:
    """ "Neglect of babies" in last year's programme and "Domestic abuse" in
    this year's, meeting in that order."""
    this_year, today = business_year(timezone.localdate()), timezone.localdate()
    audits = []
    for year, title, meeting in [
        (this_year - 1, "Neglect of babies", today + dt.timedelta(days=5)),
        (this_year, "Domestic abuse", today + dt.timedelta(days=10)),
    ]:
        programme = ProgrammeFactory(partnership=world.partnership, year=year)
        audits.append(
            AuditFactory(partnership=world.partnership, programme=programme, title=title, planned_meeting_date=meeting)
        )
    return audits


def _each_with_its_year() -> list[str]:
    """Those two audits as a panel lists them: title (programme year) – stage."""
    this_year = business_year(timezone.localdate())
    stage = Stage(Audit.objects.get(title="Domestic abuse").stage).label
    return [
        f"Neglect of babies ({year_label(this_year - 1)}) – {stage}",
        f"Domestic abuse ({year_label(this_year)}) – {stage}",
    ]


def test_audits_in_progress_say_the_year_of_their_programme(world, client_for):
    """Last year's audit still running reads as last year's, not this year's."""
    _last_and_this_years_audits(world)
    assert _panel(_home(client_for(world["qa"])), "Audits in progress") == _each_with_its_year()


def test_the_audits_a_scrutineer_scrutinises_say_the_year_of_their_programme(world, client_for):
    """A scrutineer asked to look at last year's audit and this year's reads
    which is which, as the QA officer's "Audits in progress" says."""
    for audit in _last_and_this_years_audits(world):
        audit_set_scrutineers(
            actor=world["qa"].user, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
        )
    assert _panel(_home(client_for(world["scrutineer"])), "Audits you are scrutinising") == _each_with_its_year()


def test_the_lead_is_not_asked_for_returns_of_an_audit_that_has_moved_past_its_meeting(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first, _second = _police_returns(audit)
    auditor = world["auditor"]
    return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=first,
        answers={"info_grade": "good"},
        expected_version=first.version,
    )
    page = _home(client_for(world["lead"]))
    assert _panel(page, "To review and submit") == [f"{audit.title}: Case 1"]
    assert _panel(page, "Not started yet") == [f"{audit.title}: Case 2"]
    assert len(_panel(_home(client_for(world["auditor"])), "Your audits")) == 2
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.WRITING_UP)  # the meeting was held without them
    page = _home(client_for(world["lead"]))
    assert _panel(page, "To review and submit") == []
    assert _panel(page, "Not started yet") == []
    assert _panel(_home(client_for(world["auditor"])), "Your audits") == []
    # Still on the agency's returns page, where the lead can open them.
    mine = client_for(world["lead"]).get(reverse("returns:mine")).content.decode()
    assert reverse("returns:detail", args=[first.pk]) in mine


def test_the_audits_a_scrutineer_scrutinises_come_soonest_meeting_first_undated_last(world, client_for):
    """The scrutineer's panel keeps the QA officer's order on every database:
    an audit with no meeting date yet comes after those with one."""
    soon = timezone.localdate() + dt.timedelta(days=20)
    audits = [
        AuditFactory(partnership=world.partnership, title="A: not dated yet", planned_meeting_date=None),
        AuditFactory(
            partnership=world.partnership, title="B: meets later", planned_meeting_date=soon + dt.timedelta(30)
        ),
        AuditFactory(partnership=world.partnership, title="C: meets soon", planned_meeting_date=soon),
    ]
    for audit in audits:
        audit_set_scrutineers(
            actor=world["qa"].user, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
        )
    shown = _panel(_home(client_for(world["scrutineer"])), "Audits you are scrutinising")
    assert [line.split(" (")[0] for line in shown] == ["C: meets soon", "B: meets later", "A: not dated yet"]


def test_a_deep_dives_summative_report_sent_back_is_called_one_on_the_home_page(world, client_for):
    """Found on a walk of a deep dive: the panels said "1 return sent back"."""
    audit = audit_with_returns(world, cases=1, agencies=[world.police], kind="deep_dive", tool_kind="summative")
    sent = _submit(world, _police_returns(audit)[0])
    qa = world["qa"]
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=sent,
        accept=False,
        comment="More",
        expected_version=sent.version,
    )
    page = _home(client_for(qa))
    assert _panel(page, "Sent back to agencies") == [
        f"{audit.title}: 1 summative report sent back, not yet resubmitted"
    ]
