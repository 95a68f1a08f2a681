"""The append-only audit log: who did what, to which record, when and from where."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One recorded action. Written only by :func:`maca.audit_trail.services.record`
    (or ``record_each``, one on each of many records).

    On PostgreSQL a trigger also refuses UPDATE and DELETE on this table.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        # The indexes below lead with the partnership; one on it alone would only slow writes.
        db_index=False,
        help_text="Empty only for platform-level events such as a failed sign-in.",
    )
    occurred_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, help_text="The actor's e-mail at the time.")
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        # Each search of the log pages newest first within one partnership
        # (maca.audit_trail.paging): every index leads with the partnership and
        # ends with the page order, so a page is one index range, however deep.
        # The action and kind indexes also give the filters' choices by
        # skip-scan (maca.audit_trail.selectors).
        indexes = [
            models.Index(fields=["partnership", "-occurred_at", "-id"], name="audit_newest"),
            models.Index(fields=["partnership", "action", "-occurred_at", "-id"], name="audit_by_action"),
            models.Index(fields=["partnership", "actor", "-occurred_at", "-id"], name="audit_by_person"),
            models.Index(fields=["partnership", "object_type", "-occurred_at", "-id"], name="audit_by_kind"),
            models.Index(fields=["partnership", "object_type", "object_id"], name="audit_by_record"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
