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
