"""Deactivating an agency now ends its people's agency roles and withdraws the
invitations to it (``accounts.services.agency_access_end``). Agencies
deactivated before that still have people shown as having access, and
invitations shown as waiting, that their agency no longer lets in: an agency
role grants nothing through a deactivated agency, and the link refuses it.

Do now what the deactivation does, with the same reason, recorded in the
audit log as done by maca itself (no person did it). Only agency roles: an
older invitation or membership of another role that names an agency does not
act for it, and keeps working.

Written here in full (a migration must not import app code): the words
follow ``agency_access_end``.
"""

from django.db import migrations
from django.utils import timezone

AGENCY_ROLES = ("agency_lead", "agency_auditor")


def _record(AuditEvent, *, partnership_id, action, object_type, object_id, object_label, changes):
    AuditEvent.objects.create(
        partnership_id=partnership_id,
        actor=None,
        actor_label="system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:255],
        changes=changes,
    )


def end_access_through_deactivated_agencies(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    Membership = apps.get_model("accounts", "Membership")
    AuditEvent = apps.get_model("audit_trail", "AuditEvent")
    now = timezone.now()

    memberships = (
        Membership.objects.filter(is_active=True, role__in=AGENCY_ROLES, agency__is_active=False)
        .select_related("user", "agency", "partnership")
        .order_by("pk")
    )
    role_labels = dict(Membership._meta.get_field("role").flatchoices)
    for membership in memberships:
        reason = f"{membership.agency.name} was deactivated"
        membership.is_active = False
        membership.deactivated_at = now
        membership.deactivation_reason = reason
        membership.version = (membership.version or 0) + 1
        membership.save(update_fields=["is_active", "deactivated_at", "deactivation_reason", "version"])
        person = membership.user.full_name or membership.user.email
        role = role_labels.get(membership.role, membership.role)
        _record(
            AuditEvent,
            partnership_id=membership.partnership_id,
            action="membership.deactivated",
            object_type="accounts.membership",
            object_id=membership.pk,
            object_label=f"{person} ({role}, {membership.partnership.short_name})",
            changes={"reason": reason},
        )

    invitations = (
        Invitation.objects.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            role__in=AGENCY_ROLES,
            agency__is_active=False,
        )
        .select_related("agency", "partnership")
        .order_by("pk")
    )
    for invitation in invitations:
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])
        _record(
            AuditEvent,
            partnership_id=invitation.partnership_id,
            action="invitation.revoked",
            object_type="accounts.invitation",
            object_id=invitation.pk,
            object_label=f"Invitation for {invitation.email} to {invitation.partnership.name}",
            changes={"email": invitation.email, "reason": f"{invitation.agency.name} was deactivated"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_session_generation"),
        ("audit_trail", "0004_retention_may_delete_views"),
        ("partnerships", "0003_partnership_version"),
    ]

    operations = [migrations.RunPython(end_access_through_deactivated_agencies, migrations.RunPython.noop)]
