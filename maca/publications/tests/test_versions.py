"""Versions and approval: draft → submitted → approved (by the partnership's
chosen role, never the submitter) → published; a published version never
changes; a correction is a new version with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maca.audit_trail.models import AuditEvent
from maca.publications import access, services
from maca.publications.document import Document
from maca.publications.models import PublicationSettings, PublicationVersion, Status
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean(world):
    """A 6 Step Briefing whose text holds no identifier."""
    return six_step_for(world, audit_with_findings(world, child_names={}))


def _draft(publication) -> PublicationVersion:
    return publication.versions.get(status=Status.DRAFT)


def test_the_whole_way_from_draft_to_published(world, clean):
    version = _draft(clean)
    version = services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    assert version.status == Status.SUBMITTED
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="board_member")
    board = world["board"]
    version = services.version_approve(
        actor=board.user, membership=board.membership, version=version, expected_version=version.version
    )
    assert (version.status, version.approved_by) == (Status.APPROVED, board.user)
    version = services.version_publish(actor=world["qa"].user, version=version, expected_version=version.version)
    assert version.status == Status.PUBLISHED
    actions = list(
        AuditEvent.objects.filter(
            partnership=world.partnership, object_id=str(clean.pk), action__startswith="publication."
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["publication.drafted", "publication.submitted", "publication.approved", "publication.published"]


def test_only_the_chosen_role_approves_and_never_the_submitter(world, clean):
    version = _draft(clean)
    version = services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    qa, admin, board = world["qa"], world["admin"], world["board"]
    # The default approving role is the QA officer's, but this QA officer submitted it.
    assert not access.can_approve(qa.membership, version)
    with pytest.raises(ValidationError, match="not one they submitted"):
        services.version_approve(
            actor=qa.user, membership=qa.membership, version=version, expected_version=version.version
        )
    for persona in (admin, board):
        assert not access.can_approve(persona.membership, version)
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="partnership_admin")
    assert access.can_approve(admin.membership, version)
    services.version_approve(
        actor=admin.user, membership=admin.membership, version=version, expected_version=version.version
    )


def test_a_draft_is_not_approved_or_published(world, clean):
    version = _draft(clean)
    admin = world["admin"]
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="partnership_admin")
    with pytest.raises(ValidationError):
        services.version_approve(
            actor=admin.user, membership=admin.membership, version=version, expected_version=version.version
        )
    with pytest.raises(ValidationError, match="Only an approved version"):
        services.version_publish(actor=admin.user, version=version, expected_version=version.version)


def test_a_submitted_version_is_not_edited_and_can_be_sent_back(world, clean):
    version = _draft(clean)
    version = services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.section_update(
            actor=world["qa"].user,
            version=version,
            key="process",
            heading="2. Process",
            text="x",
            expected_version=version.version,
        )
    qa = world["qa"]
    version = services.version_return(
        actor=qa.user,
        membership=qa.membership,
        version=version,
        reason="Say more about the process.",
        expected_version=version.version,
    )
    assert version.status == Status.DRAFT


def test_a_published_version_never_changes(world, clean):
    published = publish(world, clean)
    published.document = {**published.document, "title": "Something else"}
    with pytest.raises(ValueError, match="cannot be changed"):
        published.save()
    published.refresh_from_db()
    published.status = Status.DRAFT
    with pytest.raises(ValueError, match="cannot be changed"):
        published.save()


def test_a_correction_is_a_new_version_with_a_reason_and_replaces_the_published_one_when_published(world, clean):
    first = publish(world, clean)
    with pytest.raises(ValidationError, match="Say what is being corrected"):
        services.correction_start(actor=world["qa"].user, publication=clean, reason="")
    correction = services.correction_start(
        actor=world["qa"].user, publication=clean, reason="The number of children in step 1 was wrong."
    )
    assert (correction.number, correction.status, correction.document) == (2, Status.DRAFT, first.document)
    with pytest.raises(ValidationError, match="already under way"):
        services.correction_start(actor=world["qa"].user, publication=clean, reason="Another correction at once.")
    # Until it is published, everyone else still reads version 1.
    board = world["board"].membership
    assert access.current_version(board, clean).number == 1
    correction = services.section_update(
        actor=world["qa"].user,
        version=correction,
        key="process",
        heading="2. Process",
        text="Corrected.",
        expected_version=correction.version,
    )
    publish(world, clean)
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    current = access.current_version(board, clean)
    assert current.number == 2
    assert Document.from_json(current.document).section("process").text == "Corrected."
    assert current.correction_reason == "The number of children in step 1 was wrong."


def test_drafts_are_seen_only_by_qa_officers_and_admins(world, clean):
    for key in ("lead", "auditor", "board", "scrutineer", "health_lead"):
        assert not access.publications_for(world[key].membership).filter(pk=clean.pk).exists()
    for key in ("qa", "admin"):
        assert access.publications_for(world[key].membership).filter(pk=clean.pk).exists()
    publish(world, clean)
    for key in ("lead", "auditor", "board", "scrutineer", "health_lead"):
        assert access.publications_for(world[key].membership).filter(pk=clean.pk).exists()


def test_two_people_editing_one_section_never_overwrite_each_other(world, clean):
    from maca.core.concurrency import EditConflict

    version = _draft(clean)
    started = version.version
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="process",
        heading="2. Process",
        text="First.",
        expected_version=started,
    )
    with pytest.raises(EditConflict):
        services.section_update(
            actor=world["admin"].user,
            version=version,
            key="process",
            heading="2. Process",
            text="Second.",
            expected_version=started,
        )
