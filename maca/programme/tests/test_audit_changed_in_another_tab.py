"""An audit's edit page (QA walk): the QA officer's own save of the audit in
another tab is said to be theirs, as the return's combine page says it, not
"someone else"'s; the form still shows both pages' changes, and saving again
keeps both."""

from __future__ import annotations

import html

from django.urls import reverse

from maca.programme.models import Audit
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.programme.tests.test_audit_edit_pages import _as_shown
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown


def _opened(client, audit):
    return fields_shown(html.unescape(client.get(reverse("programme:audit_edit", args=[audit.pk])).content.decode()))


def test_the_persons_own_save_in_another_tab_is_not_called_someone_elses(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk", target_cases=4)
    qa, url = client_for(world["qa"]), reverse("programme:audit_edit", args=[audit.pk])
    first_tab, second_tab = _opened(qa, audit), _opened(qa, audit)
    assert qa.post(url, {**_as_shown(first_tab), "target_cases": "6"}).status_code == 302

    response = qa.post(url, {**_as_shown(second_tab), "title": "Babies at risk at home", "target_cases": "5"})

    body = html.unescape(response.content.decode())
    shown = words_shown(body)
    assert "You changed this audit on another page" in shown
    assert (
        "You changed this audit on another page (another tab or window) while editing it here, so nothing has been "
        "saved yet." in shown
    )
    assert "You changed ‘Number of cases’ on both pages: this page’s is shown, with the other page’s under it." in shown
    assert "Saved meanwhile by you, on another page" in shown
    assert "Someone else" not in shown and "someone else" not in shown
    again = fields_shown(body)
    assert again["title"].chosen == ["Babies at risk at home"]
    assert qa.post(url, _as_shown(again)).status_code == 302
    audit.refresh_from_db()
    assert audit.title == "Babies at risk at home" and audit.target_cases == 5


def test_a_change_by_someone_else_since_is_still_called_so(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk", target_cases=4)
    qa, url = client_for(world["qa"]), reverse("programme:audit_edit", args=[audit.pk])
    first_tab, second_tab = _opened(qa, audit), _opened(qa, audit)
    assert qa.post(url, {**_as_shown(first_tab), "target_cases": "6"}).status_code == 302
    audit = Audit.objects.get(pk=audit.pk)
    audit_move(
        actor=world["admin"].user, audit=audit, to_stage="selecting", reason="Ready", expected_version=audit.version
    )

    response = qa.post(url, {**_as_shown(second_tab), "title": "Babies at risk at home"})

    assert "Someone else changed this audit while you were editing it" in words_shown(response.content.decode())
