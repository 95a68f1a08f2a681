"""Who has responded: the grid of cases × agencies, and the counts per agency
(with its sub-units: "31 of 41 GP practices responded")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_order
from maca.returns import figures
from maca.returns.models import Return, ReturnStatus


@dataclass
class AgencyResponse:
    agency: Agency
    total: int = 0
    responded: int = 0
    sub_units: set[int] = field(default_factory=set)
    sub_units_responded: set[int] = field(default_factory=set)
    kind: str = ""  # the audit's (AuditKind): what its returns are called

    @property
    def outstanding(self) -> int:
        return self.total - self.responded

    @property
    def figure(self) -> figures.Response:
        return figures.Response(self.responded, self.total, self.kind)


@dataclass
class Grid:
    agencies: list[Agency]  # the columns, in name order, sub-units under their agency
    rows: list[tuple[object, list[Return | None]]]  # (audit case or None for a deep dive, cell per agency)
    responses: list[AgencyResponse]  # per top-level agency
    deadline: dt.date | None
    overdue: bool
    total: int
    responded: int
    kind: str = ""  # the audit's (AuditKind): what its returns are called

    @property
    def figure(self) -> figures.Response:
        return figures.Response(self.responded, self.total, self.kind)

    @property
    def is_summative(self) -> bool:
        """A deep dive's grid: one column, each agency's summative report across its cases."""
        return bool(self.rows) and all(audit_case is None for audit_case, _ in self.rows)

    @property
    def caption(self) -> str:
        """What the grid holds, as its page and its download both name it."""
        return "Summative reports by agency" if self.is_summative else "Returns by agency and case"

    def case_labels(self) -> list[str]:
        """The grid's columns as pages and downloads show it (ADR 0014): a case each."""
        return [
            f"Case {audit_case.number}" if audit_case is not None else "Summative report" for audit_case, _ in self.rows
        ]

    def by_agency(self) -> list[tuple[Agency, list[Return | None]]]:
        """The grid turned, as pages and downloads show it: an agency a row, its
        return for each case a cell (ADR 0014). Agencies outnumber an audit's
        cases, so the grid grows down the page rather than across it."""
        return [(agency, [cells[index] for _, cells in self.rows]) for index, agency in enumerate(self.agencies)]

    def is_late(self, return_record: Return) -> bool:
        """Still not in after the deadline (:func:`maca.returns.figures.is_late`)."""
        return self.overdue and figures.is_outstanding(return_record.status)

    def submitted_late(self, return_record: Return) -> bool:
        """In, but first submitted after the deadline (:func:`maca.returns.figures.submitted_late`)."""
        return figures.submitted_late(return_record.status, return_record.first_submitted_at, self.deadline)


def tracking_grid(audit, returns: list[Return], agencies: dict[int, Agency], *, today: dt.date) -> Grid:
    """``returns``: the audit's live returns (with ``audit_case`` and ``agency``
    loaded), and any withdrawn one to show in a cell no live return holds
    (counted in no figure); ``agencies``: every agency of the partnership by id (for grouping
    sub-units under their top-level agency)."""
    parents = {pk: agency.parent_id for pk, agency in agencies.items()}
    # Each sub-unit under the agency at the top of its tree, as it is named
    # (``partnerships.presenters.agency_name``).
    columns = sorted({r.agency_id for r in returns}, key=lambda pk: agency_order(agencies[pk]))
    position = {pk: i for i, pk in enumerate(columns)}
    cases: dict[object, list[Return | None]] = {}
    order: list[object] = []
    responses: dict[int, AgencyResponse] = {}
    for return_record in returns:
        key = return_record.audit_case_id
        if key not in cases:
            cases[key] = [None] * len(columns)
            order.append(return_record.audit_case)
        cell = cases[key][position[return_record.agency_id]]
        if cell is None or cell.status == ReturnStatus.WITHDRAWN:
            cases[key][position[return_record.agency_id]] = return_record
        if return_record.status == ReturnStatus.WITHDRAWN:
            # Shown in its cell ("Withdrawn", :func:`maca.returns.selectors.audit_return_cells`),
            # but no longer asked for: neither in nor outstanding, in no figure.
            continue
        top = figures.top_level(return_record.agency_id, parents)
        response = responses.setdefault(top, AgencyResponse(agencies[top], kind=audit.kind))
        response.total += 1
        done = figures.is_in(return_record.status)
        response.responded += done
        if return_record.agency_id != top:
            response.sub_units.add(return_record.agency_id)
            if done:
                response.sub_units_responded.add(return_record.agency_id)
    order.sort(key=lambda audit_case: audit_case.number if audit_case is not None else 0)
    rows = [(audit_case, cases[audit_case.pk if audit_case is not None else None]) for audit_case in order]
    total = sum(r.total for r in responses.values())
    responded = sum(r.responded for r in responses.values())
    deadline = audit.return_deadline
    return Grid(
        agencies=[agencies[pk] for pk in columns],
        rows=rows,
        responses=sorted(responses.values(), key=lambda r: r.agency.name.lower()),
        deadline=deadline,
        overdue=figures.deadline_passed(deadline, today),
        total=total,
        responded=responded,
        kind=audit.kind,
    )


def counts_by_status(returns: list[Return]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for return_record in returns:
        counts[return_record.status] += 1
    return dict(counts)
