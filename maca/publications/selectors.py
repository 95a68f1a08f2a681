"""Reading publications, always within one partnership (the tenant key):
another partnership's publication is never found, whatever its id."""

from __future__ import annotations

from maca.publications.models import Publication


def kept_publications(partnership):
    """The partnership's publications, but never a draft that was discarded."""
    return Publication.objects.for_partnership(partnership).kept()


def publication_of_audit(partnership, audit, pk: int | None) -> Publication | None:
    """The kept publication ``pk`` of ``audit``, of the partnership; ``None``
    for anything else: no id, another audit's, a discarded one, or another
    partnership's."""
    if pk is None:
        return None
    return kept_publications(partnership).filter(pk=pk, audit=audit).first()
