"""Reading case imports, saved column mappings and the size of the pool,
always within one partnership."""

from __future__ import annotations

from maca.cases.models import Case, CaseImport, Child, ColumnMapping
from maca.partnerships.models import Partnership


def imports_for(partnership: Partnership):
    """The partnership's imports, newest first. The stored file (up to tens of
    megabytes, encrypted) is never loaded by a page."""
    return (
        CaseImport.objects.for_partnership(partnership)
        .select_related("uploaded_by", "started_by", "mapping")
        .defer("content")
    )


def mappings_for(partnership: Partnership):
    return ColumnMapping.objects.filter(partnership=partnership).order_by("name")


def mapping_for(partnership: Partnership, pk) -> ColumnMapping | None:
    """A saved mapping of the partnership, or ``None`` for anything else
    (including another partnership's id in the address)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return mappings_for(partnership).filter(pk=pk).first()


def mapping_named(partnership: Partnership, name: str) -> ColumnMapping | None:
    return mappings_for(partnership).filter(name__iexact=name.strip()).first()


def pool_size(partnership: Partnership) -> dict[str, int]:
    """The cases of the case lists and their children (not the cases a past
    audit brought in, which have none)."""
    return {
        "cases": Case.objects.for_partnership(partnership).filter(from_past_audit=False).count(),
        "children": Child.objects.filter(partnership=partnership).count(),
    }
