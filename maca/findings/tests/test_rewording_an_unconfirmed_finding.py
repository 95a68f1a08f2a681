"""New words for a finding nobody has confirmed: its polarity, still maca's
suggestion, follows the new words (as when it was written); a polarity a
person chose or confirmed, the field an answer was written in and good
practice's "always a strength" are kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Finding, FindingKind
from maca.returns.models import Return
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

CONCERN_WORDS = "Fathers were not invited to the core group and their views were never recorded."
STRENGTH_WORDS = "Excellent practice: the health visitor saw the baby at every visit and shared it promptly."


def _reword(qa, audit, finding, text, kind="finding"):
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    version = Page(qa.get(url).content.decode()).value("version")
    response = qa.post(url, {"version": version, "kind": kind, "agency": "", "text": text})
    assert response.status_code == 302, words_shown(response.content.decode())
    finding.refresh_from_db()
    return finding


def _listed_under(qa, audit, case, text) -> str:
    """Where the case page lists the finding: "strengths" or "concerns"."""
    words = words_shown(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    strengths, concerns = words.split("Findings: what needs to improve", 1)
    concerns = concerns.split("Write a strength or finding", 1)[0]
    found = {name for name, part in (("strengths", strengths), ("concerns", concerns)) if text in part}
    assert len(found) == 1, found
    return found.pop()


def _ticked(qa, audit, finding) -> set[str]:
    """The polarity the finding's themes page ticks."""
    return Page(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])).content.decode()).checked("polarity")


def test_new_words_of_a_finding_nobody_confirmed_take_the_new_suggested_polarity(world, audit, case, qa):
    """Written with no polarity chosen, the finding is a concern as maca
    suggested; rewritten as a strength before anyone confirms it, the case
    page lists it under strengths and its themes page ticks 'Strength'."""
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=CONCERN_WORDS)
    assert (finding.suggested_polarity, finding.polarity) == ("concern", "concern")
    assert _listed_under(qa, audit, case, CONCERN_WORDS) == "concerns"

    finding = _reword(qa, audit, finding, STRENGTH_WORDS)

    assert (finding.suggested_polarity, finding.polarity) == ("strength", "strength")
    assert _listed_under(qa, audit, case, STRENGTH_WORDS) == "strengths"
    assert _ticked(qa, audit, finding) == {"strength"}


def test_a_polarity_a_person_chose_when_writing_stays(world, audit, case, qa):
    finding = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, text=STRENGTH_WORDS, polarity="concern"
    )
    finding = _reword(qa, audit, finding, STRENGTH_WORDS + " Every time.")
    assert (finding.suggested_polarity, finding.polarity) == ("strength", "concern")
    assert _ticked(qa, audit, finding) == {"concern"}


def test_a_confirmed_polarity_stays(world, audit, case, qa):
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=CONCERN_WORDS)
    finding = services.finding_confirm_tags(
        actor=world["qa"].user, finding=finding, polarity="concern", theme_keys=[], expected_version=finding.version
    )
    finding = _reword(qa, audit, finding, STRENGTH_WORDS)
    assert (finding.suggested_polarity, finding.polarity) == ("strength", "concern")
    assert _listed_under(qa, audit, case, STRENGTH_WORDS) == "concerns"


def test_good_practice_stays_a_strength_whatever_its_new_words(world, audit, case, qa):
    finding = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, text=STRENGTH_WORDS, kind=FindingKind.GOOD_PRACTICE
    )
    finding = _reword(qa, audit, finding, CONCERN_WORDS, kind="good_practice")
    assert (finding.suggested_polarity, finding.polarity) == ("concern", "strength")


def test_the_field_an_answer_was_written_in_still_decides(world, audit, case, qa):
    """Taken from the police's 'worried' answer, the finding stays a concern
    whatever its new words."""
    police = Return.objects.get(audit_case=case, agency=world.police)
    qa.post(reverse("findings:take", args=[audit.pk, case.pk]), {"return": police.pk, "key": "worried"})
    finding = Finding.objects.get(source_return=police)
    assert finding.polarity == "concern"
    finding = _reword(qa, audit, finding, STRENGTH_WORDS)
    assert finding.polarity == "concern"
    assert _listed_under(qa, audit, case, STRENGTH_WORDS) == "concerns"
