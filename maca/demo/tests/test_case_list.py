"""The demo partnership's made-up case list: regenerated the same way, imported once."""

import datetime as dt

from maca.cases.models import Case, Child
from maca.demo.case_list import DEMO_CASE_LIST, write_demo_case_list
from maca.demo.loaders import load_case_pool
from maca.demo.partnership import build_demo_partnership

TODAY = dt.date(2026, 6, 15)


def test_the_demo_case_list_is_regenerated_with_400_children(tmp_path):
    path = write_demo_case_list(tmp_path / "demo.csv", today=TODAY)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 401


def test_the_demo_partnership_gets_its_pool_once(db):
    assert DEMO_CASE_LIST.exists()
    partnership = build_demo_partnership()["wyvernshire"]
    load_case_pool()
    cases = Case.objects.filter(partnership=partnership).count()
    assert cases > 150 and Child.objects.filter(partnership=partnership).count() == 400
    assert Case.objects.filter(partnership=partnership, agencies__isnull=False).exists()
    load_case_pool()
    assert Case.objects.filter(partnership=partnership).count() == cases
