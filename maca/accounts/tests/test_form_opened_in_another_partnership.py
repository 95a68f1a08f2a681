"""A person who works in two partnerships opened a form in one, switched to
the other in another tab, then sent the form: a form that makes something new
(an agency, here) saved it into the partnership they had switched to. Now
every form carries the partnership its page was opened in
(``maca.core.opened_in``), and a post from a page opened in another
partnership than the current one saves nothing, anywhere, and says so in
words: where the page was opened, where they work now, and how to switch
back. Only partnerships the person belongs to are named."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory
from maca.cases.models import CaseImport
from maca.cases.tests.factories import child_row, csv_bytes, upload
from maca.core.opened_in import FIELD
from maca.partnerships.models import Agency, AgencyKind
from maca.partnerships.tests.factories import PartnershipFactory
from maca.returns.models import Return
from maca.returns.tests.builders import police_return
from maca.tests.page import Page, words_shown

TESTSHIRE = "Testshire Safeguarding Children Partnership"
OTHERBY = "Otherby Safeguarding Children Partnership"
NEW_AGENCY = {"name": "Riverside Youth Service", "kind": AgencyKind.YOUTH_JUSTICE}


def _in_both(world, persona="admin", **membership):
    """``persona`` of Testshire is also a member of Otherby (its admin, unless
    told otherwise), and works in Testshire now."""
    person = world[persona]
    MembershipFactory(
        user=person.user, partnership=world.other_partnership, **(membership or {"role": Role.PARTNERSHIP_ADMIN})
    )
    return person


def _switch(client, partnership):
    response = client.post(reverse("accounts:switch_partnership"), {"partnership": partnership.pk})
    assert response.status_code == 302


def _opened_in(page_response) -> str:
    """The partnership the page's form carries."""
    value = Page(page_response.content.decode()).value(FIELD)
    assert value, "the form carries no partnership"
    return value


def test_a_new_agency_opened_in_one_partnership_and_sent_from_the_other_is_not_saved(world, client_for):
    client = client_for(_in_both(world))
    _switch(client, world.partnership)
    opened_in = _opened_in(client.get(reverse("partnerships:create")))  # the first tab
    _switch(client, world.other_partnership)  # another tab

    response = client.post(reverse("partnerships:create"), {**NEW_AGENCY, FIELD: opened_in})  # the first tab again

    assert response.status_code == 409
    shown = words_shown(response.content.decode())
    assert "Nothing was saved" in shown
    assert f"You opened that page while you were working in {TESTSHIRE}." in shown
    assert f"You are now working in {OTHERBY}" in shown
    assert "nothing you sent from that page was saved, in either partnership" in shown
    assert "you have switched partnership since you opened it, perhaps in another tab or window" in shown
    assert f"To carry on in {TESTSHIRE}, go to Switch partnership and switch back to it" in shown
    assert "then open the page again" in shown
    assert reverse("accounts:switch_partnership") in response.content.decode()
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()
    # Nor is it on either partnership's list of agencies.
    assert NEW_AGENCY["name"] not in words_shown(client.get(reverse("partnerships:agencies")).content.decode())
    _switch(client, world.partnership)
    assert NEW_AGENCY["name"] not in words_shown(client.get(reverse("partnerships:agencies")).content.decode())


def test_the_same_form_sent_in_the_partnership_it_was_opened_in_is_saved_there(world, client_for):
    client = client_for(_in_both(world))
    _switch(client, world.other_partnership)
    opened_in = _opened_in(client.get(reverse("partnerships:create")))
    assert opened_in == str(world.other_partnership.pk)

    response = client.post(reverse("partnerships:create"), {**NEW_AGENCY, FIELD: opened_in}, follow=True)

    assert response.status_code == 200
    assert Agency.objects.get(name=NEW_AGENCY["name"]).partnership == world.other_partnership
    assert NEW_AGENCY["name"] in words_shown(client.get(reverse("partnerships:agencies")).content.decode())


def test_a_partnership_the_person_is_not_in_is_never_named(world, client_for):
    """A made-up number: refused, and the page names no partnership but their own."""
    secret = PartnershipFactory(name="Hidden Vale Safeguarding Partnership", short_name="Hidden Vale", slug="hidden")
    client = client_for(world["admin"])

    response = client.post(reverse("partnerships:create"), {**NEW_AGENCY, FIELD: str(secret.pk)})

    assert response.status_code == 409
    shown = words_shown(response.content.decode())
    assert "You opened that page while you were working in another partnership." in shown
    assert f"You are now working in {TESTSHIRE}" in shown
    assert "Hidden Vale" not in response.content.decode()
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()


def test_a_partnership_the_person_has_left_is_not_named_either(world, client_for):
    """Otherby's admin field on a page of Testshire, by someone only in Testshire."""
    response = client_for(world["admin"]).post(
        reverse("partnerships:create"), {**NEW_AGENCY, FIELD: str(world.other_partnership.pk)}
    )
    assert response.status_code == 409
    assert "Otherby" not in response.content.decode()
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()


def test_an_autosave_from_a_return_opened_in_the_other_partnership_says_it_was_not_saved_and_why(world, client_for):
    ret = police_return(world, two_sections=True)
    answers_before = ret.answers
    lena = _in_both(world, "lead", role=Role.AGENCY_LEAD, agency=world.other_agency)
    client = client_for(lena)
    _switch(client, world.partnership)
    page = client.get(reverse("returns:section", args=[ret.pk, 2]))
    opened_in = _opened_in(page)
    _switch(client, world.other_partnership)

    response = client.post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": ret.version, "_section": 2, "visits": "3", FIELD: opened_in},
        HTTP_HX_REQUEST="true",
    )

    # As the page's script reads a refused autosave: "no", and the reason shown.
    assert response.status_code == 200
    assert response["X-Draft-Saved"] == "no"
    said = words_shown(response.content.decode())
    assert said.startswith(
        f"Not saved: this page was opened while you were working in {TESTSHIRE}, and you are now working in {OTHERBY}."
    )
    assert "Switch partnership to carry on there." in said
    assert Return.objects.get(pk=ret.pk).answers == answers_before


def test_a_case_list_uploaded_from_a_page_opened_in_the_other_partnership_is_not_kept(world, client_for):
    """The upload pages read their post themselves (the file stays in memory):
    they refuse the same way, once their upload handler is in place."""
    client = client_for(_in_both(world))
    _switch(client, world.partnership)
    opened_in = _opened_in(client.get(reverse("cases:import_new")))
    _switch(client, world.other_partnership)

    response = client.post(
        reverse("cases:import_new"), {"file": upload(csv_bytes([child_row()]), "export.csv"), FIELD: opened_in}
    )

    assert response.status_code == 409
    shown = words_shown(response.content.decode())
    assert f"You opened that page while you were working in {TESTSHIRE}." in shown
    assert not CaseImport.objects.exists()
    # Sent from the partnership it was opened in, it is kept there.
    _switch(client, world.partnership)
    response = client.post(
        reverse("cases:import_new"), {"file": upload(csv_bytes([child_row()]), "export.csv"), FIELD: opened_in}
    )
    assert response.status_code == 302
    assert CaseImport.objects.get().partnership == world.partnership


def test_every_view_that_reads_its_own_post_checks_the_partnership_itself():
    """A view exempt from the CSRF middleware sets its upload handlers before
    its post is read: the partnership middleware must not read it first (it
    would fail), so each such view is marked, and checks after its handlers."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    exempt = {
        f"{view.__module__}.{view.__name__}"
        for view in views(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False) and view.__module__.startswith("maca.")
    }
    assert exempt == {
        "maca.cases.views.import_new",
        "maca.actions.views.steps.progress",
        "maca.returns.chronology_views.upload",
    }
    for view in views(get_resolver().url_patterns):
        if f"{view.__module__}.{view.__name__}" in exempt:
            assert getattr(view, "reads_its_own_post", False), view.__name__


def test_switching_back_from_a_page_left_open_still_works(world, client_for):
    """The switch page's form carries no partnership, and is never refused
    for one: switching back is the way out."""
    client = client_for(_in_both(world))
    _switch(client, world.partnership)
    opened_in = _opened_in(client.get(reverse("partnerships:create")))
    _switch(client, world.other_partnership)

    response = client.post(
        reverse("accounts:switch_partnership"), {"partnership": world.partnership.pk, FIELD: opened_in}
    )

    assert response.status_code == 302
    shown = words_shown(client.get(response["Location"]).content.decode())
    assert f"You are now working in {TESTSHIRE}." in shown
    # And the form left open saves, in the partnership it was opened in.
    assert client.post(reverse("partnerships:create"), {**NEW_AGENCY, FIELD: opened_in}).status_code == 302
    assert Agency.objects.get(name=NEW_AGENCY["name"]).partnership == world.partnership


def test_signing_out_from_a_page_left_open_still_signs_out(world, client_for):
    client = client_for(_in_both(world))
    _switch(client, world.partnership)
    opened_in = _opened_in(client.get(reverse("partnerships:create")))
    _switch(client, world.other_partnership)

    client.post(reverse("account_logout"), {FIELD: opened_in})

    assert "_auth_user_id" not in client.session


def test_the_sign_out_and_switch_forms_carry_no_partnership(world, client_for):
    client = client_for(_in_both(world))
    page = Page(client.get(reverse("accounts:switch_partnership")).content.decode())
    assert page.value(FIELD) is None


def test_the_refusal_has_no_link_back_to_the_form_which_would_open_it_in_the_wrong_partnership(world, client_for):
    """A link back to the page (the browser's Referer) would open the form
    afresh in the partnership switched to: the mistake refused (review)."""
    client = client_for(_in_both(world))
    _switch(client, world.partnership)
    form_url = reverse("partnerships:create")
    opened_in = _opened_in(client.get(form_url))
    _switch(client, world.other_partnership)

    response = client.post(form_url, {**NEW_AGENCY, FIELD: opened_in}, HTTP_REFERER=f"http://testserver{form_url}")

    assert response.status_code == 409
    assert f'href="{form_url}"' not in response.content.decode()
    assert f'href="http://testserver{form_url}"' not in response.content.decode()


def test_a_form_sent_without_its_partnership_by_someone_in_two_is_let_through_and_logged(world, client_for, caplog):
    """A page opened before every form carried its partnership is let
    through, as before; the log says so for someone it could have misled."""
    client = client_for(_in_both(world))
    _switch(client, world.partnership)
    with caplog.at_level("WARNING", logger="maca.security"):
        response = client.post(reverse("partnerships:create"), NEW_AGENCY)
    assert response.status_code == 302
    assert Agency.objects.filter(partnership=world.partnership, name=NEW_AGENCY["name"]).exists()
    assert [r.getMessage() for r in caplog.records if r.name == "maca.security"] == [
        "A form was sent without the partnership it was opened in"
    ]


def test_each_page_that_reads_its_own_post_refuses_a_page_opened_in_another_partnership(world, client_for):
    """The chronology upload and an action's progress (with its evidence)
    check themselves, as the case list upload does above: a mark without the
    check would let them through (review of the partnership guard)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maca.actions.models import ActionEvent
    from maca.actions.tests.builders import raise_action
    from maca.returns.models import ChronologyEntry

    row = b"04/03/2025,,Seen at home with a bruise,Police log,negative,Referral made\r\n"
    chronology = b"Date,End date (optional),Significant event,Source,Impact on the child,Action taken\r\n" + row
    return_record = police_return(world)
    auditor = client_for(_in_both(world, "auditor", role=Role.AGENCY_AUDITOR, agency=world.other_agency))
    _switch(auditor, world.other_partnership)
    response = auditor.post(
        reverse("chronology:upload", args=[return_record.pk]),
        {"file": SimpleUploadedFile("chronology.csv", chronology), FIELD: str(world.partnership.pk)},
    )
    assert response.status_code == 409
    assert f"You opened that page while you were working in {TESTSHIRE}." in words_shown(response.content.decode())
    assert not ChronologyEntry.objects.filter(return_record=return_record).exists()

    action = raise_action(world)
    lead = client_for(_in_both(world, "lead", role=Role.AGENCY_LEAD, agency=world.other_agency))
    _switch(lead, world.other_partnership)
    events = ActionEvent.objects.filter(action=action).count()
    response = lead.post(
        reverse("actions:progress", args=[action.pk]),
        {
            "note": "Drafted the checklist.",
            "files": [SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
            FIELD: str(world.partnership.pk),
        },
    )
    assert response.status_code == 409
    assert ActionEvent.objects.filter(action=action).count() == events


def test_the_refusal_says_to_switch_back_before_using_the_back_button(world, client_for):
    """The back button used first reloads the page in the partnership switched
    to, and what was typed is lost (QA walk): the page says the order that keeps it."""
    client = client_for(_in_both(world))
    _switch(client, world.partnership)
    opened_in = _opened_in(client.get(reverse("partnerships:create")))
    _switch(client, world.other_partnership)
    shown = words_shown(client.post(reverse("partnerships:create"), {**NEW_AGENCY, FIELD: opened_in}).content.decode())
    assert (
        f"To keep what you typed: switch back to {TESTSHIRE} first, in another tab, then come back to this tab and "
        f"use your browser’s back button. Used before you switch back, it may open the page in {OTHERBY}, without "
        "what you typed." in shown
    )


def _upload_page(world, kind):
    """A page that reads its own post, the person of Testshire who may use it,
    and what they send from it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    if kind == "case list":
        return "qa", reverse("cases:import_new"), {"file": upload(csv_bytes([child_row()]), "export.csv")}
    if kind == "chronology":
        row = b"04/03/2025,,Seen at home with a bruise,Police log,negative,Referral made\r\n"
        content = b"Date,End date (optional),Significant event,Source,Impact on the child,Action taken\r\n" + row
        return (
            "auditor",
            reverse("chronology:upload", args=[police_return(world).pk]),
            {"file": SimpleUploadedFile("chronology.csv", content)},
        )
    from maca.actions.tests.builders import raise_action

    evidence = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return (
        "lead",
        reverse("actions:progress", args=[raise_action(world).pk]),
        {"note": "Drafted the checklist.", "files": [evidence]},
    )


UPLOAD_PAGES = ["case list", "chronology", "action progress with evidence"]


@pytest.mark.parametrize("kind", UPLOAD_PAGES)
def test_an_upload_page_left_open_says_nothing_was_saved_to_a_role_that_may_not_upload_where_they_now_work(
    kind, world, client_for
):
    """A board member in Otherby may upload nothing there: the upload pages
    answered "You cannot use this page" (403), which hid what happened. As
    every other form does, they say first that the page was opened in the
    other partnership and nothing was saved (review of the partnership guard)."""
    from maca.actions.models import ActionEvent
    from maca.returns.models import ChronologyEntry

    persona, url, sent = _upload_page(world, kind)
    client = client_for(_in_both(world, persona, role=Role.BOARD_MEMBER))
    _switch(client, world.other_partnership)
    before = (CaseImport.objects.count(), ChronologyEntry.objects.count(), ActionEvent.objects.count())

    response = client.post(url, {**sent, FIELD: str(world.partnership.pk)})

    assert response.status_code == 409
    shown = words_shown(response.content.decode())
    assert "Nothing was saved" in shown
    assert f"You opened that page while you were working in {TESTSHIRE}." in shown
    assert f"You are now working in {OTHERBY}" in shown
    assert (CaseImport.objects.count(), ChronologyEntry.objects.count(), ActionEvent.objects.count()) == before


@pytest.mark.parametrize("kind", UPLOAD_PAGES)
def test_an_upload_page_still_refuses_a_role_that_may_not_upload_when_nothing_was_left_open(kind, world, client_for):
    """The order changed, not the rule: opened, or sent in the partnership it
    was opened in, or with no partnership, it still refuses the board member."""
    persona, url, sent = _upload_page(world, kind)
    client = client_for(_in_both(world, persona, role=Role.BOARD_MEMBER))
    _switch(client, world.other_partnership)
    assert client.get(url).status_code == 403
    assert client.post(url, {**sent, FIELD: str(world.other_partnership.pk)}).status_code == 403
    assert client.post(url, sent).status_code == 403


def test_a_password_change_by_someone_in_two_is_not_logged_as_a_form_without_its_partnership(world, client_for, caplog):
    """Signing in, passwords and the second factor work in no partnership:
    their forms carry none, and a post to them is no sign of a form that
    escaped the test (the log would cry wolf for everyone in two)."""
    client = client_for(_in_both(world))
    with caplog.at_level("WARNING", logger="maca.security"):
        client.post(reverse("account_change_password"), {"oldpassword": "wrong", "password1": "x", "password2": "x"})
    assert not [r for r in caplog.records if r.name == "maca.security"]
