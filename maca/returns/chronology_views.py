"""Chronology pages: an agency's chronology within its return, and the
integrated multi-agency chronology of a selected case.

Seeing needs the return (or the case) to be among what the person may see
(otherwise 404); changing needs :func:`maca.returns.access.can_edit` (403 when
the person may see the return but not change it).
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from maca.accounts.middleware import reads_its_own_post, refused_if_opened_in_another_partnership
from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.cases.uploads import CaseListUploadHandler
from maca.core.concurrency import EditConflict, changed_on_another_page_title, merge_after_conflict
from maca.core.errors import Refused, apply_validation_error
from maca.core.presenters import date_time
from maca.partnerships.presenters import agency_name
from maca.returns import access, chronology
from maca.returns import chronology_presenters as presenters
from maca.returns import chronology_selectors as selectors
from maca.returns import chronology_services as services
from maca.returns.chronology_forms import (
    EditEntryForm,
    EntryForm,
    IntegratedOptionsForm,
    RemoveEntryForm,
    UploadForm,
)
from maca.returns.selectors import my_agency_returns
from maca.returns.task_list_presenters import asks_for_chronology
from maca.selection.selectors import can_see_audit_cases

SOMEONE_ELSE_CHANGED_ENTRY = "Someone else changed this entry"
CASE_LEVEL = (Capability.VIEW_ALL_CASES, Capability.VIEW_SCRUTINISED_CASES, Capability.VIEW_AGENCY_CASES)


def _url_or_none(name: str, *args) -> str | None:
    """A link to a page of another part of maca, if that page exists yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _return_for(request, return_pk: int, *, adding: bool = False):
    """The return whose chronology the page is about, among those the person
    may see. A deep dive's summative report asks for no chronology (ADR 0016):
    it has no chronology page, unless entries were written on it before it
    asked for none (then they are shown, to keep or remove, as its task list
    links to them: ``task_list_presenters.asks_for_chronology``), and nothing
    can be added to it (``adding``). Otherwise 404, as for a return not seen."""
    return_record = get_object_or_404(selectors.returns_for(request.membership), pk=return_pk)
    if not return_record.audit_case_id and (
        adding or not asks_for_chronology(return_record, selectors.entry_count_of(return_record))
    ):
        raise Http404("A summative report has no chronology")
    return return_record


def _editable_return_for(request, return_pk: int, *, adding: bool = False):
    return_record = _return_for(request, return_pk, adding=adding)
    if not access.can_edit(request.membership, return_record):
        if access.is_own(request.membership, return_record) and request.membership.can(Capability.EDIT_RETURNS):
            # The person's own agency's chronology, closed now (the return was
            # submitted while the page was open, say): told why, as the return's
            # own pages do, rather than that their role does not allow it.
            refusal = services.editing_refusal(return_record)
            if refusal:
                raise Refused(
                    title="You cannot change this chronology",
                    caption=_caption(return_record),
                    paragraphs=[refusal],
                    back_text="Go to the chronology",
                    back_url=reverse("chronology:return", args=[return_record.pk]),
                    status=200,
                )
        raise PermissionDenied
    return return_record


def _editable_keeping_typed(request, return_pk: int, *, adding: bool = False):
    """As :func:`_editable_return_for`, for a page that posts an entry: refused
    (the return was submitted while the person typed, say), the refusal lists
    what they typed, for them to copy; the browser keeps no copy of it."""
    try:
        return _editable_return_for(request, return_pk, adding=adding)
    except Refused as refused:
        if request.method == "POST":
            refused.not_saved = _entry_typed(request.POST)
        raise


def _entry_typed(data) -> list[tuple[str, str]]:
    """The entry in a POST, as (what, typed) pairs: dates as day/month/year,
    the impact by its name."""
    typed = []
    for field in EntryForm(data):
        value = field.field.widget.value_from_datadict(data, {}, field.html_name)
        if isinstance(value, list | tuple):
            text = "/".join(str(part) for part in value) if any(value) else ""
        else:
            text = str(value or "").strip()
        if not text:
            continue
        labels = {str(key): str(label) for key, label in getattr(field.field, "choices", []) or []}
        typed.append((str(field.label), labels.get(text, text)))
    return typed


def _entry_for(return_record, pk: int):
    entry = get_object_or_404(selectors.entries_of(return_record), pk=pk)
    entry.return_record = return_record
    return entry


def _entry_for_editing(request, return_record, pk: int):
    """As :func:`_entry_for`; an entry removed since the page was opened (on
    another page, or by someone else) is told so, with the way back and what
    was typed, for the person to copy."""
    removed = selectors.removed_entry_of(return_record, pk)
    if removed is None:
        return _entry_for(return_record, pk)
    if removed.removed_by_id == request.user.pk:
        who = "you"
    else:
        who = removed.removed_by.full_name if removed.removed_by else "someone"
    refused = Refused(
        title="This entry has been removed",
        caption=_caption(return_record),
        paragraphs=[
            "This entry has been removed from the chronology, so it can no longer be changed: "
            f"{who} removed it on {date_time(removed.removed_at)}."
        ],
        back_text="Go to the chronology",
        back_url=reverse("chronology:return", args=[return_record.pk]),
        status=200,
    )
    if request.method == "POST":
        refused.not_saved = _entry_typed(request.POST)
    raise refused


def _record_entry_viewed(request, entry) -> None:
    record(
        actor=request.user,
        action="chronology_entry.viewed",
        partnership=request.partnership,
        target=entry,
        changes={"return": entry.return_record.pk},
    )


def _caption(return_record) -> str:
    where = f"Case {return_record.audit_case.number}" if return_record.audit_case_id else "All its cases"
    return f"{agency_name(return_record.agency)} – {where} – {return_record.audit.title}"


def _return_page(request, return_record, *, entries=None, form=None, upload_form=None, upload_problems=None):
    """The chronology page, also shown again with a form's errors: each showing is logged."""
    if entries is None:
        entries = list(selectors.entries_of(return_record))
    record(
        actor=request.user,
        action="chronology.viewed",
        partnership=request.partnership,
        target=return_record,
        changes={"entries": len(entries)},
    )
    can_edit = access.can_edit(request.membership, return_record)
    integrated_url = None
    if selectors.can_open_integrated(request.membership, return_record):
        integrated_url = presenters.integrated_url(
            return_record.audit_id,
            return_record.audit_case_id,
            back=reverse("chronology:return", args=[return_record.pk]),
        )
    refusal = None
    if not can_edit and access.is_own(request.membership, return_record):
        refusal = services.editing_refusal(return_record)
    return render(
        request,
        "chronology/return.html",
        {
            "return_record": return_record,
            "caption": _caption(return_record),
            "table": presenters.entries_table(entries, return_record=return_record, can_edit=can_edit),
            "entry_count": len(entries),
            "can_edit": can_edit,
            "refusal": refusal,
            "form": form or EntryForm(),
            "upload_form": upload_form or UploadForm(),
            "upload_summary": presenters.upload_error_summary(
                upload_problems,
                # No file chosen: there is no file to correct, only one to choose.
                file_chosen=not (upload_form and upload_form.has_error("file", "required")),
            )
            if upload_problems
            else None,
            "integrated_url": integrated_url,
            # A task of the return (ADR 0013's addendum): back to its task list
            # for those who work on it, to the return's page for anyone else.
            "back_url": _url_or_none("returns:edit" if can_edit else "returns:detail", return_record.pk),
            # Named as the section pages and Check your answers name the task
            # list: its own back link is the one "Back to the return".
            "back_text": "Back to the sections" if can_edit else f"Back to the {return_record.kind_name}",
            "max_rows": chronology.MAX_UPLOAD_ROWS,
            "headings": chronology.TEMPLATE_HEADINGS,
        },
    )


@require_capability(*CASE_LEVEL)
def return_chronology(request, return_pk: int):
    return _return_page(request, _return_for(request, return_pk))


def _to_the_form(request, return_pk: int, anchor: str, *, adding: bool = False):
    """The address a form of the chronology page posts to, opened in the
    browser (reloaded after a post the page showed again with its errors, say,
    or bookmarked): that form is on the chronology page, so it leads there,
    for those its post is for (anyone else is answered as the post would be)."""
    return_record = _editable_return_for(request, return_pk, adding=adding)
    return redirect(reverse("chronology:return", args=[return_record.pk]) + anchor)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.EDIT_RETURNS)
def add(request, return_pk: int):
    if request.method == "GET":
        return _to_the_form(request, return_pk, "#add", adding=True)
    return_record = _editable_keeping_typed(request, return_pk, adding=True)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.chronology_entry_add(actor=request.user, return_record=return_record, **form.entry_values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The entry has been added to the chronology.")
            return redirect("chronology:return", return_pk=return_record.pk)
    return _return_page(request, return_record, form=form)


@require_http_methods(["GET", "POST"])
@csrf_exempt  # checked below, once the upload handler is in place
@reads_its_own_post  # as is the partnership its form was opened in, then the role
def upload(request, return_pk: int):
    if request.method == "POST":
        # The chronology stays in memory, never in a temporary file, and no
        # more than its size limit is kept (maca.cases.uploads).
        request.upload_handlers = [CaseListUploadHandler(request, limit=chronology.MAX_UPLOAD_BYTES)]
    return _upload(request, return_pk)


@csrf_protect
@refused_if_opened_in_another_partnership
@require_capability(Capability.EDIT_RETURNS)  # after: a page left open says so, even to a role that may not
def _upload(request, return_pk: int):
    if request.method == "GET":
        return _to_the_form(request, return_pk, "#upload", adding=True)
    return_record = _editable_return_for(request, return_pk, adding=True)
    form = UploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            result = services.chronology_import(
                actor=request.user, return_record=return_record, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            problems = list(error.messages)
            if len(problems) == 1:
                form.add_error("file", problems[0])
            else:
                form.add_error("file", f"The file has {len(problems):,} problems. Nothing from it has been saved")
        else:
            added, said = presenters.upload_outcome(result)
            (messages.success if added else messages.info)(request, said)
            return redirect("chronology:return", return_pk=return_record.pk)
    else:
        problems = [str(error) for error in form.errors.get("file", [])]
    return _return_page(request, return_record, upload_form=form, upload_problems=problems)


def _entry_initial(entry) -> dict:
    return {
        "date": entry.date,
        "end_date": entry.end_date,
        "event": entry.event,
        "source": entry.source,
        "impact": entry.impact,
        "action_taken": entry.action_taken,
        "version": entry.version,
    }


@require_capability(Capability.EDIT_RETURNS)
def edit(request, return_pk: int, pk: int):
    return_record = _editable_keeping_typed(request, return_pk)
    entry = _entry_for_editing(request, return_record, pk)
    form = EditEntryForm(request.POST if request.method == "POST" else None, initial=_entry_initial(entry))
    conflict, by_you = "", False
    if request.method == "POST" and form.is_valid():
        try:
            services.chronology_entry_update(
                actor=request.user,
                entry=entry,
                expected_version=form.cleaned_data["version"],
                **form.entry_values(),
            )
        except EditConflict as error:
            entry = error.instance
            merged = merge_after_conflict(form, _entry_initial(entry), version=entry.version)
            by_you = selectors.entry_changed_since_by(entry, form.cleaned_data["version"]) == {request.user.pk}
            conflict = merged.message("this entry", by_you=by_you)
            form = merged.shown_on(EditEntryForm(initial=merged.initial), by_you=by_you)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The entry has been updated.")
            return redirect("chronology:return", return_pk=return_record.pk)
    _record_entry_viewed(request, entry)
    return render(
        request,
        "chronology/edit.html",
        {
            "form": form,
            "entry": entry,
            "return_record": return_record,
            "caption": _caption(return_record),
            "conflict_message": conflict,
            "conflict_title": changed_on_another_page_title("this entry") if by_you else SOMEONE_ELSE_CHANGED_ENTRY,
            "current_summary": presenters.entry_summary(entry) if conflict else None,
            "back_url": reverse("chronology:return", args=[return_record.pk]),
        },
    )


@require_capability(Capability.EDIT_RETURNS)
def remove(request, return_pk: int, pk: int):
    return_record = _editable_return_for(request, return_pk)
    entry = _entry_for(return_record, pk)
    form = RemoveEntryForm(request.POST if request.method == "POST" else None, initial={"version": entry.version})
    conflict = ""
    out_of_date = False
    if request.method == "POST":
        if form.is_valid():
            try:
                services.chronology_entry_remove(
                    actor=request.user, entry=entry, expected_version=form.cleaned_data["version"]
                )
            except EditConflict as error:
                conflict = (
                    "Someone else changed this entry while you were looking at it, so nothing has been removed. "
                    "Check the entry as it is now below, then remove it if you still want to."
                )
                entry = error.instance
                form = RemoveEntryForm(initial={"version": entry.version})
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "The entry has been removed from the chronology.")
                return redirect("chronology:return", return_pk=return_record.pk)
        else:
            form = RemoveEntryForm(initial={"version": entry.version})
            out_of_date = True
    _record_entry_viewed(request, entry)
    return render(
        request,
        "chronology/remove.html",
        {
            "form": form,
            "entry": entry,
            "return_record": return_record,
            "caption": _caption(return_record),
            "conflict_message": conflict,
            "out_of_date": out_of_date,
            "summary": presenters.entry_summary(entry),
            "back_url": reverse("chronology:return", args=[return_record.pk]),
        },
    )


@require_capability(Capability.EDIT_RETURNS, Capability.REVIEW_RETURNS)
def template(request):
    """A CSV with the headings and one made-up example row."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chronology-template.csv"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    csv.writer(response).writerows(chronology.template_rows())
    return response


def _own_returns(membership, audit_case):
    """The pks of (at most two of) the person's agency's live returns on the case."""
    if membership.agency_id is None:
        return []
    return list(my_agency_returns(membership).filter(audit_case=audit_case).values_list("pk", flat=True)[:2])


@require_capability(*CASE_LEVEL)
def integrated(request, audit_pk: int, audit_case_pk: int):
    membership = request.membership
    audit_case = selectors.audit_case_for(membership, audit_pk=audit_pk, audit_case_pk=audit_case_pk)
    if audit_case is None:
        raise Http404("No such case")
    gap_days, cluster_days = IntegratedOptionsForm(request.GET).options()
    result = selectors.integrated_for(membership, audit_case, gap_days=gap_days, cluster_days=cluster_days)
    record(
        actor=request.user,
        action="chronology.viewed",
        partnership=request.partnership,
        target=audit_case,
        changes={"entries": result.entry_count},
    )
    audit = audit_case.audit
    own = _own_returns(membership, audit_case)
    # The page it was opened from (a return, its chronology, the case at the
    # meeting), kept as its options change and in its printable version.
    came_from = presenters.integrated_back(request.GET.get("back"), own_return_pks=own)
    query = urlencode({"gap": gap_days, "cluster_days": cluster_days} | ({"back": came_from[0]} if came_from else {}))
    page_url = reverse("chronology:integrated", args=[audit.pk, audit_case.pk])
    if came_from:
        back_url, back_text = came_from
    elif can_see_audit_cases(membership, audit):
        back_url, back_text = reverse("selection:cases", args=[audit.pk]), "Back to the audit’s cases"
    elif len(own) == 1:
        # Agency staff open this page from their agency's return on the case: back there.
        back_url, back_text = reverse("returns:detail", args=own), "Back to your agency’s return"
    else:
        back_url, back_text = _url_or_none("selection:my_cases"), "Back to your cases"
    own_only = (
        not membership.can(Capability.VIEW_ALL_CASES)
        and not membership.can(Capability.VIEW_SCRUTINISED_CASES)
        and audit.stage not in access.SHARED_STAGES
    )
    return render(
        request,
        "chronology/integrated.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "chronology": result,
            "table": presenters.integrated_table(result),
            "timeline": presenters.timeline_chart(result),
            "left_out": presenters.left_out_notes(selectors.integrated_left_out_for(membership, audit_case)),
            "integrated_shows": presenters.INTEGRATED_SHOWS,
            "agencies_table": presenters.agencies_summary(result),
            "impact_table": presenters.impact_summary(result),
            "options_form": IntegratedOptionsForm(initial={"gap": gap_days, "cluster_days": cluster_days}),
            "print_mode": request.GET.get("print") == "1",
            "print_url": f"{page_url}?{query}&print=1",
            "screen_url": f"{page_url}?{query}",
            "back_url": back_url,
            "back_text": back_text,
            "came_from": came_from[0] if came_from else "",
            "own_only": own_only,
            "today": timezone.localdate(),
        },
    )
