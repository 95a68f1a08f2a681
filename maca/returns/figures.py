"""The one meaning of each word and figure about returns, used by every page
that shows them (the response grid, the counts, the progress of a year, the
agency's returns, the home pages and the exports). See ADR 0012.

- **Due**: a return is due on its audit's return deadline.
- **In**: a return the agency has submitted, or the QA officer has accepted.
  Only returns that are in count as responses.
- **Outstanding**: a live return that is not in (not started, draft or sent
  back). Withdrawn returns are not asked for, so they are neither.
- **Late**: an outstanding return whose deadline has passed. A return that is
  in is never late, whenever it came in.
- **Submitted late**: a return that is in, whose first submission came on
  a day after its deadline (the same rule as a deadline passed: submitted on
  the day it is due is on time). Its pages keep saying so, with the day it
  first came in, once it is no longer late. A return first submitted on time
  is never submitted late, however late the QA officer sent it back and the
  agency resubmitted it: that was not the agency's lateness.
- **Past its deadline** (an audit): its deadline has passed while some of its
  returns are still outstanding.

maca says "late", never "overdue".

The response figures ("3 of 35 returns in") count each agency's sub-units
under the agency at the top of its tree, as the reminders do: a care board's
figure includes its GP practices'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from maca.programme.models import deadline_passed, returns_called
from maca.returns.models import RESPONDED_STATUSES, ReturnStatus

LATE = "Late"


def is_in(status: str) -> bool:
    return status in RESPONDED_STATUSES


def is_outstanding(status: str) -> bool:
    return status != ReturnStatus.WITHDRAWN and not is_in(status)


def is_late(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    return is_outstanding(status) and deadline_passed(deadline, today)


def return_is_late(return_record, today: dt.date) -> bool:
    return is_late(return_record.status, return_record.audit.return_deadline, today)


SUBMITTED_LATE = "Submitted late"


def submitted_late(status: str, first_submitted_at: dt.datetime | None, deadline: dt.date | None) -> bool:
    """In, and first submitted on a day after its deadline (see the module's
    words). ``first_submitted_at``: the return's first submission
    (``Return.first_submitted_at``), never its latest."""
    if not is_in(status) or first_submitted_at is None:
        return False
    return deadline_passed(deadline, timezone.localtime(first_submitted_at).date())


def return_submitted_late(return_record, deadline: dt.date | None = None) -> bool:
    """:func:`submitted_late` of a return (``deadline``: its audit's, if already at hand)."""
    if deadline is None:
        deadline = return_record.audit.return_deadline
    return submitted_late(return_record.status, return_record.first_submitted_at, deadline)


@dataclass(frozen=True)
class Response:
    """Returns in against returns asked for. ``kind``: the audit's kind
    (``AuditKind``), for what its returns are called: a deep dive's are
    summative reports (:func:`maca.programme.models.returns_called`)."""

    responded: int
    total: int
    kind: str = ""

    @property
    def outstanding(self) -> int:
        return self.total - self.responded

    @property
    def rate(self) -> float | None:
        """Percentage in, to one decimal place (None when none were asked for)."""
        return round(100 * self.responded / self.total, 1) if self.total else None

    @property
    def share_text(self) -> str:
        """The share in, in whole per cent (``9%``): never 100% while a return
        is outstanding, nor 0% once one is in (99% and 1% at the edges)."""
        share = self.responded / self.total
        if 0 < self.responded < self.total:
            share = min(max(share, 0.01), 0.99)
        return f"{share:.0%}"

    @property
    def text(self) -> str:
        """``3 of 35 (9%)``."""
        return f"{self.responded} of {self.total}" + (f" ({self.share_text})" if self.total else "")

    @property
    def called(self) -> str:
        """What the returns counted are called, as many as ``total``."""
        return returns_called(self.kind, self.total)

    @property
    def counted_text(self) -> str:
        """``3 of 35 returns`` (``3 of 8 summative reports`` in a deep dive)."""
        return f"{self.responded} of {self.total} {self.called}"

    @property
    def returns_text(self) -> str:
        """``3 of 35 returns in (9%)`` (``1 of 8 summative reports in (12%)``)."""
        text = f"{self.counted_text} in"
        return text + (f" ({self.share_text})" if self.total else "")


def response_of(statuses) -> Response:
    """The response figure of some returns' statuses (withdrawn ones left out)."""
    statuses = [s for s in statuses if s != ReturnStatus.WITHDRAWN]
    return Response(sum(is_in(s) for s in statuses), len(statuses))


def rate_text(responded: int, total: int) -> str:
    return Response(responded, total).text


def rate(responded: int, total: int) -> float | None:
    return Response(responded, total).rate


def with_parents(agencies: dict) -> dict:
    """``agencies`` (every agency of a partnership by id) with each one's
    parent set from the same dict, no query: so that
    ``partnerships.presenters.agency_name`` names a sub-unit with the agency at
    the top of its tree ("Mill Lane Surgery (Testshire Care Board)") without
    reading the tree again, a row at a time."""
    for agency in agencies.values():
        parent = agencies.get(agency.parent_id)
        if parent is not None:
            agency.parent = parent
    return agencies


def top_level(agency_id: int, parents: dict[int, int | None]) -> int:
    """The agency at the top of ``agency_id``'s tree (``parents``: id → parent id)."""
    seen = set()
    while parents.get(agency_id) is not None and agency_id not in seen:
        seen.add(agency_id)
        agency_id = parents[agency_id]
    return agency_id


def response_of_counts(counts: dict[str, int], *, kind: str = "") -> Response:
    """The response figure from a count of returns by status (of an audit of ``kind``)."""
    return Response(
        sum(n for status, n in counts.items() if is_in(status)),
        sum(n for status, n in counts.items() if status != ReturnStatus.WITHDRAWN),
        kind,
    )
