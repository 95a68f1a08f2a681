"""Findings and their tags: writing, taking from returns, confirming themes, removing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.findings.meaning import keep_meaning
from maca.findings.models import Finding, FindingKind, FindingSource, FindingTag, Polarity, Theme, in_words
from maca.findings.presenters import reasons_text
from maca.findings.services._common import _check_recording
from maca.findings.suggesting import as_stored, field_of, suggest_for
from maca.programme.models import Audit
from maca.selection.models import AuditCase


def _suggest_into(finding: Finding, *, field: str | None):
    """Suggestions for the finding's text; returns the text's sentence
    embedding (None without the model), to keep once the finding is saved."""
    suggestion = suggest_for(finding.partnership, finding.text, field=field, finding_id=finding.pk)
    finding.suggestions = as_stored(suggestion)
    finding.suggested_polarity = suggestion.polarity
    finding.suggested_polarity_reason = suggestion.polarity_reason
    finding.suggested_polarity_basis = suggestion.polarity_basis.as_stored()
    return suggestion.vector


def _check_case(audit: Audit, audit_case: AuditCase | None, agency) -> None:
    if audit_case is not None and (audit_case.audit_id != audit.pk or audit_case.removed_at is not None):
        raise ValidationError("That case is not part of this audit.")
    if agency is not None and agency.partnership_id != audit.partnership_id:
        raise ValidationError({"agency": "Select one of the agencies shown"})


GOOD_PRACTICE_SELECT_STRENGTH = "Good practice resulting from the audit is a strength: select strength"
GOOD_PRACTICE_IS_A_STRENGTH = f"{GOOD_PRACTICE_SELECT_STRENGTH}, or choose another kind"
# The page that changes a finding's kind has no polarity: it says where that is changed.
CONFIRMED_CONCERN_NOT_GOOD_PRACTICE = (
    "This is recorded as a concern, and good practice resulting from the audit is always a strength: "
    "select ‘Finding’, or first make it a strength on its ‘Themes and changes’ page"
)
FINDING_IN_WORDS = "Enter the strength or finding in words"


def retired_meanwhile(names: list[str]) -> str:
    """Why a theme ticked on a page opened before it was retired is not added."""
    quoted = [f"‘{name}’" for name in names]
    if len(quoted) == 1:
        return f"{quoted[0]} was retired while this page was open, so it cannot be added: confirm the themes without it"
    listed = f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    return f"{listed} were retired while this page was open, so they cannot be added: confirm the themes without them"


def _finding_text(text: str) -> str:
    """The text as kept, or an error: it must say something in words (a letter
    or a digit), not only punctuation or spaces."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the strength or finding"})
    if not in_words(text):
        raise ValidationError({"text": FINDING_IN_WORDS})
    return text


def finding_create(
    *,
    actor,
    audit: Audit,
    audit_case: AuditCase | None,
    text: str,
    kind: str = FindingKind.FINDING,
    polarity: str | None = None,
    agency=None,
    source: str = FindingSource.MEETING,
    field: str | None = None,
) -> Finding:
    """A strength or finding written at the meeting (``audit_case`` None for a
    cross-case one). maca suggests its themes and polarity at once; the
    polarity given, if any, is kept, otherwise the suggested one is used until
    a person confirms it."""
    text = _finding_text(text)
    if kind == FindingKind.GOOD_PRACTICE:
        if polarity == Polarity.CONCERN:
            raise ValidationError({"polarity": GOOD_PRACTICE_IS_A_STRENGTH})
        polarity = Polarity.STRENGTH
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        _check_recording(audit)
        _check_case(audit, audit_case, agency)
        finding = Finding(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case=audit_case,
            agency=agency,
            kind=kind,
            text=text,
            source=source,
            created_by=actor,
            updated_by=actor,
        )
        vector = _suggest_into(finding, field=field)
        finding.polarity = polarity or finding.suggested_polarity
        finding.save()
        keep_meaning(finding, vector)
        record(
            actor=actor,
            action="finding.created",
            partnership=audit.partnership,
            target=finding,
            changes={
                "case": audit_case.number if audit_case else None,
                "agency": agency.name if agency else None,
                "polarity": finding.polarity,
                "kind": kind,
                "suggested": [s["theme"] for s in finding.suggestions],
            },
        )
    return finding


def answer_text(return_record, question_key: str) -> str:
    """The text of a return's answer that can become a finding, or an error."""
    from maca.tools.models import Question, QuestionKind

    question = Question.objects.filter(section__version=return_record.tool_version_id, key=question_key).first()
    if question is None or question.kind != QuestionKind.TEXT:
        raise ValidationError("Only a written answer of the return can be taken as a finding.")
    value = (return_record.answers or {}).get(question_key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("That question has no answer in this return.")
    return value.strip()


TAKE_ONLY_SENT = (
    "Only an answer of a return the agency has sent can be taken as a finding: "
    "this return is {status}, so its answers may still change."
)


def finding_from_answer(*, actor, return_record, question_key: str) -> tuple[Finding, bool]:
    """Take one written answer of an agency's return as a finding of its case,
    about that agency, with one click: polarity from the field it was written
    in (a strengths or worries question) or suggested. Returns the finding and
    whether it is new: an answer already taken gives the finding made from it.

    Only a return the agency has sent (submitted or accepted) can be taken
    from, as only those are offered. The audit is locked before anything is
    checked (as ``finding_create`` does), so two clicks at once, or two
    people, make one finding: the second waits, then finds the first's."""
    from maca.findings.selectors import finding_for_answer
    from maca.returns.models import RESPONDED_STATUSES, Return, ReturnStatus

    with transaction.atomic():
        Audit.objects.select_for_update().filter(pk=return_record.audit_id).first()
        return_record = (
            Return.objects.select_related("audit", "audit_case", "agency").filter(pk=return_record.pk).first()
        )
        if return_record is None or return_record.status == ReturnStatus.WITHDRAWN:
            raise ValidationError("This return was withdrawn.")
        text = answer_text(return_record, question_key)
        existing = finding_for_answer(return_record, question_key)
        if existing is not None:
            return existing, False
        if return_record.status not in RESPONDED_STATUSES:
            raise ValidationError(TAKE_ONLY_SENT.format(status=return_record.get_status_display().lower()))
        field = field_of(question_key)
        finding = finding_create(
            actor=actor,
            audit=return_record.audit,
            audit_case=return_record.audit_case,
            agency=return_record.agency,
            text=text,
            polarity={"strengths": Polarity.STRENGTH, "worries": Polarity.CONCERN}.get(field or ""),
            source=FindingSource.RETURN,
            field=field,
        )
        finding.source_return = return_record
        finding.source_question_key = question_key
        finding.save(update_fields=["source_return", "source_question_key"])
    return finding, True


def finding_update(*, actor, finding: Finding, text: str, kind: str, agency, expected_version: int) -> Finding:
    """Change a finding's words, kind or agency. New words get new suggestions;
    the confirmed themes stay until a person changes them. As when it was
    written (``finding_create``), a polarity nobody has confirmed or chosen
    (it is still maca's suggestion) follows the new words' suggestion: the
    field an answer was written in still decides, and good practice is
    always a strength."""
    text = _finding_text(text)
    with transaction.atomic():
        finding = lock_for_update(finding, expected_version=expected_version)
        if finding.removed_at is not None:
            raise ValidationError("This finding was removed.")
        _check_recording(finding.audit)
        _check_case(finding.audit, None, agency)
        before = {
            "text": finding.text,
            "kind": finding.kind,
            "agency": finding.agency.name if finding.agency else None,
            "polarity": finding.polarity,
        }
        new_words = text != finding.text
        suggested_only = finding.tags_confirmed_at is None and finding.polarity == finding.suggested_polarity
        if new_words:
            finding.text = text
            vector = _suggest_into(
                finding, field=field_of(finding.source_question_key) if finding.source_return_id else None
            )
        if suggested_only:
            good_practice = kind == FindingKind.GOOD_PRACTICE
            finding.polarity = Polarity.STRENGTH if good_practice else finding.suggested_polarity
        if kind == FindingKind.GOOD_PRACTICE and finding.polarity == Polarity.CONCERN:
            raise ValidationError({"kind": CONFIRMED_CONCERN_NOT_GOOD_PRACTICE})
        finding.kind, finding.agency = kind, agency
        finding.updated_by = actor
        bump_version(finding)
        finding.save()
        if new_words:
            keep_meaning(finding, vector)
        after = {"text": text, "kind": kind, "agency": agency.name if agency else None, "polarity": finding.polarity}
        changed = diff(before, after)
        if "text" in changed:
            changed["text"] = "changed"  # the words stay out of the audit log
        record(actor=actor, action="finding.updated", partnership=finding.partnership, target=finding, changes=changed)
    return finding


def finding_confirm_tags(
    *, actor, finding: Finding, polarity: str, theme_keys: list[str], expected_version: int
) -> Finding:
    """A person confirms the finding's polarity and themes: the ticked themes
    become its tags (whether maca suggested each is kept), suggestions left
    unticked are recorded as rejected. Confirmed tags are what reports use,
    and what the tagger learns from."""
    if polarity not in Polarity.values:
        raise ValidationError({"polarity": "Select strength or concern"})
    theme_keys = list(dict.fromkeys(theme_keys))  # a theme given twice is one tag
    with transaction.atomic():
        finding = lock_for_update(finding, expected_version=expected_version)
        if finding.removed_at is not None:
            raise ValidationError("This finding was removed.")
        _check_recording(finding.audit)
        themes = {t.key: t for t in Theme.objects.filter(partnership_id=finding.partnership_id, key__in=theme_keys)}
        unknown = set(theme_keys) - set(themes)
        if unknown:
            raise ValidationError({"themes": "Select themes from the list"})
        current = {tag.theme.key: tag for tag in FindingTag.objects.filter(finding=finding).select_related("theme")}
        newly_retired = [themes[k].name for k in theme_keys if themes[k].is_retired and k not in current]
        if newly_retired:
            raise ValidationError({"themes": retired_meanwhile(newly_retired)})
        if finding.kind == FindingKind.GOOD_PRACTICE and polarity == Polarity.CONCERN:
            # No choice of kind on the themes page: its words or kind are changed on the finding's own.
            raise ValidationError({"polarity": GOOD_PRACTICE_SELECT_STRENGTH})
        suggested = {s["theme"]: s for s in finding.suggestions}
        for key in set(current) - set(theme_keys):
            current[key].delete()
        for key in theme_keys:
            if key in current:
                continue
            # What it was suggested for, in the words its page gave beside the box.
            reasons = suggested.get(key, {}).get("reasons", [])
            FindingTag.objects.create(
                partnership_id=finding.partnership_id,
                finding=finding,
                theme=themes[key],
                was_suggested=key in suggested,
                reason=reasons_text(reasons),
                confirmed_by=actor,
            )
        before_polarity = finding.polarity
        finding.polarity = polarity
        finding.rejected_theme_keys = sorted(set(suggested) - set(theme_keys))
        finding.tags_confirmed_at = timezone.now()
        finding.tags_confirmed_by = actor
        finding.updated_by = actor
        bump_version(finding)
        finding.save()
        record(
            actor=actor,
            action="finding.themes_confirmed",
            partnership=finding.partnership,
            target=finding,
            changes={
                "themes": sorted(theme_keys),
                "added": sorted(set(theme_keys) - set(current)),
                "taken_off": sorted(set(current) - set(theme_keys)),
                "suggestions_rejected": finding.rejected_theme_keys,
                "polarity": [before_polarity, polarity] if before_polarity != polarity else polarity,
                "polarity_as_suggested": polarity == finding.suggested_polarity,
            },
        )
    return finding


def finding_remove(*, actor, finding: Finding, reason: str, expected_version: int) -> Finding:
    """Take a finding out (never deleted: kept with who, when and why)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the finding is being removed"})
    with transaction.atomic():
        finding = lock_for_update(finding, expected_version=expected_version)
        if finding.removed_at is not None:
            return finding
        _check_recording(finding.audit)
        finding.removed_at, finding.removed_by, finding.removal_reason = timezone.now(), actor, reason
        bump_version(finding)
        finding.save()
        record(actor=actor, action="finding.removed", partnership=finding.partnership, target=finding, changes={})
    return finding
