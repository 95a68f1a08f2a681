"""A strength or finding saved at the meeting after the QA officer's session
had ended is not lost: once they have signed in again, the form is shown
filled in with what they wrote, to check and save (ADR 0009)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.findings.models import Finding
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

TYPED = "Nobody asked the father about his drinking, and the school was never told."
KEPT = "Your session had ended before this was saved. Check what you wrote, then save it."


def end_every_session() -> None:
    """As 30 minutes without a click would: the browser still sends its cookie."""
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))


def typed(page: Page, world) -> dict:
    """What the page's form sends, with a finding written about the police."""
    return {
        "_editor": page.value("_editor"),
        "kind": "finding",
        "polarity": "concern",
        "agency": str(world.police.pk),
        "text": TYPED,
    }


@pytest.mark.parametrize("across_cases", [False, True], ids=["on a case", "across cases"])
def test_a_finding_saved_after_the_session_ended_is_shown_filled_in_after_signing_in(
    world, audit, case, client_for, across_cases
):
    qa = world["qa"]
    client = client_for(qa)
    url = (
        reverse("findings:cross_finding_new", args=[audit.pk])
        if across_cases
        else reverse("findings:finding_new", args=[audit.pk, case.pk])
    )
    opened = Page(client.get(url).content.decode())
    end_every_session()

    response = client.post(url, typed(opened, world))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert not Finding.objects.filter(text=TYPED).exists()

    sign_in_with_second_factor(client, qa.user)
    body = client.get(url).content.decode()
    shown = Page(body)
    assert shown.value("text") == TYPED
    assert shown.checked("kind") == {"finding"}
    assert shown.checked("polarity") == {"concern"}
    assert shown.selected("agency") == {str(world.police.pk)}
    assert KEPT in words_shown(html.unescape(body))
    assert not Finding.objects.filter(text=TYPED).exists()  # shown to check, not saved unseen

    # Given back once: opened again, the form is empty.
    assert Page(client.get(url).content.decode()).value("text") == ""


def test_a_finding_kept_for_one_person_is_not_shown_to_someone_else_who_signs_in(world, audit, case, client_for):
    client = client_for(world["qa"])
    url = reverse("findings:finding_new", args=[audit.pk, case.pk])
    opened = Page(client.get(url).content.decode())
    end_every_session()
    client.post(url, typed(opened, world))

    sign_in_with_second_factor(client, world["admin"].user)
    body = client.get(url).content.decode()
    assert Page(body).value("text") == ""
    assert TYPED not in html.unescape(body) and KEPT not in html.unescape(body)
    assert "maca_unsaved_post" not in client.session
