from __future__ import annotations

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail import paging, presenters, selectors
from maca.audit_trail.forms import AuditEventFilterForm
from maca.audit_trail.sentences import sentence
from maca.audit_trail.services import record
from maca.core.exports import check_size, download, filename_for

# A filter in error selects nothing: the page lists no events and offers no download until it is put right.
FILTERS_NOT_APPLIED = "No events are listed until the filters are put right."
NOT_DOWNLOADED = "Nothing was downloaded: put right the filters, then download again."


def _filtered(request):
    """The filter form and the events it selects, as the page shows them;
    the events are None while a filter is in error (none is applied)."""
    partnership = request.partnership
    form = AuditEventFilterForm(
        request.GET or None,
        people=selectors.people_choices(partnership),
        actions=selectors.action_choices(partnership),
        object_types=selectors.object_type_choices(partnership),
    )
    if form.is_bound and not form.is_valid():
        return form, {}, None
    filters = form.cleaned_data if form.is_bound else {}
    return form, filters, selectors.search(partnership, **filters)


@require_capability(Capability.VIEW_AUDIT_LOG)
def events(request):
    form, _filters, results = _filtered(request)
    if results is None:
        return render(
            request, "audit_trail/events.html", {"form": form, "page": None, "not_applied": FILTERS_NOT_APPLIED}
        )
    page = paging.page_of(results, after=request.GET.get("after"), before=request.GET.get("before"))
    return render(
        request,
        "audit_trail/events.html",
        {
            "form": form,
            "page": page,
            "count_cap": paging.COUNT_CAP,
            "table": presenters.events_table(page.events, query=request.GET.urlencode()),
            "pagination": paging.pagination(page, request.GET),
        },
    )


@require_capability(Capability.VIEW_AUDIT_LOG)
def event(request, pk: int):
    item = get_object_or_404(selectors.events_for(request.partnership).select_related("actor"), pk=pk)
    return render(
        request,
        "audit_trail/event.html",
        {
            "event": item,
            "summary": presenters.event_summary(item),
            "what_happened": sentence(item),
            "changes": presenters.changes_rows(item.changes),
            # Back to the list as it was left: its filters and its page.
            "back_url": "?".join(filter(None, [reverse("audit_trail:events"), request.GET.urlencode()])),
        },
    )


@require_capability(Capability.VIEW_AUDIT_LOG)
def events_export(request, fmt: str):
    """The events the page lists with its filters, all of them (not one page),
    with every detail the event page shows: for an information governance
    request as much as for a review. A CSV streams, so a long log never sits
    in memory; a spreadsheet holds at most a million rows."""
    _form, filters, results = _filtered(request)
    if results is None:
        # Never everything in place of what was asked for: the page shows what to put right.
        messages.error(request, NOT_DOWNLOADED)
        return redirect(reverse("audit_trail:events") + "?" + request.GET.urlencode())
    # What the log holds now: the record of this export is not part of it.
    newest = selectors.events_for(request.partnership).aggregate(newest=Max("pk"))["newest"] or 0
    results = results.filter(pk__lte=newest)
    count = results.count()
    if problem := check_size(count, fmt):
        messages.error(request, problem)
        return redirect(reverse("audit_trail:events") + "?" + request.GET.urlencode())
    record(
        actor=request.user,
        action="audit_log.exported",
        partnership=request.partnership,
        changes={"format": fmt, "events": count, "filters": {k: v for k, v in filters.items() if v}},
    )
    return download(
        presenters.events_export_table(results.iterator(chunk_size=2000)),
        fmt=fmt,
        filename=filename_for("audit-log", request.partnership.short_name, fmt=fmt),
    )
