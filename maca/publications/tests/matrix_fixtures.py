"""Records for the permission matrix (maca/tests/test_permission_matrix.py):
one audit's 6 Step Briefing published, its learning summary in draft, and its
key messages submitted for approval by the admin (so the QA officer, the
default approver, may approve them), and its 7 Minute Briefing published and
being corrected (its correction in draft)."""


def build(world) -> dict:
    from maca.publications import services
    from maca.publications.models import Kind, Pseudonym
    from maca.publications.tests.builders import audit_with_findings, publish

    audit = audit_with_findings(world, child_names={})
    qa, admin = world["qa"].user, world["admin"].user
    published = services.publication_create(actor=qa, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit)
    publish(world, published)
    draft = services.publication_create(
        actor=qa, partnership=world.partnership, kind=Kind.LEARNING_SUMMARY, audit=audit
    )
    submitted = services.publication_create(
        actor=qa, partnership=world.partnership, kind=Kind.KEY_MESSAGES, audit=audit
    )
    version = submitted.versions.get()
    services.version_submit(actor=admin, version=version, expected_version=version.version)
    corrected = services.publication_create(
        actor=qa, partnership=world.partnership, kind=Kind.SEVEN_MINUTE, audit=audit
    )
    publish(world, corrected)
    services.correction_start(actor=qa, publication=corrected, reason="Step 2 gave the wrong number of cases.")
    return {
        "correction_output": corrected,
        "published_output": published,
        "draft_output": draft,
        "submitted_output": submitted,
        "output_audit": audit,
        "pseudonym": Pseudonym.objects.filter(audit=audit).first(),
    }
