"""What a case takes from its children: the one-pass version the import uses
agrees with the plain definition on every mix of children."""

import datetime as dt
import random

from maca.cases.dimensions import ChildFacts, case_attributes, highest_service_level
from maca.cases.models import SERVICE_LEVEL_PRECEDENCE, EthnicityGroup, Flag, ServiceLevel, Sex


def _plain_highest_service_level(levels) -> str:
    levels = set(levels)
    for level in SERVICE_LEVEL_PRECEDENCE:
        if level in levels:
            return level.value
    return ServiceLevel.NONE.value


def _plain_case_attributes(children: list[ChildFacts]) -> dict:
    """The definition, written plainly (as it was before the import needed speed)."""
    births = [c.birth_month for c in children if c.birth_month]
    sexes = {c.sex for c in children if c.sex != Sex.UNKNOWN}
    groups = {c.ethnicity_group for c in children if c.ethnicity_group != EthnicityGroup.UNKNOWN}
    disabilities = [c.disability for c in children]
    return {
        "youngest_birth_month": max(births) if births else None,
        "sex": sexes.pop() if len(sexes) == 1 else ("mixed" if sexes else Sex.UNKNOWN.value),
        "ethnicity_group": groups.pop() if len(groups) == 1 else ("multiple" if groups else "unknown"),
        "disability": "yes"
        if any(disabilities)
        else ("no" if disabilities and all(d is False for d in disabilities) else "unknown"),
        "service_level": _plain_highest_service_level(c.service_level for c in children),
        "flags": sorted({flag for c in children for flag in c.flags}),
        "children_count": len(children),
    }


def _child(rng: random.Random) -> ChildFacts:
    return ChildFacts(
        birth_month=rng.choice([None, dt.date(2010, 1, 1), dt.date(2019, 6, 1), dt.date(2027, 2, 1)]),
        sex=rng.choice(Sex.values),
        ethnicity_group=rng.choice(EthnicityGroup.values),
        disability=rng.choice([None, True, False]),
        service_level=rng.choice([*ServiceLevel.values, "not_a_level"]),
        flags=tuple(rng.sample(Flag.values, rng.randint(0, 3))),
    )


def test_case_attributes_agree_with_the_plain_definition():
    rng = random.Random(20261201)
    for _ in range(3000):
        children = [_child(rng) for _ in range(rng.randint(0, 5))]
        assert case_attributes(children) == _plain_case_attributes(children), children


def test_a_case_without_children_takes_nothing_known():
    assert case_attributes([]) == {
        "youngest_birth_month": None,
        "sex": "unknown",
        "ethnicity_group": "unknown",
        "disability": "unknown",
        "service_level": "none",
        "flags": [],
        "children_count": 0,
    }


def test_the_highest_service_level_follows_the_precedence():
    assert highest_service_level(["early_help", "looked_after", "child_in_need"]) == "looked_after"
    assert highest_service_level(["care_leaver", "early_help"]) == "care_leaver"
    assert highest_service_level(["not_a_level"]) == "none"
    assert highest_service_level([]) == "none"
    rng = random.Random(7)
    for _ in range(500):
        levels = rng.sample([*ServiceLevel.values, "other"], rng.randint(0, 4))
        assert highest_service_level(levels) == _plain_highest_service_level(levels)
