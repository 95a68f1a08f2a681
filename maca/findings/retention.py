"""Findings outlive the identifiers of the cases they are about (they are the
learning): when the returns app's retention run takes a case's names out of
its returns and chronology (``identifiers_after_audit``), it calls
:func:`scrub_case_text` here, which takes the same names out of everything the
meeting wrote about the case: its findings (and the suggestions and reasons
kept with their themes, which may quote other findings), the case's
discussion, immediate concerns and feedback, and the audit's meeting notes,
cross-case findings and recommendations.

A finding whose words change here moves on a version, as any save does, and
each such move is logged on the finding, by nobody (maca itself), in the same
transaction: so what the log holds on a finding tells every change since a
page was drawn, and a page says "you" changed it only when every change was
the person's own (``selectors.finding_changed_since_by``, ADR 0027). The
events of one pass go in one statement, so the run's queries do not grow with
the number of findings logged."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from maca.audit_trail.services import record_each
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

BATCH = 500


def _scrub_rows(queryset, fields: tuple[str, ...], pattern) -> int:
    """The names matched by ``pattern`` out of ``fields`` of each row of
    ``queryset``, a changed row stamped by this run's clock (what each process
    keeps built from the old words, the tagger and the index of words, is
    stamped with ``updated_at`` and ``version``: both change)."""
    return scrub_rows(queryset, fields, partial(scrub_text, pattern=pattern), now=timezone.now())


def _scrub_findings(queryset, fields: tuple[str, ...], pattern) -> int:
    """The names out of ``fields`` of each finding of ``queryset``, as
    :func:`_scrub_rows` takes them out of other rows (a finding changed is
    stamped ``updated_at`` and moves on one version), and each finding changed
    logged once, as ``finding.names_removed``, by nobody (maca itself), naming
    the fields, never their words. Whatever the number of findings, a few
    statements: one read, one ``UPDATE`` per :data:`BATCH` findings, one read
    of their labels and one ``INSERT`` of the events."""
    now = timezone.now()
    changed = []
    for row in queryset.values("pk", *fields):
        new = {f: scrub_text(row[f], pattern=pattern) for f in fields}
        if any(new[f] != row[f] for f in fields):
            changed.append(Finding(pk=row["pk"], **new, updated_at=now, version=F("version") + 1))
    if not changed:
        return 0
    Finding.objects.bulk_update(changed, [*fields, "updated_at", "version"], batch_size=BATCH)
    record_each(
        actor=None,
        action="finding.names_removed",
        targets=Finding.objects.filter(pk__in=[f.pk for f in changed]).select_related("audit_case").order_by("pk"),
        changes={"fields": list(fields)},
    )
    return len(changed)


def _forget_what_was_built_from_old_words() -> None:
    """This process's tagger, index of words and vectors are built again on
    next use (other processes see the stamps change)."""
    from maca.findings import meaning, search, suggesting

    suggesting.forget_taggers()
    search.forget_word_indexes()
    meaning.forget_matrices()


def scrub_case_text(case_id: int, pattern) -> int:
    """The names matched by ``pattern`` out of what the meeting wrote about
    the case; each finding changed is logged with its change, in one
    transaction (the run's own, when the run calls it)."""
    with transaction.atomic():
        changed = _scrub_case_text(case_id, pattern)
    _forget_what_was_built_from_old_words()
    return changed


def _scrub_case_text(case_id: int, pattern) -> int:
    audit_cases = AuditCase.objects.filter(case_id=case_id)
    partnership_ids = set(audit_cases.values_list("partnership_id", flat=True))
    audit_ids = set(audit_cases.values_list("audit_id", flat=True))
    ac_ids = set(audit_cases.values_list("pk", flat=True))
    changed = 0
    scrubbed = Finding.objects.filter(audit_case_id__in=ac_ids) | Finding.objects.filter(
        audit_id__in=audit_ids, audit_case__isnull=True
    )
    changed += _scrub_findings(scrubbed, ("text", "removal_reason"), pattern)
    # A vector made from the words before the names came out goes too (the
    # daily job reads the scrubbed words again).
    stale = [pk for pk, text, key in scrubbed.values_list("pk", "text", "meaning__key") if key and key != key_for(text)]
    FindingMeaning.objects.filter(finding_id__in=stale).delete()
    # Suggestions and tag reasons quote confirmed examples, which may be findings
    # of this case; so may a polarity's reason where no theme was suggested.
    changed += _scrub_findings(
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
    return changed
