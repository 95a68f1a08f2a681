"""The benchmark's briefing is what the goal describes, and the check finds
exactly the identifiers planted in it (the timing itself is for ``make bench``)."""

from __future__ import annotations

from collections import Counter

from maca.publications.bench import SLIPS, build_briefing
from maca.publications.safety import SafetyCheck


def test_the_bench_briefing_is_a_60_case_briefing_with_1500_findings_and_its_slips_are_all_found():
    text, names = build_briefing()
    assert text.count("\n• ") == 1500
    assert 150_000 <= len(text) <= 300_000
    hits = SafetyCheck(names=tuple(names)).find(text)
    assert len(SLIPS) == 4
    planted = Counter(kind for line in text.splitlines() for kind in _expected(line))
    assert Counter(str(h.kind) for h in hits) == planted


def _expected(line: str) -> list[str]:
    if "told the school that she was frightened" in line:
        return ["name"]
    if "moved to 27 Brookfield Road" in line:
        return ["name", "address", "postcode"]
    if "The baby (DOB" in line:
        return ["date_of_birth", "phone"]
    if "was taken to A&E with a head injury" in line:
        return ["date", "name"]
    return []
