from __future__ import annotations

from django.db import models


class SentEmailQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)


class SentEmail(models.Model):
    """A message kept by the development e-mail backend instead of being sent.

    Only the development and test backend writes these, so that invitations and
    reminders can be seen working without a mail server.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_email = models.CharField(max_length=254)
    to = models.TextField(help_text="Recipients, one per line.")
    subject = models.CharField(max_length=255)
    body = models.TextField()
    kind = models.CharField(max_length=60, blank=True, help_text="invitation, reminder, password_reset...")

    objects = SentEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "sent e-mail"  # as every page spells it (the audit log's kinds of record)

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipients_display}"

    @property
    def recipients_display(self) -> str:
        return ", ".join(self.to.splitlines())


class EmailStatus(models.TextChoices):
    """Where a message is on its way out. The labels are what people see."""

    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Sending"
    RETRYING = "retrying", "Not sent yet"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"
    WITHDRAWN = "withdrawn", "Not needed any more"


class OutgoingEmailQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def about(self, objects):
        """The messages about these records (all of one model)."""
        objects = list(objects)
        if not objects:
            return self.none()
        return self.filter(about_type=objects[0]._meta.label_lower, about_id__in=[o.pk for o in objects])


class OutgoingEmail(models.Model):
    """One message on its way out, until the mail server has taken it.

    The background task is handed only this row's id. A message carrying a
    secret (an invitation link) has no body here: a registered builder makes it
    at the moment of delivery. Once sent, the body is cleared; the row says
    when it went.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=60, help_text="invitation, reminder, assignment...")
    about_type = models.CharField(max_length=60, blank=True, help_text="The record it is about, e.g. returns.reminder.")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    to = models.TextField(help_text="Recipients, one per line.")
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True, help_text="Cleared once sent; empty when a builder makes the message.")
    builder = models.CharField(max_length=60, blank=True, help_text="Makes the message at delivery (secrets).")
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True, help_text="The kind of failure, never the message.")

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outgoing e-mail"  # as every page spells it (the audit log's kinds of record)
        indexes = [
            models.Index(fields=["partnership", "status"], name="notif_outgoing_status"),
            models.Index(fields=["status", "next_attempt_at"], name="notif_outgoing_due"),
            models.Index(fields=["about_type", "about_id"], name="notif_outgoing_about"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipients_display}"

    @property
    def recipients(self) -> list[str]:
        return self.to.splitlines()

    @property
    def recipients_display(self) -> str:
        return ", ".join(self.recipients)
