from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail import presenters, selectors
from maca.audit_trail.forms import AuditEventFilterForm
from maca.core.presenters import pagination

PAGE_SIZE = 50


@require_capability(Capability.VIEW_AUDIT_LOG)
def events(request):
    actions, object_types = selectors.filter_choices(request.partnership)
    form = AuditEventFilterForm(request.GET or None, actions=actions, object_types=object_types)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    results = selectors.search(request.partnership, **filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit_trail/events.html",
        {
            "form": form,
            "page": page,
            "table": presenters.events_table(page.object_list),
            "pagination": pagination(page, request.GET),
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
