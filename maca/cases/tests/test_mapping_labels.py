"""The mapping page's labels (QA walk): "Expected date of delivery (unborn
children) (optional)" had two pairs of brackets."""

from django.urls import reverse

from maca.cases.tests.factories import uploaded_case_import
from maca.tests.page import words_shown


def test_an_optional_label_with_its_own_brackets_has_one_pair(world, client_for):
    case_import = uploaded_case_import(partnership=world.partnership)
    shown = words_shown(
        client_for(world["qa"]).get(reverse("cases:import_mapping", args=[case_import.pk])).content.decode()
    )
    assert "Expected date of delivery (unborn children, optional)" in shown
    assert ") (optional)" not in shown
    assert "Sex (optional)" in shown
