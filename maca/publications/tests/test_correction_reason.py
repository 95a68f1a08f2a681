"""A correction’s reason is shown to everyone who reads the corrected version,
and is in no section the safety check covers. It is checked when the
correction is started, and again wherever the sections are (submitting,
approving, publishing): names may have been held for the audit since. Whoever
edits the draft can change the reason, on its own page, checked as when the
correction was started."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.publications import services
from maca.publications.models import Pseudonym, PublicationVersion, Status
from maca.publications.pseudonyms import names_set
from maca.publications.retention import forget_names_after_audit
from maca.publications.tests.builders import audit_ended, audit_with_findings, publish, six_step_for
from maca.tests.forms_shown import fields_shown
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

# "Kayden" alone is no name the check flags until it is held for the audit.
REASON = "Step 3 said Kayden was seen alone at the last visit, and he was not."
BETTER = "Step 3 said Child A was seen alone at the last visit, and he was not."
LEAVE_OUT = (
    "The reason for the correction could identify someone: leave ‘Kayden’ out of it, "
    "as everyone who reads the publication sees the reason."
)


def _version(publication) -> PublicationVersion:
    return publication.versions.order_by("-number").first()


def _words(response) -> str:
    return words_of(response.content.decode())


def _follow(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return _words(client.get(response.url))


def _shown(page: str) -> dict:
    """What submitting the page's form as it is shown sends."""
    return {name: field.chosen[0] for name, field in fields_shown(page).items() if field.chosen}


def _hold_kayden(world, audit) -> None:
    child = Pseudonym.objects.get(audit=audit, audit_case__number=1, relation="")
    names_set(actor=world["qa"].user, pseudonym=child, names=["Kayden Ashworth"])


def _corrected(world, reason: str = REASON):
    """A published 6 Step Briefing of an audit with no names held yet, and its
    correction in draft with ``reason``."""
    audit = audit_with_findings(world, child_names={})
    publication = six_step_for(world, audit)
    publish(world, publication)
    services.correction_start(actor=world["qa"].user, publication=publication, reason=reason)
    return audit, publication


def _submitted_by_admin(world, publication) -> PublicationVersion:
    """Submitted by the admin, so that the QA officer (the default approver) approves it."""
    version = _version(publication)
    return services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)


def test_the_writer_changes_the_reason_and_sees_the_new_one_when_the_pages_are_opened_again(world, client_for):
    _, publication = _corrected(world, reason="Step 1 gave the wrong number of children.")
    qa = client_for(world["qa"])
    detail_url = reverse("publications:detail", args=[publication.pk])
    url = reverse("publications:correction_reason", args=[publication.pk])
    detail = qa.get(detail_url).content.decode()
    assert f'href="{url}"' in detail
    assert "Change the reason for the correction" in words_of(detail)

    page = qa.get(url).content.decode()
    assert "Change the reason for the correction" in words_of(page)
    form = _shown(page)
    assert form["reason"] == "Step 1 gave the wrong number of children."
    response = qa.post(url, {**form, "reason": "Step 1 gave the wrong number of children: 7, not 9."})
    assert "The reason for the correction has been saved." in _follow(qa, response)

    # Opened again: the new reason, under the title, in the versions table and in the form.
    detail = _words(qa.get(detail_url))
    assert "Correction: Step 1 gave the wrong number of children: 7, not 9." in detail
    assert "Step 1 gave the wrong number of children." not in detail
    assert _shown(qa.get(url).content.decode())["reason"] == "Step 1 gave the wrong number of children: 7, not 9."
    event = AuditEvent.objects.filter(action="publication.correction_reason_changed").get()
    assert event.actor == world["qa"].user
    assert event.changes == {
        "version": 2,
        "reason": ["Step 1 gave the wrong number of children.", "Step 1 gave the wrong number of children: 7, not 9."],
    }


def test_a_changed_reason_is_checked_as_when_the_correction_was_started(world, client_for):
    audit, publication = _corrected(world, reason="Step 1 gave the wrong number of children.")
    _hold_kayden(world, audit)
    qa = client_for(world["qa"])
    url = reverse("publications:correction_reason", args=[publication.pk])
    form = _shown(qa.get(url).content.decode())

    response = qa.post(url, {**form, "reason": "Kayden Ashworth and Kayden were named."})
    page = _words(response)
    assert "There is a problem" in page
    assert (
        "Leave ‘Kayden Ashworth’ and ‘Kayden’ out of the reason: it could identify someone, "
        "and everyone who reads the publication sees the reason"
    ) in page
    assert _shown(response.content.decode())["reason"] == "Kayden Ashworth and Kayden were named."  # kept as typed
    page = _words(qa.post(url, {**form, "reason": "Too short"}))
    assert "Say what is being corrected and why, in a sentence" in page
    assert _version(publication).correction_reason == "Step 1 gave the wrong number of children."

    # As when a correction is started, a reason may say which school the corrected section is about.
    school = "The section about Oakbridge Primary School gave the wrong year for its training."
    assert "The reason for the correction has been saved." in _follow(qa, qa.post(url, {**form, "reason": school}))
    assert f"Correction: {school}" in _words(qa.get(reverse("publications:detail", args=[publication.pk])))


def test_saving_the_same_reason_changes_nothing(world):
    _, publication = _corrected(world)
    version = _version(publication)
    same = services.correction_reason_change(
        actor=world["qa"].user, version=version, reason=f"  {REASON} ", expected_version=version.version
    )
    assert same.version == version.version
    assert not AuditEvent.objects.filter(action="publication.correction_reason_changed").exists()


def test_a_name_held_since_the_correction_started_stops_it_being_submitted(world, client_for):
    audit, publication = _corrected(world)
    _hold_kayden(world, audit)
    qa = client_for(world["qa"])
    change_url = reverse("publications:correction_reason", args=[publication.pk])
    detail = qa.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert LEAVE_OUT in words_of(detail)
    assert f'href="{change_url}"' in detail

    url = reverse("publications:submit", args=[publication.pk])
    page = qa.get(url).content.decode()
    assert LEAVE_OUT in words_of(page) and f'href="{change_url}"' in page
    page = _words(qa.post(url, {"version": _version(publication).version}))
    assert "There is a problem" in page
    assert (
        LEAVE_OUT + " Change it with ‘Change the reason for the correction’ on the publication’s page "
        "before it can be submitted."
    ) in page
    assert _version(publication).status == Status.DRAFT

    # Changed on its page, it goes for approval.
    form = _shown(qa.get(change_url).content.decode())
    assert "has been saved" in _follow(qa, qa.post(change_url, {**form, "reason": BETTER}))
    assert LEAVE_OUT not in _words(qa.get(reverse("publications:detail", args=[publication.pk])))
    page = _follow(qa, qa.post(url, {"version": _version(publication).version}))
    assert "The publication has been submitted for approval." in page


def test_a_name_held_since_it_was_submitted_stops_it_being_approved(world, client_for):
    audit, publication = _corrected(world)
    _submitted_by_admin(world, publication)
    _hold_kayden(world, audit)
    qa = client_for(world["qa"])  # the default approver
    url = reverse("publications:approve", args=[publication.pk])
    assert LEAVE_OUT in _words(qa.get(url))
    page = _words(qa.post(url, {"version": _version(publication).version}))
    assert (
        LEAVE_OUT + " The approver must send it back to draft, so that the reason can be changed before it is approved."
    ) in page
    assert _version(publication).status == Status.SUBMITTED


def test_a_name_held_since_it_was_approved_stops_it_being_published_until_the_reason_is_changed(world, client_for):
    audit, publication = _corrected(world)
    version = _submitted_by_admin(world, publication)
    qa_member = world["qa"]
    services.version_approve(
        actor=qa_member.user, membership=qa_member.membership, version=version, expected_version=version.version
    )
    _hold_kayden(world, audit)
    admin, qa = client_for(world["admin"]), client_for(qa_member)
    url = reverse("publications:publish", args=[publication.pk])
    assert LEAVE_OUT in _words(admin.get(url))
    page = _words(admin.post(url, {"version": _version(publication).version}))
    assert (
        LEAVE_OUT + " The approver must send it back to draft, so that the reason can be changed "
        "before it is published."
    ) in page
    assert _version(publication).status == Status.APPROVED

    # The approver sends it back; the writer changes the reason; it is approved and published with the new one.
    send_back = reverse("publications:send_back", args=[publication.pk])
    qa.post(send_back, {"version": _version(publication).version, "reason": "Leave Kayden out of the reason."})
    change_url = reverse("publications:correction_reason", args=[publication.pk])
    form = _shown(admin.get(change_url).content.decode())
    assert "has been saved" in _follow(admin, admin.post(change_url, {**form, "reason": BETTER}))
    version = _submitted_by_admin(world, publication)
    services.version_approve(
        actor=qa_member.user, membership=qa_member.membership, version=version, expected_version=version.version
    )
    assert "has been published" in _follow(admin, admin.post(url, {"version": _version(publication).version}))
    board = client_for(world["board"])
    page = _words(board.get(reverse("publications:detail", args=[publication.pk])))
    assert f": {BETTER}" in page and "Corrected on" in page and "Kayden" not in page


def test_two_people_changing_the_reason_at_once_never_overwrite_each_other(world, client_for):
    _, publication = _corrected(world)
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("publications:correction_reason", args=[publication.pk])
    by_qa, by_admin = _shown(qa.get(url).content.decode()), _shown(admin.get(url).content.decode())
    assert qa.post(url, {**by_qa, "reason": BETTER}).status_code == 302
    mine = "Step 3 said Child A was seen alone; the health visitor saw him with his mother."
    response = admin.post(url, {**by_admin, "reason": mine})
    page = response.content.decode()
    assert "Someone else changed this publication while you were editing it" in words_of(page)
    assert "What is saved now" in words_of(page) and BETTER in words_of(page)
    assert _shown(page)["reason"] == mine
    assert _version(publication).correction_reason == BETTER
    # Saving again replaces it, knowingly.
    assert "has been saved" in _follow(admin, admin.post(url, _shown(page)))
    assert _version(publication).correction_reason == mine


def test_the_reason_is_changed_only_on_a_correction_in_draft(world, client_for):
    _, publication = _corrected(world)
    qa = client_for(world["qa"])
    url = reverse("publications:correction_reason", args=[publication.pk])
    form = _shown(qa.get(url).content.decode())
    _submitted_by_admin(world, publication)
    page = _follow(qa, qa.get(url))
    assert "This version is waiting for approval, so the reason for its correction can no longer be changed." in page
    assert "Change the reason for the correction" not in page
    # A page opened before it was submitted keeps what the person typed, and says why it was not saved.
    response = qa.post(url, {**form, "reason": BETTER})
    assert response.status_code == 200
    assert "It has been submitted for approval since you opened this page" in _words(response)
    assert _shown(response.content.decode())["reason"] == BETTER
    assert _version(publication).correction_reason == REASON

    first = six_step_for(world, audit_with_findings(world, child_names={}))
    page = _follow(qa, qa.get(reverse("publications:correction_reason", args=[first.pk])))
    assert "Only a correction of a published version has a reason to change." in page
    version = _version(first)
    with pytest.raises(ValidationError, match="Only a correction"):
        services.correction_reason_change(
            actor=world["qa"].user, version=version, reason=BETTER, expected_version=version.version
        )


def test_only_those_who_edit_the_draft_change_the_reason_and_never_another_partnerships(world, client_for):
    _, publication = _corrected(world)
    url = reverse("publications:correction_reason", args=[publication.pk])
    answers = {
        "admin": 302,
        "qa": 302,
        "lead": 403,
        "auditor": 403,
        "health_lead": 403,
        "board": 403,
        "scrutineer": 403,
        "outsider": 404,
    }
    got = {}
    for persona in answers:
        reason = f"Step 3 was wrong, as {persona} says: Child A was not seen alone."
        response = client_for(world[persona]).post(url, {"version": _version(publication).version, "reason": reason})
        got[persona] = response.status_code
        saved = _version(publication).correction_reason == reason
        assert saved == (answers[persona] == 302), persona
    assert got == answers


def test_the_retention_run_replaces_a_held_name_in_the_reason_of_a_correction_not_yet_published(world):
    audit, publication = _corrected(world)
    _hold_kayden(world, audit)
    opened = _version(publication).version
    audit_ended(world, audit, days_ago=400)
    forget_names_after_audit(partnership=world.partnership, before=timezone.now() - dt.timedelta(days=365))
    version = _version(publication)
    assert version.correction_reason == "Step 3 said Child A was seen alone at the last visit, and he was not."
    assert version.version > opened  # a page opened before cannot put the name back unseen


def test_the_reason_changed_in_another_tab_is_told_as_the_persons_own_change(world, client_for):
    _, publication = _corrected(world)
    qa = client_for(world["qa"])
    url = reverse("publications:correction_reason", args=[publication.pk])
    first_tab, second_tab = _shown(qa.get(url).content.decode()), _shown(qa.get(url).content.decode())
    assert qa.post(url, {**first_tab, "reason": BETTER}).status_code == 302
    response = qa.post(url, {**second_tab, "reason": "Step 3 named the wrong agency."})
    words = words_of(response.content.decode())
    assert "You changed this publication on another page" in words
    assert "Someone else" not in words
    assert _version(publication).correction_reason == BETTER


def test_a_page_left_open_on_an_abandoned_correction_blames_whoever_started_the_next(world, client_for):
    """The QA officer opens a section of their correction, abandons the
    correction, and the admin starts another. Saving the page left open is
    refused, and it says someone else changed the publication: the new
    correction was the admin's, not the QA officer's own change on another
    page (ADR 0027)."""
    _, publication = _corrected(world)
    qa = client_for(world["qa"])
    url = reverse("publications:section_edit", args=[publication.pk, "process"])
    opened = _shown(qa.get(url).content.decode())
    abandoned = _version(publication)
    services.correction_abandon(actor=world["qa"].user, version=abandoned, expected_version=abandoned.version)
    services.correction_start(actor=world["admin"].user, publication=publication, reason="Step 2 gave a wrong date.")

    response = qa.post(url, {**opened, "text": "They met in November."})
    words = _words(response)
    assert "Someone else changed this publication" in words
    assert "You changed this publication on another page" not in words
    assert _version(publication).status == Status.DRAFT
    assert "They met in November." not in _version(publication).document["sections"][1]["text"]


def test_every_rule_of_the_sections_check_applies_to_a_briefings_reason(world, client_for):
    """Not only names held: whatever the check finds in a section (a name not
    held, a date of birth, a phone number, an NHS number, a postcode, an
    e-mail address) is refused in a reason, named in the message."""
    publication = six_step_for(world)  # "Kayden Ashworth" is held for case 1
    publish(world, publication)
    qa = client_for(world["qa"])
    url = reverse("publications:correct", args=[publication.pk])
    reason = (
        "Step 3 gave Mrs Kowalski’s phone as 07700 900123, her e-mail as jo.k@example.org, "
        "the NHS number 943 476 5919, the postcode TS1 4AB and Kayden’s birthday, 3 March 2019."
    )
    page = _words(qa.post(url, {"reason": reason}))
    assert "There is a problem" in page
    assert (
        "Leave ‘Mrs Kowalski’, ‘07700 900123’, ‘jo.k@example.org’, ‘943 476 5919’, ‘TS1 4AB’, ‘Kayden’ and "
        "‘3 March 2019’ out of the reason: it could identify someone, and everyone who reads the publication "
        "sees the reason"
    ) in page
    assert publication.versions.count() == 1
