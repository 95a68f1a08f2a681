"""Partnerships (the tenants) and the agencies that belong to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from maca.core.concurrency import VersionedModel


class Partnership(VersionedModel):
    """A Safeguarding Children Partnership: the tenant of every piece of case data."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, help_text="Shown in the header, for example 'Northbridge SCP'.")
    slug = models.SlugField(max_length=60, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children’s social care"
    EARLY_HELP = "early_help", "Early help"
    POLICE = "police", "Police"
    COMMUNITY_HEALTH = "community_health", "Community health"
    ACUTE_HOSPITAL = "acute_hospital", "Acute hospital"
    GP_PRACTICE = "gp_practice", "GP practice"
    INTEGRATED_CARE_BOARD = "integrated_care_board", "Integrated care board"
    HOUSING = "housing", "Housing"
    EDUCATION = "education", "Education"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    PROBATION = "probation", "Probation"
    MENTAL_HEALTH = "mental_health", "Mental health"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
    OTHER = "other", "Other"


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)


class Agency(VersionedModel):
    """An organisation, or a unit of one, that takes part in the partnership's audits.

    Agencies form a tree: 41 GP practices under one care board; MASH and Early
    Help inside children's social care.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique_in_partnership"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="agency_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class RetentionPolicy(VersionedModel):
    """How long the partnership keeps each kind of case-level data.

    ``periods`` maps each kind's key (``maca.core.retention``) to a number of
    its unit; a kind not in it keeps its default. A new kind, added by an app,
    needs no migration.
    """

    partnership = models.OneToOneField(Partnership, on_delete=models.PROTECT, related_name="retention_policy")
    periods = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "retention policies"

    def __str__(self) -> str:
        return f"Retention periods of {self.partnership}"
