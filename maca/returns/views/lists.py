"""An agency's returns, one page at a time."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.presenters import pagination
from maca.returns import presenters, selectors

LIST_PAGE_SIZE = 50


@require_capability(Capability.EDIT_RETURNS)
def mine(request):
    if not request.membership.agency_id:
        raise Http404("Only agency roles have returns to complete")
    # Ten years of audits are hundreds of returns: one page at a time.
    page = Paginator(selectors.my_agency_returns_listed(request.membership), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record(
        actor=request.user,
        action="agency_returns.viewed",
        partnership=request.partnership,
        target=request.membership.agency,
        changes={"returns": [r.pk for r in page.object_list]},
    )
    has_case_returns, has_summative = selectors.my_agency_return_kinds(request.membership)
    return render(
        request,
        "returns/mine.html",
        {
            "has_case_returns": has_case_returns,
            "has_summative": has_summative,
            "table": presenters.my_returns_table(page.object_list, today=timezone.localdate()),
            "agency": request.membership.agency,
            "page": page,
            "pagination": pagination(page, request.GET),
        },
    )
