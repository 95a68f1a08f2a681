"""Changing partnerships and agencies. Each function runs in one transaction and
writes its audit record in that transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.partnerships import extensions
from maca.partnerships.models import Agency, AgencyKind, Partnership
from maca.partnerships.names import agency_name_key
from maca.partnerships.selectors import descendant_ids

# A GP practice sits under its practice group (the care board, as
# ``presenters.agency_name`` names it: "Abbey Lane Surgery (Wyvernshire
# Integrated Care Board)"), and nothing sits under a GP practice.
GP_PRACTICE_NEEDS_A_GROUP = "Select the practice group this GP practice is part of, such as its care board"
GP_PRACTICE_WITHOUT_A_GROUP = (
    "{name} is a GP practice that is not part of a practice group. "
    "Select its practice group under ‘Part of’, such as its care board, and save."
)


def gp_practice_without_a_group(agency: Agency) -> str:
    """What an agency's page says of a GP practice saved before a practice
    had to sit under its group: how to put it right (it still loads and saves)."""
    if agency.kind == AgencyKind.GP_PRACTICE and agency.parent_id is None:
        return GP_PRACTICE_WITHOUT_A_GROUP.format(name=agency.name)
    return ""


def _check_gp_practice(*, agency: Agency | None, parent: Agency | None, kind: str | None) -> None:
    if kind is None:
        return
    if kind == AgencyKind.GP_PRACTICE and parent is None:
        # A GP practice saved without a group before this rule still saves (its
        # page says how to put it right); a new one, or one taken out of its
        # group or made a GP practice now, needs its group.
        kept = agency is not None and agency.kind == AgencyKind.GP_PRACTICE and agency.parent_id is None
        if not kept:
            raise ValidationError({"parent": GP_PRACTICE_NEEDS_A_GROUP})
    becomes_a_practice = kind == AgencyKind.GP_PRACTICE and agency is not None and agency.kind != kind
    if becomes_a_practice and Agency.objects.filter(partnership_id=agency.partnership_id, parent=agency).exists():
        raise ValidationError({"kind": f"{agency.name} has sub-units of its own, so it cannot be a GP practice"})


def _check_parent(
    *, partnership: Partnership, agency: Agency | None, parent: Agency | None, kind: str | None = None
) -> None:
    _check_gp_practice(agency=agency, parent=parent, kind=kind)
    if parent is None:
        return
    if parent.partnership_id != partnership.pk:
        raise ValidationError({"parent": "Select an agency of this partnership"})
    if agency is not None and parent.pk in descendant_ids(partnership.pk, agency.pk):
        raise ValidationError({"parent": "An agency cannot sit under itself or one of its own sub-units"})
    # Two levels, an agency and its sub-units (a care board and its GP practices):
    # every list names a sub-unit with the agency above it from one join
    # (``presenters.agency_name``), and no partnership has needed a third. An
    # agency kept where it was placed before this rule is not moved by an edit.
    if agency is not None and parent.pk == agency.parent_id:
        return
    if not parent.is_active:
        raise ValidationError({"parent": f"{parent.name} is no longer taking part: choose an active agency"})
    if parent.parent_id is not None:
        raise ValidationError(
            {"parent": f"{parent.name} is itself part of another agency: choose an agency that is not"}
        )
    if parent.kind == AgencyKind.GP_PRACTICE:
        raise ValidationError({"parent": f"{parent.name} is a GP practice: choose an agency that is not"})
    if agency is not None and Agency.objects.filter(partnership_id=partnership.pk, parent=agency).exists():
        raise ValidationError(
            {"parent": f"{agency.name} has sub-units of its own, so it cannot be part of another agency"}
        )


def partnership_hold(partnership: Partnership | int) -> None:
    """Lock the partnership's row until the transaction ends. A change that
    checks the whole partnership before it saves (a name not already used, an
    admin left) takes it first, before any other row, so two such changes at
    once run one after the other and the second sees what the first saved,
    instead of both passing the check (or one failing on the database's
    constraint with an error page).

    ``FOR NO KEY UPDATE``: two holds wait for each other, but rows that refer
    to the partnership (every tenant row) are still added meanwhile, so a hold
    never makes another change wait on an insert, nor deadlock with one."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    list(Partnership.objects.select_for_update(no_key=True).filter(pk=pk))


def _check_name(*, partnership: Partnership, name: str, exclude_pk: int | None = None) -> None:
    # The same name but for a look-alike apostrophe, dash or space is the same
    # name: a case list naming it could not tell the two apart.
    if exclude_pk is not None and Agency.objects.filter(pk=exclude_pk, name=name).exists():
        return  # kept as it is: a look-alike pair from before such names were refused stays editable
    others = Agency.objects.for_partnership(partnership).exclude(pk=exclude_pk).values_list("name", flat=True)
    key = agency_name_key(name)
    if any(agency_name_key(other) == key for other in others):
        raise ValidationError({"name": "An agency with this name already exists in the partnership"})


def _locked_parent(*, partnership_id: int, parent: Agency | None) -> Agency | None:
    """The chosen parent as it is now, locked until the change is saved: an
    agency being put under another meanwhile (or given a sub-unit) waits, so
    the two-level rule checked holds when saved. Another partnership's agency
    is left for ``_check_parent`` to refuse."""
    if parent is None or parent.partnership_id != partnership_id:
        return parent
    return Agency.objects.select_for_update().get(partnership_id=partnership_id, pk=parent.pk)


def _lock_in_order(*, partnership_id: int, agency: Agency, other: Agency | None) -> None:
    """Lock an agency and the one it is being placed under (or sits under) in
    the order of their ids, before either is read for a check. Every change that
    locks two agencies takes them in this one order, so two people at once (one
    putting A under B, the other B under A) never wait on each other: the second
    waits for the first, then finds its change refused by the two-level rule
    instead of PostgreSQL breaking a deadlock with an error page."""
    if other is None or other.partnership_id != partnership_id:
        return
    ids = sorted({agency.pk, other.pk})
    list(Agency.objects.select_for_update().filter(partnership_id=partnership_id, pk__in=ids).order_by("pk"))


def check_agency(
    *, partnership: Partnership, agency: Agency | None, name: str, parent: Agency | None, kind: str | None = None
) -> None:
    """The checks an agency's name and place pass before it is saved (for forms
    that want to show them beside their fields). ``kind`` checks that a GP
    practice sits under a practice group."""
    _check_parent(partnership=partnership, agency=agency, parent=parent, kind=kind)
    _check_name(partnership=partnership, name=name, exclude_pk=agency.pk if agency else None)


def check_agency_active(*, agency: Agency, active: bool) -> None:
    """Whether an agency may be switched off (no active sub-units) or back on
    (its parent is on, as it is now: the parent is read afresh)."""
    if not active:
        active_children = agency.children.filter(is_active=True).count()
        if active_children:
            one = active_children == 1
            raise ValidationError(
                f"{agency.name} has {active_children} sub-unit{'' if one else 's'} still taking part. "
                f"Mark {'it' if one else 'them'} as no longer taking part first."
            )
    elif agency.parent_id:
        parent = Agency.objects.get(pk=agency.parent_id)
        if not parent.is_active:
            raise ValidationError(
                f"{parent.name} is no longer taking part. Mark {parent.name} as taking part again first."
            )


def partnership_create(*, actor, name: str, short_name: str, slug: str) -> Partnership:
    with transaction.atomic():
        partnership = Partnership(name=name, short_name=short_name, slug=slug)
        partnership.full_clean()
        partnership.save()
        record(
            actor=actor,
            action="partnership.created",
            partnership=partnership,
            target=partnership,
            changes={"name": name, "short_name": short_name, "slug": slug},
        )
    return partnership


def partnership_update(
    *, actor, partnership: Partnership, name: str, short_name: str, is_active: bool, expected_version: int
) -> Partnership:
    """Rename a partnership or switch it off. Its data stays; a partnership is
    never deleted. Its slug never changes: it is the partnership's address in
    every link maca has sent (``?partnership=<slug>``, ADR 0005)."""
    with transaction.atomic():
        partnership = lock_for_update(partnership, expected_version=expected_version)
        before = {
            "name": partnership.name,
            "short_name": partnership.short_name,
            "is_active": partnership.is_active,
        }
        after = {"name": name.strip(), "short_name": short_name.strip(), "is_active": is_active}
        changes = diff(before, after)
        if not changes:
            return partnership
        for field, value in after.items():
            setattr(partnership, field, value)
        partnership.full_clean()
        bump_version(partnership)
        partnership.save()
        record(actor=actor, action="partnership.updated", partnership=partnership, target=partnership, changes=changes)
    return partnership


def agency_create(*, actor, partnership: Partnership, name: str, kind: str, parent: Agency | None = None) -> Agency:
    name = name.strip()
    with transaction.atomic():
        partnership_hold(partnership)
        parent = _locked_parent(partnership_id=partnership.pk, parent=parent)
        _check_parent(partnership=partnership, agency=None, parent=parent, kind=kind)
        _check_name(partnership=partnership, name=name)
        agency = Agency(partnership=partnership, name=name, kind=kind, parent=parent)
        agency.full_clean()
        agency.save()
        record(
            actor=actor,
            action="agency.created",
            partnership=partnership,
            target=agency,
            changes={"name": name, "kind": kind, "parent": parent},
        )
    return agency


def agency_update(
    *, actor, agency: Agency, name: str, kind: str, parent: Agency | None, expected_version: int
) -> Agency:
    name = name.strip()
    with transaction.atomic():
        partnership_hold(agency.partnership_id)
        _lock_in_order(partnership_id=agency.partnership_id, agency=agency, other=parent)
        agency = lock_for_update(agency, expected_version=expected_version)
        parent = _locked_parent(partnership_id=agency.partnership_id, parent=parent)
        _check_parent(partnership=agency.partnership, agency=agency, parent=parent, kind=kind)
        _check_name(partnership=agency.partnership, name=name, exclude_pk=agency.pk)
        before = {"name": agency.name, "kind": agency.kind, "parent": agency.parent}
        changes = diff(before, {"name": name, "kind": kind, "parent": parent})
        if not changes:
            # Saved as it was: nothing to record, and another admin's open page
            # (its version) still holds.
            return agency
        agency.name, agency.kind, agency.parent = name, kind, parent
        agency.full_clean()
        bump_version(agency)
        agency.save()
        record(actor=actor, action="agency.updated", partnership=agency.partnership, target=agency, changes=changes)
    return agency


def agency_set_active(*, actor, agency: Agency, active: bool, expected_version: int) -> tuple[Agency, dict[str, int]]:
    """Deactivate (or reactivate) an agency. Agencies are never deleted: past
    audits still name them. Deactivating it ends its people's access.

    Returns the agency and what its deactivation ended, counted in the same
    transaction (``{"people": 2, "invitations": 1}``; nothing when it was
    reactivated, or was already as asked)."""
    ended: dict[str, int] = {"people": 0, "invitations": 0}
    with transaction.atomic():
        if active and agency.parent_id:
            # Reactivating a sub-unit while its agency is being switched off:
            # the agency's lock is waited for, and it is read as it is then.
            _lock_in_order(
                partnership_id=agency.partnership_id,
                agency=agency,
                other=Agency.objects.filter(pk=agency.parent_id).first(),
            )
        agency = lock_for_update(agency, expected_version=expected_version)
        check_agency_active(agency=agency, active=active)
        if agency.is_active == active:
            return agency, ended
        agency.is_active = active
        bump_version(agency)
        agency.save(update_fields=["is_active", "version"])
        record(
            actor=actor,
            action="agency.reactivated" if active else "agency.deactivated",
            partnership=agency.partnership,
            target=agency,
            changes={"is_active": [not active, active]},
        )
        if not active:
            # Its people lose their access with it, and invitations to it are
            # withdrawn (accounts registers this: ``partnerships.extensions``).
            # Reactivating the agency gives nobody access back.
            ended = extensions.agency_deactivated(actor=actor, agency=agency)
    return agency, ended
