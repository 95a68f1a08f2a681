"""The demo partnership’s case list: 400 made-up children, written once by
``write_demo_case_list()`` and kept in ``maca/demo/data`` so that every
``manage.py demo`` imports the same pool."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from maca.cases.sample_data import DEFAULT_LOCALITIES, generate_case_list
from maca.demo.partnership import WYVERNSHIRE_AGENCIES

DEMO_CASE_LIST = Path(__file__).resolve().parent / "data" / "wyvernshire_case_list.csv"
DEMO_CHILDREN = 400
DEMO_SEED = 2026


def write_demo_case_list(path: Path = DEMO_CASE_LIST, *, today: dt.date | None = None) -> Path:
    """Regenerate the demo partnership’s case list (the agencies are the demo’s own)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    generate_case_list(
        path,
        children=DEMO_CHILDREN,
        seed=DEMO_SEED,
        agencies=[name for name, _kind, _parent in WYVERNSHIRE_AGENCIES],
        localities=DEFAULT_LOCALITIES,
        today=today,
    )
    return path
