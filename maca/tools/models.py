"""Audit tools: the questionnaires agencies audit their records with.

A tool has versions. Only a draft version can be changed; publishing freezes
it, and a return stays on the version it started with, so a later change to the
tool never changes what an agency already answered. Grading scales are shipped
(``partnership`` empty, read-only) or a partnership's own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from maca.core.concurrency import VersionedModel


class GradingScale(models.Model):
    """A scale for grade questions, e.g. outstanding / good / requires improvement / inadequate.

    ``levels`` is an ordered list, best first: ``[{"value": "good", "label": "Good",
    "meets_standard": true}, ...]``; ``meets_standard`` drives counts such as
    "48 of 56 cases met good".
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the scales maca ships, which every partnership can use and none can change.",
    )
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    levels = models.JSONField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="scale_key_unique_in_partnership"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(partnership__isnull=True), name="shipped_scale_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.partnership_id is None

    def label_of(self, value) -> str:
        for level in self.levels:
            if str(level["value"]) == str(value):
                return level["label"]
        return str(value)

    def meets_standard(self, value) -> bool:
        return any(str(level["value"]) == str(value) and level.get("meets_standard") for level in self.levels)


class ToolKind(models.TextChoices):
    CASE = "case", "Case audit: one return per case per agency"
    SUMMATIVE = "summative", "Summative report: one summative report per agency, across all its cases"


def returns_called(kind: str, count: int | None = None) -> str:
    """What agencies send on a tool of ``kind``, as pages call them all
    together: a summative report tool's "summative reports", a case audit
    tool's "returns"; one ("summative report", "return") when ``count`` is 1.
    The one definition of these words: an audit's are its tool kind's
    (``programme.models.tool_kind_for``)."""
    plural = "summative reports" if kind == ToolKind.SUMMATIVE else "returns"
    return plural.removesuffix("s") if count == 1 else plural


class AuditTool(VersionedModel):
    """``version`` counts the saves of the tool's name and description, so two
    people changing them at once never overwrite each other. (A tool's
    questions are in its :class:`ToolVersion`s, which count their own.)"""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=ToolKind.choices, default=ToolKind.CASE)
    description = models.TextField(blank=True)
    is_archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="tool_name_unique_in_partnership")]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Replaced by a later version"


class ToolVersion(VersionedModel):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    notes = models.TextField(blank=True, help_text="What changed in this version.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tool", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "number"], name="tool_version_number_unique"),
            models.UniqueConstraint(fields=["tool"], condition=Q(status="draft"), name="one_draft_per_tool"),
        ]

    def __str__(self) -> str:
        return f"{self.tool.name}, version {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Section(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(ToolVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    help_text = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    GRADE = "grade", "Grade on a scale"
    YES_NO = "yes_no", "Yes, no or not applicable"
    NUMBER = "number", "Number"
    SINGLE_CHOICE = "single_choice", "One choice from a list"
    MULTIPLE_CHOICE = "multiple_choice", "Several choices from a list"
    TEXT = "text", "Free text"


class Question(models.Model):
    """One question of a tool version.

    ``key`` is stable across versions (copied when a new version is made), so
    counts and later findings can follow a question from version to version.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=80)
    text = models.CharField(max_length=500)
    help_text = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(default=True)
    scale = models.ForeignKey(GradingScale, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    choices = models.JSONField(default=list, blank=True, help_text="For choice questions: the options, in order.")
    max_length = models.PositiveIntegerField(default=10_000, help_text="For free text: the most characters allowed.")

    class Meta:
        ordering = ["section", "position"]

    def __str__(self) -> str:
        return self.text
