"""The safety check against a corpus of briefing sentences written for maca
(fixtures/safety_corpus.jsonl): every identifier in the positive sentences is
found, with its kind and exact span, and nothing else; the ordinary
professional sentences (meeting dates, agencies, teams, "Child A",
legislation and guidance, statistics, services' phone numbers) are not
flagged at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maca.publications.safety import find_identifiers

CORPUS = Path(__file__).parent / "fixtures" / "safety_corpus.jsonl"
ROWS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
ORDINARY = [row for row in ROWS if not row["expect"]]
IDENTIFYING = [row for row in ROWS if row["expect"]]


def _check(row: dict):
    return find_identifiers(
        row["text"],
        names=row.get("names", ()),
        rare_schools=row.get("rare_schools", ()),
        **row.get("options", {}),
    )


def test_the_corpus_is_big_enough_to_mean_something():
    assert len(ORDINARY) >= 200
    assert len(IDENTIFYING) >= 100
    kinds = {kind for row in IDENTIFYING for kind, _ in row["expect"]}
    assert kinds == {
        "name", "date_of_birth", "date", "address", "postcode", "phone", "email", "nhs_number", "ni_number", "upn",
        "case_number", "school", "vehicle_registration",
    }  # fmt: skip


@pytest.mark.parametrize("row", ORDINARY, ids=[row["text"][:50] for row in ORDINARY])
def test_ordinary_professional_text_is_not_flagged(row):
    hits = _check(row)
    assert hits == [], [(h.kind, h.text, h.reason) for h in hits]


@pytest.mark.parametrize("row", IDENTIFYING, ids=[row["text"][:50] for row in IDENTIFYING])
def test_every_identifier_is_caught_with_its_kind_and_span(row):
    hits = _check(row)
    found = sorted((str(h.kind), h.text) for h in hits)
    assert found == sorted((kind, text) for kind, text in row["expect"])
    for hit in hits:
        assert row["text"][hit.start : hit.end] == hit.text
        assert hit.reason
