"""Importing case lists: upload, map the columns, see the result.

(The case pool pages are in ``maca.selection.pool_views``.)"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from maca.accounts.middleware import reads_its_own_post, refused_if_opened_in_another_partnership
from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.cases import presenters, selectors, services
from maca.cases.columns import guess_columns
from maca.cases.forms import MappingForm, UploadForm
from maca.cases.models import ImportStatus
from maca.cases.reading import MAX_ROWS, max_bytes
from maca.cases.uploads import CaseListUploadHandler
from maca.core.errors import apply_validation_error
from maca.core.presenters import pagination
from maca.partnerships.retention import periods_of

PAGE_SIZE = 50


@require_capability(Capability.IMPORT_CASES)
def imports(request):
    page = Paginator(selectors.imports_for(request.partnership), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/imports.html",
        {
            "table": presenters.imports_table(page.object_list),
            "pagination": pagination(page, request.GET),
            "pool": selectors.pool_size(request.partnership),
            "upload_url": reverse("cases:import_new"),
        },
    )


@csrf_exempt  # checked below, once the upload handler is in place
@reads_its_own_post  # as is the partnership its form was opened in, then the role
def import_new(request):
    # The upload stays in memory, never in a temporary file (maca.cases.uploads).
    request.upload_handlers = [CaseListUploadHandler(request)]
    return _import_new(request)


@csrf_protect
@refused_if_opened_in_another_partnership
@require_capability(Capability.IMPORT_CASES)  # after: a page left open says so, even to a role that may not
def _import_new(request):
    # An empty POST (no file chosen) must still bind the form, to say so.
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            case_import = services.case_import_upload(
                actor=request.user, partnership=request.partnership, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("cases:import_mapping", pk=case_import.pk)
    return render(
        request,
        "cases/import_new.html",
        {
            "form": form,
            "back_url": reverse("cases:imports"),
            "limits": f"The file can be up to {max_bytes() // (1024 * 1024)} MB and {MAX_ROWS:,} rows. "
            f"It is kept encrypted until it has been imported, then deleted; a file not imported within "
            f"{_upload_days(request)} days is deleted.",
        },
    )


@require_capability(Capability.IMPORT_CASES)
def import_mapping(request, pk: int):
    case_import = get_object_or_404(selectors.imports_for(request.partnership), pk=pk)
    if case_import.status != ImportStatus.UPLOADED:
        return redirect("cases:import_detail", pk=case_import.pk)
    # What fills the form in, which the "Use a saved mapping" select and the
    # note under it both name: the saved mapping asked for; the suggestion
    # from the headings when that is asked for (even where a saved mapping
    # matched the file on upload); or else what the upload suggested.
    asked = request.GET.get("mapping")
    chosen = selectors.mapping_for(request.partnership, asked)
    if chosen:
        initial = chosen.columns
    elif asked is not None:
        initial = guess_columns(case_import.headers)
    else:
        initial = case_import.columns
    prefilled_from = chosen or (None if asked is not None else case_import.mapping)
    form = MappingForm(request.POST if request.method == "POST" else None, headers=case_import.headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_import_start(
                actor=request.user,
                case_import=case_import,
                columns=form.columns(),
                save_as=form.cleaned_data["save_as"] or None,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("cases:import_detail", pk=case_import.pk)
    mappings = list(selectors.mappings_for(request.partnership))
    missing = sorted(set(chosen.columns.values()) - set(case_import.headers)) if chosen else []
    return render(
        request,
        "cases/import_mapping.html",
        {
            "case_import": case_import,
            "form": form,
            "prefill_note": (
                f"Filled in from the saved mapping ‘{prefilled_from.name}’. Check each column before you import."
                if prefilled_from
                else "Filled in by matching your file’s headings. Check each column before you import."
            ),
            "missing_note": (
                "The saved mapping uses columns that are not in this file: " + ", ".join(f"‘{h}’" for h in missing)
                if missing
                else ""
            ),
            "mapping_choice": presenters.mapping_choice(mappings, prefilled_from) if mappings else None,
            "back_url": reverse("cases:import_detail", args=[case_import.pk]),
        },
    )


@require_capability(Capability.IMPORT_CASES)
def import_detail(request, pk: int):
    case_import = get_object_or_404(selectors.imports_for(request.partnership), pk=pk)
    problems = case_import.errors or []
    problem_count = (case_import.summary or {}).get("problems", len(problems))
    if case_import.status != ImportStatus.QUEUED or request.headers.get("HX-Request") != "true":
        # Opening the page is recorded (its problems can quote a misspelt word
        # from the file). The progress a queued import's page fetches again
        # every few seconds is not, while the import runs: it would fill the
        # log with an event every three seconds. The fetch that finds it
        # finished (and may bring its problems) is recorded, as the header
        # alone, which anyone can send, must not keep a view out of the log.
        record(
            actor=request.user,
            action="case_import.viewed",
            partnership=request.partnership,
            target=case_import,
            changes={"problems": problem_count, "problems_shown": min(len(problems), presenters.SHOWN_PROBLEMS)},
        )
    return render(
        request,
        "cases/import_detail.html",
        {
            "case_import": case_import,
            "summary": presenters.import_summary(case_import),
            "result": presenters.result_summary(case_import),
            "problems_table": presenters.problems_table(problems) if problems else None,
            "problem_count": problem_count,
            "problems_found": presenters.problems_found(problem_count),
            "problems_shown": min(len(problems), presenters.SHOWN_PROBLEMS),
            "back_url": reverse("cases:imports"),
            "statuses": ImportStatus,
            "retention_days": _upload_days(request),
        },
    )


@require_POST
@require_capability(Capability.IMPORT_CASES)
def import_discard(request, pk: int):
    case_import = get_object_or_404(selectors.imports_for(request.partnership), pk=pk)
    try:
        services.case_import_discard(actor=request.user, case_import=case_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:import_detail", pk=case_import.pk)
    messages.success(request, f"{case_import.filename} has been discarded.")
    return redirect("cases:imports")


def _upload_days(request) -> int:
    """How long the partnership keeps a case list that was uploaded and never imported."""
    return periods_of(request.partnership)["uploaded_files"]
