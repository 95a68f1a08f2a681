"""The retention run says in the partnership's log what it forgot for the
publications of an ended audit, including the words a person kept through the
safety check when no names were typed for the audit's people; a second run,
with nothing left to forget, writes nothing."""

from __future__ import annotations

from maca.audit_trail.models import AuditEvent
from maca.core.fields import reveal, seal
from maca.partnerships.retention import retention_apply
from maca.publications.models import Kind, PublicationVersion, SafetyOverride
from maca.publications.services import publication_create
from maca.publications.tests.builders import audit_ended, audit_with_findings

KIND = "names_held_for_publications"


def _entries(world) -> list[AuditEvent]:
    return [
        event
        for event in AuditEvent.objects.filter(partnership=world.partnership, action="retention.applied")
        if event.changes.get("kind") == KIND
    ]


def test_words_kept_through_the_safety_check_are_forgotten_and_the_log_says_so(world):
    audit = audit_with_findings(world, child_names={})  # nobody's names typed in
    publication = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )
    override = SafetyOverride.objects.create(
        partnership=world.partnership,
        version=PublicationVersion.objects.get(publication=publication),
        field="s1.text",
        kind="date_of_birth",
        found=seal("born 12 March 2019"),
        fingerprint="f" * 64,
        reason="The date is the school's open day, not a child's birthday.",
        decided_by=world["qa"].user,
    )
    audit_ended(world, audit, days_ago=400)

    retention_apply(partnerships=[world.partnership])

    assert not reveal(SafetyOverride.objects.get(pk=override.pk).found)
    [entry] = _entries(world)
    assert entry.changes["records"] == 1
    assert "words kept through the safety check forgotten" in entry.changes["what_happened"]

    retention_apply(partnerships=[world.partnership])
    assert len(_entries(world)) == 1  # nothing left to forget, nothing said
