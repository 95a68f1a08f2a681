"""The people of an audit: the pseudonyms a publication uses, and the names held for each."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, changed_on_another_page_title, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.core.numbers import whole_number
from maca.programme.selectors import audits_for
from maca.publications import presenters, pseudonyms, selectors
from maca.publications.forms import FamilyMemberForm, NamesForm
from maca.selection.selectors import audit_cases

from ._shared import _names_changed_only_by_you


def _from_publication(request, audit) -> str:
    """``?publication=N`` when the pages were opened from a publication of this
    audit (its "Pseudonyms and names held" link), kept on every page and
    redirect after it so that the way back leads to that publication; else ""."""
    publication = selectors.publication_of_audit(
        request.partnership, audit, whole_number(request.GET.get("publication"))
    )
    if publication is None:
        return ""
    return f"?publication={publication.pk}"


def _people_url(audit, came_from: str) -> str:
    return reverse("publications:people", args=[audit.pk]) + came_from


@require_capability(Capability.MANAGE_PUBLICATIONS)
def people(request, audit_pk: int):
    audit = get_object_or_404(audits_for(request.partnership), pk=audit_pk)
    if not request.membership.can(Capability.VIEW_ALL_CASES):
        raise PermissionDenied
    came_from = _from_publication(request, audit)
    if request.method == "POST" and "give" in request.POST:
        # Opening the page writes nothing (ADR 0024): the children not yet
        # given a pseudonym are given theirs by this button.
        added = pseudonyms.ensure_pseudonyms(actor=request.user, audit=audit)
        if added:
            given = f"{added} {'child has' if added == 1 else 'children have'} been given a pseudonym."
            messages.success(request, given)
        return redirect(_people_url(audit, came_from))
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
            return redirect(_people_url(audit, came_from))
    items = pseudonyms.in_order(pseudonyms.pseudonyms_for(audit))
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
            "without": [label for _case, _letter, label in pseudonyms.children_without_pseudonyms(audit)],
            "form": form,
            "no_longer_held": pseudonyms.names_no_longer_held(audit),
            "came_from": came_from,
            "back_text": "Back to the publication" if came_from else "Back to the audit",
            "back_url": reverse("publications:detail", args=[whole_number(request.GET["publication"])])
            if came_from
            else reverse("programme:audit", args=[audit.pk]),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def person(request, audit_pk: int, pk: int):
    audit = get_object_or_404(audits_for(request.partnership), pk=audit_pk)
    if not request.membership.can(Capability.VIEW_ALL_CASES):
        raise PermissionDenied
    item = get_object_or_404(pseudonyms.pseudonyms_for(audit), pk=pk)
    came_from = _from_publication(request, audit)
    from maca.core.fields import reveal

    form = NamesForm(
        request.POST or None, initial={"names": "\n".join(reveal(item.names) or []), "version": item.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            pseudonyms.names_set(
                actor=request.user,
                pseudonym=item,
                names=form.cleaned_data["names"].splitlines(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except EditConflict as error:
            # Someone saved the names first: this person's names stay in the box as they
            # typed them, theirs are shown under it, and saving again replaces theirs knowingly.
            item = get_object_or_404(pseudonyms.pseudonyms_for(audit), pk=pk)
            form = typed_again_after_conflict(NamesForm, request.POST, error)
            form.saved_meanwhile = {"names": "\n".join(reveal(item.names) or [])}
            by_you = _names_changed_only_by_you(request, item, error.expected)
            form.saved_meanwhile_by_you = by_you
            conflict = {
                "titleText": changed_on_another_page_title(f"the names held for {item.label}")
                if by_you
                else f"Someone else changed the names held for {item.label}",
                "descriptionText": presenters.names_conflict_message(item, by_you=by_you),
                "errorList": [
                    {
                        "text": "Compare these names with the ones you saved there"
                        if by_you
                        else "Compare your names with theirs",
                        "href": "#id_names-saved-meanwhile",
                    }
                ],
            }
        else:
            messages.success(request, f"The names held for ‘{item.label}’ have been saved.")
            return redirect(_people_url(audit, came_from))
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
            "conflict": conflict,
            "last_changed": presenters.names_last_changed(item),
            "no_longer_held": pseudonyms.names_no_longer_held(audit),
            "back_url": _people_url(audit, came_from),
        },
    )
