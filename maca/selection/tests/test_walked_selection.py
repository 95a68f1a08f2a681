"""What a QA walk of case selection found (December 2026), checked as a person
sees it: a decided nomination is shown as decided, not offered for deciding
again; the QA officer is told what a decision and a draw did, counted as the
case list counts them; agencies are offered for changing only while they can
be changed; words with curly apostrophes."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from maca.notifications.models import SentEmail
from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.returns.tests.builders import audit_with_returns, move
from maca.selection import services
from maca.selection.models import AuditCase, Nomination
from maca.selection.services import nomination_create, nomination_decide
from maca.selection.tests.builders import make_case
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _shown(response) -> str:
    return words_shown(response.content.decode())


def _messages_after(client, response) -> str:
    assert response.status_code == 302
    return _shown(client.get(response["Location"]))


def _nominated(world, audit, case) -> Nomination:
    return nomination_create(
        actor=world["lead"].user, audit=audit, case_reference=case.reference, reason="Seen", can_see_pool=False
    )


def test_a_decided_nomination_is_shown_as_decided_and_not_offered_again(world, client_for, selecting):
    case = make_case(world.partnership, agencies=[world.police])
    nomination = _nominated(world, selecting, case)
    client = client_for(world["qa"])
    url = reverse("selection:decide_nomination", args=[selecting.pk, nomination.pk])
    opened = client.get(url).content.decode()  # the page as the QA officer opened it

    # Someone else (the other QA officer) decides it meanwhile.
    nomination_decide(actor=world["admin"].user, nomination=nomination, accept=False, reason="Audited last year.")

    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 200
    shown = _shown(response)
    assert "Someone else has decided this nomination" in shown
    assert "Declined by Asha Admin" in shown and "Audited last year." in shown
    assert "decision" not in fields_shown(response.content.decode())  # no form to decide again
    assert "decision" in fields_shown(opened)
    nomination.refresh_from_db()
    assert nomination.status == "declined"

    # Opened again, it says what was decided, with no warning meant for deciding.
    again = _shown(client.get(url))
    assert again.startswith(f"The nomination of case {case.reference}")
    assert "Declined by Asha Admin on " in again
    assert "Save decision" not in again and "Warning" not in again


def test_accepting_a_nomination_says_which_case_it_became(world, client_for, selecting):
    case = make_case(world.partnership, agencies=[world.police])
    nomination = _nominated(world, selecting, case)
    client = client_for(world["qa"])
    response = client.post(
        reverse("selection:decide_nomination", args=[selecting.pk, nomination.pk]), {"decision": "accept"}
    )
    assert f"{case.reference} has been added to the audit as case 1." in _messages_after(client, response)


def test_the_draw_says_how_many_cases_it_drew_and_how_many_the_audit_has(world, client_for, selecting):
    for _ in range(8):
        make_case(world.partnership, agencies=[world.police])
    nominated = make_case(world.partnership, agencies=[world.police])
    nomination_decide(actor=world["qa"].user, nomination=_nominated(world, selecting, nominated), accept=True)
    client = client_for(world["qa"])
    response = client.post(
        reverse("selection:draw", args=[selecting.pk]),
        {"size": "4", "allocation": "proportional", "open_within_months": "", "exclude_audited_within_months": ""},
    )
    said = _messages_after(client, response)
    assert "3 cases drawn at random with seed" in said
    assert "With 1 nominated case, the audit has 4 cases." in said
    page = _shown(client.get(reverse("selection:draw", args=[selecting.pk])))
    assert "picked 3 cases at random" in page
    assert "The audit now has 4 cases reviewing 4 children" in page


def test_agencies_are_offered_for_changing_only_while_they_can_be_changed(world, client_for):
    audit = audit_with_returns(world, cases=1)
    move(audit, Stage.MEETING, world["qa"].user)
    client = client_for(world["qa"])
    cases_page = client.get(reverse("selection:cases", args=[audit.pk])).content.decode()
    audit_case = AuditCase.objects.current().get(audit=audit)
    agencies_url = reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])
    assert f'href="{agencies_url}"' not in cases_page
    assert "Actions" not in words_shown(cases_page)

    page = client.get(agencies_url).content.decode()
    shown = words_shown(page)
    assert "agencies" not in fields_shown(page) and "Save agencies" not in shown
    assert "The agencies can no longer be changed: the audit is at the stage ‘Meeting’." in html.unescape(shown)
    assert "Testshire Police" in shown


def test_a_scrutineer_sees_the_cases_without_an_empty_actions_column(world, client_for, selecting):
    from maca.programme.services import audit_set_scrutineers

    make_case(world.partnership, agencies=[world.police])
    nomination_decide(
        actor=world["qa"].user,
        nomination=_nominated(world, selecting, make_case(world.partnership, agencies=[world.police])),
        accept=True,
    )
    selecting.refresh_from_db()
    audit_set_scrutineers(actor=world["qa"].user, audit=selecting, scrutineers=[world["scrutineer"].user])
    shown = _shown(client_for(world["scrutineer"]).get(reverse("selection:cases", args=[selecting.pk])))
    assert "Case 1" in shown and "Actions" not in shown


def test_the_words_agencies_read_have_curly_apostrophes(world, client_for, selecting):
    page = _shown(client_for(world["lead"]).get(reverse("selection:nominate", args=[selecting.pk])))
    assert "The family’s reference in the case list" in page
    audit_with_returns(world, cases=1)
    body = SentEmail.objects.filter(kind="assignment").latest("pk").body
    assert "your agency’s audits" in body and "'" not in body.replace("‘", "").replace("’", "")


def test_taking_one_agency_off_a_case_is_titled_and_told_in_the_singular(world, client_for):
    from maca.returns.models import Return
    from maca.returns.tests.builders import save
    from maca.tests.page import Page

    audit = audit_with_returns(world, cases=1)
    audit_case = AuditCase.objects.current().get(audit=audit)
    save(
        Return.objects.live().get(audit_case=audit_case, agency=world.police),
        world["auditor"],
        {"info_grade": "good", "health_involved": "yes", "worried": "Late notifications to the school"},
    )
    client = client_for(world["qa"])
    url = reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])
    shown = Page(client.get(url).content.decode())
    asked = client.post(url, {"agencies": [world.health.pk], "shown": shown.value("shown")})
    words = _shown(asked)
    # The tab says what the heading says.
    assert words.startswith("Taking this agency off the case withdraws its return – case 1")
    page = Page(asked.content.decode())
    done = client.post(
        url,
        {
            "shown": page.value("shown"),
            "confirmed": page.value("confirmed"),
            "agencies": [e["value"] for e in page.inputs("agencies")],
        },
    )
    said = _messages_after(client, done)
    assert "The return of the agency taken off has been withdrawn and kept." in said


def test_each_lead_is_told_the_number_of_cases_their_cases_page_lists(world, client_for, selecting):
    from maca.selection.services import assignments_set

    for _ in range(3):
        nomination_decide(
            actor=world["qa"].user,
            nomination=_nominated(world, selecting, make_case(world.partnership, agencies=[world.police])),
            accept=True,
        )
    first, second, third = AuditCase.objects.current().filter(audit=selecting).order_by("number")
    # The care board audits case 1; its GP practice (no lead of its own) cases 1 and 2.
    assignments_set(actor=world["qa"].user, audit_case=first, agencies=[world.police, world.health, world.gp_practice])
    assignments_set(actor=world["qa"].user, audit_case=second, agencies=[world.gp_practice])
    assignments_set(actor=world["qa"].user, audit_case=third, agencies=[world.police])
    move(selecting, Stage.AUDITING, world["qa"].user)

    told = {e.to: e.subject for e in SentEmail.objects.filter(kind="assignment")}
    assert "2 cases to audit for ‘Babies at risk’" in told[world["health_lead"].user.email]
    assert "2 cases to audit for ‘Babies at risk’" in told[world["lead"].user.email]
    page = _shown(client_for(world["health_lead"]).get(reverse("selection:my_cases")))
    # A row for each agency's return; the same two cases.
    assert "Babies at risk Case 1" in page and "Babies at risk Case 2" in page
    assert "Babies at risk Case 3" not in page


def test_choices_no_longer_on_offer_are_refused_in_words_not_djangos(world, client_for, selecting):
    case = make_case(world.partnership, agencies=[world.police])
    nomination = _nominated(world, selecting, case)
    client = client_for(world["qa"])
    decided = _shown(
        client.post(reverse("selection:decide_nomination", args=[selecting.pk, nomination.pk]), {"decision": "maybe"})
    )
    assert "Select accept or decline" in decided and "Select a valid choice" not in decided
    drawn = _shown(
        client.post(
            reverse("selection:draw", args=[selecting.pk]),
            {"size": "2", "allocation": "proportional", "localities": ["Atlantis"]},
        )
    )
    assert "There is a problem" in drawn
    assert "Choose localities from the list: the case list has changed since the page was opened" in drawn
    assert "Select a valid choice" not in drawn


def test_the_audit_lead_is_told_when_a_nominated_case_is_in_another_audit(world, client_for, selecting):
    case = make_case(world.partnership, agencies=[world.police])
    other = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Neglect of babies")
    move(other, Stage.SELECTING, world["qa"].user)
    nomination_decide(actor=world["qa"].user, nomination=_nominated(world, other, case), accept=True)
    nomination = _nominated(world, selecting, case)
    page = _shown(
        client_for(world["qa"]).get(reverse("selection:decide_nomination", args=[selecting.pk, nomination.pk]))
    )
    assert "This case is also selected for ‘Neglect of babies’ (2026–27). Check it should be audited again." in page


def test_the_audit_lead_is_told_when_each_other_audit_of_a_nominated_case_was(world, client_for, selecting):
    """Every other audit the case is in, however long ago (a draw leaves out
    only those within its look-back), each with its programme year."""
    case = make_case(world.partnership, agencies=[world.police])
    older = AuditFactory(
        partnership=world.partnership,
        programme=ProgrammeFactory(partnership=world.partnership, year=2024),
        lead=world["qa"].user,
        title="Neglect of babies",
    )
    latest = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Home alone")
    for audit in (older, latest):
        move(audit, Stage.SELECTING, world["qa"].user)
        nomination_decide(actor=world["qa"].user, nomination=_nominated(world, audit, case), accept=True)
    nomination = _nominated(world, selecting, case)
    page = _shown(
        client_for(world["qa"]).get(reverse("selection:decide_nomination", args=[selecting.pk, nomination.pk]))
    )
    assert (
        "This case is also selected for ‘Home alone’ (2026–27) and ‘Neglect of babies’ (2024–25). "
        "Check it should be audited again." in page
    )


def test_nominations_of_a_cancelled_audit_are_not_offered_for_deciding(world, client_for, selecting):
    nomination = _nominated(world, selecting, make_case(world.partnership, agencies=[world.police]))
    move(selecting, Stage.CANCELLED, world["qa"].user)
    client = client_for(world["qa"])
    url = reverse("selection:decide_nomination", args=[selecting.pk, nomination.pk])
    listed = client.get(reverse("selection:nominations", args=[selecting.pk])).content.decode()
    assert f'href="{url}"' not in listed
    page = client.get(url).content.decode()
    assert "decision" not in fields_shown(page)
    assert "It was not decided, and can no longer be" in html.unescape(words_shown(page))
    assert client.post(url, {"decision": "accept"}).status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == "pending"


def test_the_remove_page_offers_no_form_once_agencies_are_auditing(world, client_for):
    audit = audit_with_returns(world, cases=1)
    audit_case = AuditCase.objects.current().get(audit=audit)
    page = client_for(world["qa"]).get(reverse("selection:remove_case", args=[audit.pk, audit_case.pk]))
    body = page.content.decode()
    assert "reason" not in fields_shown(body) and "Take the case out" not in words_shown(body)
    assert "it is at ‘Agencies auditing’" in html.unescape(words_shown(body))


# Stage names ------------------------------------------------------------------------------


@pytest.fixture
def renamed_stage(monkeypatch):
    """‘Selecting cases’ renamed where the stages are defined: every page follows."""
    monkeypatch.setattr(Stage.SELECTING, "_label_", "Choosing cases")


def test_the_pages_name_the_stages_as_they_are_defined(world, client_for, selecting, renamed_stage):
    client = client_for(world["qa"])
    nomination = _nominated(world, selecting, make_case(world.partnership, agencies=[world.police]))
    move(selecting, Stage.CANCELLED, world["qa"].user)
    decided = html.unescape(
        _shown(client.get(reverse("selection:decide_nomination", args=[selecting.pk, nomination.pk])))
    )
    assert (
        "nominations are decided while the audit is at ‘Planned’ or ‘Choosing cases’, and it is at ‘Cancelled’."
        in decided
    )

    audit = audit_with_returns(world, cases=1)
    audit_case = AuditCase.objects.current().get(audit=audit)
    removal = html.unescape(_shown(client.get(reverse("selection:remove_case", args=[audit.pk, audit_case.pk]))))
    assert (
        "Cases can be taken out while the audit is at ‘Planned’ or ‘Choosing cases’; it is at ‘Agencies auditing’."
        in removal
    )

    planned = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    draw = html.unescape(_shown(client.get(reverse("selection:draw", args=[planned.pk]))))
    assert "Samples are drawn while the audit is at ‘Choosing cases’." in draw
    assert all("Selecting cases" not in page for page in (decided, removal, draw))


def test_a_case_is_offered_for_taking_out_at_the_stages_that_allow_it(world, client_for, monkeypatch):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk")
    case = make_case(world.partnership, agencies=[world.police])
    nomination_decide(actor=world["qa"].user, nomination=_nominated(world, audit, case), accept=True)
    audit_case = AuditCase.objects.current().get(audit=audit)
    client = client_for(world["qa"])
    url = reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])
    assert "Take this case out of the audit" in _shown(client.get(url))
    # Were cases taken out only while selecting, a planned audit's page would not offer it.
    monkeypatch.setattr(services, "SELECTION_STAGES", (Stage.SELECTING,))
    assert "Take this case out of the audit" not in _shown(client.get(url))


def test_a_sample_larger_than_the_pool_is_reported_on_the_number_of_cases(world, client_for, selecting):
    """The error names the box to change: the summary links to it and it is
    shown there, as every other error on the page is."""
    for _ in range(3):
        make_case(world.partnership, agencies=[world.police])
    response = client_for(world["qa"]).post(
        reverse("selection:draw", args=[selecting.pk]),
        {"size": "9", "allocation": "proportional", "current_draw": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_size"' in page
    assert 'id="id_size-error"' in page
    assert "choose a sample of 3 or fewer" in _shown(response)
