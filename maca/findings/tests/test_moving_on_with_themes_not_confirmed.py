"""Moving an audit on to 'Writing up' or 'Actions' while some of its strengths
and findings have themes nobody confirmed: reports count confirmed themes
only, so the move page says how many would count nowhere, links to them, and
moves on only when the QA officer selects "Move on anyway" (what was warned
about is kept in the audit log)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.findings.services import finding_confirm_tags, finding_create
from maca.programme.models import Stage
from maca.returns.tests.builders import move
from maca.tests.page import Page, words_shown

CONCERN = "The referral was not followed up for three weeks."
STRENGTH = "The school nurse saw the child every week and wrote down what the child said."
CONFIRMED = "Health visitors shared the records with the social worker on the same day."


def _finding(world, audit, text, *, case=True, confirm=False):
    audit_case = audit.audit_cases.order_by("number").first() if case else None
    finding = finding_create(actor=world["qa"].user, audit=audit, audit_case=audit_case, text=text)
    if confirm:
        finding = finding_confirm_tags(
            actor=world["qa"].user,
            finding=finding,
            polarity=finding.polarity,
            theme_keys=[],
            expected_version=finding.version,
        )
    return finding


def _move_page(client, audit):
    return client.get(reverse("programme:audit_move", args=[audit.pk])).content.decode()


def _post_move(client, audit, page: str, *, to_stage: str, anyway: bool, reason: str = "The meeting is done"):
    """Submits the move page as it was shown: its hidden fields, the choice, the reason, the box ticked or not."""
    shown = Page(page)
    data = {e["name"]: e.get("value", "") for e in shown.inputs() if e.get("type") == "hidden" and e.get("name")}
    data.update({"to_stage": to_stage, "reason": reason})
    if anyway:
        data["move_anyway"] = "on"
    return client.post(reverse("programme:audit_move", args=[audit.pk]), data)


def _link(page: str, text: str) -> str:
    """Where the link reading ``text`` goes."""
    found = re.search(r'<a [^>]*href="([^"]+)"[^>]*>\s*' + re.escape(text) + r"\s*</a>", page)
    assert found, f"No link ‘{text}’"
    return html.unescape(found.group(1))


def _stage_shown(client, audit) -> str:
    return words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())


@pytest.fixture
def audit_with_unconfirmed(world, audit):
    _finding(world, audit, CONCERN)
    _finding(world, audit, STRENGTH, case=False)
    _finding(world, audit, CONFIRMED, confirm=True)
    return audit


def test_the_move_to_writing_up_says_how_many_are_unconfirmed_and_links_to_them(qa, audit_with_unconfirmed):
    audit = audit_with_unconfirmed
    page = _move_page(qa, audit)
    words = words_shown(page)
    assert (
        "2 strengths and findings have themes nobody has confirmed yet. Reports count only confirmed themes: "
        "until a person confirms their themes, no report counts them."
    ) in words
    url = _link(page, "See the strengths and findings whose themes are not confirmed")
    assert url == reverse("findings:meeting", args=[audit.pk]) + "#themes-to-confirm"
    assert "Move on anyway" in words

    # The link opens the meeting at the two waiting, and only those.
    meeting = qa.get(url.split("#")[0]).content.decode()
    assert 'id="themes-to-confirm"' in meeting
    section = words_shown(meeting.split('id="themes-to-confirm"')[1].split("Immediate safeguarding concerns")[0])
    assert "2 strengths and findings have themes nobody has confirmed yet." in section
    assert CONCERN in section and STRENGTH in section
    assert "Case 1" in section and "Across cases" in section
    assert CONFIRMED not in section


def test_without_move_on_anyway_the_audit_stays_at_its_meeting(qa, audit_with_unconfirmed):
    audit = audit_with_unconfirmed
    response = _post_move(qa, audit, _move_page(qa, audit), to_stage=Stage.WRITING_UP, anyway=False)
    words = words_shown(response.content.decode())
    assert "There is a problem" in words
    assert "Select ‘Move on anyway’ to move the audit on as it is, or put right what the warning says" in words
    # What was typed is kept; the warning is said again.
    assert Page(response.content.decode()).value("reason") == "The meeting is done"
    assert "2 strengths and findings have themes nobody has confirmed yet." in words
    assert "Stage Meeting" in _stage_shown(qa, audit)


def test_move_on_anyway_moves_it_and_the_audit_log_keeps_the_warning(world, qa, client_for, audit_with_unconfirmed):
    audit = audit_with_unconfirmed
    response = _post_move(qa, audit, _move_page(qa, audit), to_stage=Stage.WRITING_UP, anyway=True)
    assert response.status_code == 302
    assert "Stage Writing up" in _stage_shown(qa, audit)
    event = AuditEvent.objects.filter(action="audit.stage_changed", object_id=str(audit.pk)).latest("pk")
    logged = words_shown(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode())
    assert "Moved on despite 2 strengths and findings have themes nobody has confirmed yet." in logged


def test_a_move_on_anyway_given_to_fewer_is_asked_again(world, qa, audit_with_unconfirmed):
    audit = audit_with_unconfirmed
    page = _move_page(qa, audit)
    _finding(world, audit, "Nobody asked the child’s father about the bruising.")  # meanwhile, a third
    response = _post_move(qa, audit, page, to_stage=Stage.WRITING_UP, anyway=True)
    html = response.content.decode()
    words = words_shown(html)
    assert "What the move warns about has changed since the page was opened" in words
    assert "3 strengths and findings have themes nobody has confirmed yet." in words
    assert Page(html).checked("move_anyway") == set()
    assert "Stage Meeting" in _stage_shown(qa, audit)
    # Selected again, for the three: it moves on.
    assert _post_move(qa, audit, html, to_stage=Stage.WRITING_UP, anyway=True).status_code == 302
    assert "Stage Writing up" in _stage_shown(qa, audit)


def test_the_move_to_actions_says_it_is_the_last_chance(world, qa, audit):
    _finding(world, audit, CONCERN)
    move(audit, Stage.WRITING_UP, world["qa"].user)
    words = words_shown(_move_page(qa, audit))
    assert (
        "1 strength or finding has themes nobody has confirmed yet. Reports count only confirmed themes, and from "
        "‘Actions’ on the meeting can no longer be changed: if the audit moves on now, no report will ever count it."
    ) in words
    response = _post_move(qa, audit, _move_page(qa, audit), to_stage=Stage.ACTIONS, anyway=False)
    assert "Select ‘Move on anyway’" in words_shown(response.content.decode())
    assert "Stage Writing up" in _stage_shown(qa, audit)


def test_with_every_theme_confirmed_nothing_is_asked(world, qa, audit):
    _finding(world, audit, CONFIRMED, confirm=True)
    page = _move_page(qa, audit)
    words = words_shown(page)
    assert "nobody has confirmed" not in words
    assert "Move on anyway" not in words
    assert _post_move(qa, audit, page, to_stage=Stage.WRITING_UP, anyway=False).status_code == 302
    assert "Stage Writing up" in _stage_shown(qa, audit)


def test_cancelling_is_not_asked_to_move_on_anyway(qa, audit_with_unconfirmed):
    audit = audit_with_unconfirmed
    response = _post_move(
        qa, audit, _move_page(qa, audit), to_stage=Stage.CANCELLED, anyway=False, reason="Merged with another"
    )
    assert response.status_code == 302
    assert "Stage Cancelled" in _stage_shown(qa, audit)


def test_a_finding_of_a_case_taken_out_of_the_audit_is_neither_counted_nor_listed(qa, world, audit_with_unconfirmed):
    """The move's count and the meeting page's list are the same findings: one
    left on a case removed from the audit is in neither."""
    from django.utils import timezone

    audit = audit_with_unconfirmed
    second = audit.audit_cases.order_by("number")[1]
    finding_create(actor=world["qa"].user, audit=audit, audit_case=second, text="Nobody asked the child.")
    type(second).objects.filter(pk=second.pk).update(removed_at=timezone.now())
    assert "2 strengths and findings have themes nobody has confirmed yet." in words_shown(_move_page(qa, audit))
    meeting = qa.get(reverse("findings:meeting", args=[audit.pk])).content.decode()
    section = words_shown(meeting.split('id="themes-to-confirm"')[1].split("Immediate safeguarding concerns")[0])
    assert "2 strengths and findings have themes nobody has confirmed yet." in section
    assert "Nobody asked the child." not in section
