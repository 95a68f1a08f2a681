"""Which cases an audit looks at, how they were chosen, and which agencies
audit each of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class NominationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Nomination(models.Model):
    """A member proposes a case for an audit; the audit lead decides."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="nominations")
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        help_text="Empty when the reference given is not in the case list (only the audit lead is told).",
    )
    case_reference = models.CharField(
        max_length=64,
        help_text="The reference as the case list has it; as typed when no case matches "
        "(and, from someone who cannot see the pool, until the nomination is decided).",
    )
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominator_agency = models.ForeignKey(
        "partnerships.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency of the nominator's membership when they nominated; "
        "empty for someone of no agency (the partnership's QA officer).",
    )
    reason = models.TextField()
    nominated_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=NominationStatus.choices, default=NominationStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["nominated_at", "id"]

    def __str__(self) -> str:
        return f"Nomination of {self.case_reference} for {self.audit}"


class Draw(models.Model):
    """One random stratified draw, recorded so it can be reproduced and explained."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="draws")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when drawn from the command line.",
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    seed = models.BigIntegerField()
    size = models.PositiveSmallIntegerField(help_text="Cases in the sample, nominated cases included.")
    dimensions = models.JSONField(help_text="The dimensions balanced, e.g. ['age_band', 'service_level'].")
    allocation = models.CharField(max_length=12, choices=[("proportional", "Proportional"), ("equal", "Equal")])
    pool_filter = models.JSONField(default=dict, help_text="Which cases were eligible.")
    exclusions = models.JSONField(default=dict, help_text="Why cases were left out, with counts.")
    pool_size = models.PositiveIntegerField()
    balance = models.JSONField(default=list, help_text="Pool against sample for every dimension.")
    selected_case_ids = models.JSONField(default=list)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"Draw {self.pk} for {self.audit} (seed {self.seed})"


class SelectionSource(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    DRAWN = "drawn", "Random draw"
    IMPORTED = "imported", "Imported with a past audit"


class AuditCaseQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class AuditCase(models.Model):
    """A case selected for an audit. Removed cases keep their row, with why."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey("programme.Audit", on_delete=models.PROTECT, related_name="audit_cases")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="audit_cases")
    number = models.PositiveSmallIntegerField(help_text="'Case 3' within the audit, for the meeting and briefing.")
    source = models.CharField(max_length=10, choices=SelectionSource.choices)
    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_cases")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_cases"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_reason = models.TextField(blank=True)

    objects = AuditCaseQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "case"], condition=Q(removed_at__isnull=True), name="case_once_per_audit"
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.number} of {self.audit}"


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(removed_at__isnull=True)


class Assignment(models.Model):
    """An agency asked to audit its records for one selected case."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    audit_case = models.ForeignKey(AuditCase, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="assignments")
    from_import = models.BooleanField(default=False, help_text="Known to be involved according to the case list.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["audit_case", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit_case", "agency"], condition=Q(removed_at__isnull=True), name="agency_once_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} for {self.audit_case}"
