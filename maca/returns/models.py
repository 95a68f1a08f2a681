"""Agencies' returns: each agency's audit of its own records for a case (or,
in a deep dive, one summative report across its cases), its chronology, and
the record of every change and every move between states."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from maca.core.concurrency import VersionedModel
from maca.tools.models import ToolKind
from maca.tools.models import returns_called as tool_returns_called


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Sent back"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


# States in which the agency may still change its answers and chronology.
EDITABLE_STATUSES = (ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED)
# States that count as "responded" in tracking.
RESPONDED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


class ReturnQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def live(self):
        return self.exclude(status=ReturnStatus.WITHDRAWN)

    def responded(self):
        """The returns that are in (submitted or accepted): those the response
        figures count (``figures.is_in``), and whose chronology the case's
        integrated chronology shows (``chronology_selectors.integrated_entries``)."""
        return self.filter(status__in=RESPONDED_STATUSES)


class Return(VersionedModel):
    """One agency's audit of one case (``audit_case`` set) or, for a deep dive,
    its summative report across all its cases (``audit_case`` empty).

    ``answers`` maps question keys to values. Every save appends a
    :class:`ReturnRevision`; every change of state a :class:`ReturnTransition`.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="returns")
    audit_case = models.ForeignKey(
        "selection.AuditCase", on_delete=models.PROTECT, null=True, blank=True, related_name="returns"
    )
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="returns")
    tool_version = models.ForeignKey("tools.ToolVersion", on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED)
    answers = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)  # its latest submission
    first_submitted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it was first submitted, kept through every send-back and resubmission: "
        "whether it was submitted late (``figures.submitted_late``).",
    )
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "audit_case__number", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit_case", "agency"],
                condition=~Q(status="withdrawn") & Q(audit_case__isnull=False),
                name="one_live_return_per_case_and_agency",
            ),
            models.UniqueConstraint(
                fields=["audit", "agency"],
                condition=~Q(status="withdrawn") & Q(audit_case__isnull=True),
                name="one_live_summative_return_per_agency",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "audit", "status"], name="return_audit_status")]

    def __str__(self) -> str:
        where = f"case {self.audit_case.number}" if self.audit_case_id else "all its cases"
        return f"{self.agency.name}: {where} of {self.audit.title}"

    @property
    def page_title(self) -> str:
        """What a page about this return is called (its ``<title>``, WCAG 2.4.2):
        which case, which agency (named as every page names it), which audit."""
        if not self.audit_case_id:
            return f"{self.named} – {self.audit.title}"
        return f"{self.about} – {self.named} – {self.audit.title}"

    @property
    def about(self) -> str:
        """The case a return is about, or "Summative report", as titles name it."""
        return f"Case {self.audit_case.number}" if self.audit_case_id else "Summative report"

    @property
    def kind_name(self) -> str:
        """What it is, as its pages call it: a case's "return", or a deep
        dive's "summative report" (about no one case)."""
        return tool_returns_called(ToolKind.CASE if self.audit_case_id else ToolKind.SUMMATIVE, 1)

    @property
    def named(self) -> str:
        """ "Testshire Police’s return", "Testshire Police’s summative report":
        its agency (named as every page names it) and what it is."""
        from maca.partnerships.presenters import agency_name

        return f"{agency_name(self.agency)}’s {self.kind_name}"

    @property
    def caption(self) -> str:
        """The caption above the heading of each page about the return: its
        audit and, for a case's return, which case ("Neglect in babies – case
        2"); a summative report is about no one case."""
        if self.audit_case_id:
            return f"{self.audit.title} – case {self.audit_case.number}"
        return self.audit.title

    @property
    def title_context(self) -> str:
        """The end of the ``<title>`` of a page whose heading already names the
        agency and what the return is (:attr:`named`): which case, which
        audit. A summative report's heading already says it is one."""
        return f"{self.about} – {self.audit.title}" if self.audit_case_id else self.audit.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReturnTransition(models.Model):
    """A move between states (submitted, sent back, accepted...): append-only."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    return_record = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ReturnStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReturnStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    comment = models.TextField(blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.return_record}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Return transitions are append-only.")
        super().save(*args, **kwargs)


class ReturnRevision(models.Model):
    """The answers as saved at one version of a return: append-only.

    The full history (who changed which answer, when) is the difference between
    consecutive revisions; a refused concurrent save is merged against the
    revision the person started from.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    return_record = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    changed_keys = models.JSONField(default=list, help_text="Question keys changed from the previous revision.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["return_record", "version"]
        constraints = [
            models.UniqueConstraint(fields=["return_record", "version"], name="one_revision_per_return_version")
        ]

    def __str__(self) -> str:
        return f"{self.return_record}, version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Return revisions are append-only.")
        super().save(*args, **kwargs)


class Impact(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    NEUTRAL = "neutral", "Neutral"


class ChronologyEntryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class ChronologyEntry(VersionedModel):
    """One significant event in an agency's chronology of a case.

    ``audit_case`` and ``agency`` repeat the return's, so that the integrated
    multi-agency chronology of a case is one indexed query.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    return_record = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="chronology")
    audit_case = models.ForeignKey(
        "selection.AuditCase", on_delete=models.PROTECT, null=True, blank=True, related_name="chronology"
    )
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="For a period rather than a day.")
    event = models.TextField()
    source = models.CharField(max_length=300, blank=True, help_text="Where it is recorded, e.g. 'GP record'.")
    impact = models.CharField(max_length=10, choices=Impact.choices)
    action_taken = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ChronologyEntryQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = "chronology entries"
        indexes = [models.Index(fields=["audit_case", "date"], name="chronology_case_date")]

    def __str__(self) -> str:
        # Never the event text: this label goes into the audit log.
        return f"Chronology entry {self.pk} ({self.date:%-d %B %Y})"


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Before the deadline"
    AFTER = "after", "After the deadline"
    MANUAL = "manual", "Sent by hand"


def sending_day() -> dt.date:
    """The day a reminder is sent, in the partnership's time (Europe/London):
    the day its e-mail says "the only reminder you will get from maca today"
    of, whatever day it was due (a daily job run late, or caught up with
    ``--date``, sends after its day)."""
    return timezone.localdate()


class Reminder(models.Model):
    """A reminder sent to an agency's leads about its outstanding returns."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="reminders")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    due_on = models.DateField(help_text="The day the reminder was due (automatic ones send once per day due).")
    outstanding = models.PositiveIntegerField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_on = models.DateField(
        default=sending_day,
        help_text="The day its e-mail was sent, in Europe/London: a lead gets at most one reminder e-mail a day.",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "agency", "kind", "due_on"],
                condition=~Q(kind="manual"),
                name="automatic_reminder_once",
            )
        ]
        # Who has had a reminder today (``reminders.reminded_today``).
        indexes = [models.Index(fields=["partnership", "sent_on"], name="reminder_sent_on")]

    def __str__(self) -> str:
        return f"Reminder to {self.agency} about {self.audit}"
