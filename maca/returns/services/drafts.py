"""Saving an agency's answers on its return as a draft: the whole return, or
one section from a page that may be out of date (combined with what was saved
since when nothing conflicts); and the one rule of when a return is started."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, bump_version
from maca.returns import access
from maca.returns.models import Return, ReturnRevision, ReturnStatus
from maca.returns.services._common import _lock, _transition
from maca.returns.services.answers import answers_at, answers_over, asks_the_same_since, merge_for, normalised_answers
from maca.returns.summative import cases_audited_refusals
from maca.tools.answers import invalid_answers


def mark_started(return_record: Return, *, actor) -> bool:
    """The one rule of when a return is started: once its agency records
    anything on it, an answer saved (:func:`return_save_draft`) or an entry
    in its chronology (``chronology_services``), it moves from "Not started"
    to "Draft", and every page and figure that reads its status (the
    agency's returns, the response grid, the counts, the home pages, the
    reminders) says so. Called on the return locked for the change; the
    caller saves it. Its ``version`` is not moved: it guards the answers,
    which this changes not. Whether it moved (False if already started)."""
    if return_record.status != ReturnStatus.NOT_STARTED:
        return False
    _transition(return_record, ReturnStatus.DRAFT, actor=actor)
    return True


def return_save_draft(
    *,
    actor,
    membership,
    return_record: Return,
    answers: dict,
    expected_version: int,
    only_keys=None,
) -> Return:
    """Save the answers as they are (drafts may be partial). Refuses, with
    :class:`EditConflict`, a save made from an out-of-date copy.

    With ``only_keys`` (the questions of one section), ``answers`` replace the
    answers to those questions only; every other answer stays as saved."""
    with transaction.atomic():
        return_record = _lock(return_record, expected_version)
        if not access.can_edit(membership, return_record):
            raise ValidationError(f"This {return_record.kind_name} cannot be changed now.")
        if only_keys is not None:
            answers = answers_over(return_record.answers, keys=set(only_keys), answers=answers)
        answers = normalised_answers(answers)
        problems = invalid_answers(return_record.tool_version, answers)
        if problems:
            raise ValidationError(problems)
        saved = normalised_answers(return_record.answers)
        too_many = cases_audited_refusals(return_record, answers, before=saved)
        if too_many:
            raise ValidationError(too_many)
        changed = sorted(k for k in set(answers) | set(saved) if answers.get(k) != saved.get(k))
        if not changed and return_record.status != ReturnStatus.NOT_STARTED:
            return return_record
        mark_started(return_record, actor=actor)
        return_record.answers = answers
        return_record.updated_by = actor
        bump_version(return_record)
        return_record.save()
        ReturnRevision.objects.create(
            partnership_id=return_record.partnership_id,
            return_record=return_record,
            version=return_record.version,
            answers=answers,
            changed_keys=changed,
            actor=actor,
        )
        # The log says which answers changed, not what they say.
        record(
            actor=actor,
            action="return.saved",
            partnership=return_record.audit.partnership,
            target=return_record,
            changes={"changed": changed, "version": return_record.version},
        )
    return return_record


def return_save_section(
    *,
    actor,
    membership,
    return_record: Return,
    keys,
    answers: dict,
    expected_version: int,
) -> Return:
    """Save one section's answers (``keys``: its questions) from a page drawn at
    ``expected_version``; every other answer stays as saved.

    When answers were saved since (in another tab, or by someone else) or the
    version only moved on (a submission and a send-back), the section is saved
    on the current version if the combine page would have nothing to ask
    (:func:`merge_for`, the section's questions being those shown: no conflict,
    so nothing to change on this page either, the answers saved since leaving
    the section's questions as the page shows them): what the person
    changed goes on top of what is saved now, and nothing saved meanwhile is
    put back. Otherwise, or when the questions may have changed since
    (:func:`asks_the_same_since`), it raises :class:`EditConflict`, for the
    combine page (ADR 0007, addendum "two pages on different sections")."""
    keys = set(keys)

    def save(record, version, answers, only_keys=None):
        return return_save_draft(
            actor=actor,
            membership=membership,
            return_record=record,
            answers=answers,
            only_keys=only_keys,
            expected_version=version,
        )

    with transaction.atomic():
        try:
            return save(return_record, expected_version, answers, only_keys=keys)
        except EditConflict:
            current = _lock(return_record, None)  # held until the save below
        conflict = EditConflict(current, expected=expected_version)
        if not asks_the_same_since(current, expected_version):
            raise conflict
        mine = answers_over(answers_at(current, expected_version), keys=keys, answers=answers)
        plan = merge_for(current, base_version=expected_version, mine=mine, shown_keys=keys)
        if plan.conflicts:
            raise conflict
        return save(current, current.version, plan.merged)
