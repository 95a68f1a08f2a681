"""A correction started by mistake, or no longer needed, is abandoned while it
is a draft (one sent back to draft too): never deleted, marked with who and
when, logged, and listed with the versions as "Correction abandoned". The
published version stays what everyone reads, and a new correction may be
started. One submitted or approved is sent back by the approver first."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.sentences import sentence
from maca.core.concurrency import EditConflict
from maca.publications import access, services
from maca.publications.models import Pseudonym, PublicationVersion, Status
from maca.publications.pseudonyms import names_set
from maca.publications.retention import forget_names_after_audit
from maca.publications.tests.builders import audit_ended, audit_with_findings, publish, six_step_for
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

REASON = "Step 2 gave the wrong number of cases."


def _corrected(world, reason: str = REASON):
    """A published 6 Step Briefing (no names held) and its correction in draft."""
    audit = audit_with_findings(world, child_names={})
    publication = six_step_for(world, audit)
    publish(world, publication)
    correction = services.correction_start(actor=world["qa"].user, publication=publication, reason=reason)
    return audit, publication, correction


def _newest(publication) -> PublicationVersion:
    return publication.versions.order_by("-number").first()


def _hidden_version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _follow(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return words_of(client.get(response.url).content.decode())


def _submitted_by_admin(world, version) -> PublicationVersion:
    return services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)


# The service ---------------------------------------------------------------------------------------


def test_a_correction_in_draft_is_abandoned_kept_logged_and_a_new_one_may_be_started(world):
    _, publication, correction = _corrected(world)
    started = correction.version
    abandoned = services.correction_abandon(actor=world["qa"].user, version=correction, expected_version=started)
    assert abandoned.status == Status.ABANDONED
    assert abandoned.get_status_display() == "Correction abandoned"
    assert (abandoned.abandoned_by, abandoned.version) == (world["qa"].user, started + 1)
    assert abandoned.abandoned_at is not None
    # Kept, never deleted; the published version is untouched and still what everyone reads.
    assert list(publication.versions.order_by("number").values_list("number", "status")) == [
        (1, Status.PUBLISHED),
        (2, Status.ABANDONED),
    ]
    for key in ("qa", "board"):
        assert access.current_version(world[key].membership, publication).number == 1
    event = AuditEvent.objects.get(action="publication.correction_abandoned")
    assert (event.actor, event.changes) == (world["qa"].user, {"version": 2, "reason": REASON})
    assert sentence(event) == f"Quinn Quality abandoned the correction of the publication ‘{publication.title}’"
    # No longer under way: a new correction may be started, as the next version.
    again = services.correction_start(
        actor=world["admin"].user, publication=publication, reason="Step 4 named the wrong agency."
    )
    assert (again.number, again.status) == (3, Status.DRAFT)
    # An abandoned correction stays abandoned.
    abandoned.refresh_from_db()
    abandoned.status = Status.DRAFT
    with pytest.raises(ValueError, match="cannot be taken up again"):
        abandoned.save()


def test_a_correction_sent_back_to_draft_may_be_abandoned(world, client_for):
    _, publication, correction = _corrected(world)
    correction = _submitted_by_admin(world, correction)
    qa = world["qa"]
    correction = services.version_return(
        actor=qa.user,
        membership=qa.membership,
        version=correction,
        reason="This does not need correcting after all.",
        expected_version=correction.version,
    )
    assert services.can_be_abandoned(correction)
    admin = client_for(world["admin"])
    sent_back = f"{publication.title}, version 2: sent back by Quinn Quality"
    assert sent_back in words_of(admin.get(reverse("home:index")).content.decode())
    abandoned = services.correction_abandon(
        actor=world["admin"].user, version=correction, expected_version=correction.version
    )
    assert abandoned.status == Status.ABANDONED
    # Nobody is asked to act on it any more: the writers' home page no longer lists it as sent back.
    assert sent_back not in words_of(admin.get(reverse("home:index")).content.decode())


@pytest.mark.parametrize("step", ["submitted", "approved"])
def test_a_correction_waiting_for_the_approver_or_approved_is_sent_back_first(world, step):
    _, publication, correction = _corrected(world)
    correction = _submitted_by_admin(world, correction)
    if step == "approved":
        qa = world["qa"]
        correction = services.version_approve(
            actor=qa.user, membership=qa.membership, version=correction, expected_version=correction.version
        )
    label = "Submitted for approval" if step == "submitted" else "Approved"
    assert not services.can_be_abandoned(correction)
    with pytest.raises(ValidationError) as refused:
        services.correction_abandon(actor=world["qa"].user, version=correction, expected_version=correction.version)
    assert refused.value.messages == [
        f"Only a correction in draft can be abandoned. This one is ‘{label}’: "
        "the approver must send it back to draft first."
    ]
    assert _newest(publication).status == step
    assert not AuditEvent.objects.filter(action="publication.correction_abandoned").exists()


def test_a_first_draft_or_a_published_version_is_no_correction_to_abandon(world):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    draft = publication.versions.get()
    with pytest.raises(ValidationError) as refused:
        services.correction_abandon(actor=world["qa"].user, version=draft, expected_version=draft.version)
    assert refused.value.messages == [
        "Only a correction of a published version can be abandoned. "
        "A first draft that was never submitted for approval is discarded instead."
    ]
    published = publish(world, publication)
    with pytest.raises(ValidationError, match="Only a correction of a published version can be abandoned"):
        services.correction_abandon(actor=world["qa"].user, version=published, expected_version=published.version)
    assert publication.versions.get().status == Status.PUBLISHED
    assert not AuditEvent.objects.filter(action="publication.correction_abandoned").exists()


def test_a_correction_is_abandoned_once(world):
    _, _, correction = _corrected(world)
    abandoned = services.correction_abandon(
        actor=world["qa"].user, version=correction, expected_version=correction.version
    )
    with pytest.raises(ValidationError, match=r"This correction has already been abandoned\."):
        services.correction_abandon(actor=world["admin"].user, version=abandoned, expected_version=abandoned.version)
    assert AuditEvent.objects.filter(action="publication.correction_abandoned").count() == 1


def test_a_correction_changed_since_it_was_opened_is_not_abandoned_unseen(world):
    _, _, correction = _corrected(world)
    opened = correction.version
    services.section_update(
        actor=world["admin"].user,
        version=correction,
        key="process",
        heading="2. Process",
        text="Changed meanwhile.",
        expected_version=opened,
    )
    with pytest.raises(EditConflict) as conflict:
        services.correction_abandon(actor=world["qa"].user, version=correction, expected_version=opened)
    assert str(conflict.value) == (
        "Someone else changed this record while you were editing it. "
        "Your changes have not been saved: check the current details and try again."
    )
    correction.refresh_from_db()
    assert correction.status == Status.DRAFT
    assert not AuditEvent.objects.filter(action="publication.correction_abandoned").exists()


def test_the_retention_run_takes_names_out_of_an_abandoned_correction_as_out_of_a_draft(world):
    audit, _, correction = _corrected(world, reason="Step 3 said Kayden was seen alone, and he was not.")
    correction = services.section_update(
        actor=world["qa"].user,
        version=correction,
        key="process",
        heading="2. Process",
        text="Kayden was seen at home.",
        expected_version=correction.version,
    )
    services.correction_abandon(actor=world["qa"].user, version=correction, expected_version=correction.version)
    child = Pseudonym.objects.get(audit=audit, audit_case__number=1, relation="")
    names_set(actor=world["qa"].user, pseudonym=child, names=["Kayden Ashworth"])
    audit_ended(world, audit, days_ago=400)
    forget_names_after_audit(partnership=world.partnership, before=timezone.now())
    correction.refresh_from_db()
    assert "Kayden" not in str(correction.document) and "Kayden" not in correction.correction_reason
    assert child.label in correction.correction_reason
    assert correction.status == Status.ABANDONED


# The pages -----------------------------------------------------------------------------------------


def test_the_qa_officer_abandons_a_correction_and_sees_the_publication_as_before(world, client_for):
    _, publication, _ = _corrected(world)
    qa = client_for(world["qa"])
    detail_url = reverse("publications:detail", args=[publication.pk])
    url = reverse("publications:abandon_correction", args=[publication.pk])
    detail = qa.get(detail_url).content.decode()
    assert f'href="{url}">Abandon this correction</a>' in detail
    assert "Correct the published version" not in words_of(detail)

    # Asked first: the heading, what happens, a warning, a red button and a way back.
    confirm = qa.get(url).content.decode()
    words = words_of(confirm)
    assert "<title>Are you sure you want to abandon this correction? – " in confirm
    assert '<h1 class="govuk-heading-l">Are you sure you want to abandon this correction?</h1>' in confirm
    assert REASON in words
    assert "Version 1, as it was published, stays what everyone reads." in words
    assert "An abandoned correction cannot be taken up again." in words
    assert re.search(r'<button[^>]*class="govuk-button govuk-button--warning"[^>]*>\s*Abandon this correction', confirm)
    assert f'<a class="govuk-link" href="{detail_url}">Cancel</a>' in confirm
    assert _newest(publication).status == Status.DRAFT  # opening the page changes nothing

    response = qa.post(url, {"version": _hidden_version(confirm)})
    assert response.url == detail_url
    page = qa.get(detail_url).content.decode()
    words = words_of(page)
    assert "The correction has been abandoned. Version 1 is still the published version." in words

    # Opened again: version 1, published, is what the page shows; nothing is under way.
    page = qa.get(detail_url).content.decode()
    words = words_of(page)
    status = page[page.index('id="version-status"') :]
    assert words_of(status[: status.index("</p>")]).endswith("Version 1 Published")
    assert "Correct the published version" in words
    for gone in ("Abandon this correction", "Submit for approval", "Change the reason for the correction"):
        assert gone not in words
    assert f"Correction: {REASON}" not in words
    versions = read_tables(page)["Versions"]
    assert versions.rows[0][:4] == [
        "Version 2",
        "Correction abandoned",
        versions.rows[0][2],
        REASON,
    ]
    assert versions.rows[0][2].startswith("abandoned by Quinn Quality on ")
    assert versions.rows[1][:2] == ["Version 1", "Published"]
    # The list of publications shows the published version, not the abandoned one.
    listed = read_tables(qa.get(reverse("publications:index")).content.decode())["Publications"]
    assert [row[:3] for row in listed.rows if row[0] == publication.title] == [[publication.title, "1", "Published"]]

    # The abandoned version's own page says what became of it.
    kept = words_of(qa.get(reverse("publications:version", args=[publication.pk, 2])).content.decode())
    assert "This correction was abandoned by Quinn Quality on " in kept
    assert "It was never published: the published version is what everyone reads." in kept
    response = qa.get(reverse("publications:download", args=[publication.pk, 2, "docx"]))
    assert "-v2-abandoned.docx" in response["Content-Disposition"]

    # A new correction may be started from the page.
    response = qa.post(
        reverse("publications:correct", args=[publication.pk]), {"reason": "Step 4 named the wrong agency."}
    )
    assert "A new draft has been made from the published text." in _follow(qa, response)
    assert (_newest(publication).number, _newest(publication).status) == (3, Status.DRAFT)


def test_readers_never_see_an_abandoned_correction(world, client_for):
    _, publication, correction = _corrected(world)
    services.correction_abandon(actor=world["qa"].user, version=correction, expected_version=correction.version)
    board = client_for(world["board"])
    page = board.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    words = words_of(page)
    assert "Abandon this correction" not in words and "Correction abandoned" not in words
    assert [row[0] for row in read_tables(page)["Versions"].rows] == ["Version 1"]
    assert board.get(reverse("publications:version", args=[publication.pk, 2])).status_code == 404


def test_the_page_is_not_offered_without_a_correction_in_draft(world, client_for):
    _, publication, correction = _corrected(world)
    correction = _submitted_by_admin(world, correction)
    qa = client_for(world["qa"])
    url = reverse("publications:abandon_correction", args=[publication.pk])
    detail = words_of(qa.get(reverse("publications:detail", args=[publication.pk])).content.decode())
    assert "Abandon this correction" not in detail
    assert (
        "This version is waiting for approval, so the correction cannot be abandoned: "
        "the approver must send it back to draft first."
    ) in _follow(qa, qa.get(url))
    # A first draft is discarded, not abandoned.
    draft = six_step_for(world, audit_with_findings(world, child_names={}))
    page = _follow(qa, qa.get(reverse("publications:abandon_correction", args=[draft.pk])))
    assert "There is no correction in draft to abandon." in page
    assert "Abandon this correction" not in words_of(
        qa.get(reverse("publications:detail", args=[draft.pk])).content.decode()
    )


def test_abandoned_in_another_tab_or_changed_meanwhile(world, client_for):
    _, publication, correction = _corrected(world)
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("publications:abandon_correction", args=[publication.pk])
    opened = _hidden_version(qa.get(url).content.decode())

    # Changed since the page was opened: asked again, on the page set to the draft as it is now.
    services.section_update(
        actor=world["admin"].user,
        version=correction,
        key="process",
        heading="2. Process",
        text="Changed meanwhile.",
        expected_version=correction.version,
    )
    response = qa.post(url, {"version": opened})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone changed this correction since you opened this page." in words_of(page)
    assert "<title>Error: Are you sure you want to abandon this correction?" in page
    assert _newest(publication).status == Status.DRAFT
    again = _hidden_version(page)
    assert again != opened

    # Abandoned in another tab, then pressed here: said so, nothing done twice.
    admin_page = admin.get(url).content.decode()
    assert admin.post(url, {"version": _hidden_version(admin_page)}).status_code == 302
    page = _follow(qa, qa.post(url, {"version": again}))
    assert "This correction has already been abandoned." in page
    assert AuditEvent.objects.filter(action="publication.correction_abandoned").count() == 1
    assert _newest(publication).abandoned_by == world["admin"].user


def test_a_correction_cannot_be_discarded_and_the_message_says_to_abandon_it(world, client_for):
    _, publication, _ = _corrected(world)
    qa = client_for(world["qa"])
    page = _follow(qa, qa.get(reverse("publications:discard", args=[publication.pk])))
    assert "Abandon the correction instead, with ‘Abandon this correction’." in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lead", 403),
        ("auditor", 403),
        ("health_lead", 403),
        ("board", 403),
        ("scrutineer", 403),
        ("outsider", 404),
    ],
)
def test_only_those_who_start_corrections_may_abandon_one(world, client_for, persona, status):
    """Pressing the button as someone else (the page's answers to each role
    are in the permission matrix): refused, and the correction is still under way."""
    _, publication, correction = _corrected(world)
    client = client_for(world[persona])
    url = reverse("publications:abandon_correction", args=[publication.pk])
    assert client.post(url, {"version": correction.version}).status_code == status
    correction.refresh_from_db()
    assert correction.status == Status.DRAFT
    assert not AuditEvent.objects.filter(action="publication.correction_abandoned").exists()


def test_a_page_left_open_on_an_abandoned_correction_does_not_act_on_the_next_one(world, client_for):
    """The pages act on the publication's current version. One opened on a
    correction that was abandoned since, and followed by a new correction,
    must not find its edit counter matching the new one: nothing is abandoned
    or saved into a correction the person never saw."""
    _, publication, correction = _corrected(world)
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    abandon = reverse("publications:abandon_correction", args=[publication.pk])
    section = reverse("publications:section_edit", args=[publication.pk, "process"])
    abandon_opened = _hidden_version(qa.get(abandon).content.decode())
    section_opened = _hidden_version(qa.get(section).content.decode())

    # Meanwhile the admin abandons it and starts another.
    services.correction_abandon(actor=world["admin"].user, version=correction, expected_version=correction.version)
    services.correction_start(
        actor=world["admin"].user, publication=publication, reason="Step 4 named the wrong agency."
    )
    newest = _newest(publication)
    assert newest.number == 3

    response = qa.post(abandon, {"version": abandon_opened})
    assert response.status_code == 200
    assert "Someone changed this correction since you opened this page." in words_of(response.content.decode())
    response = qa.post(section, {"version": section_opened, "heading": "2. Process", "text": "Typed on version 2."})
    assert response.status_code == 200
    assert "Typed on version 2.</textarea>" in response.content.decode()

    newest.refresh_from_db()
    assert newest.status == Status.DRAFT and newest.abandoned_at is None
    assert "Typed on version 2." not in str(newest.document)
    assert not AuditEvent.objects.filter(action="publication.section_changed").exists()
    assert AuditEvent.objects.filter(action="publication.correction_abandoned").count() == 1
    # Its page still offers the new correction to abandon, as it is now.
    page = words_of(admin.get(reverse("publications:detail", args=[publication.pk])).content.decode())
    assert "Step 4 named the wrong agency." in page


def test_a_page_left_open_on_a_correction_abandoned_since_says_it_was_abandoned(world, client_for):
    _, publication, correction = _corrected(world)
    qa = client_for(world["qa"])
    section = reverse("publications:section_edit", args=[publication.pk, "process"])
    reason = reverse("publications:correction_reason", args=[publication.pk])
    submit = reverse("publications:submit", args=[publication.pk])
    section_opened = _hidden_version(qa.get(section).content.decode())
    reason_opened = _hidden_version(qa.get(reason).content.decode())
    submit_opened = _hidden_version(qa.get(submit).content.decode())
    services.correction_abandon(actor=world["admin"].user, version=correction, expected_version=correction.version)

    page = words_of(
        qa.post(section, {"version": section_opened, "heading": "2. Process", "text": "Late."}).content.decode()
    )
    assert "The correction has been abandoned since you opened this page, so it can no longer be changed." in page
    assert "It has been published" not in page
    page = words_of(qa.post(reason, {"version": reason_opened, "reason": "Another reason."}).content.decode())
    assert "The correction has been abandoned since you opened this page" in page
    page = _follow(qa, qa.post(submit, {"version": submit_opened}))
    assert "This correction has already been abandoned, so it cannot be submitted" in page
    # An old link to a section of it says so too.
    page = _follow(qa, qa.get(section))
    assert "This correction has already been abandoned, so it can no longer be changed." in page
