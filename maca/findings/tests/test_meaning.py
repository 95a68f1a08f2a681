"""Findings alike in meaning: each finding's sentence embedding kept when it is
written, read in the background for findings that came without one, and used
by "findings like this one" once every finding has its own."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.findings import meaning, services
from maca.findings.models import Finding, FindingMeaning, FindingTag, Theme
from maca.findings.tagging import embedding
from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import finding, imported
from maca.operations import schedule
from maca.programme.models import Stage
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(embedding.load() is None, reason="the sentence-embedding model is not installed"),
]

FATHER = "The father was left out of the plan."
# Says the same in other words: no word in common with FATHER.
DAD = "Nobody spoke to their dad."
OTHER = "Schools shared worries quickly."


def _older(partnership):
    data = past_audit("Neglect in families with babies", 2024)
    data["themes"], data["recommendations"] = [], []
    data["findings"] = [
        finding(1, "concern", FATHER, "think_family"),
        finding(2, "concern", DAD, "think_family"),
        finding(3, "strength", OTHER, "information_sharing"),
    ]
    return imported(partnership, data)


def _like_page(client, finding_pk):
    html = client.get(reverse("findings:search"), {"like": finding_pk}).content.decode()
    # What follows the sentence saying how they are found: the count (when any
    # is found) and the findings, or the sentence saying none was.
    return html, html.split('id="alike-by"')[1].split("</p>", 1)[1]


def test_an_imported_audit_is_read_for_its_meaning_and_the_reading_is_logged(world):
    audit = _older(world.partnership)
    kept = {m.finding.text: m for m in FindingMeaning.objects.select_related("finding")}
    assert set(kept) == {FATHER, DAD, OTHER}
    vector = np.frombuffer(bytes(kept[FATHER].vector), dtype=np.float16).astype(np.float32)
    assert float(vector @ embedding.load().embed(FATHER)) > 0.999
    assert all(m.partnership == world.partnership and m.key == meaning.key_for(m.finding.text) for m in kept.values())
    event = AuditEvent.objects.get(action="findings.meanings_made")
    assert event.partnership == world.partnership and event.changes == {"findings": 3}
    assert audit.findings.count() == 3
    # Nothing more to read: a second run reads nothing and logs nothing.
    assert meaning.meanings_fill(partnership=world.partnership) == 0
    assert AuditEvent.objects.filter(action="findings.meanings_made").count() == 1


def test_a_finding_written_or_reworded_keeps_the_vector_of_its_words(world):
    audit = _older(world.partnership)
    audit.stage = Stage.MEETING
    audit.save(update_fields=["stage"])
    qa = world["qa"].user
    written = services.finding_create(actor=qa, audit=audit, audit_case=None, text=DAD)
    first = FindingMeaning.objects.get(finding=written)
    assert first.key == meaning.key_for(DAD)
    services.finding_update(
        actor=qa, finding=written, text=FATHER, kind=written.kind, agency=None, expected_version=written.version
    )
    again = FindingMeaning.objects.get(finding=written)
    assert again.key == meaning.key_for(FATHER) and bytes(again.vector) != bytes(first.vector)
    # Written through the service: nothing was left for the background reading.
    assert meaning.missing(world.partnership) == []


def test_findings_like_this_one_finds_the_same_thing_said_in_other_words(world, client_for):
    older = _older(world.partnership)
    father = Finding.objects.get(audit=older, text=FATHER)
    html, results = _like_page(client_for(world["qa"]), father.pk)
    assert "nearest to it in meaning" in html
    assert DAD in results and OTHER not in results and FATHER not in results
    assert "% alike" in results
    event = AuditEvent.objects.filter(action="findings_search.viewed").latest("pk")
    assert event.changes["by"] == "meaning"


def test_by_words_until_every_finding_has_its_vector_then_by_meaning(world, client_for):
    older = _older(world.partnership)
    father = Finding.objects.get(audit=older, text=FATHER)
    # A finding that came in without its vector (as if the model had been away).
    Finding.objects.create(
        partnership=world.partnership,
        audit=older,
        polarity="concern",
        text="The plan for the father had no date.",
        tags_confirmed_at=timezone.now(),
    )
    client = client_for(world["qa"])
    html, results = _like_page(client, father.pk)
    assert "found by the words they share" in html
    assert DAD not in results and "The plan for the father had no date." in results

    # The daily job reads what is missing, for every partnership.
    _older(world.other_partnership)
    Finding.objects.filter(partnership=world.other_partnership).update(updated_at=timezone.now())
    summary = schedule.job("findings.meanings").run(timezone.localdate())
    assert summary == "1 finding read for their meaning"
    html, results = _like_page(client, father.pk)
    assert "nearest to it in meaning" in html
    assert DAD in results and "The plan for the father had no date." in results


def test_without_the_model_findings_are_found_by_their_words(world, client_for, monkeypatch):
    older = _older(world.partnership)
    father = Finding.objects.get(audit=older, text=FATHER)
    monkeypatch.setattr(meaning, "embedder", lambda: None)
    html, results = _like_page(client_for(world["qa"]), father.pk)
    assert "found by the words they share" in html and DAD not in results
    assert meaning.meanings_fill(partnership=world.partnership) == 0


def test_another_partnerships_findings_are_never_alike(world, client_for):
    older = _older(world.partnership)
    _older(world.other_partnership)
    father = Finding.objects.get(audit=older, text=FATHER)
    _html, results = _like_page(client_for(world["qa"]), father.pk)
    ours = set(Finding.objects.filter(partnership=world.partnership).values_list("pk", flat=True))
    found = meaning.alike_by_meaning(world.partnership, father, limit=10)
    assert found and set(found) <= ours
    assert results.count(DAD) == 1


def test_a_removed_finding_is_not_alike(world, client_for):
    older = _older(world.partnership)
    father = Finding.objects.get(audit=older, text=FATHER)
    dad = Finding.objects.get(audit=older, text=DAD)
    client = client_for(world["qa"])
    assert DAD in _like_page(client, father.pk)[1]
    Finding.objects.filter(pk=dad.pk).update(removed_at=timezone.now())
    html, results = _like_page(client, father.pk)
    assert "nearest to it in meaning" in html and DAD not in results


def test_by_meaning_reads_the_same_number_of_queries_however_many_findings(world, client_for):
    older = _older(world.partnership)
    father = Finding.objects.get(audit=older, text=FATHER)
    theme = Theme.objects.get(partnership=world.partnership, key="think_family")
    client = client_for(world["qa"])
    made = iter(range(1000))

    def add(n):
        for _ in range(n):
            extra = Finding.objects.create(
                partnership=world.partnership,
                audit=older,
                polarity="concern",
                text=f"The dad was not part of plan {next(made)}.",
                tags_confirmed_at=timezone.now(),
            )
            FindingTag.objects.create(partnership=world.partnership, finding=extra, theme=theme)
        meaning.meanings_fill(partnership=world.partnership)
        # The kept vectors are read once after a change; warm them as a person's
        # earlier page would have.
        client.get(reverse("findings:search"), {"like": father.pk})

    def fetch():
        html = client.get(reverse("findings:search"), {"like": father.pk}).content.decode()
        assert "nearest to it in meaning" in html

    assert_queries_do_not_grow(fetch, add)
