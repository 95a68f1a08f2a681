"""Changing an audit's plan and its scrutineers through the pages, as the QA
officer does: after saving, the pages show what was saved."""

from __future__ import annotations

import datetime as dt
import html
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.accounts.models import User
from maca.accounts.roles import Role
from maca.accounts.services import membership_create
from maca.accounts.tests.factories import UserFactory, give_authenticator
from maca.audit_trail.models import AuditEvent
from maca.programme.models import Audit, Stage
from maca.programme.services import (
    PLANNING_FIELDS,
    audit_move,
    audit_set_scrutineers,
    audit_update,
    priority_create,
)
from maca.programme.tests.factories import AuditFactory
from maca.tests.forms_shown import fields_shown
from maca.tools.tests.factories import published_tool


def _page(client, name: str, audit: Audit) -> str:
    response = client.get(reverse(name, args=[audit.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _date(prefix: str, day: dt.date | None) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day) if day else "",
        f"{prefix}-month": str(day.month) if day else "",
        f"{prefix}-year": str(day.year) if day else "",
    }


@pytest.fixture
def planned(world):
    """A planned audit with one board priority, and what the QA officer changes it to."""
    qa = world["qa"].user
    neglect, abuse, exploitation = (
        priority_create(actor=qa, partnership=world.partnership, title=title)
        for title in ("Neglect", "Domestic abuse", "Exploitation")
    )
    audit = AuditFactory(partnership=world.partnership, lead=qa, title="Babies at risk")
    audit = audit_update(
        actor=qa,
        audit=audit,
        expected_version=audit.version,
        priorities=[neglect],
        **{key: getattr(audit, key) for key in PLANNING_FIELDS},
    )
    other_tool = published_tool(world.partnership, name="Exploitation audit tool").tool
    changes = {
        "title": "Older children at risk of exploitation",
        "theme": "How agencies share what they know about exploitation outside the home.",
        "kind": "external",
        "target_cases": "8",
        "target_children": "12",
        **_date("planned_selection_date", dt.date(2026, 10, 1)),
        **_date("return_deadline", dt.date(2026, 11, 20)),
        **_date("planned_meeting_date", dt.date(2026, 12, 8)),
        "reminder_days_before": "5",
        "reminder_days_after": "2",
        "priorities": [abuse.pk, exploitation.pk],
        "tool": other_tool.pk,
        "lead": world["admin"].user.pk,
    }
    return audit, changes, (neglect, abuse, exploitation), other_tool


def test_changing_the_plan_is_saved_and_shown_when_the_page_is_opened_again(world, client_for, planned):
    audit, changes, _priorities, tool = planned
    client = client_for(world["qa"])
    shown = fields_shown(_page(client, "programme:audit_edit", audit))
    assert shown["title"].chosen == ["Babies at risk"]
    response = client.post(reverse("programme:audit_edit", args=[audit.pk]), {**changes, "version": audit.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("programme:audit", args=[audit.pk])

    shown = fields_shown(_page(client, "programme:audit_edit", audit))
    assert shown["title"].chosen == [changes["title"]]
    assert shown["theme"].kind == "textarea" and shown["theme"].chosen == [changes["theme"]]
    assert shown["kind"].kind == "radio" and shown["kind"].chosen == ["external"]
    for name in ("target_cases", "target_children", "reminder_days_before", "reminder_days_after"):
        assert shown[name].chosen == [changes[name]], name
    for prefix in ("planned_selection_date", "return_deadline", "planned_meeting_date"):
        for part in ("day", "month", "year"):
            assert shown[f"{prefix}-{part}"].chosen == [changes[f"{prefix}-{part}"]], (prefix, part)
    assert shown["tool"].kind == "select" and shown["tool"].chosen == [str(tool.pk)]
    assert shown["lead"].chosen == [str(world["admin"].user.pk)]

    summary = _page(client, "programme:audit", audit)
    for text in (
        changes["title"],
        changes["theme"],
        "External or independent audit",
        "Domestic abuse, Exploitation",
        "1 October 2026",
        "20 November 2026",
        "8 December 2026",
        "Asha Admin",
        "Exploitation audit tool",
        "5 days before and 2 days after",
    ):
        assert text in summary, text
    event = AuditEvent.objects.filter(action="audit.updated", object_id=str(audit.pk)).latest("occurred_at")
    assert event.changes["title"] == ["Babies at risk", changes["title"]]
    assert event.changes["priorities"] == [["Neglect"], ["Domestic abuse", "Exploitation"]]


def test_the_ticked_priorities_are_shown_when_the_page_is_opened_again(world, client_for, planned):
    audit, changes, (neglect, abuse, exploitation), _tool = planned
    client = client_for(world["qa"])
    shown = fields_shown(_page(client, "programme:audit_edit", audit))
    assert shown["priorities"].kind == "checkbox"
    assert shown["priorities"].chosen == [str(neglect.pk)]
    client.post(reverse("programme:audit_edit", args=[audit.pk]), {**changes, "version": audit.version})
    shown = fields_shown(_page(client, "programme:audit_edit", audit))
    assert shown["priorities"].kind == "checkbox"
    assert sorted(shown["priorities"].chosen) == sorted([str(abuse.pk), str(exploitation.pk)])


def test_a_mistake_in_the_plan_is_reported_and_nothing_is_saved(world, client_for, planned):
    audit, changes, _priorities, _tool = planned
    client = client_for(world["qa"])
    bad = {**changes, "title": "", **_date("return_deadline", dt.date(2026, 9, 1)), "version": audit.version}
    body = html.unescape(client.post(reverse("programme:audit_edit", args=[audit.pk]), bad).content.decode())
    assert "There is a problem" in body and "Enter a title" in body
    audit.refresh_from_db()
    assert audit.title == "Babies at risk" and audit.return_deadline == dt.date(2026, 10, 15)
    assert [p.title for p in audit.priorities.all()] == ["Neglect"]


def _as_shown(shown) -> dict:
    """What the form would send as it is shown (nothing changed)."""
    data: dict = {}
    for name, field in shown.items():
        if field.kind == "checkbox":
            data[name] = field.chosen
        elif field.chosen:
            data[name] = field.chosen[0]
    return data


def test_saving_again_after_a_conflict_keeps_the_other_persons_change(world, client_for, planned):
    """The QA officer changes the priorities; the admin, on a page opened
    before, changes only the title. The admin's page then shows the QA
    officer's priorities with the admin's title, and saving it keeps both."""
    audit, _changes, (_neglect, abuse, exploitation), _tool = planned
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("programme:audit_edit", args=[audit.pk])
    by_qa, by_admin = (fields_shown(_page(c, "programme:audit_edit", audit)) for c in (qa, admin))
    response = qa.post(url, {**_as_shown(by_qa), "priorities": [abuse.pk, exploitation.pk]})
    assert response.status_code == 302
    response = admin.post(url, {**_as_shown(by_admin), "title": "Babies at risk at home"})
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "Someone else changed this audit while you were editing it" in body
    shown = fields_shown(body)
    assert sorted(shown["priorities"].chosen) == sorted([str(abuse.pk), str(exploitation.pk)])
    assert shown["title"].chosen == ["Babies at risk at home"]
    assert admin.post(url, _as_shown(shown)).status_code == 302
    audit.refresh_from_db()
    assert audit.title == "Babies at risk at home"
    assert sorted(p.title for p in audit.priorities.all()) == ["Domestic abuse", "Exploitation"]


def _second_scrutineer(world) -> User:
    user = UserFactory(email="sam@testshire.example", full_name="Sam Scrutiny")
    give_authenticator(user)
    membership_create(
        actor=world["admin"].user, user=user, partnership=world.partnership, role=Role.INDEPENDENT_SCRUTINEER
    )
    return user


def test_choosing_scrutineers_is_saved_and_shown_on_the_audit(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    sol, sam = world["scrutineer"].user, _second_scrutineer(world)
    client = client_for(world["qa"])
    assert "Independent scrutineers: None" in _page(client, "programme:audit", audit)
    response = client.post(
        reverse("programme:audit_scrutineers", args=[audit.pk]), {"scrutineers": [sol.pk, sam.pk], "version": 1}
    )
    assert response.status_code == 302
    assert "Independent scrutineers: Sam Scrutiny, Sol Scrutineer" in _page(client, "programme:audit", audit)
    assert set(Audit.objects.get(pk=audit.pk).scrutineers.all()) == {sol, sam}
    event = AuditEvent.objects.get(action="audit.scrutineers_changed", object_id=str(audit.pk))
    assert event.changes["scrutineers"] == [[], ["sam@testshire.example", "sol@testshire.example"]]
    # Scrutinising lets them see the audit's cases; the one taken off no longer can.
    client.post(reverse("programme:audit_scrutineers", args=[audit.pk]), {"scrutineers": [sam.pk], "version": 2})
    assert "Independent scrutineers: Sam Scrutiny" in _page(client, "programme:audit", audit)
    cases = reverse("selection:cases", args=[audit.pk])
    assert client_for(SimpleNamespace(user=sam)).get(cases).status_code == 200
    assert client_for(world["scrutineer"]).get(cases).status_code == 403


def test_the_ticked_scrutineers_are_shown_when_the_page_is_opened_again(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    sol, sam = world["scrutineer"].user, _second_scrutineer(world)
    client = client_for(world["qa"])
    client.post(
        reverse("programme:audit_scrutineers", args=[audit.pk]), {"scrutineers": [sol.pk, sam.pk], "version": 1}
    )
    shown = fields_shown(_page(client, "programme:audit_scrutineers", audit))
    assert shown["scrutineers"].kind == "checkbox"
    assert sorted(shown["scrutineers"].options) == sorted([str(sol.pk), str(sam.pk)])
    assert sorted(shown["scrutineers"].chosen) == sorted([str(sol.pk), str(sam.pk)])


def test_a_stale_or_wrong_choice_of_scrutineers_is_refused(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    sol = world["scrutineer"].user
    client = client_for(world["qa"])
    stale = client.post(
        reverse("programme:audit_scrutineers", args=[audit.pk]), {"scrutineers": [sol.pk], "version": 0}
    )
    assert stale.status_code == 200 and "Someone else changed" in html.unescape(stale.content.decode())
    board = world["board"].user
    wrong = client.post(
        reverse("programme:audit_scrutineers", args=[audit.pk]), {"scrutineers": [board.pk], "version": 1}
    )
    assert wrong.status_code == 200 and "There is a problem" in html.unescape(wrong.content.decode())
    assert not Audit.objects.get(pk=audit.pk).scrutineers.exists()


def test_when_both_change_the_title_the_second_sees_the_firsts_under_their_own(world, client_for, planned):
    audit, *_ = planned
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("programme:audit_edit", args=[audit.pk])
    by_qa, by_admin = (fields_shown(_page(c, "programme:audit_edit", audit)) for c in (qa, admin))
    assert qa.post(url, {**_as_shown(by_qa), "title": "Babies <at> home"}).status_code == 302
    response = admin.post(url, {**_as_shown(by_admin), "title": "Babies at risk at home"})
    body = response.content.decode()
    assert fields_shown(body)["title"].chosen == ["Babies at risk at home"]
    under = re.search(r'id="id_title-saved-meanwhile">(.*?)</div>', body, re.S)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", under.group(1))).split()) if under else ""
    assert words == "Saved meanwhile by someone else Babies <at> home"
    assert "id_theme-saved-meanwhile" not in body  # only where both changed


def test_people_whose_account_is_switched_off_are_not_offered_or_taken_as_lead_or_scrutineer(
    world, client_for, planned
):
    """The one rule of who can act (``Membership.objects.able_to_act``): an
    operator switching an account off takes its person off both lists."""
    audit, changes, _, _ = planned
    admin, sam = world["admin"].user, _second_scrutineer(world)
    User.objects.filter(pk__in=[admin.pk, sam.pk]).update(is_active=False)
    client = client_for(world["qa"])
    shown = fields_shown(_page(client, "programme:audit_edit", audit))
    assert str(admin.pk) not in shown["lead"].options and str(world["qa"].user.pk) in shown["lead"].options
    shown = fields_shown(_page(client, "programme:audit_scrutineers", audit))
    assert shown["scrutineers"].options == [str(world["scrutineer"].user.pk)]

    refused = client.post(reverse("programme:audit_edit", args=[audit.pk]), {**changes, "version": audit.version})
    assert refused.status_code == 200 and "There is a problem" in html.unescape(refused.content.decode())
    with pytest.raises(ValidationError, match="scrutineers of this partnership"):
        audit_set_scrutineers(actor=world["qa"].user, audit=audit, scrutineers=[sam])
    audit.refresh_from_db()
    assert audit.lead == world["qa"].user and not audit.scrutineers.exists()


def test_a_scrutineer_who_cannot_sign_in_now_is_shown_and_kept_unless_unticked(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    sol, sam = world["scrutineer"].user, _second_scrutineer(world)
    client = client_for(world["qa"])
    url = reverse("programme:audit_scrutineers", args=[audit.pk])
    client.post(url, {"scrutineers": [sol.pk], "version": 1})
    User.objects.filter(pk=sol.pk).update(is_active=False)

    page = _page(client, "programme:audit_scrutineers", audit)
    shown = fields_shown(page)
    assert sorted(shown["scrutineers"].options) == sorted([str(sol.pk), str(sam.pk)])
    assert shown["scrutineers"].chosen == [str(sol.pk)]
    assert "Sol Scrutineer (cannot sign in now)" in page and "Sam Scrutiny (cannot" not in page

    assert client.post(url, {"scrutineers": [sol.pk, sam.pk], "version": 2}).status_code == 302
    assert "Independent scrutineers: Sam Scrutiny, Sol Scrutineer" in _page(client, "programme:audit", audit)
    assert client.post(url, {"scrutineers": [sam.pk], "version": 3}).status_code == 302
    assert "Independent scrutineers: Sam Scrutiny" in _page(client, "programme:audit", audit)
    assert "Sol Scrutineer" not in _page(client, "programme:audit_scrutineers", audit)


def test_nobody_new_is_given_a_finished_audit_to_scrutinise_and_one_can_be_taken_off(world, client_for):
    """Once an audit is cancelled or closed, choosing a new scrutineer would
    open its cases to them: the page offers only those it has, to untick, and
    a new one posted is refused with the reason."""
    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa)
    sol, sam = world["scrutineer"].user, _second_scrutineer(world)
    audit_set_scrutineers(actor=qa, audit=audit, scrutineers=[sol], expected_version=audit.version)
    audit.refresh_from_db()
    audit_move(actor=qa, audit=audit, to_stage=Stage.CANCELLED, reason="Merged", expected_version=audit.version)
    audit.refresh_from_db()
    client = client_for(world["qa"])
    url = reverse("programme:audit_scrutineers", args=[audit.pk])
    assert "Take a scrutineer off this audit" in _page(client, "programme:audit", audit)
    offered = fields_shown(_page(client, "programme:audit_scrutineers", audit))["scrutineers"]
    assert offered.options == [str(sol.pk)] and offered.chosen == [str(sol.pk)]
    response = client.post(url, {"scrutineers": [sol.pk, sam.pk], "version": audit.version})
    assert response.status_code == 200
    assert list(Audit.objects.get(pk=audit.pk).scrutineers.all()) == [sol]
    with pytest.raises(ValidationError, match="A closed or cancelled audit cannot be given a new scrutineer"):
        audit_set_scrutineers(actor=qa, audit=audit, scrutineers=[sol, sam], expected_version=audit.version)
    assert client.post(url, {"version": audit.version}).status_code == 302
    assert list(Audit.objects.get(pk=audit.pk).scrutineers.all()) == []
    assert "Independent scrutineers: None" in _page(client, "programme:audit", audit)
    assert "Take a scrutineer off this audit" not in _page(client, "programme:audit", audit)


@pytest.mark.parametrize(
    ("before", "after", "deadline", "said"),
    [
        (5, 2, True, "5 days before and 2 days after the deadline, to agencies with returns outstanding"),
        (0, 1, True, "1 day after the deadline, to agencies with returns outstanding"),
        (1, 0, True, "1 day before the deadline, to agencies with returns outstanding"),
        (0, 0, True, "None sent by maca (a reminder can still be sent by hand)"),
        (7, 3, False, "7 days before and 3 days after the deadline, to agencies with returns outstanding, once a"),
    ],
)
def test_the_audit_page_says_only_the_reminders_the_daily_job_sends(world, client_for, before, after, deadline, said):
    from maca.programme.tests.factories import replan

    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    replan(
        audit,
        reminder_days_before=before,
        reminder_days_after=after,
        return_deadline=audit.planned_meeting_date - dt.timedelta(days=1) if deadline else None,
    )
    summary = " ".join(_page(client_for(world["qa"]), "programme:audit", audit).split())
    assert said in summary
    assert "0 days" not in summary and "1 days" not in summary


def test_a_deep_dives_page_says_its_reminders_go_to_agencies_with_summative_reports_outstanding(world, client_for):
    """Found on a walk of a deep dive: its page said "returns outstanding"."""
    from maca.programme.tests.factories import replan
    from maca.tools.tests.factories import published_tool

    summative = published_tool(world.partnership, kind="summative", name="Summative report").tool
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, kind="deep_dive", tool=summative)
    replan(audit, reminder_days_before=2, reminder_days_after=1, return_deadline=audit.planned_meeting_date)
    summary = " ".join(_page(client_for(world["qa"]), "programme:audit", audit).split())
    assert "2 days before and 1 day after the deadline, to agencies with summative reports outstanding" in summary


@pytest.mark.parametrize("persona", ["qa", "board"])
def test_the_scrutineers_and_who_sees_case_details_are_said_with_the_audit_not_under_its_last_section(
    world, client_for, persona
):
    """They used to come after the last section's links, so that "Independent
    scrutineers: None" read as part of the action plan (and was under its
    heading for anyone moving through the page by headings)."""
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    page = _page(client_for(world[persona]), "programme:audit", audit)
    before_sections, sections = page.split('<h2 class="govuk-heading-m">', 1)
    assert "Action plan" in sections
    assert "Independent scrutineers: None" in before_sections
    assert "Independent scrutineers" not in sections
    if persona == "board":
        assert "Case details are seen only by the people auditing them." in before_sections
