"""Publications: the outputs an audit (or a year) is published as, their
versions and approval, the pseudonyms they speak of people by, and what
agencies did with them (ADR 0024).

A ``Publication`` is one output (the 6 Step Briefing of an audit, the annual
report of a year). Its text lives in ``PublicationVersion``s: a draft is edited
section by section, submitted, approved by the role the partnership chose,
then published. A published version never changes (``save`` refuses); a
correction is a new version with a reason, which may be abandoned while it is
a draft (kept, marked, never deleted).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maca.accounts.roles import Role
from maca.core.concurrency import VersionedModel
from maca.core.fields import EncryptedJSONField


class Kind(models.TextChoices):
    SIX_STEP = "six_step", "6 Step Briefing"
    LEARNING_SUMMARY = "learning_summary", "Learning summary"
    KEY_MESSAGES = "key_messages", "Key messages for practitioners"
    SEVEN_MINUTE = "seven_minute", "7 Minute Briefing"
    ANNUAL_REPORT = "annual_report", "Annual quality assurance report"


AUDIT_KINDS = (Kind.SIX_STEP, Kind.LEARNING_SUMMARY, Kind.KEY_MESSAGES, Kind.SEVEN_MINUTE)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Replaced by a correction"
    # A correction set aside while it was a draft: never published, kept, no longer under way.
    ABANDONED = "abandoned", "Correction abandoned"


APPROVER_ROLES = [
    (Role.QA_OFFICER.value, Role.QA_OFFICER.label),
    (Role.PARTNERSHIP_ADMIN.value, Role.PARTNERSHIP_ADMIN.label),
    (Role.BOARD_MEMBER.value, Role.BOARD_MEMBER.label),
]


class PublicationSettings(VersionedModel):
    """A partnership's choices for its outputs: which role approves them (the
    QA sub-group's chair holds it) and the logo printed on them. Versioned:
    two admins saving at once never put back what the other changed."""

    partnership = models.OneToOneField("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    approver_role = models.CharField(max_length=30, choices=APPROVER_ROLES, default=Role.QA_OFFICER.value)
    logo_png = models.BinaryField(blank=True, default=b"")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Publication settings of {self.partnership}"


class PublicationQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def kept(self):
        """Every publication but the drafts that were discarded."""
        return self.filter(discarded_at__isnull=True)


class Publication(models.Model):
    """One output: of an audit (``audit``) or of a programme year (``year``)."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    audit = models.ForeignKey(
        "programme.Audit", on_delete=models.PROTECT, null=True, blank=True, related_name="publications"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For the annual report: 2026 is 2026–27.")
    title = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A draft nobody submitted may be discarded: kept, never deleted, and no longer listed.
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discarded_at = models.DateTimeField(null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "kind"],
                condition=models.Q(discarded_at__isnull=True),
                name="one_output_of_a_kind_per_audit",
            ),
            models.UniqueConstraint(
                fields=["partnership", "year", "kind"],
                condition=models.Q(audit__isnull=True, discarded_at__isnull=True),
                name="one_annual_report_per_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PublicationVersion(VersionedModel):
    """One version of an output's text. ``document`` is the whole text, as
    sections (see ``maca.publications.document``). ``version`` (from
    ``VersionedModel``) guards concurrent edits; ``number`` is the version
    people see."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    document = models.JSONField()
    correction_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The last time the version was saved: a draft's sections edited, a hit of
    # the safety check replaced or kept, or a step taken. Every service saves
    # through ``save()`` (any ``update_fields`` must name it), so it moves.
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The last time the approver sent it back to draft, and what they said needs to change.
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_back_at = models.DateTimeField(null=True, blank=True)
    sent_back_reason = models.TextField(blank=True)
    # A correction abandoned while it was a draft: who set it aside, and when (never deleted).
    abandoned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    abandoned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="publication_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.publication}, version {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_back_with_writers(self) -> bool:
        """A draft the approver sent back, not yet submitted again."""
        return self.status == Status.DRAFT and self.sent_back_at is not None

    @property
    def is_correction(self) -> bool:
        """A correction of a published version: a later version, with its reason."""
        return self.number > 1 and bool(self.correction_reason)

    def save(self, *args, **kwargs):
        """A published version is a snapshot: its text never changes. Only
        its withdrawal (when a correction is published) may be recorded. An
        abandoned correction stays abandoned."""
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values("status", "document").first()
            if stored and stored["status"] == Status.ABANDONED and self.status != Status.ABANDONED:
                raise ValueError("An abandoned correction cannot be taken up again: start a new correction instead.")
            frozen = (Status.PUBLISHED, Status.WITHDRAWN)
            if (
                stored
                and stored["status"] in frozen
                and (stored["document"] != self.document or self.status not in frozen)
            ):
                raise ValueError("A published version cannot be changed: publish a correction instead.")
        super().save(*args, **kwargs)


class SafetyOverride(models.Model):
    """A hit of the safety check a person decided to keep, with their reason.
    Keyed by what was found and where, so it holds while the text around it
    is edited, and is asked again if the words change."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(PublicationVersion, on_delete=models.PROTECT, related_name="overrides")
    field = models.CharField(max_length=80, help_text="Where in the document: a section key and part.")
    kind = models.CharField(max_length=30)
    found = EncryptedJSONField(help_text="The words that were found, kept encrypted.")
    fingerprint = models.CharField(max_length=64, help_text="A keyed hash of field, kind and words.")
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "fingerprint"], name="one_override_per_hit")]

    def __str__(self) -> str:
        # Never the words found: this label goes into the audit log.
        return f"Kept {self.kind} in {self.field}"


class Pseudonym(VersionedModel):
    """How outputs speak of one person of an audit: "Child A", "Child A’s
    mother". Stable: given once per audit and never re-lettered. ``names``
    (the names held for that person, so the safety check can find them) are
    encrypted. ``version`` (from ``VersionedModel``) guards the names against
    two people saving them at once; ``names_changed_at`` and ``_by`` say
    when they were last set, and by whom (nobody: by maca, when its retention
    run forgot them), or nothing if nobody has typed any yet."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="pseudonyms")
    audit_case = models.ForeignKey(
        "selection.AuditCase", on_delete=models.PROTECT, null=True, blank=True, related_name="pseudonyms"
    )
    letter = models.CharField(max_length=4, help_text="The case's letter: A, B ... Z, AA.")
    relation = models.CharField(max_length=60, blank=True, help_text="Empty for the child; 'mother', 'brother'...")
    label = models.CharField(max_length=80)
    names = EncryptedJSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    names_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    names_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["letter", "relation", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "label"], name="pseudonym_label_unique_in_audit")]

    def __str__(self) -> str:
        return self.label


class PracticeReport(VersionedModel):
    """What one agency did with a published output: team meetings held, staff
    reached, changes made. Feeds the annual report's impact section."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="practice_reports")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="+")
    meetings_held = models.PositiveIntegerField()
    staff_reached = models.PositiveIntegerField()
    changes_made = models.TextField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["publication", "agency"], name="one_practice_report_per_agency")]


class RenderedFile(models.Model):
    """A published version rendered as PDF or Word, kept so that it is rendered
    once and not at every download (a PDF takes seconds). Derived from the
    version's text, which never changes once published, and the letterhead,
    which may: ``key`` is a digest of both, and a file whose key no longer
    matches is rendered again and replaced. Versions that are not published
    are rendered at every download and never kept."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(PublicationVersion, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=8)
    key = models.CharField(max_length=64)
    content = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "format"], name="rendered_file_version_format")]

    def __str__(self) -> str:
        return f"{self.version} ({self.format})"
