"""Fictional case lists: realistic, reproducible, and importable."""

import csv
import datetime as dt
import io
from collections import Counter

from maca.cases.columns import guess_columns
from maca.cases.models import Child, ImportStatus
from maca.cases.sample_data import HEADINGS, NAME_HEADING, generate_case_list
from maca.cases.tests.factories import import_file
from maca.cases.vocabulary import nhs_check_digit_ok

TODAY = dt.date(2026, 6, 15)


def generated(**kwargs) -> list[dict]:
    stream = io.StringIO()
    generate_case_list(stream, **{"children": 300, "seed": 7, "agencies": ["A", "B", "C"], "today": TODAY, **kwargs})
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


def test_the_same_seed_gives_the_same_list():
    assert generated() == generated()
    assert generated() != generated(seed=8)


def test_a_generated_list_looks_like_a_real_export_and_names_nobody():
    rows = generated()
    assert len(rows) == 300 and list(rows[0]) == HEADINGS
    families = Counter(row["Family ref"] for row in rows)
    assert 1.6 < 300 / len(families) < 2.6
    assert all(row["Child ref"].startswith("C-") and row["Family ref"].startswith("F-") for row in rows)
    numbers = [row["NHS No"] for row in rows if row["NHS No"]]
    assert numbers and all(n.startswith("999") and nhs_check_digit_ok(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    levels = Counter(row["Level of service"] for row in rows)
    assert levels["Early help"] + levels["Child in need"] + levels["CIN"] > 150
    assert NAME_HEADING not in rows[0]
    assert NAME_HEADING in generated(names=True)[0]


def test_generated_lists_import_cleanly_as_csv_and_excel(world, tmp_path):
    agencies = ["Testshire Police", "Testshire Care Board", "Mill Lane Surgery"]
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"list.{fmt}"
        generate_case_list(path, children=120, seed=11, agencies=agencies, fmt=fmt, today=TODAY)
        content = path.read_bytes()
        columns = guess_columns(HEADINGS)
        case_import = import_file(partnership=world.partnership, content=content, name=path.name, columns=columns)
        assert case_import.status == ImportStatus.IMPORTED, case_import.errors[:5]
    assert Child.objects.filter(partnership=world.partnership).count() == 120
    assert case_import.summary["children_updated"] == 120  # the Excel copy updated what the CSV created
