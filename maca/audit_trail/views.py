from __future__ import annotations

import json

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail import paging, presenters, selectors
from maca.audit_trail.forms import AuditEventFilterForm


@require_capability(Capability.VIEW_AUDIT_LOG)
def events(request):
    partnership = request.partnership
    form = AuditEventFilterForm(
        request.GET or None,
        people=selectors.people_choices(partnership),
        actions=selectors.action_choices(partnership),
        object_types=selectors.object_type_choices(partnership),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = paging.page_of(
        selectors.search(partnership, **filters), after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "audit_trail/events.html",
        {
            "form": form,
            "page": page,
            "count_cap": paging.COUNT_CAP,
            "table": presenters.events_table(page.events),
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
            "changes": json.dumps(item.changes, indent=2, ensure_ascii=False),
            "back_url": reverse("audit_trail:events"),
        },
    )
