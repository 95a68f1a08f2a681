"""A briefing says how its cases were chosen: the draw's figure is the cases
it drew, and nominated cases are counted apart (they were not drawn, and
not every nomination comes from an agency)."""

from __future__ import annotations

import pytest

from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.publications.sources import audit_record
from maca.selection.services import nomination_create, nomination_decide
from maca.selection.tests.builders import draw_from_whole_pool, make_case

pytestmark = pytest.mark.django_db


def test_the_draw_counts_the_cases_it_drew_and_nominated_cases_apart(world):
    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa)
    cases = [make_case(world.partnership, agencies=[world.police]) for _ in range(6)]
    audit_move(actor=qa, audit=audit, to_stage=Stage.SELECTING, reason="x", expected_version=audit.version)
    nomination = nomination_create(
        actor=qa, audit=audit, case_reference=cases[0].reference, reason="Known to three agencies.", can_see_pool=True
    )
    nomination_decide(actor=qa, nomination=nomination, accept=True)
    draw_from_whole_pool(actor=qa, audit=audit, size=3)
    audit.refresh_from_db()
    assert audit.audit_cases.filter(removed_at__isnull=True).count() == 3
    sentence = audit_record(audit).draw_sentence
    assert sentence.startswith("2 cases were chosen at random from ")
    assert sentence.endswith(" 1 more was nominated.")


def test_a_past_audits_briefing_says_its_cases_were_imported_and_counts_their_confirmed_themes(world, client_for):
    """An audit brought in with its past record (``manage.py import_audit``):
    its cases were chosen before maca, and its cases page says so ("Imported
    with a past audit"); the briefing says the same, never that the audit lead
    chose them. Its findings' themes came confirmed with the record, so they
    count in the briefing as on "Across the cases"."""
    from django.urls import reverse

    from maca.findings.tests.recurrence_builders import meeting_audit
    from maca.publications import services
    from maca.publications.document import Document
    from maca.publications.models import Kind
    from maca.tests.test_words_on_pages import words_of

    audit = meeting_audit(world.partnership)
    qa = world["qa"]
    cases_page = words_of(client_for(qa).get(reverse("selection:cases", args=[audit.pk])).content.decode())
    assert cases_page.count("Imported with a past audit") == 3
    publication = services.publication_create(
        actor=qa.user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )
    document = Document.from_json(publication.versions.get(number=1).document)
    theme = document.section("theme").text
    assert "How cases were chosen: 3 cases were imported with a past audit." in theme
    assert "audit lead" not in theme
    # The imported findings' themes are confirmed ones: they count, as "Across the cases" counts them.
    recommendations = document.section("recommendations").text
    assert "Think family: findings in 2 of the 3 cases." in recommendations
    assert "Domestic abuse: findings in 2 of the 3 cases." in recommendations
    across = words_of(client_for(qa).get(reverse("findings:across_cases", args=[audit.pk])).content.decode())
    assert "Think family: 2 of 3 cases" in across and "Domestic abuse: 2 of 3 cases" in across


def test_cases_imported_beside_cases_the_lead_chose_are_counted_apart(world):
    from maca.findings.tests.recurrence_builders import meeting_audit
    from maca.selection.models import SelectionSource

    audit = meeting_audit(world.partnership)
    audit.audit_cases.filter(number=3).update(source=SelectionSource.NOMINATED)
    assert audit_record(audit).draw_sentence == (
        "1 case was chosen by the audit lead. 2 more were imported with a past audit."
    )
