from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, rebase_on_version
from maca.core.errors import apply_validation_error
from maca.core.presenters import long_date
from maca.programme.selectors import audits_for
from maca.publications import access, checking, files, practice, presenters, pseudonyms, rendering, services
from maca.publications.document import Document
from maca.publications.forms import (
    ConfirmForm,
    CorrectionForm,
    FamilyMemberForm,
    NamesForm,
    NewPublicationForm,
    OverrideForm,
    PracticeForm,
    ReplaceForm,
    SectionForm,
    SendBackForm,
    SettingsForm,
)
from maca.publications.models import Kind, Publication, Status
from maca.selection.selectors import audit_cases

FORMATS = {
    "pdf": ("application/pdf", rendering.pdf_bytes),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        rendering.docx_bytes,
    ),
}


def _publication(request, pk: int) -> Publication:
    return get_object_or_404(access.publications_for(request.membership), pk=pk)


def _current(request, publication):
    version = access.current_version(request.membership, publication)
    if version is None:
        raise Http404("No version to show")
    return version


def _require_manage(request) -> None:
    if not access.can_manage(request.membership):
        raise PermissionDenied


def letterhead_for(publication, version) -> rendering.Letterhead:
    settings = access.settings_for(publication.partnership)
    note = {
        Status.DRAFT: f"Draft, version {version.number}: not for circulation",
        Status.SUBMITTED: f"Version {version.number}, awaiting approval: not for circulation",
        Status.APPROVED: f"Version {version.number}, approved: not yet published",
        Status.WITHDRAWN: f"Version {version.number}: replaced by a correction",
    }.get(Status(version.status), "")
    return rendering.Letterhead(publication.partnership.name, bytes(settings.logo_png or b""), note)


# The list ----------------------------------------------------------------------------------


@require_capability(Capability.VIEW_PUBLICATIONS)
def index(request):
    membership = request.membership
    rows = []
    for publication in access.publications_for(membership).prefetch_related("versions"):
        allowed = access.visible_statuses(membership)
        visible = [v for v in publication.versions.all() if v.status in allowed]
        rows.append((publication, max(visible, key=lambda v: v.number)))
    return render(
        request,
        "publications/index.html",
        {
            "table": presenters.publications_table(rows),
            "count": len(rows),
            "can_manage": access.can_manage(membership),
            "can_configure": membership.can(Capability.MANAGE_MEMBERS),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def new(request):
    audits = audits_for(request.partnership).order_by("-programme__year", "title")
    initial = {}
    if request.GET.get("audit", "").isdigit():
        initial["audit"] = int(request.GET["audit"])
    form = NewPublicationForm(request.POST or None, audits=audits, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_create(
                actor=request.user,
                partnership=request.partnership,
                kind=form.cleaned_data["kind"],
                audit=form.cleaned_data.get("audit"),
                year=form.cleaned_data.get("year"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            source = "the year's audits" if publication.kind == Kind.ANNUAL_REPORT else "the audit's record"
            messages.success(request, f"‘{publication.title}’ has been drafted from {source}.")
            return redirect("publications:detail", pk=publication.pk)
    return render(request, "publications/new.html", {"form": form, "back_url": reverse("publications:index")})


# One publication ---------------------------------------------------------------------------


def sent_back_notice(version) -> dict | None:
    """What the approver said needs to change, while the draft is back with its writers."""
    if not version.is_back_with_writers:
        return None
    return {
        "who": version.sent_back_by.full_name if version.sent_back_by_id else "The approver",
        "when": long_date(timezone.localtime(version.sent_back_at).date()),
        "reason": version.sent_back_reason,
    }


def _show(request, publication, version, *, is_current: bool):
    membership = request.membership
    document = Document.from_json(version.document)
    can_manage = access.can_manage(membership)
    hits = None
    if version.status in (Status.DRAFT, Status.SUBMITTED) and (can_manage or access.is_approver(membership)):
        hits = checking.open_hits(checking.check_version(version))
    reports, missing = ([], [])
    published = version.status == Status.PUBLISHED
    if published and (can_manage or membership.can(Capability.REPORT_PRACTICE)):
        reports, missing = practice.progress(publication)
    return render(
        request,
        "publications/detail.html",
        {
            "publication": publication,
            "version": version,
            "is_current": is_current,
            "status_tag": presenters.status_tag(version.status),
            "body": rendering.html_fragment(document, letterhead_for(publication, version)),
            "sections": document.sections,
            "can_edit": can_manage and version.status == Status.DRAFT and is_current,
            "can_discard": can_manage and is_current and services.can_be_discarded(publication, version),
            "sent_back": sent_back_notice(version) if is_current and can_manage else None,
            "can_manage": can_manage,
            "can_approve": is_current and access.can_approve(membership, version),
            "can_publish": can_manage and is_current and version.status == Status.APPROVED,
            "can_correct": can_manage and is_current and published,
            "can_report": published and membership.can(Capability.REPORT_PRACTICE),
            "open_hits": hits,
            "confirm_form": ConfirmForm(initial={"version": version.version}),
            "versions": presenters.versions_table(
                publication,
                access.versions_for(membership, publication).order_by("-number"),
                show_sent_back=can_manage or access.is_approver(membership),
            ),
            "reports": reports,
            "missing": missing,
            "expected_count": len(reports) + len(missing),
            "people_url": reverse("publications:people", args=[publication.audit_id])
            if publication.audit_id and can_manage
            else "",
            "back_url": reverse("publications:index"),
        },
    )


@require_capability(Capability.VIEW_PUBLICATIONS)
def detail(request, pk: int):
    publication = _publication(request, pk)
    return _show(request, publication, _current(request, publication), is_current=True)


@require_capability(Capability.VIEW_PUBLICATIONS)
def version(request, pk: int, number: int):
    publication = _publication(request, pk)
    item = get_object_or_404(access.versions_for(request.membership, publication), number=number)
    current = _current(request, publication)
    return _show(request, publication, item, is_current=item.pk == current.pk)


@require_capability(Capability.VIEW_PUBLICATIONS)
def download(request, pk: int, number: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404("No such format")
    publication = _publication(request, pk)
    item = get_object_or_404(access.versions_for(request.membership, publication), number=number)
    content_type, render_file = FORMATS[fmt]
    content = files.file_of(item, letterhead_for(publication, item), fmt, render_file)
    record(
        actor=request.user,
        action="publication.downloaded",
        partnership=publication.partnership,
        target=publication,
        changes={"version": item.number, "format": fmt},
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"{slugify(publication.title)[:80]}-v{item.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_capability(Capability.MANAGE_PUBLICATIONS)
def section_edit(request, pk: int, key: str):
    publication = _publication(request, pk)
    item = _current(request, publication)
    document = Document.from_json(item.document)
    try:
        section = document.section(key)
    except KeyError:
        raise Http404("No such section") from None
    if item.status != Status.DRAFT and request.method != "POST":
        # On a POST the service refuses it, and the form keeps what the person typed.
        messages.error(request, f"{_status_now(item)}, so it can no longer be changed.")
        return redirect("publications:detail", pk=publication.pk)
    form = SectionForm(
        request.POST or None, initial={"heading": section.heading, "text": section.text, "version": item.version}
    )
    saved_now, conflict = None, None
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                actor=request.user,
                version=item,
                key=key,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            # Someone saved first. Show what is saved now beside what this person typed, and
            # point the form at the current version: saving again is a knowing choice to replace it.
            current = error.instance
            saved_now = Document.from_json(current.document).section(key)
            form = SectionForm(rebase_on_version(request.POST, current.version))
            form.is_valid()
            if current.status != Status.DRAFT:
                form.add_error(
                    None,
                    f"It has been {current.get_status_display().lower()} since you opened this page, "
                    "so it can no longer be changed. "
                    "Your text has not been saved: copy it if you need it.",
                )
            else:
                conflict = {
                    "titleText": "Someone else changed this publication while you were editing it",
                    "descriptionText": "Your changes have not been saved yet.",
                    "errorList": [
                        {
                            "text": "Compare your text with what is saved now, then save again to replace it",
                            "href": "#saved-now",
                        }
                    ],
                }
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{form.cleaned_data['heading']}’ has been saved.")
            return redirect(reverse("publications:detail", args=[publication.pk]) + f"#section-{key}")
    return render(
        request,
        "publications/section_edit.html",
        {
            "publication": publication,
            "section": section,
            "form": form,
            "saved_now": saved_now,
            "conflict": conflict,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )


# The safety check --------------------------------------------------------------------------


@require_capability(Capability.VIEW_PUBLICATIONS)
def check(request, pk: int):
    publication = _publication(request, pk)
    item = _current(request, publication)
    can_manage = access.can_manage(request.membership)
    if not (can_manage or access.is_approver(request.membership)):
        raise PermissionDenied
    found = checking.check_version(item)
    return render(
        request,
        "publications/check.html",
        {
            "publication": publication,
            "version": item,
            "found": found,
            "open": [h for h in found if h.is_open],
            "overridden": [h for h in found if not h.is_open],
            "can_fix": can_manage and item.status == Status.DRAFT,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def replace(request, pk: int):
    if request.method != "POST":
        return redirect("publications:check", pk=pk)
    publication = _publication(request, pk)
    item = _current(request, publication)
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That replacement could not be made: run the safety check again.")
        return redirect("publications:check", pk=publication.pk)
    data = form.cleaned_data
    try:
        services.hit_replace(
            actor=request.user,
            version=item,
            address=data["address"],
            start=data["start"],
            end=data["end"],
            found=data["found"],
            new=data["new"],
            expected_version=data["version"],
        )
    except (ValidationError, EditConflict) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, f"Replaced with ‘{data['new']}’.")
    return redirect("publications:check", pk=publication.pk)


@require_capability(Capability.MANAGE_PUBLICATIONS)
def override(request, pk: int, fingerprint: str):
    publication = _publication(request, pk)
    item = _current(request, publication)
    match = next((h for h in checking.check_version(item) if h.fingerprint == fingerprint), None)
    if match is None:
        messages.error(request, "That text is no longer in the publication.")
        return redirect("publications:check", pk=publication.pk)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hit_override(
                actor=request.user, version=item, fingerprint=fingerprint, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "What the safety check found has been kept, with your reason.")
            return redirect("publications:check", pk=publication.pk)
    return render(
        request,
        "publications/override.html",
        {
            "publication": publication,
            "hit": match,
            "form": form,
            "back_url": reverse("publications:check", args=[publication.pk]),
        },
    )


# Approval ----------------------------------------------------------------------------------


def _status_now(version) -> str:
    """What has become of a version, as a sentence's start: "This version has
    already been sent back to draft"."""
    if version.status == Status.DRAFT:
        if version.is_back_with_writers:
            return "This version has already been sent back to draft"
        return "This version is a draft that has not been submitted for approval"
    return {
        Status.SUBMITTED: "This version is waiting for approval",
        Status.APPROVED: "This version has already been approved",
        Status.PUBLISHED: "This version has already been published",
        Status.WITHDRAWN: "This version has been replaced by a correction",
    }[Status(version.status)]


def _moved_on(request, publication, version, *, doing: str, makes: Status | None = None):
    """Back to the publication, saying why ``doing`` cannot be done: the
    version's status changed since the person opened the page (another tab,
    another person). Not a question of their role, so not a 403. ``makes``:
    the status the step gives; a version already there was done already."""
    already = version.status == makes and (makes != Status.DRAFT or version.is_back_with_writers)
    now = _status_now(version)
    if already and version.status == Status.SUBMITTED:
        now = "This version has already been submitted for approval"
    messages.error(request, f"{now}." if already else f"{now}, so it cannot be {doing}.")
    if publication is None:
        return redirect("publications:index")
    return redirect("publications:detail", pk=publication.pk)


def _hidden_from_approver(request, pk: int, *, doing: str, makes: Status):
    """An approver who does not write publications sees only submitted and
    later versions: once theirs is sent back to draft (in another tab, say),
    the publication is hidden from them. Say so rather than 404, for a draft
    that was sent back (which they have read), and only to the approver."""
    membership = request.membership
    if not access.is_approver(membership):
        return None
    newest = access.newest_version_of(membership, pk)
    if newest is None or not newest.is_back_with_writers:
        return None
    return _moved_on(request, None, newest, doing=doing, makes=makes)


def _step(
    request,
    pk: int,
    *,
    template: str,
    form_class,
    action,
    needs: Status,
    makes: Status,
    may,
    doing: str,
    done: str,
    allowed=None,
    **extra,
):
    """One step of approval. ``may(membership)``: the person's role allows the
    step (else 403); ``needs``: the status the version must be in (else back to
    the publication, saying what has happened); ``allowed(version)``: anything
    else that must hold (else 403)."""
    try:
        publication = _publication(request, pk)
    except Http404:
        moved = _hidden_from_approver(request, pk, doing=doing, makes=makes) if needs == Status.SUBMITTED else None
        if moved is None:
            raise
        return moved
    if not may(request.membership):
        raise PermissionDenied
    item = _current(request, publication)
    if item.status != needs:
        # An approver who does not write publications cannot see a draft: say what became of the newest version.
        described = publication.versions.order_by("-number").first() if needs == Status.SUBMITTED else item
        return _moved_on(request, publication, described or item, doing=doing, makes=makes)
    if allowed is not None and not allowed(item):
        raise PermissionDenied
    form = form_class(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            action(item, form.cleaned_data)
        except EditConflict as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        template,
        {
            "publication": publication,
            "version": item,
            "form": form,
            "open_hits": checking.open_hits(checking.check_version(item)) if item.status != Status.APPROVED else [],
            "back_url": reverse("publications:detail", args=[publication.pk]),
            **extra,
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def submit(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/submit.html",
        form_class=ConfirmForm,
        may=access.can_manage,
        needs=Status.DRAFT,
        makes=Status.SUBMITTED,
        doing="submitted",
        action=lambda v, data: services.version_submit(actor=request.user, version=v, expected_version=data["version"]),
        done="The publication has been submitted for approval.",
    )


@require_capability(Capability.VIEW_PUBLICATIONS)
def approve(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/approve.html",
        form_class=ConfirmForm,
        may=access.is_approver,
        needs=Status.SUBMITTED,
        makes=Status.APPROVED,
        doing="approved",
        allowed=lambda v: access.can_approve(request.membership, v),
        action=lambda v, data: services.version_approve(
            actor=request.user, membership=request.membership, version=v, expected_version=data["version"]
        ),
        done="The publication has been approved. A QA officer can now publish it.",
    )


@require_capability(Capability.VIEW_PUBLICATIONS)
def send_back(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/send_back.html",
        form_class=SendBackForm,
        may=access.is_approver,
        needs=Status.SUBMITTED,
        makes=Status.DRAFT,
        doing="sent back",
        allowed=lambda v: access.can_approve(request.membership, v),
        action=lambda v, data: services.version_return(
            actor=request.user,
            membership=request.membership,
            version=v,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        done="The publication has been sent back to draft. Its writers will see what needs to change.",
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def publish(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/publish.html",
        form_class=ConfirmForm,
        may=access.can_manage,
        needs=Status.APPROVED,
        makes=Status.PUBLISHED,
        doing="published",
        action=lambda v, data: services.version_publish(
            actor=request.user, version=v, expected_version=data["version"]
        ),
        done="The publication has been published. Everyone in the partnership can now read and download it.",
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def discard(request, pk: int):
    """Discard a draft nobody has submitted: asked first, then marked as
    discarded (never deleted) and no longer listed."""
    publication = _publication(request, pk)
    item = _current(request, publication)
    if not services.can_be_discarded(publication, item):
        messages.error(request, "Only a draft that was never submitted for approval can be discarded.")
        return redirect("publications:detail", pk=publication.pk)
    form = ConfirmForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_discard(
                actor=request.user, publication=publication, expected_version=form.cleaned_data["version"]
            )
        except EditConflict as error:
            form = ConfirmForm(rebase_on_version(request.POST, error.instance.version))
            form.is_valid()
            form.add_error(
                None,
                "Someone changed this draft since you opened this page. "
                "Check it, then discard it if you still want to.",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{publication.title}’ has been discarded.")
            return redirect("publications:index")
    return render(
        request,
        "publications/discard.html",
        {
            "publication": publication,
            "version": item,
            "form": form,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def correct(request, pk: int):
    publication = _publication(request, pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_start(actor=request.user, publication=publication, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "A new draft has been made from the published text. Correct it, then submit it.")
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        "publications/correct.html",
        {"publication": publication, "form": form, "back_url": reverse("publications:detail", args=[publication.pk])},
    )


# Learning into practice --------------------------------------------------------------------


@require_capability(Capability.REPORT_PRACTICE, Capability.MANAGE_PUBLICATIONS)
def practice_view(request, pk: int):
    publication = _publication(request, pk)
    membership = request.membership
    if not practice.is_published(publication):
        raise Http404("Not published")
    reports, missing = practice.progress(publication)
    expected = practice.expected_agencies(publication)
    if membership.agency_id:
        own = membership.agency.parent_id or membership.agency_id
        choices = [a for a in expected if a.pk == own]
        choices = choices or [membership.agency.parent or membership.agency]
    else:
        choices = expected
    agencies = practice.agency_choices(publication, choices)
    can_report = membership.can(Capability.REPORT_PRACTICE)
    initial = {}
    if len(choices) == 1:
        initial["agency"] = choices[0].pk
        mine = next((r for r in reports if r.agency_id == choices[0].pk), None)
        if mine:
            initial.update(
                meetings_held=mine.meetings_held, staff_reached=mine.staff_reached, changes_made=mine.changes_made
            )
    form = PracticeForm(request.POST or None, agencies=agencies, initial=initial) if can_report else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            practice.practice_report_save(actor=request.user, publication=publication, **form.cleaned_data)
        except (ValidationError, EditConflict) as error:
            if isinstance(error, ValidationError):
                apply_validation_error(form, error)
            else:
                form.add_error(None, str(error))
        else:
            messages.success(request, f"{form.cleaned_data['agency'].name}’s use of the briefing has been recorded.")
            return redirect("publications:practice", pk=publication.pk)
    return render(
        request,
        "publications/practice.html",
        {
            "publication": publication,
            "reports": reports,
            "missing": missing,
            "form": form,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )


# The people of an audit --------------------------------------------------------------------


@require_capability(Capability.MANAGE_PUBLICATIONS)
def people(request, audit_pk: int):
    audit = get_object_or_404(audits_for(request.partnership), pk=audit_pk)
    if not request.membership.can(Capability.VIEW_ALL_CASES):
        raise PermissionDenied
    cases = list(audit_cases(audit))
    form = FamilyMemberForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        audit_case = next(c for c in cases if c.pk == form.cleaned_data["audit_case"])
        try:
            added = pseudonyms.family_member_add(
                actor=request.user,
                audit=audit,
                audit_case=audit_case,
                relation=form.cleaned_data["relation"],
                names=form.cleaned_data["names"].splitlines(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{added.label}’ has been added.")
            return redirect("publications:people", audit_pk=audit.pk)
    if request.method == "GET":
        pseudonyms.ensure_pseudonyms(actor=request.user, audit=audit)
    items = list(pseudonyms.pseudonyms_for(audit))
    record(
        actor=request.user,
        action="pseudonyms.viewed",
        partnership=audit.partnership,
        target=audit,
        changes={"pseudonyms": len(items)},
    )
    from maca.core.fields import reveal

    return render(
        request,
        "publications/people.html",
        {
            "audit": audit,
            "rows": [(p, len(reveal(p.names) or [])) for p in items],
            "form": form,
            "back_url": reverse("programme:audit", args=[audit.pk]),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def person(request, audit_pk: int, pk: int):
    audit = get_object_or_404(audits_for(request.partnership), pk=audit_pk)
    if not request.membership.can(Capability.VIEW_ALL_CASES):
        raise PermissionDenied
    item = get_object_or_404(pseudonyms.pseudonyms_for(audit), pk=pk)
    from maca.core.fields import reveal

    form = NamesForm(request.POST or None, initial={"names": "\n".join(reveal(item.names) or [])})
    if request.method == "POST" and form.is_valid():
        pseudonyms.names_set(actor=request.user, pseudonym=item, names=form.cleaned_data["names"].splitlines())
        messages.success(request, f"The names held for ‘{item.label}’ have been saved.")
        return redirect("publications:people", audit_pk=audit.pk)
    record(
        actor=request.user,
        action="pseudonym.viewed",
        partnership=audit.partnership,
        target=audit,
        changes={"pseudonym": item.label},
    )
    return render(
        request,
        "publications/person.html",
        {
            "audit": audit,
            "pseudonym": item,
            "form": form,
            "back_url": reverse("publications:people", args=[audit.pk]),
        },
    )


# Settings ----------------------------------------------------------------------------------


@require_capability(Capability.MANAGE_MEMBERS)
def settings_view(request):
    current = access.settings_for(request.partnership)
    form = SettingsForm(request.POST or None, request.FILES or None, initial={"approver_role": current.approver_role})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("logo")
        try:
            services.settings_update(
                actor=request.user,
                partnership=request.partnership,
                approver_role=form.cleaned_data["approver_role"],
                logo_png=upload.read(300_000) if upload else None,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The publication settings have been saved.")
            return redirect("publications:settings")
    return render(
        request,
        "publications/settings.html",
        {
            "form": form,
            "has_logo": bool(current.logo_png),
            "logo_uri": rendering.Letterhead("", bytes(current.logo_png or b"")).logo_data_uri,
            "back_url": reverse("publications:index"),
        },
    )
