"""The reasons beside a suggested theme, as the QA officer reads them on the
finding's page: one word is "the word", a word is quoted once, and the words
found are said together. Only how the reasons are put; which reasons there
are is the tagger's (its own words for a reason are unchanged)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Finding
from maca.findings.tagging.tagger import Reason
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

EXAMPLE = "Dads were not asked to the review."
LIKE = "The team manager saw the plan."


def _hint(qa, audit, finding) -> str:
    return words_shown(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])).content.decode())


def test_one_word_found_is_the_word(world, audit, case, qa):
    finding = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, text="Fathers were never invited to the core group."
    )
    shown = _hint(qa, audit, finding)
    assert "Suggested by maca: the word ‘Fathers’." in shown
    assert "the words ‘Fathers’" not in shown
    assert "Suggested by maca: the words ‘core group’." in shown  # two words are words


def _kept_with(finding, key: str, reasons: list[Reason]) -> None:
    """As ``suggesting.as_stored`` keeps the tagger's reasons, as data."""
    Finding.objects.filter(pk=finding.pk).update(
        suggestions=[{"theme": key, "score": 0.8, "reasons": [reason.as_stored() for reason in reasons]}]
    )


def test_a_word_is_quoted_once_and_the_words_found_are_said_together(world, audit, case, qa):
    finding = services.finding_create(
        actor=world["qa"].user,
        audit=audit,
        audit_case=case,
        text="The father had no supervision from the team manager.",
    )
    _kept_with(
        finding,
        "think_family",
        [Reason("words", "father", 1.0), Reason("example", EXAMPLE, 0.4, 7, None, ("father",))],
    )
    shown = _hint(qa, audit, finding)
    assert f"Suggested by maca: the word ‘father’, as in the confirmed example ‘{EXAMPLE}’." in shown
    assert shown.count("‘father’") == 1

    _kept_with(
        finding,
        "think_family",
        [
            Reason("words", "supervision", 1.0),
            Reason("example", LIKE, 0.5, 8, 0.62),
            Reason("words", "team manager", 0.4),
        ],
    )
    said = (
        f"Suggested by maca: the words ‘supervision’, ‘team manager’; like the confirmed example ‘{LIKE}’ (62% alike)."
    )
    assert said in _hint(qa, audit, finding)


def test_the_polaritys_words_follow_the_same_rule_one_word_or_several(world, audit, case, qa):
    """maca's polarity, as the finding's page says it: "the word" for one
    word, "the words" for a phrase or several, as for a theme's reasons."""
    finding = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, text="The health visitor did not attend the meeting."
    )
    for words, said in [
        (["did not"], "maca suggests a concern: the words ‘did not’."),
        (["not"], "maca suggests a concern: the word ‘not’."),
        (["not", "did not"], "maca suggests a concern: the words ‘not’, ‘did not’."),
    ]:
        Finding.objects.filter(pk=finding.pk).update(
            suggested_polarity="concern",
            suggested_polarity_basis={"kind": "cues", "polarity": "concern", "words": words},
        )
        assert said in _hint(qa, audit, finding)
