"""The progress of a programme year: pictures and tables of figures, for
everyone who may read the programme, the board included. No case-level data:
counts per stage, per audit and per agency."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.programme.charts import stages_chart
from maca.programme.models import year_label
from maca.programme.selectors import audits_for, programmes_for
from maca.returns import progress


@require_capability(Capability.VIEW_PROGRAMME)
def year_progress(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404("No programme for that year")
    partnership = request.partnership
    label = year_label(year)
    programme = programmes_for(partnership).filter(year=year).first()
    since = year - progress.YEARS_SHOWN + 1
    recent = list(audits_for(partnership).filter(programme__year__range=(since, year)))
    audits = [audit for audit in recent if audit.programme_id == getattr(programme, "pk", None)]
    items = progress.audits_progress(partnership, recent, today=timezone.localdate())
    this_year = [item for item in items if item.audit.programme_id == getattr(programme, "pk", None)]
    return render(
        request,
        "returns/progress.html",
        {
            "year": year,
            "label": label,
            "programme": programme,
            "stages_chart": stages_chart(audits, label=label),
            "returns_chart": progress.returns_chart(this_year, label=label) if this_year else None,
            "rate_chart": progress.rate_over_time_chart(items, since=since) if items else None,
            "agencies_chart": progress.agency_rates_chart(items) if items else None,
            "back_url": reverse("programme:year", args=[year]),
        },
    )
