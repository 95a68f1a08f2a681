"""Two of one year's audits never share a title: every page names an audit by it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.programme.models import Audit, Stage
from maca.programme.services import PLANNING_FIELDS, audit_move, audit_update
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_planning_a_second_audit_under_a_title_the_year_has_is_refused_on_the_page(world, client_for):
    first = AuditFactory(partnership=world.partnership, title="Neglect of toddlers")
    qa = client_for(world["qa"])
    url = reverse("programme:audit_new") + f"?year={first.programme.year}"
    shown = fields_shown(qa.get(url).content.decode())
    data = {
        name: field.chosen if field.kind == "checkbox" else (field.chosen[0] if field.chosen else "")
        for name, field in shown.items()
    }
    data.update({"title": "neglect of Toddlers ", "theme": "Again.", "kind": "themed", "target_cases": "4"})
    response = qa.post(url, data)
    page = words_shown(response.content.decode())
    assert "There is a problem" in page
    assert f"The {first.programme.label} programme already has an audit called ‘Neglect of toddlers’" in page
    assert Audit.objects.filter(programme=first.programme).count() == 1


def test_another_year_or_a_cancelled_audit_leaves_the_title_free(world):
    first = AuditFactory(partnership=world.partnership, title="Neglect of toddlers")
    next_year = ProgrammeFactory(partnership=world.partnership, year=first.programme.year + 1)
    AuditFactory(partnership=world.partnership, programme=next_year, title="Neglect of toddlers")
    audit_move(actor=world["qa"].user, audit=first, to_stage=Stage.CANCELLED, reason="Merged", expected_version=1)
    AuditFactory(partnership=world.partnership, programme=first.programme, title="Neglect of toddlers")


def test_renaming_an_audit_to_a_title_the_year_has_is_refused(world):
    AuditFactory(partnership=world.partnership, title="Neglect of toddlers")
    other = AuditFactory(partnership=world.partnership, title="Missing from school")
    assert other.programme_id == Audit.objects.get(title="Neglect of toddlers").programme_id

    def renamed(title: str) -> Audit:
        plan = {**{k: getattr(other, k) for k in PLANNING_FIELDS}, "title": title}
        return audit_update(actor=world["qa"].user, audit=other, expected_version=other.version, **plan)

    with pytest.raises(ValidationError) as refused:
        renamed("NEGLECT OF TODDLERS")
    assert "already has an audit called ‘Neglect of toddlers’" in str(refused.value)
    # Its own title, in other letter case, is its own.
    assert renamed("Missing From School").title == "Missing From School"
