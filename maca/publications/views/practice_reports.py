"""Learning into practice: each agency reports how it used a published briefing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.partnerships.presenters import agency_name
from maca.publications import practice
from maca.publications.forms import PracticeForm
from maca.publications.presenters import kind_in_sentence, practice_rows, uptake_sentence

from ._shared import _publication


@require_capability(Capability.REPORT_PRACTICE, Capability.MANAGE_PUBLICATIONS)
def practice_view(request, pk: int):
    publication = _publication(request, pk)
    membership = request.membership
    if not practice.is_published(publication):
        raise Http404("Not published")
    reports, missing, uptake = practice.progress(publication)
    expected = practice.expected_agencies(publication)
    if membership.agency_id:
        own = membership.agency.parent_id or membership.agency_id
        choices = [a for a in expected if a.pk == own]
        choices = choices or [membership.agency.parent or membership.agency]
    else:
        # No agency audited the cases in maca (a past audit brought in): any agency may report.
        choices = expected or practice.reporting_agencies(publication)
    agencies = practice.agency_choices(publication, choices)
    can_report = membership.can(Capability.REPORT_PRACTICE)
    initial = {}
    if len(choices) == 1:
        initial["agency"] = choices[0].pk
        mine = next((r for r in reports if r.agency_id == choices[0].pk), None)
        initial["version"] = mine.version if mine else 0
        initial["version_of"] = choices[0].pk
        if mine:
            initial.update(
                meetings_held=mine.meetings_held, staff_reached=mine.staff_reached, changes_made=mine.changes_made
            )
    form = PracticeForm(request.POST or None, agencies=agencies, initial=initial) if can_report else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version")
        try:
            practice.practice_report_save(
                actor=request.user, publication=publication, expected_version=expected_version, **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except EditConflict as error:
            saved = error.instance
            posted = request.POST.copy()
            posted["version_of"] = saved.agency_id
            # The person's own save on another page (one save since this page's
            # version, and it was theirs) is not someone else's.
            by_you = expected_version is not None and saved.version - expected_version == 1
            by_you = by_you and saved.reported_by_id == request.user.pk
            what = f"{agency_name(saved.agency)}’s use of {kind_in_sentence(publication.kind)}"
            figures = (
                f"{saved.meetings_held:,} team meeting{'s' if saved.meetings_held != 1 else ''}, "
                f"{saved.staff_reached:,} staff reached."
            )
            if by_you:
                told = f"You recorded {what} on another page (another tab or window): {figures} "
                told += "Check your figures, then save again to replace those."
            else:
                told = f"Someone else has recorded {what}: {figures} "
                told += "Check your figures, then save again to replace theirs."
            form = typed_again_after_conflict(lambda data: PracticeForm(data, agencies=agencies), posted, error, told)
        else:
            messages.success(
                request,
                f"{agency_name(form.cleaned_data['agency'])}’s use of {kind_in_sentence(publication.kind)} "
                "has been recorded.",
            )
            return redirect("publications:practice", pk=publication.pk)
    return render(
        request,
        "publications/practice.html",
        {
            "publication": publication,
            "reports": reports,
            "report_rows": practice_rows(reports),
            "missing": missing,
            # No agency audited the cases in maca: none was asked, whoever reported.
            "expected": bool(uptake.asked),
            "uptake": uptake_sentence(uptake),
            "form": form,
            "whose": "your agency" if membership.agency_id else "an agency",
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )
