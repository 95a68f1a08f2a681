"""The stratified sampler, on pools built in plain Python (no database).

"Within one case" is checked from the selected rows themselves, with quotas worked
out here independently, so that the tests do not just trust ``balance``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter

import pytest

from maca.cases.dimensions import value_of
from maca.selection.bench import bench_draw, synthetic_pool
from maca.selection.sampling import SampleResult, SamplingError, balance_table, draw_sample, new_seed

ON = dt.date(2025, 4, 1)
FOUR = ["age_band", "service_level", "ethnicity", "flag:domestic_abuse"]


def case(
    number: int,
    level: str = "early_help",
    *,
    born: dt.date | None = dt.date(2020, 1, 1),
    sex: str = "female",
    ethnicity: str = "white",
    disability: str = "no",
    locality: str = "North",
    flags: tuple[str, ...] = (),
) -> dict:
    return {
        "id": number,
        "reference": f"F{number:05d}",
        "youngest_birth_month": born,
        "sex": sex,
        "ethnicity_group": ethnicity,
        "disability": disability,
        "service_level": level,
        "locality": locality,
        "flags": list(flags),
        "open_date": dt.date(2024, 1, 1),
        "closed_date": None,
        "children_count": 1,
    }


def counts(rows: list[dict], key: str) -> Counter:
    return Counter(value_of(row, key, ON) for row in rows)


def sample_rows(pool: list[dict], result: SampleResult, nominated: list[dict] = ()) -> list[dict]:
    by_id = {row["id"]: row for row in pool}
    return [*nominated, *(by_id[i] for i in result.selected_ids)]


def assert_within_one_case(population: list[dict], sample: list[dict], keys: list[str], quotas_for) -> None:
    for key in keys:
        quotas = quotas_for(counts(population, key), len(sample))
        got = counts(sample, key)
        for value, quota in quotas.items():
            assert abs(got[value] - quota) < 1 + 1e-9, (key, value, got[value], quota)
        assert set(got) <= set(quotas)


def proportional(pool_counts: Counter, n: int) -> dict:
    total = sum(pool_counts.values())
    return {value: n * count / total for value, count in pool_counts.items()}


# Proportional allocation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_proportional_draw_has_every_value_of_every_dimension_within_one_case(seed):
    pool = synthetic_pool(3000, seed=seed)
    result = draw_sample(pool=pool, size=40, dimensions=FOUR, seed=seed, on=ON)

    chosen = sample_rows(pool, result)
    assert len(chosen) == 40
    assert len(set(result.selected_ids)) == 40
    assert_within_one_case(pool, chosen, FOUR, proportional)
    assert result.is_balanced
    assert result.max_abs_deviation < 1 + 1e-9


def test_proportional_draw_on_six_dimensions_of_a_small_pool():
    keys = ["age_band", "service_level", "ethnicity", "disability", "sex", "locality"]
    for seed in range(5):
        pool = synthetic_pool(300, seed=seed)
        result = draw_sample(pool=pool, size=30, dimensions=keys, seed=seed, on=ON)
        assert_within_one_case(pool, sample_rows(pool, result), keys, proportional)


def test_targets_are_the_quotas_and_the_balance_table_agrees_with_the_sample():
    pool = synthetic_pool(1000, seed=7)
    result = draw_sample(pool=pool, size=25, dimensions=FOUR, seed=7, on=ON)

    assert list(result.targets) == FOUR
    for key in FOUR:
        assert result.targets[key] == pytest.approx(proportional(counts(pool, key), 25))
        assert sum(result.targets[key].values()) == pytest.approx(25)
    chosen = sample_rows(pool, result)
    assert [rows[0]["dimension"] for rows in result.balance] == FOUR
    for key, rows in zip(FOUR, result.balance, strict=True):
        pool_counts, sample_counts = counts(pool, key), counts(chosen, key)
        for row in rows:
            assert row["pool_count"] == pool_counts[row["value"]]
            assert row["pool_share"] == pytest.approx(pool_counts[row["value"]] / 1000)
            assert row["sample_count"] == sample_counts[row["value"]]
            assert row["sample_share"] == pytest.approx(sample_counts[row["value"]] / 25)
            assert row["target"] == pytest.approx(result.targets[key][row["value"]])
            assert row["deviation"] == pytest.approx(row["sample_count"] - row["target"])
            assert row["label"]
    levels = {row["value"]: row["label"] for row in result.balance[1]}
    assert levels["child_protection"] == "Child protection"


# Equal allocation -----------------------------------------------------------------------------------------------


def test_equal_allocation_gives_each_value_the_same_share():
    pool = [
        case(i, level) for i, level in enumerate(["early_help"] * 60 + ["child_in_need"] * 30 + ["looked_after"] * 10)
    ]
    result = draw_sample(pool=pool, size=12, dimensions=["service_level"], allocation="equal", seed=3, on=ON)

    assert result.targets["service_level"] == {"early_help": 4, "child_in_need": 4, "looked_after": 4}
    assert counts(sample_rows(pool, result), "service_level") == {
        "early_help": 4,
        "child_in_need": 4,
        "looked_after": 4,
    }


def test_equal_allocation_caps_a_rare_value_and_shares_the_excess_among_the_others():
    levels = ["early_help"] * 50 + ["child_in_need"] * 50 + ["care_leaver"] * 2 + ["looked_after"] * 5
    pool = [case(i, level) for i, level in enumerate(levels)]
    result = draw_sample(pool=pool, size=30, dimensions=["service_level"], allocation="equal", seed=9, on=ON)

    # 7.5 each; care leavers (2) and looked-after (5) have fewer, so they get all of
    # theirs and the other two share the remaining 23: 11.5 each.
    assert result.targets["service_level"] == pytest.approx(
        {"early_help": 11.5, "child_in_need": 11.5, "looked_after": 5, "care_leaver": 2}
    )
    got = counts(sample_rows(pool, result), "service_level")
    assert got["care_leaver"] == 2
    assert got["looked_after"] == 5
    assert {got["early_help"], got["child_in_need"]} == {11, 12}


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_equal_allocation_on_four_dimensions_is_within_one_case(seed):
    pool = synthetic_pool(2000, seed=seed)
    result = draw_sample(pool=pool, size=60, dimensions=FOUR, allocation="equal", seed=seed, on=ON)

    chosen = sample_rows(pool, result)
    for key in FOUR:
        got = counts(chosen, key)
        for value, quota in result.targets[key].items():
            assert abs(got[value] - quota) < 1 + 1e-9, (key, value)
    for key in FOUR:
        pool_counts = counts(pool, key)
        uncapped = {round(quota, 6) for value, quota in result.targets[key].items() if quota < pool_counts[value]}
        assert len(uncapped) <= 1, key  # every value not capped at its pool count has the same quota


# Nominated cases ------------------------------------------------------------------------------------------------


def test_nominated_cases_count_towards_their_values_and_are_never_drawn_again():
    pool = synthetic_pool(800, seed=21)
    nominated = random.Random(21).sample(pool, 4)
    result = draw_sample(pool=pool, size=20, dimensions=FOUR, seed=21, on=ON, nominated=nominated)

    assert len(result.selected_ids) == 16
    assert not set(result.selected_ids) & {row["id"] for row in nominated}
    whole = sample_rows(pool, result, nominated)
    assert_within_one_case(pool, whole, FOUR, proportional)
    for key, rows in zip(FOUR, result.balance, strict=True):
        assert {row["value"]: row["sample_count"] for row in rows if row["sample_count"]} == counts(whole, key)


def test_a_value_that_nominations_already_fill_gets_no_more():
    pool = [case(i, "early_help") for i in range(80)] + [case(i, "looked_after") for i in range(80, 100)]
    nominated = [case(i, "looked_after") for i in range(100, 106)]  # not in the pool
    result = draw_sample(pool=pool, size=10, dimensions=["service_level"], seed=1, on=ON, nominated=nominated)

    # Looked-after quota: 10 * 26 / 106 = 2.45, already exceeded by the 6 nominations.
    assert counts(sample_rows(pool, result), "service_level") == {"early_help": 4}
    looked_after = next(row for row in result.balance[0] if row["value"] == "looked_after")
    assert looked_after["sample_count"] == 6
    assert looked_after["deviation"] == pytest.approx(6 - 10 * 26 / 106)
    assert not result.is_balanced


def test_nominations_fill_the_whole_sample():
    pool = [case(i) for i in range(10)]
    result = draw_sample(pool=pool, size=2, dimensions=["service_level"], seed=1, on=ON, nominated=pool[:2])
    assert result.selected_ids == []
    assert result.balance[0][0]["sample_count"] == 2


# Reproducibility ------------------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_sample_whatever_the_order_of_the_pool():
    pool = synthetic_pool(1500, seed=31)
    shuffled = list(pool)
    random.Random(0).shuffle(shuffled)
    nominated = pool[:3]

    first = draw_sample(pool=pool, size=30, dimensions=FOUR, seed=555, on=ON, nominated=nominated)
    again = draw_sample(pool=pool, size=30, dimensions=FOUR, seed=555, on=ON, nominated=nominated)
    reordered = draw_sample(pool=shuffled, size=30, dimensions=FOUR, seed=555, on=ON, nominated=nominated[::-1])

    assert first == again
    assert reordered.selected_ids == first.selected_ids
    assert reordered.targets == first.targets


def test_a_different_seed_gives_a_different_sample():
    pool = synthetic_pool(1500, seed=31)
    samples = {
        tuple(sorted(draw_sample(pool=pool, size=30, dimensions=FOUR, seed=s, on=ON).selected_ids)) for s in range(5)
    }
    assert len(samples) == 5


def test_new_seed_is_a_nine_digit_number():
    seeds = {new_seed() for _ in range(20)}
    assert all(100_000_000 <= seed <= 999_999_999 for seed in seeds)
    assert len(seeds) > 1


# No dimensions --------------------------------------------------------------------------------------------------


def test_no_dimensions_gives_a_simple_random_sample():
    pool = [case(i) for i in range(50)]
    result = draw_sample(pool=pool, size=10, dimensions=[], seed=4, on=ON, nominated=pool[:2])

    assert len(result.selected_ids) == 8
    assert len(set(result.selected_ids)) == 8
    assert not set(result.selected_ids) & {0, 1}
    assert result.targets == {}
    assert result.balance == []
    assert result.is_balanced
    assert draw_sample(pool=pool[::-1], size=10, seed=4, on=ON, nominated=pool[:2]) == result


# Errors ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 0}, "Choose a sample of at least 1 case"),
        ({"size": 38}, "The pool has only 37 eligible cases; choose a sample of 37 or fewer"),
        ({"pool": [case(1)], "size": 2}, "The pool has only 1 eligible case; choose a sample of 1 or fewer"),
        ({"pool": [], "size": 1}, "The pool has no eligible cases; change which cases are eligible"),
        ({"dimensions": ["age_band", "shoe_size"]}, "‘shoe_size’ is not a dimension a sample can be balanced on"),
        ({"allocation": "random"}, "Choose proportional or equal allocation"),
        (
            {"size": 2, "nominated": [case(100), case(101), case(102)]},
            "3 nominated cases have been accepted; choose a sample of 3 or more, or decline a nomination",
        ),
    ],
)
def test_a_draw_that_cannot_be_made_says_why(kwargs, message):
    arguments = {"pool": [case(i) for i in range(37)], "size": 10, "dimensions": ["age_band"], "seed": 1, "on": ON}
    with pytest.raises(SamplingError) as raised:
        draw_sample(**(arguments | kwargs))
    assert raised.value.message == message
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


def test_nominated_cases_count_as_eligible_for_the_size_check():
    pool = [case(i) for i in range(5)]
    result = draw_sample(pool=pool, size=7, dimensions=[], seed=1, on=ON, nominated=[case(10), case(11)])
    assert sorted(result.selected_ids) == [0, 1, 2, 3, 4]


# When balance is impossible -------------------------------------------------------------------------------------


def test_conflicting_targets_get_as_close_as_possible_and_report_the_deviation():
    # Domestic abuse is recorded exactly for the child protection cases, so the two
    # dimensions are the same split; equal allocation asks 15 of them on one and 10 on
    # the other, which no sample can do.
    pool = [case(i, "early_help") for i in range(40)] + [case(i, "child_in_need") for i in range(40, 80)]
    pool += [case(i, "child_protection", flags=("domestic_abuse",)) for i in range(80, 120)]
    keys = ["service_level", "flag:domestic_abuse"]
    result = draw_sample(pool=pool, size=30, dimensions=keys, allocation="equal", seed=5, on=ON)

    assert result.targets == {
        "service_level": pytest.approx({"early_help": 10, "child_in_need": 10, "child_protection": 10}),
        "flag:domestic_abuse": pytest.approx({"yes": 15, "no": 15}),
    }
    got = counts(sample_rows(pool, result), "service_level")
    # With x child protection cases, the excess beyond the one-case bands sums to
    # max(0, x - 11) + (early help and child in need short of 9 each, from 30 - x)
    # + 2 * max(0, 14 - x): 6 at x = 11, 5 at x = 12, 13 or 14, 7 at x = 15. The least is 5.
    excess = sum(max(0.0, abs(row["deviation"]) - 1) for rows in result.balance for row in rows)
    assert excess == pytest.approx(5)
    assert 12 <= got["child_protection"] <= 14
    assert not result.is_balanced
    assert result.max_abs_deviation > 1
    for rows in result.balance:
        for row in rows:
            assert row["deviation"] == pytest.approx(row["sample_count"] - row["target"])


def test_on_tiny_pools_the_draw_is_as_balanced_as_the_best_possible_sample():
    """Brute force over every possible sample: the draw's excess beyond one case is the least."""

    def excess(rows: list[dict], keys: list[str], targets: dict) -> float:
        total = 0.0
        for key in keys:
            got = counts(rows, key)
            total += sum(max(0.0, abs(got[value] - quota) - 1) for value, quota in targets[key].items())
        return round(total, 6)

    for instance in range(40):
        rng = random.Random(instance)
        pool = [
            case(
                i,
                rng.choice(["early_help", "child_in_need", "child_protection", "looked_after"]),
                born=dt.date(rng.choice([2010, 2018, 2024]), 1, 1),
                ethnicity=rng.choice(["white", "asian", "black"][: rng.randint(1, 3)]),
                flags=("domestic_abuse",) if rng.random() < 0.4 else (),
            )
            for i in range(rng.randint(6, 11))
        ]
        size = rng.randint(2, min(5, len(pool)))
        keys = rng.sample(FOUR, rng.randint(2, 4))
        nominated = rng.sample(pool, rng.randint(0, min(2, size)))
        allocation = rng.choice(["proportional", "equal"])
        result = draw_sample(
            pool=pool, size=size, dimensions=keys, allocation=allocation, seed=instance, on=ON, nominated=nominated
        )
        rest = [row for row in pool if row not in nominated]
        best = min(
            excess([*nominated, *others], keys, result.targets)
            for others in itertools.combinations(rest, size - len(nominated))
        )
        assert excess(sample_rows(pool, result, nominated), keys, result.targets) == best, instance


# Fairness between cases -----------------------------------------------------------------------------------------


def test_each_case_in_a_stratum_is_picked_about_equally_often():
    """Over many fixed seeds, every case's selection frequency is near its stratum's
    quota / size (0.25 here). Tolerance of +-0.1 on 0.25 with 1,000 draws is about
    seven standard deviations, so this cannot flake (and the seeds are fixed anyway)."""
    rng = random.Random(5)
    levels = ["early_help"] * 24 + ["child_in_need"] * 16 + ["child_protection"] * 8
    pool = [
        case(i, level, flags=("domestic_abuse",) if rng.random() < (0.25 if level == "early_help" else 0.6) else ())
        for i, level in enumerate(levels)
    ]
    keys = ["service_level", "flag:domestic_abuse"]
    picked: Counter = Counter()
    runs = 1000
    for seed in range(runs):
        picked.update(draw_sample(pool=pool, size=12, dimensions=keys, seed=seed, on=ON).selected_ids)

    for level in ("early_help", "child_in_need", "child_protection"):
        frequencies = [picked[row["id"]] / runs for row in pool if row["service_level"] == level]
        assert all(0.15 <= frequency <= 0.35 for frequency in frequencies), (level, frequencies)
        assert sum(frequencies) / len(frequencies) == pytest.approx(0.25, abs=0.01)


# The balance table for any dimensions ---------------------------------------------------------------------------


def test_balance_table_compares_pool_and_sample_on_any_dimension():
    pool = [case(1, locality=""), case(2, locality="North"), case(3, locality="North", sex="male"), case(4, sex="male")]
    tables = balance_table(pool, pool[:2], ["locality", "sex"], ON)

    locality, sex = tables
    assert [(row["value"], row["label"], row["pool_count"], row["sample_count"]) for row in locality] == [
        ("", "Not recorded", 1, 1),
        ("North", "North", 3, 1),
    ]
    assert locality[1]["pool_share"] == pytest.approx(0.75)
    assert locality[1]["sample_share"] == pytest.approx(0.5)
    assert all(row["target"] is None and row["deviation"] is None for row in locality + sex)
    assert [row["label"] for row in sex] == ["Female", "Male"]
    assert sex[0]["dimension_label"] == "Sex"


def test_balance_table_with_targets_reports_deviation():
    pool = [case(i, "early_help") for i in range(3)] + [case(3, "looked_after")]
    (rows,) = balance_table(pool, pool[:2], ["service_level"], ON, targets={"service_level": {"early_help": 1.5}})
    assert rows[0]["deviation"] == pytest.approx(0.5)
    assert rows[1]["target"] == 0.0
    with pytest.raises(SamplingError):
        balance_table(pool, pool, ["nonsense"], ON)


# The benchmark --------------------------------------------------------------------------------------------------


def test_bench_draw_reports_time_and_balance():
    report = bench_draw(pool_size=3000, n=30)
    assert report["pool_cases"] == 3000
    assert report["sample"] == 30
    assert report["dimensions"] == FOUR
    assert 0 < report["seconds"] < 5
    assert report["max_abs_deviation"] < 1 + 1e-9


@pytest.mark.parametrize(
    ("pool_size", "message"),
    [
        (
            0,
            "The pool has no eligible cases besides the 2 nominated cases already accepted; "
            "choose a sample of 2 or fewer",
        ),
        (
            1,
            "The pool has 1 eligible case besides the 2 nominated cases already accepted; "
            "choose a sample of 3 or fewer",
        ),
    ],
)
def test_a_size_too_big_with_nominated_cases_says_how_many_the_pool_itself_has(pool_size, message):
    # QA walk: with two nominations accepted and no case of the pool eligible,
    # "The pool has only 2 eligible cases" read as two cases to draw from.
    with pytest.raises(SamplingError) as raised:
        draw_sample(pool=[case(i) for i in range(pool_size)], size=5, seed=1, on=ON, nominated=[case(100), case(101)])
    assert raised.value.message == message
