"""After the retention run: the audit's published briefing stays as it was
published, its pseudonyms stay, and no name is held for them any more; a name
typed into a draft is replaced by its pseudonym (maca/tests/retention.py)."""

from maca.core.fields import reveal
from maca.programme.models import Stage
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind, Pseudonym, Status
from maca.publications.pseudonyms import family_member_add
from maca.tests.retention import CHILD_NAME, Survivor, no_identifier_in


def _arrange(audited):
    world = audited.world
    qa = world["qa"].user
    mother = family_member_add(
        actor=qa, audit=audited.audit, audit_case=audited.audit_case, relation="mother", names=["Lorna Ashdown"]
    )
    published = services.publication_create(
        actor=qa, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audited.audit
    )
    from maca.publications import checking
    from maca.publications.tests.builders import publish

    # Other apps' survivors type the child's name into what the briefing is
    # drafted from: replace each with its pseudonym, as the QA officer would.
    version = published.versions.get()
    while hits := checking.open_hits(checking.check_version(version)):
        hit = hits[0]
        assert hit.proposal, hit
        version = services.hit_replace(
            actor=qa,
            version=version,
            address=hit.address,
            start=hit.hit.start,
            end=hit.hit.end,
            found=hit.hit.text,
            new=hit.proposal,
            expected_version=version.version,
        )
    # The approver sends it back once, naming people in the reason.
    from maca.publications.models import PublicationSettings

    approver = world["admin"]
    PublicationSettings.objects.update_or_create(
        partnership=world.partnership, defaults={"approver_role": approver.membership.role}
    )
    version = services.version_submit(actor=qa, version=version, expected_version=version.version)
    services.version_return(
        actor=approver.user,
        membership=approver.membership,
        version=version,
        reason=f"Lorna and {CHILD_NAME.split()[0]} are still named in one place.",
        expected_version=version.version,
    )
    version = publish(world, published)
    draft = services.publication_create(
        actor=qa, partnership=world.partnership, kind=Kind.KEY_MESSAGES, audit=audited.audit
    )
    typed = draft.versions.get()
    section = Document.from_json(typed.document).sections[0]
    services.section_update(
        actor=qa,
        version=typed,
        key=section.key,
        heading=section.heading,
        text=f"{section.text}\n\nLorna said {CHILD_NAME.split()[0]} was often hungry.",
        expected_version=typed.version,
    )
    return {"published": version.pk, "document": version.document, "draft": draft.pk, "mother": mother.pk}


def _check(audited, before):
    from maca.publications.models import PublicationVersion

    published = PublicationVersion.objects.get(pk=before["published"])
    assert (published.status, published.document) == (Status.PUBLISHED, before["document"])
    assert no_identifier_in("\n".join(t for _a, t in Document.from_json(published.document).fields()))
    assert published.sent_back_reason == "Child A’s mother and Child A are still named in one place."
    draft = PublicationVersion.objects.get(publication_id=before["draft"])
    text = "\n".join(t for _a, t in Document.from_json(draft.document).fields())
    assert "Child A’s mother said Child A was often hungry." in text
    assert no_identifier_in(text) and "Lorna" not in text
    for pseudonym in Pseudonym.objects.filter(audit=audited.audit):
        assert reveal(pseudonym.names) == []
    assert Pseudonym.objects.get(pk=before["mother"]).label == "Child A’s mother"


SURVIVORS = [Survivor("publications", _arrange, _check, stage=Stage.WRITING_UP)]
