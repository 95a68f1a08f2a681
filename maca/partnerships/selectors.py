"""Reading agencies within a partnership."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from maca.audit_trail.selectors import changed_since_by
from maca.partnerships import extensions
from maca.partnerships.models import Agency


def agency_tree(partnership) -> list[tuple[Agency, int]]:
    """Every agency of the partnership as ``(agency, depth)``, parents before children."""
    agencies = list(Agency.objects.for_partnership(partnership).select_related("parent"))
    children: dict[int | None, list[Agency]] = defaultdict(list)
    for agency in agencies:
        children[agency.parent_id].append(agency)
    ordered: list[tuple[Agency, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for agency in sorted(children.get(parent_id, []), key=lambda a: a.name.lower()):
            ordered.append((agency, depth))
            walk(agency.pk, depth + 1)

    walk(None, 0)
    return ordered


def descendant_ids(partnership_id: int, agency_id: int) -> set[int]:
    """The agency and everything under it (a care board and its GP practices)."""
    return descendants_of(partnership_id)(agency_id)


def descendants_of(partnership_id: int) -> Callable[[int], set[int]]:
    """:func:`descendant_ids` for many agencies, the tree read once: call the
    answer with each agency's id."""
    pairs = Agency.objects.filter(partnership_id=partnership_id).values_list("id", "parent_id")
    children: dict[int, list[int]] = defaultdict(list)
    for child_id, parent_id in pairs:
        if parent_id is not None:
            children[parent_id].append(child_id)

    def below(agency_id: int) -> set[int]:
        found = {agency_id}
        stack = [agency_id]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    return below


def agencies_for(partnership):
    return Agency.objects.for_partnership(partnership).select_related("parent")


def people_of_agency(agency) -> dict[str, int]:
    """Who would lose access with the agency: its people with access, and the
    invitations to it still waiting (counted by ``accounts``, registered with
    ``partnerships.extensions``)."""
    return extensions.people_of_agency(agency)


AGENCY_VERSION_MOVES = ("agency.updated", "agency.deactivated", "agency.reactivated")


def agency_changed_since_by(agency: Agency, version) -> set:
    """Who changed ``agency`` after ``version`` (the page's): its details or
    whether it is active (``audit_trail.selectors.changed_since_by``). Nobody
    known for a version that is not a number."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        return {None}
    return changed_since_by(agency, version, AGENCY_VERSION_MOVES)
