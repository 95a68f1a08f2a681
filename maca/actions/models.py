"""The composite action plan: actions raised after audits (from a confirmed
recommendation, a finding or an immediate safeguarding concern) or by hand,
their history (progress with evidence, due-date moves, sign-off, reopening),
the evidence files and the reminders sent about them.

Everything here is append-only except the action itself, whose every change
is a :class:`ActionEvent` (and an entry in the audit log)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maca.core.concurrency import VersionedModel


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Completed, awaiting sign-off"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


# Still the owner agency's to do: these can be overdue.
OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
# Finished: no RAG, no reminders.
FINISHED_STATUSES = (ActionStatus.CLOSED, ActionStatus.CANCELLED)


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Source(models.TextChoices):
    RECOMMENDATION = "recommendation", "Cross-case recommendation"
    FINDING = "finding", "Finding"
    CONCERN = "concern", "Immediate safeguarding concern"
    STANDING = "standing", "Standing action"


class ActionQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Action(VersionedModel):
    """One action of the plan: what must happen, who owns it, by when."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="Numbered in the partnership: A1, A2...")
    title = models.CharField(max_length=200, help_text="A short name for the action.")
    text = models.TextField(help_text="What must happen, written as a SMART action.")
    measure = models.TextField(help_text="How everyone will know it has happened.")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STANDING)
    audit = models.ForeignKey(
        "programme.Audit", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    recommendation = models.ForeignKey(
        "findings.Recommendation", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    concern = models.OneToOneField(
        "findings.ImmediateConcern", on_delete=models.PROTECT, null=True, blank=True, related_name="action"
    )
    findings = models.ManyToManyField("findings.Finding", through="ActionFinding", related_name="actions", blank=True)
    themes = models.ManyToManyField("findings.Theme", through="ActionTheme", related_name="actions", blank=True)
    owner_agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    raised_on = models.DateField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The raise form it came from: pressing the button twice raises one action, not two.",
    )
    due_on = models.DateField()
    original_due_on = models.DateField(help_text="The due date it was raised with; moves keep it.")
    last_progress_on = models.DateField(null=True, blank=True, help_text="The date of the latest progress update.")
    completed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    impact = models.TextField(blank=True, help_text="The statement of impact it was closed with.")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="action_number_unique"),
            models.UniqueConstraint(fields=["partnership", "submission"], name="action_submission_once"),
        ]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"], name="action_status_due"),
            models.Index(fields=["partnership", "owner_agency", "status"], name="action_agency_status"),
            models.Index(fields=["partnership", "raised_on"], name="action_raised_on"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"A{self.number}"

    @property
    def due_date_moved(self) -> bool:
        return self.due_on != self.original_due_on


class ActionFinding(models.Model):
    """A finding an action answers."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="finding_links")
    finding = models.ForeignKey("findings.Finding", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "finding"], name="action_finding_once")]

    def __str__(self) -> str:
        return f"Action {self.action_id}: finding {self.finding_id}"


class ActionTheme(models.Model):
    """A theme an action addresses."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="theme_links")
    theme = models.ForeignKey("findings.Theme", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "theme"], name="action_theme_once")]
        indexes = [models.Index(fields=["partnership", "theme"], name="action_theme_theme")]

    def __str__(self) -> str:
        return f"Action {self.action_id}: theme {self.theme_id}"


class EventKind(models.TextChoices):
    RAISED = "raised", "Raised"
    EDITED = "edited", "Changed"
    OWNER_CHANGED = "owner_changed", "Owner changed"
    PROGRESS = "progress", "Progress update"
    DUE_DATE_MOVED = "due_date_moved", "Due date moved"
    SIGN_OFF_REQUESTED = "sign_off_requested", "Sign-off asked for"
    SIGNED_OFF = "signed_off", "Signed off and closed"
    SENT_BACK = "sent_back", "Sent back"
    REOPENED = "reopened", "Reopened"
    CANCELLED = "cancelled", "Cancelled"


class ActionEvent(models.Model):
    """One entry of an action's history: append-only and attributed."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    on = models.DateField(help_text="The day it happened (for progress, the day the note is about).")
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    old_due_on = models.DateField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    occurred_at = models.DateTimeField(auto_now_add=True)
    submission = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The progress form it came from: pressing the button twice posts one update, not two.",
    )

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["action", "occurred_at"], name="action_event_when")]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "submission"], name="action_event_submission_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("An action's history is append-only.")
        super().save(*args, **kwargs)


class Evidence(models.Model):
    """A file attached to a progress update, kept encrypted in the database
    (never under static or media files) and served only through a view that
    checks who is asking."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(ActionEvent, on_delete=models.PROTECT, related_name="evidence")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(help_text="The file, encrypted.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"Evidence {self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Evidence is append-only.")
        super().save(*args, **kwargs)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    DIGEST = "digest", "Weekly digest"


class ActionReminder(models.Model):
    """One reminder e-mail about actions, logged: to an owner before a due
    date or when overdue, or the QA officers' weekly digest. ``key`` makes
    each send happen once (per action, kind and day; per partnership and week)."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, null=True, blank=True, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    key = models.CharField(max_length=80)
    sent_for = models.DateField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="action_reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder ({self.sent_for:%d/%m/%Y})"
