"""The list of publications, and a new publication drafted from an audit or a year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.errors import apply_validation_error
from maca.core.numbers import whole_number
from maca.programme.selectors import audits_for
from maca.publications import access, presenters, services
from maca.publications.forms import NewPublicationForm
from maca.publications.models import Kind, Status


@require_capability(Capability.VIEW_PUBLICATIONS)
def index(request):
    membership = request.membership
    rows = []
    allowed = access.visible_statuses(membership)  # once: for most roles it reads the settings
    for publication in access.publications_for(membership).prefetch_related("versions"):
        rows.append((publication, access.current_among(publication.versions.all(), allowed)))
    return render(
        request,
        "publications/index.html",
        {
            "table": presenters.publications_table(rows),
            "count": len(rows),
            "can_manage": access.can_manage(membership),
            # Read from the statuses already allowed: the approver's role sees those waiting.
            "is_approver": Status.SUBMITTED in allowed,
            "can_configure": membership.can(Capability.MANAGE_MEMBERS),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def new(request):
    audits = audits_for(request.partnership).order_by("-programme__year", "title")
    initial = {}
    if whole_number(request.GET.get("audit")) is not None:
        initial["audit"] = whole_number(request.GET["audit"])
    form = NewPublicationForm(request.POST or None, audits=audits, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        chosen = {
            "kind": form.cleaned_data["kind"],
            "audit": form.cleaned_data.get("audit"),
            "year": form.cleaned_data.get("year"),
        }
        try:
            publication = services.publication_create(actor=request.user, partnership=request.partnership, **chosen)
        except ValidationError as error:
            apply_validation_error(form, error)
            # "Already has one": the one it has, to open, beside the error.
            existing = services.existing_publication(partnership=request.partnership, **chosen)
        else:
            source = "the year’s audits" if publication.kind == Kind.ANNUAL_REPORT else "the audit’s record"
            messages.success(request, f"‘{publication.title}’ has been drafted from {source}.")
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        "publications/new.html",
        {"form": form, "existing": existing, "back_url": reverse("publications:index")},
    )
