"""Nothing an auditor types is lost because their session ended: autosave says
so instead of pasting the sign-in page, and a full "Save draft" is kept and
saved once they have signed in again, under the usual optimistic locking."""

from __future__ import annotations

import html

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.returns.services import return_save_draft
from maca.returns.tests.builders import police_return
from maca.tests.page import Page
from maca.tests.sessions import end_every_session

TYPED = "Father not seen at the second home visit; nobody followed it up."


@pytest.fixture
def ret(world):
    return police_return(world)


def open_edit_page(client, ret) -> Page:
    response = client.get(reverse("returns:section", args=[ret.pk, 1]))
    assert response.status_code == 200
    return Page(response.content.decode())


def typed_answers(page: Page) -> dict:
    """What the page's form sends, with two answers typed in."""
    sent = {"version": page.value("version"), "_editor": page.value("_editor"), "_section": page.value("_section")}
    return {**{k: v for k, v in sent.items() if v is not None}, "info_grade": "good", "worried": TYPED}


def test_autosave_after_the_session_ended_says_so_instead_of_showing_the_sign_in_page(world, ret, client_for):
    client = client_for(world["auditor"])
    edit_url = reverse("returns:section", args=[ret.pk, 1])
    page = open_edit_page(client, ret)
    end_every_session()
    response = client.post(
        reverse("returns:autosave", args=[ret.pk]),
        typed_answers(page),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{edit_url}",
    )
    assert response.status_code == 401
    body = html.unescape(response.content.decode())
    assert "Your session has ended" in body
    assert f'href="{reverse("account_login")}?next={edit_url}"' in body
    assert "<form" not in body and "<html" not in body
    ret.refresh_from_db()
    assert ret.answers == {}


def test_save_draft_after_the_session_ended_is_saved_once_the_auditor_signs_in_again(world, ret, client_for):
    auditor = world["auditor"]
    client = client_for(auditor)
    edit_url = reverse("returns:section", args=[ret.pk, 1])
    page = open_edit_page(client, ret)
    end_every_session()

    response = client.post(edit_url, typed_answers(page))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={edit_url}"
    sign_in_page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Your session had ended, so what you wrote has not been saved yet" in sign_in_page
    ret.refresh_from_db()
    assert ret.answers == {}

    sign_in_with_second_factor(client, auditor.user)
    response = client.get(edit_url)
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "good", "worried": TYPED}
    assert ret.updated_by == auditor.user
    shown = html.unescape(client.get(response["Location"]).content.decode())
    assert "Your session had ended before your answers were saved. They have now been saved." in shown
    # The task list: one required question is still to answer, so the section is in progress.
    assert "You have completed 0 of 1 section." in shown and "In progress" in shown
    # Only once: opening the page again shows the saved answers, nothing is saved twice.
    version = ret.version
    again = open_edit_page(client, ret)
    assert again.value("worried") == TYPED and again.checked("info_grade") == {"good"}
    ret.refresh_from_db()
    assert ret.version == version


def test_a_change_saved_by_someone_else_meanwhile_is_not_overwritten(world, ret, client_for):
    client = client_for(world["auditor"])
    edit_url = reverse("returns:section", args=[ret.pk, 1])
    page = open_edit_page(client, ret)
    end_every_session()
    client.post(edit_url, typed_answers(page))
    lead = world["lead"]
    return_save_draft(
        actor=lead.user,
        membership=lead.membership,
        return_record=ret,
        answers={"info_grade": "inadequate"},
        expected_version=ret.version,
    )

    sign_in_with_second_factor(client, world["auditor"].user)
    response = client.get(edit_url)
    assert response.status_code == 200  # both versions, question by question
    body = html.unescape(response.content.decode())
    assert "Lena Lead" in body
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "inadequate"}


def test_what_one_person_typed_is_never_saved_in_the_name_of_someone_who_signs_in_after_them(world, ret, client_for):
    client = client_for(world["auditor"])
    edit_url = reverse("returns:section", args=[ret.pk, 1])
    page = open_edit_page(client, ret)
    end_every_session()
    client.post(edit_url, typed_answers(page))

    sign_in_with_second_factor(client, world["lead"].user)
    assert client.get(edit_url).status_code == 200
    ret.refresh_from_db()
    assert ret.answers == {}
    assert "maca_unsaved_post" not in client.session


def test_answers_kept_across_sign_in_are_sealed_in_the_session(world, ret, client_for):
    client = client_for(world["auditor"])
    edit_url = reverse("returns:section", args=[ret.pk, 1])
    page = open_edit_page(client, ret)
    end_every_session()
    client.post(edit_url, typed_answers(page))
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert "maca_unsaved_post" in stored
    assert "Father" not in repr(stored)


def test_a_boosted_link_after_the_session_ended_goes_to_sign_in_like_any_page(world, ret, client_for):
    client = client_for(world["auditor"])
    end_every_session()
    response = client.get(reverse("returns:section", args=[ret.pk, 1]), HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_answers_kept_from_a_section_opened_from_check_your_answers_lead_back_there(world, ret, client_for):
    """Saved once the person signs in again, a section opened from Check your
    answers (``?from=check``) leads back there, as its own save does."""
    auditor = world["auditor"]
    client = client_for(auditor)
    edit_url = reverse("returns:section", args=[ret.pk, 1]) + "?from=check"
    page = Page(client.get(edit_url).content.decode())
    end_every_session()

    response = client.post(edit_url, typed_answers(page))
    assert response.status_code == 302
    sign_in_with_second_factor(client, auditor.user)
    response = client.get(edit_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("returns:check", args=[ret.pk])
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "good", "worried": TYPED}
