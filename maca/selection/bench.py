"""A timing harness for the stratified draw, on a synthetic pool held in memory.

Why: a partnership's pool can hold tens of thousands of cases and the draw runs
inside a web request, so its cost must be known and watched. The pool here is
fictional but shaped like a real children's services case list (skewed age
bands, most cases at early help or child in need, a majority ethnic group,
flags that go with the level of service), because uniform data would hide the
rare strata that make balancing hard.

Run: ``MACA_ENVIRONMENT=development python -m maca.selection.bench [pool_size]``
(Django is set up only to import the case models; no database is touched).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from collections.abc import Sequence

DEFAULT_DIMENSIONS = ("age_band", "service_level", "ethnicity", "flag:domestic_abuse")
ON = dt.date(2025, 4, 1)

# (value, weight) pairs; weights need not sum to 100.
AGE_YEARS = [(0, 12), (1, 7), (2, 6), (3, 6), (4, 6)] + [(age, 4.6) for age in range(5, 10)]
AGE_YEARS += [(age, 4.7) for age in range(10, 16)] + [(16, 4.5), (17, 4.5), (18, 1), (None, 2)]
SERVICE_LEVELS = [
    ("early_help", 40),
    ("child_in_need", 30),
    ("child_protection", 12),
    ("looked_after", 10),
    ("care_leaver", 3),
    ("none", 5),
]
SEXES = [("female", 40), ("male", 40), ("mixed", 15), ("other", 0.5), ("unknown", 4.5)]
ETHNICITIES = [("white", 70), ("mixed", 9), ("asian", 9), ("black", 6), ("other", 3), ("unknown", 2), ("multiple", 1)]
DISABILITIES = [("no", 70), ("yes", 15), ("unknown", 15)]
LOCALITIES = [("North", 22), ("South", 20), ("East", 18), ("West", 18), ("Central", 20), ("", 2)]
# Flag: base probability, and the multiplier for child protection and looked-after cases.
FLAGS = {
    "domestic_abuse": (0.25, 2.0),
    "parental_mental_health": (0.2, 1.5),
    "substance_misuse": (0.12, 2.0),
    "exploitation": (0.03, 2.0),
    "neglect": (0.15, 2.5),
    "physical_abuse": (0.06, 2.0),
    "sexual_abuse": (0.03, 2.0),
    "emotional_abuse": (0.1, 2.0),
    "missing": (0.03, 3.0),
    "homelessness": (0.05, 1.5),
    "young_carer": (0.02, 1.0),
}


def _pick(rng: random.Random, choices: Sequence[tuple]) -> object:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def synthetic_pool(pool_size: int, seed: int = 0, on: dt.date = ON) -> list[dict]:
    """Rows with the fields of ``maca.cases.dimensions.SAMPLING_FIELDS``, correlated
    the way real case lists are (care leavers are 16 and over; flags are commoner
    at child protection and for looked-after children)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not security
    rows = []
    for number in range(1, pool_size + 1):
        level = _pick(rng, SERVICE_LEVELS)
        age = _pick(rng, AGE_YEARS)
        if level == "care_leaver":
            age = rng.choice([16, 17, 18, 18, 19])
        birth_month = None
        if age is not None:
            birth_month = dt.date(on.year - age - 1, 1, 1) + dt.timedelta(days=rng.randrange(365))
            birth_month = birth_month.replace(day=1)
        serious = level in ("child_protection", "looked_after")
        flags = sorted(
            flag
            for flag, (chance, multiplier) in FLAGS.items()
            if rng.random() < chance * (multiplier if serious else 1)
        )
        open_date = on - dt.timedelta(days=rng.randrange(30, 1500))
        closed = rng.random() < 0.3
        rows.append(
            {
                "id": number,
                "reference": f"F{number:06d}",
                "youngest_birth_month": birth_month,
                "sex": _pick(rng, SEXES),
                "ethnicity_group": _pick(rng, ETHNICITIES),
                "disability": _pick(rng, DISABILITIES),
                "service_level": level,
                "locality": _pick(rng, LOCALITIES),
                "flags": flags,
                "open_date": open_date,
                "closed_date": open_date + dt.timedelta(days=rng.randrange(20, 400)) if closed else None,
                "children_count": _pick(rng, [(1, 45), (2, 30), (3, 15), (4, 7), (5, 3)]),
            }
        )
    return rows


def bench_draw(
    pool_size: int = 50_000,
    n: int = 60,
    dimensions: Sequence[str] = DEFAULT_DIMENSIONS,
    seed: int = 1,
    allocation: str = "proportional",
) -> dict:
    """Time one draw (grouping, targets, draw, repair and balance table) on a
    synthetic pool. Building the pool is not timed: in the product it comes
    from the database."""
    from maca.selection.sampling import draw_sample  # here, so that ``__main__`` can set Django up first

    pool = synthetic_pool(pool_size, seed=seed)
    started = time.perf_counter()
    result = draw_sample(pool=pool, size=n, dimensions=list(dimensions), allocation=allocation, seed=seed, on=ON)
    seconds = time.perf_counter() - started
    return {
        "pool_cases": pool_size,
        "sample": len(result.selected_ids),
        "dimensions": list(dimensions),
        "seconds": round(seconds, 4),
        "max_abs_deviation": round(result.max_abs_deviation, 4),
    }


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maca.settings")
    django.setup()
    print(bench_draw(pool_size=int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
