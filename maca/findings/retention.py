"""Findings outlive the identifiers of the cases they are about (they are the
learning): when the returns app's retention run takes a case's names out of
its returns and chronology (``identifiers_after_audit``), it calls
:func:`scrub_case_text` here, which takes the same names out of everything the
meeting wrote about the case: its findings (and the suggestions and reasons
kept with their themes, which may quote other findings), the case's
discussion, immediate concerns and feedback, and the audit's meeting notes,
cross-case findings and recommendations."""

from __future__ import annotations

from functools import partial

from django.utils import timezone

from maca.findings.meaning import key_for
from maca.findings.models import (
    CaseDiscussion,
    Finding,
    FindingMeaning,
    FindingTag,
    ImmediateConcern,
    Meeting,
    PractitionerFeedback,
    Recommendation,
)
from maca.returns.retention import scrub_text
from maca.selection.models import AuditCase
from maca.selection.retention import scrub_rows


def _scrub_rows(queryset, fields: tuple[str, ...], pattern) -> int:
    """The names matched by ``pattern`` out of ``fields`` of each row of
    ``queryset``, a changed row stamped by this run's clock (what each process
    keeps built from the old words, the tagger and the index of words, is
    stamped with ``updated_at`` and ``version``: both change)."""
    return scrub_rows(queryset, fields, partial(scrub_text, pattern=pattern), now=timezone.now())


def _forget_what_was_built_from_old_words() -> None:
    """This process's tagger, index of words and vectors are built again on
    next use (other processes see the stamps change)."""
    from maca.findings import meaning, search, suggesting

    suggesting.forget_taggers()
    search.forget_word_indexes()
    meaning.forget_matrices()


def scrub_case_text(case_id: int, pattern) -> int:
    audit_cases = AuditCase.objects.filter(case_id=case_id)
    partnership_ids = set(audit_cases.values_list("partnership_id", flat=True))
    audit_ids = set(audit_cases.values_list("audit_id", flat=True))
    ac_ids = set(audit_cases.values_list("pk", flat=True))
    changed = 0
    scrubbed = Finding.objects.filter(audit_case_id__in=ac_ids) | Finding.objects.filter(
        audit_id__in=audit_ids, audit_case__isnull=True
    )
    changed += _scrub_rows(scrubbed, ("text", "removal_reason"), pattern)
    # A vector made from the words before the names came out goes too (the
    # daily job reads the scrubbed words again).
    stale = [pk for pk, text, key in scrubbed.values_list("pk", "text", "meaning__key") if key and key != key_for(text)]
    FindingMeaning.objects.filter(finding_id__in=stale).delete()
    # Suggestions and tag reasons quote confirmed examples, which may be findings
    # of this case; so may a polarity's reason where no theme was suggested.
    changed += _scrub_rows(
        Finding.objects.filter(partnership_id__in=partnership_ids).exclude(
            suggestions=[], suggested_polarity_reason=""
        ),
        ("suggestions", "suggested_polarity_reason", "suggested_polarity_basis"),
        pattern,
    )
    changed += _scrub_rows(
        FindingTag.objects.filter(partnership_id__in=partnership_ids).exclude(reason=""), ("reason",), pattern
    )
    changed += _scrub_rows(CaseDiscussion.objects.filter(audit_case_id__in=ac_ids), ("notes",), pattern)
    changed += _scrub_rows(
        ImmediateConcern.objects.filter(audit_case_id__in=ac_ids),
        ("what_was_found", "acknowledgement", "withdrawn_reason"),
        pattern,
    )
    changed += _scrub_rows(
        PractitionerFeedback.objects.filter(audit_case_id__in=ac_ids), ("what_was_fed_back", "given_to"), pattern
    )
    changed += _scrub_rows(
        Meeting.objects.filter(audit_id__in=audit_ids),
        ("returns_quality", "attendance_judgement", "others_attending", "notes"),
        pattern,
    )
    changed += _scrub_rows(Recommendation.objects.filter(audit_id__in=audit_ids), ("text", "withdrawn_reason"), pattern)
    _forget_what_was_built_from_old_words()
    return changed
