"""The case pool and one case. Case-level data: every view is logged.

They live here rather than in ``cases`` because who may see a case depends on
the audits it was selected for (``selection.selectors``). Mounted under
``/cases/`` as the ``pool`` namespace; the import pages are ``cases.views``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.cases import pool_presenters as presenters
from maca.cases.models import ServiceLevel
from maca.core.exports import download, filename_for
from maca.core.presenters import pagination
from maca.selection.selectors import sees_identifiers, visible_audit_cases, visible_cases


def _pool_cases(request):
    """The cases of the pool the page lists, filtered as the person asked:
    those of the case lists, not those a past audit brought in."""
    cases = visible_cases(request.membership).filter(from_past_audit=False).order_by("reference")
    # A NUL pasted in with a reference is dropped: PostgreSQL's text holds none.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    level = request.GET.get("level", "")
    if query:
        cases = cases.filter(reference__icontains=query)
    if level in ServiceLevel.values:
        cases = cases.filter(service_level=level)
    return cases, query, level


@require_capability(Capability.VIEW_ALL_CASES)
def pool(request):
    cases, query, level = _pool_cases(request)
    page = Paginator(cases.defer("identifiers"), 50).get_page(request.GET.get("page"))
    record(
        actor=request.user,
        action="case_pool.viewed",
        partnership=request.partnership,
        # Whether a search was made, not what was typed: people type names into search boxes.
        changes={"cases": [c.reference for c in page.object_list], "searched": bool(query), "level": level},
    )
    return render(
        request,
        "pool/index.html",
        {
            "table": presenters.pool_table(page.object_list, on=timezone.localdate()),
            "page": page,
            "pagination": pagination(page, request.GET),
            "query": query,
            "level": level,
            "level_select": {
                "id": "level",
                "name": "level",
                "label": {"text": "Level of service"},
                "items": [{"value": "", "text": "Any"}]
                + [{"value": v, "text": t, "selected": v == level} for v, t in ServiceLevel.choices],
            },
        },
    )


@require_capability(Capability.VIEW_ALL_CASES)
def pool_export(request, fmt: str):
    """Every case the pool page lists with its filters, not only one page of
    them: the page's columns, never an identifier. Logged with the references."""
    cases, query, level = _pool_cases(request)
    cases = cases.defer("identifiers")
    record(
        actor=request.user,
        action="case_pool.exported",
        partnership=request.partnership,
        changes={
            "format": fmt,
            "cases": list(cases.values_list("reference", flat=True)),
            "searched": bool(query),
            "level": level,
        },
    )
    table = presenters.pool_export_table(cases.iterator(chunk_size=2000), on=timezone.localdate())
    return download(table, fmt=fmt, filename=filename_for("case-pool", fmt=fmt))


@require_capability(Capability.VIEW_ALL_CASES, Capability.VIEW_AGENCY_CASES, Capability.VIEW_SCRUTINISED_CASES)
def case(request, pk: int):
    """One case with its children and the identifiers agencies need: only for
    people entitled to it (anyone else gets 404), and logged."""
    membership = request.membership
    # Its last import says which columns its case list had (never the file itself).
    cases = visible_cases(membership).select_related("last_import").defer("last_import__content")
    item = get_object_or_404(cases.prefetch_related("children", "agencies__parent"), pk=pk)
    children = list(item.children.all())
    shown = sees_identifiers(membership)
    record(
        actor=request.user,
        action="case.viewed",
        partnership=request.partnership,
        target=item,
        changes={"identifiers_shown": shown},
    )
    audits = visible_audit_cases(membership).filter(case=item).select_related("audit")
    return render(
        request,
        "pool/case.html",
        {
            "case": item,
            "summary": presenters.case_summary(item, on=timezone.localdate()),
            "children_table": presenters.children_table(
                children, on=timezone.localdate(), all_moved=not children and not item.from_past_audit
            ),
            "sees_identifiers": shown,
            "identifiers": presenters.identifiers_rows(item, children) if shown else [],
            "audits": audits,
        },
    )
