"""What the case pool keeps no longer than the partnership decides
(``maca.core.retention``): uploaded files not imported, and the helpers the
apps above use to delete never-selected cases and forget identifiers."""

from __future__ import annotations

from maca.cases.models import Case, Child

BATCH = 2000


def forget_uploaded_files(*, partnership, before) -> int:
    """An uploaded case list that was never imported: its file goes, and the
    upload reads as expired (``case_uploads_expire``). Imported and failed
    lists lose their file at once; a list being imported keeps it."""
    from maca.cases.services import case_uploads_expire

    return case_uploads_expire(partnership=partnership, before=before)


def delete_cases(*, partnership, case_ids: list[int]) -> int:
    """Delete cases, their children and their links to agencies, in batches."""
    deleted = 0
    for start in range(0, len(case_ids), BATCH):
        batch = case_ids[start : start + BATCH]
        Child.objects.filter(partnership=partnership, case_id__in=batch).delete()
        Case.agencies.through.objects.filter(case_id__in=batch).delete()
        deleted += Case.objects.filter(partnership=partnership, pk__in=batch).delete()[0]
    return deleted


def names_held_for(case_ids: list[int]) -> dict[int, list[str]]:
    """case id -> the names held (encrypted) for its children and family, to
    take out of free text before the identifiers go."""
    from maca.core.fields import reveal

    names: dict[int, list[str]] = {}
    children = Child.objects.filter(case_id__in=case_ids).exclude(identifiers="").values_list("case_id", "identifiers")
    families = Case.objects.filter(pk__in=case_ids).exclude(identifiers="").values_list("pk", "identifiers")
    for case_id, sealed in [*children, *families]:
        name = (reveal(sealed) or {}).get("name")
        if name:
            names.setdefault(case_id, []).append(name)
    return names


def forget_identifiers(*, partnership, case_ids: list[int]) -> int:
    """Clear the encrypted identifiers of cases and their children (case-system
    numbers, NHS numbers, names, dates of birth). Returns the cases that held any."""
    held = set(
        Case.objects.filter(partnership=partnership, pk__in=case_ids)
        .exclude(identifiers="")
        .values_list("pk", flat=True)
    ) | set(
        Child.objects.filter(partnership=partnership, case_id__in=case_ids)
        .exclude(identifiers="")
        .values_list("case_id", flat=True)
    )
    Child.objects.filter(partnership=partnership, case_id__in=held).update(identifiers="")
    Case.objects.filter(partnership=partnership, pk__in=held).update(identifiers="")
    return len(held)
