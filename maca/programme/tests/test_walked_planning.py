"""What a QA walk of planning found (December 2026), checked as a person sees
it: a priority the board no longer holds stays on an audit saved again; a
scrutineers page that met someone else's change can be saved; the audit page
states its dates in full, offers only what the person can open, and says how
many nominations wait."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.programme.models import Audit
from maca.programme.services import priority_create, priority_update
from maca.programme.tests.factories import AuditFactory, replan
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _opened(client, name: str, audit: Audit) -> str:
    response = client.get(reverse(name, args=[audit.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _as_shown(page: str, **changes) -> dict:
    """The form posted as the page shows it (what a person gets pressing Save
    without changing anything), with ``changes`` on top."""
    data = {name: shown.chosen for name, shown in fields_shown(page).items() if shown.chosen}
    data.update(changes)
    return data


def test_a_priority_the_board_no_longer_holds_stays_on_the_audit_when_its_plan_is_saved(world, client_for):
    qa = world["qa"].user
    neglect = priority_create(actor=qa, partnership=world.partnership, title="Neglect")
    abuse = priority_create(actor=qa, partnership=world.partnership, title="Domestic abuse")
    audit = AuditFactory(partnership=world.partnership, lead=qa, priorities=[neglect, abuse])
    priority_update(
        actor=qa,
        priority=neglect,
        expected_version=neglect.version,
        title="Neglect",
        description="",
        is_active=False,
    )
    client = client_for(world["qa"])

    page = _opened(client, "programme:audit_edit", audit)
    boxes = fields_shown(page)["priorities"]
    assert boxes.kind == "checkbox"
    assert set(boxes.chosen) == {str(neglect.pk), str(abuse.pk)}
    assert "Neglect (no longer held by the board)" in words_shown(page)

    response = client.post(reverse("programme:audit_edit", args=[audit.pk]), _as_shown(page))
    assert response.status_code == 302
    summary = words_shown(_opened(client, "programme:audit", audit))
    assert "Board priorities Domestic abuse, Neglect" in summary
    # A new audit is offered only the priorities the board holds now.
    new_page = client.get(reverse("programme:audit_new") + "?year=2026").content.decode()
    assert fields_shown(new_page)["priorities"].options == [str(abuse.pk)]


def test_the_scrutineers_page_after_someone_else_changed_the_audit_can_be_saved(world, client_for):
    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa)
    client = client_for(world["qa"])
    page = _opened(client, "programme:audit_scrutineers", audit)
    scrutineer = str(world["scrutineer"].user.pk)
    # Meanwhile, someone else changes the plan (the audit's version moves on).
    replan(audit, actor=world["admin"].user, target_cases=9)

    response = client.post(
        reverse("programme:audit_scrutineers", args=[audit.pk]), _as_shown(page, scrutineers=[scrutineer])
    )
    assert response.status_code == 200
    shown = html.unescape(response.content.decode())
    assert "Someone else changed this audit" in words_shown(shown)
    assert fields_shown(shown)["scrutineers"].chosen == [scrutineer]  # the person's tick is kept
    assert words_shown(shown).startswith("Error: Independent scrutineers")

    # Saving again, as the page now stands, saves (it is not refused for ever).
    response = client.post(reverse("programme:audit_scrutineers", args=[audit.pk]), _as_shown(shown))
    assert response.status_code == 302
    assert fields_shown(_opened(client, "programme:audit_scrutineers", audit))["scrutineers"].chosen == [scrutineer]
    audit.refresh_from_db()
    assert audit.target_cases == 9  # the other person's change stands


def test_the_audit_page_gives_its_dates_in_full_with_curly_apostrophes(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    page = words_shown(_opened(client_for(world["qa"]), "programme:audit", audit))
    assert "Cases selected by 1 September 2026" in page
    assert "Returns due 15 October 2026" in page
    assert "Meeting 5 November 2026" in page
    assert "Agencies’ returns" in page and "Agencies' returns" not in page


@pytest.mark.parametrize(
    ("persona", "cases_heading", "my_cases_link", "no_access_note"),
    [
        ("qa", True, False, False),
        # Not yet: an agency's list of cases holds the audit's cases once agencies are auditing.
        ("lead", True, False, False),
        ("auditor", True, False, False),
        ("board", False, False, True),
    ],
)
def test_the_audit_page_offers_each_person_only_the_cases_they_can_open(
    world, client_for, persona, cases_heading, my_cases_link, no_access_note
):
    from maca.returns.tests.builders import move

    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    move(audit, "selecting", world["qa"].user)
    body = _opened(client_for(world[persona]), "programme:audit", audit)
    shown = words_shown(body)
    assert ('<h2 class="govuk-heading-m">Cases</h2>' in body) is cases_heading
    assert (f'href="{reverse("selection:my_cases")}"' in body) is my_cases_link
    # An agency's own staff are not told that cases are only for "the people auditing them".
    assert ("Case details are seen only by the people auditing them." in shown) is no_access_note


def test_the_audit_page_says_how_many_nominations_wait_for_a_decision(world, client_for):
    from maca.selection.services import nomination_create
    from maca.selection.tests.builders import make_case

    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    for _ in range(2):
        case = make_case(world.partnership, agencies=[world.police])
        nomination_create(
            actor=world["lead"].user, audit=audit, case_reference=case.reference, reason="Seen", can_see_pool=False
        )
    shown = words_shown(_opened(client_for(world["qa"]), "programme:audit", audit))
    assert "Nominations (2 waiting for a decision)" in shown
    # The agency lead who nominated is not told about anyone else's.
    lead_page = words_shown(_opened(client_for(world["lead"]), "programme:audit", audit))
    assert "waiting for a decision" not in lead_page


def test_moving_an_audit_from_a_page_opened_before_it_moved_on_says_so_in_words(world, client_for):
    from maca.returns.tests.builders import move

    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    client = client_for(world["qa"])
    page = _opened(client, "programme:audit_move", audit)
    move(audit, "selecting", world["admin"].user)  # someone else moves it on meanwhile

    response = client.post(
        reverse("programme:audit_move", args=[audit.pk]), _as_shown(page, to_stage="selecting", reason="Agreed")
    )
    assert response.status_code == 200
    shown = words_shown(html.unescape(response.content.decode()))
    assert "Someone else changed this audit" in shown
    assert "Select where the audit moves to now" in shown
    assert "is not one of the available choices" not in shown and "Select a valid choice" not in shown
    assert fields_shown(response.content.decode())["reason"].chosen == ["Agreed"]  # their reason kept
    audit.refresh_from_db()
    assert audit.stage == "selecting"  # moved once, not twice


def test_saving_the_plan_keeps_its_tool_when_the_tool_has_been_archived(world, client_for):
    from maca.tools.models import AuditTool

    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    AuditTool.objects.filter(pk=audit.tool_id).update(is_archived=True)
    client = client_for(world["qa"])
    page = _opened(client, "programme:audit_edit", audit)
    assert fields_shown(page)["tool"].chosen == [str(audit.tool_id)]
    response = client.post(reverse("programme:audit_edit", args=[audit.pk]), _as_shown(page))
    assert response.status_code == 302
    tool_id = audit.tool_id
    audit.refresh_from_db()
    assert audit.tool_id == tool_id


def test_saving_the_plan_keeps_its_lead_when_the_lead_has_left_the_partnership(world, client_for):
    """The form offers the audit's own lead after they leave, so that the rest
    of the plan can be saved: the save must accept them too (found by review)."""
    from maca.accounts.services import membership_deactivate

    leaver = world["qa"]
    audit = AuditFactory(partnership=world.partnership, lead=leaver.user)
    membership_deactivate(
        actor=world["admin"].user,
        membership=leaver.membership,
        reason="Left the partnership",
        expected_version=leaver.membership.version,
    )
    client = client_for(world["admin"])
    page = _opened(client, "programme:audit_edit", audit)
    assert fields_shown(page)["lead"].chosen == [str(leaver.user.pk)]
    response = client.post(reverse("programme:audit_edit", args=[audit.pk]), _as_shown(page, title="Renamed audit"))
    assert response.status_code == 302, words_shown(response.content.decode())
    summary = words_shown(_opened(client, "programme:audit", audit))
    assert "Renamed audit" in summary and leaver.user.full_name in summary
    # Choosing someone who cannot lead is still refused.
    audit.refresh_from_db()
    from maca.programme.services import audit_update

    with pytest.raises(ValidationError, match="audit lead"):
        audit_update(actor=world["admin"].user, audit=audit, expected_version=audit.version, lead=world["auditor"].user)
