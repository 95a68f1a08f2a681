"""Editing a draft: its sections, the new names of themes renamed since it
was drafted, and what the safety check found in it (replaced by the
pseudonym, or kept with a reason)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version, lock_for_update
from maca.core.fields import seal
from maca.publications import checking, figures, sources
from maca.publications.document import Document, drawn_mark
from maca.publications.drafting.year_report import YEAR_FOUND_SECTION
from maca.publications.models import (
    Kind,
    PublicationVersion,
    SafetyOverride,
    Status,
)

MAX_SECTION = 200_000


def _locked_draft(version: PublicationVersion, expected_version: int | None) -> PublicationVersion:
    version = lock_for_update(version, expected_version=expected_version)
    if version.status != Status.DRAFT:
        raise ValidationError(f"Only a draft can be changed. This version is ‘{version.get_status_display()}’.")
    return version


def _draft_saved(
    *,
    actor,
    version: PublicationVersion,
    document: Document,
    changes: dict,
    action: str,
) -> None:
    """Keep a draft's changed ``document``, its edit counter moved on, and log
    ``action`` with the version's number and ``changes``: where it changed,
    never what it says. Called inside the caller's transaction, with the
    draft locked (``_locked_draft``)."""
    version.document = document.as_json()
    bump_version(version)
    version.save()
    record(
        actor=actor,
        action=action,
        partnership=version.partnership,
        target=version.publication,
        changes={"version": version.number, **changes},
    )


def section_update(
    *, actor, version: PublicationVersion, key: str, heading: str, text: str, expected_version: int
) -> PublicationVersion:
    heading, text = " ".join(heading.split()), text.strip()
    if not heading:
        raise ValidationError({"heading": "Enter the section’s heading"})
    if len(text) > MAX_SECTION:
        raise ValidationError({"text": f"The section must be {MAX_SECTION:,} characters or fewer"})
    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        document = Document.from_json(version.document)
        section = document.section(key)
        if not text and not (section.tables or section.figure):
            # A section with a table (or chart) says what it shows; one without
            # would be published as a heading with nothing under it.
            raise ValidationError({"text": "Enter the text of the section"})
        changed = [
            name
            for name, old, new in (("heading", section.heading, heading), ("text", section.text, text))
            if old != new
        ]
        section.heading, section.text = heading, text
        if key == YEAR_FOUND_SECTION and "text" in changed and version.publication.kind == Kind.ANNUAL_REPORT:
            # What each audit found is in people's words now: the draft leaves
            # out what still waits for its themes, whatever it said before.
            document.left_out = sources.awaiting_themes_of(version.publication)
        _draft_saved(
            actor=actor,
            version=version,
            document=document,
            changes={"section": key, "changed": changed},
            action="publication.section_changed",
        )
    return version


def theme_names_update(*, actor, version: PublicationVersion, expected_version: int) -> list[tuple[str, str]]:
    """Write the new names of themes renamed since the publication was drafted
    (``sources.themes_renamed_since``) where the draft still uses the old
    ones: its chart's categories and summary, its tables and its sections'
    text, wherever an old name stands as a whole phrase ("Think family", never
    inside "Think familyhood"). Only a draft is changed, and only as the person
    saw it (``expected_version``, else ``EditConflict``). Returns the names
    changed, ``[(old, new)]``: none when the draft already uses the new ones
    (then nothing is saved or logged). Logged as a change of the sections it
    touched, with the names, never the text."""
    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        renamed = sources.themes_renamed_since(version)
        if not renamed:
            return []
        document = Document.from_json(version.document)
        names_now = sources.theme_names_now(version.partnership_id)
        sections, used = [], []
        for address, text in sources.theme_name_fields(document):
            new_text = text
            for old, new in renamed:
                new_text, count = sources.theme_name_swapped(new_text, old, new, names_now=names_now)
                if count and (old, new) not in used:
                    used.append((old, new))
            if new_text != text:
                document.set(address, new_text)
                key = address.split(".", 1)[0]
                if key not in sections:
                    sections.append(key)
        _draft_saved(
            actor=actor,
            version=version,
            document=document,
            changes={
                "sections": sections,
                "changed": ["theme names"],
                "theme_names": [[old, new] for old, new in sorted(used)],
            },
            action="publication.section_changed",
        )
    return sorted(used)


def figures_refresh(*, actor, version: PublicationVersion, expected_version: int) -> list[figures.FigureChange]:
    """Draw a draft's figure sections again from the record as it is now
    (``figures.figures_now``): the charts (categories, values, summary and so
    their table), and for the year's report its sections of figures (what each
    audit found, the action plan, the impact: their tables, and their text
    where nobody has edited it since it was drawn; text people edited is kept,
    and the change says so). Each figure section is then dated today ("Figures
    as at …"). Any draft, a correction's included: a correction starts from
    the published figures, and this is how it changes them (its note then
    says so: ``figures.charts_corrected``). Only as the person saw it
    (``expected_version``, else ``EditConflict``). Returns what changed: none
    when the figures already agree (then nothing is saved or logged). Logged
    with the sections and the charts before and after: themes and counts,
    never text."""
    import dataclasses

    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        now = figures.figures_now(version.publication)
        changes = figures.figures_changed_since_drafted(version, now)
        if not changes:
            return []
        document = Document.from_json(version.document)
        charts, done = [], []
        for change in changes:
            section, drawn = document.section(change.key), now[change.key]
            before = section.figure
            section.figure, section.tables = drawn.figure, drawn.tables
            text_kept = False
            if version.publication.kind == Kind.ANNUAL_REPORT:
                if section.drawn and section.drawn == drawn_mark(section.text):
                    section.text = drawn.text  # as it was drawn: drawn again
                else:
                    text_kept = not change.chart  # edited since it was drawn: the writers' words
            # Drawn again now, its text kept or not: what a later check compares with.
            section.drawn = drawn.drawn
            done.append(dataclasses.replace(change, text_kept=text_kept))
            if change.chart:
                charts.append(
                    {"section": change.key, "before": _figures_logged(before), "after": _figures_logged(section.figure)}
                )
        # Every figure section has been checked against the record today.
        for key, drawn in now.items():
            document.section(key).as_at = drawn.as_at
        if any(change.key == YEAR_FOUND_SECTION and not change.text_kept for change in done):
            # What each audit found was drawn again, saying what still waits
            # for its themes: the draft leaves out that much now
            # (``Document.left_out``). Its text kept as people edited it still
            # says what it said, and the draft page still says so.
            document.left_out = sources.awaiting_themes_of(version.publication)
        _draft_saved(
            actor=actor,
            version=version,
            document=document,
            changes={"sections": [change.key for change in changes], "charts": charts},
            action="publication.figures_refreshed",
        )
    return done


def _figures_logged(figure) -> dict | None:
    if figure is None:
        return None
    return {"categories": list(figure.categories), "series": [[name, list(values)] for name, values in figure.series]}


def hit_replace(
    *,
    actor,
    version: PublicationVersion,
    address: str,
    start: int,
    end: int,
    found: str,
    new: str,
    expected_version: int,
) -> PublicationVersion:
    """Put ``new`` (the pseudonym) where the check found ``found``. Refused if
    the text there has changed since the check ran."""
    from maca.publications.safety import apply_replacements
    from maca.publications.safety.replace import Replacement

    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        document = Document.from_json(version.document)
        try:
            text = document.get(address)
            document.set(address, apply_replacements(text, [Replacement(start, end, new, found)]))
        except (KeyError, ValueError) as error:
            raise ValidationError("The text has changed since it was checked: check it again.") from error
        _draft_saved(
            actor=actor,
            version=version,
            document=document,
            action="publication.identifier_replaced",
            changes={"where": address, "replaced_by": new},
        )
    return version


def hit_override(*, actor, version: PublicationVersion, fingerprint: str, reason: str) -> SafetyOverride:
    """Keep what the safety check found, with a written reason, logged."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Say why this can be published, in a sentence"})
    with transaction.atomic():
        version = lock_for_update(version, expected_version=None)
        if version.status != Status.DRAFT:
            raise ValidationError("Only a draft can be changed.")
        match = next((h for h in checking.check_version(version) if h.fingerprint == fingerprint), None)
        if match is None:
            raise ValidationError("That text is no longer in the publication: check it again.")
        if match.override is not None:
            return match.override
        override = SafetyOverride.objects.create(
            partnership=version.partnership,
            version=version,
            field=match.address,
            kind=str(match.hit.kind),
            found=seal(match.hit.text),
            fingerprint=fingerprint,
            reason=reason,
            decided_by=actor,
        )
        # Keeping a hit changes the draft: its "Last changed" moves (its text does not).
        version.save(update_fields=["updated_at"])
        record(
            actor=actor,
            action="publication.check_overridden",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number, "where": match.address, "kind": match.kind_label, "reason": reason},
        )
    return override
