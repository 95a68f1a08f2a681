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

    def __str__(self) -> str:
        return f"{self.subject} to {self.recipients_display}"

    @property
    def recipients_display(self) -> str:
        return ", ".join(self.to.splitlines())
