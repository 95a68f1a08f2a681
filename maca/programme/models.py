"""Board priorities, the yearly programme of audits, and each audit's stages."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from maca.core.concurrency import VersionedModel


class BoardPriority(VersionedModel):
    """A priority the partnership board has set (domestic abuse, neglect...)."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "board priorities"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="priority_title_unique_in_partnership")
        ]

    def __str__(self) -> str:
        return self.title


def year_label(year: int) -> str:
    """A programme (business) year as maca writes it everywhere: ``2026–27``."""
    return f"{year}–{str(year + 1)[-2:]}"


def year_of(day: dt.date) -> int:
    """The programme (business) year ``day`` is in: years run April to March,
    so 10 January 2027 is in 2026–27 (``2026``)."""
    return day.year if day.month >= 4 else day.year - 1


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of programme year ``year``: 1 April to 31 March."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def meeting_range(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day the meeting of an audit of programme year
    ``year`` may be on: in its year or the year after it (writing up can run
    over). The meeting record, an imported audit and planning all keep it."""
    return year_bounds(year)[0], year_bounds(year + 1)[1]


def plan_dates_range(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day an audit of programme year ``year`` may plan its
    selection date and its deadline on: from the 3 months before its year
    (cases chosen while the programme is agreed, before April) to the end of
    the year after it, as its meeting may fall then (writing up runs over).
    The planned meeting keeps :func:`meeting_range`, as the meeting record
    and an imported audit do."""
    return dt.date(year, 1, 1), meeting_range(year)[1]


class Programme(models.Model):
    """One year's programme of audits. Years run April to March, as the
    partnership's business year does: ``year=2026`` is 2026 to 2027."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="one_programme_per_year")]

    def __str__(self) -> str:
        return f"Programme {self.label}"

    @property
    def label(self) -> str:
        return year_label(self.year)


class AuditKind(models.TextChoices):
    THEMED = "themed", "Themed multi-agency audit"
    DEEP_DIVE = "deep_dive", "Extraordinary deep dive"
    EXTERNAL = "external", "External or independent audit"


def tool_kind_for(kind: str) -> str:
    """The kind of audit tool an audit of ``kind`` uses: a deep dive asks
    each agency for one summative report; any other audit for one return per
    case per agency. Planning refuses another (``services._check_audit``) and
    so does the move to 'Agencies auditing' (``returns.services.tool_ready``)."""
    from maca.tools.models import ToolKind

    return ToolKind.SUMMATIVE if kind == AuditKind.DEEP_DIVE else ToolKind.CASE


def returns_called(kind: str, count: int | None = None) -> str:
    """What the agencies send for an audit of ``kind``, as its pages call them
    all together: a deep dive's "summative reports", any other's "returns";
    one ("summative report", "return") when ``count`` is 1. Its tool kind's
    words (``tools.models.returns_called``), defined there once."""
    from maca.tools.models import returns_called as tool_returns_called

    return tool_returns_called(tool_kind_for(kind), count)


def returns_sent(kind: str | None) -> str:
    """What the agencies of an audit of ``kind`` do by its deadline, as its plan
    and move pages say it: "return their audits", a deep dive's agencies "send
    their summative reports" (:func:`returns_called`)."""
    return f"send their {returns_called(kind)}" if kind == AuditKind.DEEP_DIVE else "return their audits"


def returns_called_together(kinds) -> str:
    """What the agencies of audits of ``kinds`` send, as one figure counting
    them all names them: "returns", deep dives' alone "summative reports",
    both kinds' "returns and summative reports" (:func:`returns_called`). The
    year's tables, timeline and progress say it so."""
    called = list(dict.fromkeys(returns_called(kind) for kind in sorted(set(kinds))))
    called.sort(key=lambda words: words != returns_called(AuditKind.THEMED))
    return " and ".join(called or [returns_called(AuditKind.THEMED)])


def due_called(kinds) -> str:
    """The heading over the deadlines of audits of ``kinds`` side by side (the
    year's tables and timeline): "Returns due", a deep dive's "Summative reports
    due", both kinds' "Returns and summative reports due"."""
    return f"{returns_called_together(kinds)} due".capitalize()


def deadline_called(kind: str | None) -> str:
    """An audit's deadline as its plan's messages name it: "return deadline",
    a deep dive's "summative report deadline"."""
    return f"{returns_called(kind, 1)} deadline"


def places_called(kind: str, count: int | None = None) -> str:
    """Where a theme can recur in an audit of ``kind``: a deep dive's
    agencies' summative reports beside its cases (``findings.cross_case``),
    any other's cases; one ("summative report or case", "case") when
    ``count`` is 1."""
    if kind == AuditKind.DEEP_DIVE:
        return "summative report or case" if count == 1 else "summative reports or cases"
    return "case" if count == 1 else "cases"


class Stage(models.TextChoices):
    PLANNED = "planned", "Planned"
    SELECTING = "selecting", "Selecting cases"
    AUDITING = "auditing", "Agencies auditing"
    MEETING = "meeting", "Meeting"
    WRITING_UP = "writing_up", "Writing up"
    ACTIONS = "actions", "Actions"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


STAGE_ORDER = [
    Stage.PLANNED,
    Stage.SELECTING,
    Stage.AUDITING,
    Stage.MEETING,
    Stage.WRITING_UP,
    Stage.ACTIONS,
    Stage.CLOSED,
]


class AuditQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def live(self):
        return self.exclude(stage__in=[Stage.CLOSED, Stage.CANCELLED])

    def at_or_after(self, stage: Stage):
        later = STAGE_ORDER[STAGE_ORDER.index(stage) :]
        return self.filter(stage__in=later)


def deadline_passed(deadline: dt.date | None, on: dt.date) -> bool:
    """The one rule for a deadline being over: the day after it. Due today is
    not passed yet, and no deadline is never passed (``Audit.returns_deadline_passed``,
    ``returns.figures``)."""
    return deadline is not None and deadline < on


class Audit(VersionedModel):
    """One audit in the programme: a theme, cases, agencies' returns, a meeting."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="audits")
    title = models.CharField(max_length=200)
    theme = models.TextField(help_text="What the audit looks at, in a sentence or two.")
    priorities = models.ManyToManyField(BoardPriority, blank=True, related_name="audits")
    kind = models.CharField(max_length=20, choices=AuditKind.choices, default=AuditKind.THEMED)
    target_cases = models.PositiveSmallIntegerField(help_text="How many cases the audit will look at.")
    target_children = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_selection_date = models.DateField(null=True, blank=True)
    return_deadline = models.DateField(null=True, blank=True)
    planned_meeting_date = models.DateField(null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scrutineers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="scrutinised_audits")
    tool = models.ForeignKey(
        "tools.AuditTool",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        help_text="The audit tool agencies complete. Returns use its latest published version.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        default=7, help_text="Remind agencies with returns outstanding this many days before the deadline (0: no)."
    )
    reminder_days_after = models.PositiveSmallIntegerField(
        default=3, help_text="And this many days after it, if still outstanding (0: no)."
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["planned_meeting_date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.stage in (Stage.CLOSED, Stage.CANCELLED)

    def returns_deadline_passed(self, on: dt.date | None = None) -> bool:
        """Whether the day the agencies' returns were due is over on ``on``
        (today, by default): due today is not passed yet, and an audit with no
        deadline has none to pass."""
        return deadline_passed(self.return_deadline, timezone.localdate() if on is None else on)

    @property
    def returns_called(self) -> str:
        """What its agencies send, as its pages call them all together (:func:`returns_called`)."""
        return returns_called(self.kind)

    @property
    def one_return_called(self) -> str:
        """One of what its agencies send: "return", "summative report"."""
        return returns_called(self.kind, 1)

    @property
    def places_called(self) -> str:
        """Where its themes can recur, as its pages say it (:func:`places_called`)."""
        return places_called(self.kind)

    def reached(self, stage: Stage) -> bool:
        """True when the audit is at ``stage`` or later (never when cancelled)."""
        if self.stage == Stage.CANCELLED:
            return False
        return STAGE_ORDER.index(Stage(self.stage)) >= STAGE_ORDER.index(stage)


class AuditTransition(models.Model):
    """One move of an audit from a stage to the next: append-only."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="transitions")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.audit}: {self.from_stage} → {self.to_stage}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Stage transitions are append-only.")
        super().save(*args, **kwargs)
