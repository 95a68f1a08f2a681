"""A suggested theme's reasons are kept as data, and the pages say them from
their parts: a finding kept before then (its reasons in the tagger's words)
says what its page said, once migration 0014 has read them; going back
gives the words as they were kept."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as live_apps
from django.urls import reverse

from maca.findings import presenters, services
from maca.findings.models import Finding, FindingTag
from maca.findings.suggesting import as_stored, distinct_reasons
from maca.findings.tagging import Example, Reason, Tagger
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

migration = importlib.import_module("maca.findings.migrations.0014_theme_reasons_as_data")

TEXT = "The father had no supervision from the team manager."

# Reasons as findings kept them in words, and what the finding's page said beside each theme's box.
KEPT_IN_WORDS = {
    "management_oversight": (
        [
            "the words 'supervision'",
            "like the confirmed example 'The team manager saw the plan.' (62% alike)",
            "the words 'team manager'",
        ],
        "the words ‘supervision’, ‘team manager’; like the confirmed example ‘The team manager saw the plan.’ "
        "(62% alike)",
    ),
    "think_family": (
        ["the words 'father'", "'father', as in the confirmed example 'Dads were not asked to the review.'"],
        "the word ‘father’, as in the confirmed example ‘Dads were not asked to the review.’",
    ),
    "early_help": (
        [
            "like the confirmed example 'Kestrel Dads didn't meet.' (56% alike; both say 'kestrel dads' and "
            "'dads project')",
            "the words 'Kestrel Dads'",
        ],
        "like the confirmed example ‘Kestrel Dads didn’t meet.’ (56% alike; both say ‘kestrel dads’ and "
        "‘dads project’)",
    ),
    "neglect": (
        ["alike in meaning to statements on this theme, such as 'The baby was not seen for weeks.' (48% alike)"],
        "alike in meaning to statements on this theme, such as ‘The baby was not seen for weeks.’ (48% alike)",
    ),
    # Words that fit none of the tagger's forms are kept, and shown, as they were.
    "housing": (
        ["an older account ('tenancy')", "the words 'tenancy'"],
        "an older account (‘tenancy’); the word ‘tenancy’",
    ),
}


def _kept_in_words(world, audit, case) -> Finding:
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=TEXT)
    Finding.objects.filter(pk=finding.pk).update(
        suggestions=[{"theme": key, "score": 0.7, "reasons": reasons} for key, (reasons, _) in KEPT_IN_WORDS.items()]
    )
    return finding


def test_a_finding_kept_before_theme_reasons_were_data_says_what_its_page_said(world, audit, case, qa):
    finding = _kept_in_words(world, audit, case)
    migration.reasons_as_data(live_apps, None)
    finding.refresh_from_db()
    assert all(isinstance(r, dict) for s in finding.suggestions for r in s["reasons"])
    assert finding.suggestions[1]["reasons"] == [
        {"kind": "words", "evidence": "father"},
        {"kind": "example", "evidence": "Dads were not asked to the review.", "learned_words": ["father"]},
    ]
    assert finding.suggestions[4]["reasons"][0] == {"kind": "text", "text": "an older account ('tenancy')"}
    shown = words_shown(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])).content.decode())
    for _, said in KEPT_IN_WORDS.values():
        assert f"Suggested by maca: {said}." in shown, shown
    # Read twice, it is as it was.
    migration.reasons_as_data(live_apps, None)
    again = Finding.objects.get(pk=finding.pk)
    assert again.suggestions == finding.suggestions


def test_going_back_gives_the_reasons_in_the_words_they_were_kept_in(world, audit, case):
    finding = _kept_in_words(world, audit, case)
    kept = Finding.objects.get(pk=finding.pk).suggestions
    migration.reasons_as_data(live_apps, None)
    migration.reasons_in_words(live_apps, None)
    assert Finding.objects.get(pk=finding.pk).suggestions == kept


EXAMPLES = [
    Example("Bright Steps workers visited weekly and the family engaged.", ("early_help",), "strength", id=11),
    Example("Bright Steps closed the case without telling the school.", ("early_help",), "concern", id=12),
    Example("Harbour Mentoring sessions were offered to the father.", ("think_family",), "strength", id=1),
    Example("The father went to Harbour Mentoring twice.", ("think_family",), "strength", id=2),
]
STATEMENTS = [
    "The Bright Steps team offered the family support at home.",
    "The uncle was referred to Harbour Mentoring.",
    "The health visitor did not see the baby at the health visitor review, and no health check was done.",
]


def test_the_tagger_s_reasons_and_their_data_say_the_same():
    """Each reason the tagger gives, kept as data, reads back as the same
    reason, and the migration reads the tagger's words for it as that data."""
    tagger = Tagger(EXAMPLES, alike=False)
    seen = set()
    for text in STATEMENTS:
        for theme in tagger.suggest(text).themes:
            for reason in distinct_reasons(theme.reasons):
                stored = reason.as_stored()
                assert Reason.from_stored(stored).as_stored() == stored
                assert str(Reason.from_stored(stored)) == str(reason)
                assert migration.reason_as_data(str(reason)) == stored
                assert migration.reason_in_words(stored) == str(reason)
                seen.add((stored["kind"], "likeness" in stored, "learned_words" in stored))
    assert {("words", False, False), ("example", True, True)} <= seen, seen
    alike = Reason("alike", "The baby was not seen.", 0.3, None, 0.4749)
    assert alike.as_stored() == {"kind": "alike", "evidence": "The baby was not seen.", "likeness": 47}
    learned = Reason("example", "Kestrel Dads met.", 3.0, 9, None, ("kestrel dads", "dads project"))
    assert learned.as_stored() == {
        "kind": "example",
        "evidence": "Kestrel Dads met.",
        "learned_words": ["kestrel dads", "dads project"],
    }
    for reason in (alike, learned):
        assert migration.reason_as_data(str(reason)) == reason.as_stored()
        assert migration.reason_in_words(reason.as_stored()) == str(reason)


def test_reasons_are_said_from_data_never_from_words():
    """A reason left in words (written by an older process during an upgrade)
    is shown as it was, not read for its parts: its words are not gathered
    with the words found."""
    assert presenters.reasons_text(["the words 'father'", {"kind": "words", "evidence": "dad"}]) == (
        "the words ‘father’; the word ‘dad’"
    )
    stored = [{"kind": "words", "evidence": "father"}, {"kind": "words", "evidence": "father"}]
    assert presenters.reasons_text(stored) == "the word ‘father’"


def test_two_reasons_alike_in_what_they_say_are_kept_once():
    """Two examples in the same words and as alike, or a cue quoted inside a
    stronger one's words, are one reason as kept."""
    reasons = [
        Reason("words", "child in need plan", 5),
        Reason("example", "The plan had no dates.", 2.0, 3, 0.6212),
        Reason("example", "The plan had no dates.", 1.9, 4, 0.6184),
        Reason("words", "child in need", 2),
    ]
    assert [r.example_id for r in distinct_reasons(reasons)] == [None, 3]


def test_a_confirmed_tag_keeps_why_it_was_suggested_in_the_pages_words(world, audit, case, qa):
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=TEXT)
    Finding.objects.filter(pk=finding.pk).update(
        suggestions=[
            {
                "theme": "think_family",
                "score": 0.8,
                "reasons": [
                    {"kind": "words", "evidence": "father"},
                    {"kind": "example", "evidence": "Dads were not asked.", "learned_words": ["father"]},
                ],
            }
        ]
    )
    finding.refresh_from_db()
    services.finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity="concern",
        theme_keys=["think_family"],
        expected_version=finding.version,
    )
    tag = FindingTag.objects.get(finding=finding)
    assert tag.reason == "the word ‘father’, as in the confirmed example ‘Dads were not asked.’"


def test_what_a_finding_keeps_is_data(world, audit, case):
    finding = services.finding_create(
        actor=world["qa"].user,
        audit=audit,
        audit_case=case,
        text="The health visitor did not see the baby at the health visitor review.",
    )
    health = next(s for s in finding.suggestions if s["theme"] == "health")
    assert {"kind": "words", "evidence": "health visitor"} in health["reasons"]
    assert all(isinstance(r, dict) and r["kind"] for s in as_stored(Tagger().suggest(TEXT)) for r in s["reasons"])
