from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, changed_on_another_page_title, merge_after_conflict
from maca.core.errors import apply_validation_error
from maca.core.retention import kinds as data_kinds
from maca.partnerships import presenters, retention, services
from maca.partnerships.forms import AgencyForm, AgencyStatusForm, EditAgencyForm, RetentionForm
from maca.partnerships.selectors import agencies_for, agency_changed_since_by, agency_tree, people_of_agency


@require_capability(Capability.MANAGE_AGENCIES)
def agencies(request):
    tree = agency_tree(request.partnership)
    return render(
        request,
        "partnerships/agencies.html",
        {"table": presenters.agencies_table(tree), "create_url": reverse("partnerships:create")},
    )


@require_capability(Capability.MANAGE_AGENCIES)
def create(request):
    form = AgencyForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = services.agency_create(
                actor=request.user,
                partnership=request.partnership,
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{agency.name} has been added.")
            return redirect("partnerships:agencies")
    return render(
        request,
        "partnerships/agency_form.html",
        {"form": form, "title": "Add an agency", "back_url": reverse("partnerships:agencies")},
    )


def _agency_initial(agency) -> dict:
    return {"name": agency.name, "kind": agency.kind, "parent": agency.parent_id, "version": agency.version}


@require_capability(Capability.MANAGE_AGENCIES)
def edit(request, pk: int):
    agency = get_object_or_404(agencies_for(request.partnership), pk=pk)
    form = EditAgencyForm(
        request.POST or None, partnership=request.partnership, agency=agency, initial=_agency_initial(agency)
    )
    conflict, by_you = None, False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = services.agency_update(
                actor=request.user,
                agency=agency,
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                expected_version=data["version"],
            )
        except EditConflict as error:
            agency = error.instance
            merged = merge_after_conflict(form, _agency_initial(agency), version=agency.version)
            # Said as the audit's pages say it: the person's own save on another page is not someone else's.
            by_you = agency_changed_since_by(agency, data["version"]) == {request.user.pk}
            conflict = merged.message("this agency", by_you=by_you)
            form = merged.shown_on(
                EditAgencyForm(partnership=request.partnership, agency=agency, initial=merged.initial), by_you=by_you
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            changed = agency.version != data["version"]
            messages.success(
                request,
                f"{agency.name} has been updated." if changed else f"Nothing was changed: {agency.name} is as it was.",
            )
            return redirect("partnerships:agencies")
    return render(
        request,
        "partnerships/agency_form.html",
        {
            "form": form,
            "agency": agency,
            "title": f"Change {agency.name}",
            "conflict_message": conflict or "",
            "conflict_title": changed_on_another_page_title("this agency") if conflict and by_you else "",
            "back_url": reverse("partnerships:agencies"),
            "current_summary": presenters.agency_summary(agency) if conflict else None,
            "access_lost": presenters.access_lost_with_agency(people_of_agency(agency)) if agency.is_active else "",
            "status_refused": _status_refused(agency),
            "status_words": STATUS_WORDS,
            # A GP practice saved before a practice had to sit under its group: how to put it right.
            "without_a_group": services.gp_practice_without_a_group(agency),
        },
    )


STATUS_WORDS = {
    "not_taking_part": presenters.AGENCY_NOT_TAKING_PART,
    "mark_not_taking_part": presenters.MARK_NOT_TAKING_PART,
    "mark_taking_part_again": presenters.MARK_TAKING_PART_AGAIN,
}


def _status_refused(agency) -> str:
    """Why the agency cannot stop taking part (sub-units still do) or take part again
    (the agency it is part of does not) now, said before the button rather than after it."""
    try:
        services.check_agency_active(agency=agency, active=not agency.is_active)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@require_POST
@require_capability(Capability.MANAGE_AGENCIES)
def set_status(request, pk: int):
    agency = get_object_or_404(agencies_for(request.partnership), pk=pk)
    form = AgencyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date. Check the agency and try again.")
        return redirect("partnerships:edit", pk=agency.pk)
    try:
        agency, ended = services.agency_set_active(
            actor=request.user,
            agency=agency,
            active=form.cleaned_data["active"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as error:
        by_you = agency_changed_since_by(error.instance, form.cleaned_data["version"]) == {request.user.pk}
        messages.error(request, error.message("this agency", by_you=by_you))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if agency.is_active:
            messages.success(request, presenters.taking_part_again(agency.name))
        else:
            # What stopping taking part did, counted in its transaction.
            lost = presenters.access_lost_after_deactivation(ended)
            messages.success(request, f"{presenters.no_longer_taking_part(agency.name)} {lost}".strip())
    return redirect("partnerships:edit", pk=agency.pk)


@require_capability(Capability.MANAGE_RETENTION)
def retention_settings(request):
    partnership = request.partnership
    policy = retention.policy_of(partnership)
    kinds = data_kinds()
    initial = {**retention.periods_of(partnership, policy), "version": policy.version}
    form = RetentionForm(request.POST or None, kinds=kinds, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            retention.retention_policy_update(
                actor=request.user,
                partnership=partnership,
                periods={kind.key: data[kind.key] for kind in kinds},
                expected_version=data["version"],
            )
        except EditConflict:
            current = retention.policy_of(partnership)
            merged = merge_after_conflict(
                form,
                {**retention.periods_of(partnership, current), "version": current.version},
                version=current.version,
            )
            conflict = merged.message("the retention periods")
            form = merged.shown_on(RetentionForm(kinds=kinds, initial=merged.initial))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The retention periods have been saved. The next daily run applies them.")
            return redirect("retention:settings")
    return render(
        request,
        "partnerships/retention.html",
        {
            "form": form,
            "kind_fields": [form[kind.key] for kind in kinds],
            "conflict_message": conflict or "",
            "current_summary": presenters.retention_summary(kinds, retention.periods_of(partnership))
            if conflict
            else None,
            "runs": presenters.retention_runs_table(retention.last_runs(partnership), kinds),
        },
    )
