"""The multi-agency meeting, its findings and the partnership's themes.

An audit has one :class:`Meeting` (date, attendance by agency, a judgement on
the audit itself) and one :class:`CaseDiscussion` per audited case (notes and
the agreed overall grade, on the scale the returns use). What the meeting
agreed are :class:`Finding` rows: a strength or a concern about one case (or
none: cross-case), optionally about one agency, taken from a return's answer,
written at the meeting, or imported from a past audit. Their confirmed themes
are :class:`FindingTag` rows (who confirmed, whether maca had suggested it);
only confirmed tags are used by reports. Across cases the QA officer confirms
:class:`Recommendation` rows. An :class:`ImmediateConcern` is a safeguarding
worry raised during the audit that goes to the owning agency at once;
:class:`PractitionerFeedback` records that an agency lead fed back to the
practitioners what was found for their case.

Every table carries ``partnership`` directly (the tenant key). Nothing here is
hard-deleted: findings are removed softly, recommendations withdrawn.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from maca.core.concurrency import VersionedModel


class Polarity(models.TextChoices):
    STRENGTH = "strength", "Strength"
    CONCERN = "concern", "Concern"


class FindingKind(models.TextChoices):
    FINDING = "finding", "Finding"
    GOOD_PRACTICE = "good_practice", "Good practice resulting from the audit"


class FindingSource(models.TextChoices):
    RETURN = "return", "An agency’s return"
    MEETING = "meeting", "The meeting"
    IMPORTED = "imported", "Imported from a past audit"


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RecommendationOrigin(models.TextChoices):
    CROSS_CASE = "cross_case", "Proposed by maca from a theme in two or more cases"
    WRITTEN = "written", "Written by the QA officer"
    IMPORTED = "imported", "Imported from a past audit"


# Themes --------------------------------------------------------------------------------------------


class ThemeQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def current(self):
        return self.filter(is_retired=False)


class Theme(VersionedModel):
    """A practice theme of one partnership.

    Seeded from the default taxonomy (``maca.findings.taxonomy``), whose stable
    id is the ``key``; a partnership may rename a theme, add its own (a key
    made from its first name, never changed after) or retire one (kept, so
    past findings keep their themes, but no longer offered).
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    key = models.SlugField(max_length=60, help_text="Stable id: never changes, whatever the name.")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False, help_text="One of the default taxonomy's themes.")
    is_retired = models.BooleanField(default=False)
    retired_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="theme_key_unique_in_partnership"),
            models.UniqueConstraint(fields=["partnership", "name"], name="theme_name_unique_in_partnership"),
            # Whatever the case: "Transitions" and "transitions" are one theme's name.
            models.UniqueConstraint("partnership", Lower("name"), name="theme_name_unique_in_partnership_any_case"),
        ]

    def __str__(self) -> str:
        return self.name


# The meeting ---------------------------------------------------------------------------------------


class Meeting(VersionedModel):
    """The multi-agency meeting of one audit, and the judgement on the audit itself."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.OneToOneField("programme.Audit", on_delete=models.PROTECT, related_name="meeting")
    held_on = models.DateField(null=True, blank=True)
    returns_quality = models.TextField(blank=True, help_text="How good the agencies' returns were.")
    attendance_judgement = models.TextField(blank=True, help_text="Whether the right people came.")
    others_attending = models.TextField(
        blank=True, help_text="Who else came: the partnership's own staff, partners not auditing a case."
    )
    notes = models.TextField(blank=True, help_text="Anything else about the audit itself.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return f"Meeting of {self.audit}"


class MeetingAttendance(models.Model):
    """Whether an agency came to the meeting, and who (names and roles, free text)."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    people = models.TextField(blank=True, help_text="Names and roles of those who came or sent apologies.")

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="one_attendance_per_meeting_and_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_status_display()}"


class CaseDiscussion(VersionedModel):
    """What the meeting said about one case, and the overall grade it agreed.

    ``agreed_grade`` is a level ``value`` of ``scale`` (the grading scale the
    audit's returns use), empty until agreed.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="discussions")
    audit_case = models.OneToOneField("selection.AuditCase", on_delete=models.PROTECT, related_name="discussion")
    notes = models.TextField(blank=True)
    scale = models.ForeignKey("tools.GradingScale", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agreed_grade = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["audit_case__number"]

    def __str__(self) -> str:
        return f"Discussion of case {self.audit_case.number}"

    @property
    def agreed_grade_label(self) -> str:
        if not self.agreed_grade:
            return ""
        return self.scale.label_of(self.agreed_grade) if self.scale_id else self.agreed_grade


# Findings ------------------------------------------------------------------------------------------


class FindingQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def current(self):
        return self.filter(removed_at__isnull=True)


# The longest a finding's text may be: the forms', the typing suggestions' and
# ``manage.py tag_findings``'s limit.
FINDING_TEXT_MAX_LENGTH = 5000


def in_words(text: str) -> bool:
    """Whether a finding's text says something in words: a letter or a digit,
    not only punctuation or spaces (the rule for a finding typed on a page and
    for one given to ``manage.py tag_findings``)."""
    return any(character.isalnum() for character in text)


class Finding(VersionedModel):
    """A strength or a concern the meeting agreed (or a past audit recorded).

    ``audit_case`` is empty for a cross-case finding, ``agency`` when it
    concerns no one agency. When taken from a return, ``source_return`` and
    ``source_question_key`` say which answer. ``suggestions`` keeps maca's
    latest suggestions with their reasons as data (``[{"theme": key,
    "score": s, "reasons": [...]}]``, each reason as
    ``tagging.Reason.as_stored`` gives it, said by
    ``presenters.reasons_text``), ``suggested_polarity`` its polarity, with
    its reason as data (``suggested_polarity_basis``, what the pages say it from:
    ``tagging.PolarityReason.as_stored``) and in the tagger's words
    (``suggested_polarity_reason``, kept as it was said, read by no page);
    the confirmed themes are the :class:`FindingTag` rows, and
    ``rejected_theme_keys`` the suggestions a person turned down.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="findings")
    audit_case = models.ForeignKey(
        "selection.AuditCase", on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    kind = models.CharField(max_length=20, choices=FindingKind.choices, default=FindingKind.FINDING)
    text = models.TextField()
    source = models.CharField(max_length=10, choices=FindingSource.choices, default=FindingSource.MEETING)
    source_return = models.ForeignKey(
        "returns.Return", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_question_key = models.CharField(max_length=100, blank=True)
    themes = models.ManyToManyField(Theme, through="FindingTag", related_name="findings", blank=True)
    suggestions = models.JSONField(default=list, blank=True)
    suggested_polarity = models.CharField(max_length=10, choices=Polarity.choices, blank=True)
    suggested_polarity_reason = models.TextField(blank=True)
    suggested_polarity_basis = models.JSONField(default=dict, blank=True)
    rejected_theme_keys = models.JSONField(default=list, blank=True)
    tags_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a person last confirmed its themes: unset, none are confirmed yet."
    )
    tags_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "audit_case__number", "polarity", "id"]
        indexes = [
            models.Index(fields=["partnership", "audit"], name="finding_audit"),
            models.Index(fields=["partnership", "created_at"], name="finding_created"),
        ]

    def __str__(self) -> str:
        # Never the text: this label goes into the audit log.
        where = f"case {self.audit_case.number}" if self.audit_case_id else "across cases"
        return f"{self.get_polarity_display()} {self.pk} ({where})"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def title_context(self) -> str:
        """The end of the ``<title>`` of a finding's pages: which case (or
        none), which audit, so that two findings open side by side differ."""
        about = f"Case {self.audit_case.number}" if self.audit_case_id else "A finding across cases"
        return f"{about} – {self.audit.title}"


class FindingMeaning(models.Model):
    """A finding's sentence embedding (``maca.findings.meaning``), kept so that
    "findings like this one" compares meanings without reading every finding
    again. Derived from the finding's text alone and made again from it:
    ``key`` is a digest of the text and the model, and a vector whose key no
    longer matches its finding's text is never used. Deleted with its finding,
    and when retention takes names out of the text."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="meaning")
    key = models.CharField(max_length=64)
    vector = models.BinaryField()
    made_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"meaning of {self.finding_id}"


class FindingTag(models.Model):
    """A confirmed theme of a finding: who confirmed it, and whether maca suggested it."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="tags")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="tags")
    was_suggested = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text="Why maca suggested it, when it did.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme__position", "theme__name"]
        constraints = [models.UniqueConstraint(fields=["finding", "theme"], name="one_tag_per_finding_and_theme")]
        indexes = [
            models.Index(fields=["partnership", "theme"], name="findingtag_theme"),
            # A finding's tags, within the partnership row-level security scopes
            # them to: PostgreSQL reads them for each finding in the counts by
            # theme, instead of intersecting every tag of the partnership each time.
            models.Index(fields=["partnership", "finding"], name="findingtag_finding"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} on finding {self.finding_id}"


# Across cases --------------------------------------------------------------------------------------


class Recommendation(VersionedModel):
    """A cross-case recommendation of one audit: proposed (by maca from a theme
    that recurs in two or more cases, or written), then confirmed or withdrawn."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField()
    origin = models.CharField(max_length=12, choices=RecommendationOrigin.choices, default=RecommendationOrigin.WRITTEN)
    proposed_from = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The theme found in two or more cases that maca proposed it from.",
    )
    themes = models.ManyToManyField(Theme, through="RecommendationTheme", related_name="recommendations", blank=True)
    findings = models.ManyToManyField(
        Finding, through="RecommendationFinding", related_name="recommendations", blank=True
    )
    status = models.CharField(
        max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.PROPOSED
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "position", "id"]
        indexes = [models.Index(fields=["partnership", "audit", "status"], name="recommendation_audit_status")]

    def __str__(self) -> str:
        return f"Recommendation {self.pk} of {self.audit}"


class RecommendationTheme(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="theme_links")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "theme"], name="one_link_per_recommendation_and_theme")
        ]

    def __str__(self) -> str:
        return f"{self.theme} on recommendation {self.recommendation_id}"


class RecommendationFinding(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="finding_links")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "finding"], name="one_link_per_recommendation_and_finding"
            )
        ]

    def __str__(self) -> str:
        return f"Finding {self.finding_id} on recommendation {self.recommendation_id}"


# Immediate concerns and feedback -------------------------------------------------------------------


class ImmediateConcernQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def open(self):
        return self.filter(withdrawn_at__isnull=True, acknowledged_at__isnull=True)

    def current(self):
        return self.filter(withdrawn_at__isnull=True)


class ImmediateConcern(VersionedModel):
    """A safeguarding concern about a child found during the audit, which the
    owning agency must act on at once. Raising it e-mails that agency's leads
    (``alert_sent_at``, ``alert_recipients``); the lead acknowledges it. The
    actions app turns each into an urgent action due in one working day."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="immediate_concerns")
    audit_case = models.ForeignKey("selection.AuditCase", on_delete=models.PROTECT, related_name="immediate_concerns")
    agency = models.ForeignKey(
        "partnerships.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that must act on it.",
    )
    what_was_found = models.TextField()
    raised_at = models.DateTimeField(auto_now_add=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    respond_by = models.DateField(
        null=True, blank=True, help_text="The working day after it was raised (weekends and bank holidays skipped)."
    )
    alert_sent_at = models.DateTimeField(null=True, blank=True)
    alert_recipients = models.JSONField(default=list, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.TextField(blank=True, help_text="What the agency has done or will do.")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)
    submission = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The form it was raised from: pressing the button twice raises one concern, not two.",
    )

    objects = ImmediateConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["partnership", "agency", "acknowledged_at"], name="concern_agency_open")]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "submission"], name="concern_submission_once"),
        ]

    def __str__(self) -> str:
        # Never the text: this label goes into the audit log.
        return f"Immediate concern {self.pk} (case {self.audit_case.number})"


class PractitionerFeedback(VersionedModel):
    """A record, made by the agency lead, that what was found for a case was fed
    back to the practitioners whose work was audited."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="practitioner_feedback")
    audit_case = models.ForeignKey(
        "selection.AuditCase", on_delete=models.PROTECT, related_name="practitioner_feedback"
    )
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="+")
    what_was_fed_back = models.TextField()
    given_to = models.TextField(blank=True, help_text="Who was told: roles or teams, not needed as names.")
    given_on = models.DateField()
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name_plural = "practitioner feedback"
        indexes = [models.Index(fields=["partnership", "agency", "audit"], name="feedback_agency_audit")]

    def __str__(self) -> str:
        return f"Feedback on case {self.audit_case.number} by {self.agency}"
