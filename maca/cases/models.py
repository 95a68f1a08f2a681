"""The case pool: cases (usually families) and their children, imported from
the case management system's export, and the record of each import.

A case is the unit of selection; its sampling attributes are derived from its
children (see ``maca.cases.dimensions``). Identifiers that agencies need to find
their own records are held encrypted (``identifiers``) and never leave maca in
a briefing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maca.core.fields import EncryptedJSONField


class ServiceLevel(models.TextChoices):
    NONE = "none", "No service"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"


# Which level describes a family whose children are at different levels.
SERVICE_LEVEL_PRECEDENCE = [
    ServiceLevel.LOOKED_AFTER,
    ServiceLevel.CHILD_PROTECTION,
    ServiceLevel.CHILD_IN_NEED,
    ServiceLevel.CARE_LEAVER,
    ServiceLevel.EARLY_HELP,
    ServiceLevel.NONE,
]


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class EthnicityGroup(models.TextChoices):
    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black or Black British"
    OTHER = "other", "Other ethnic group"
    UNKNOWN = "unknown", "Not known or refused"


class Flag(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health", "Parental mental health"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
    EXPLOITATION = "exploitation", "Exploitation"
    NEGLECT = "neglect", "Neglect"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    MISSING = "missing", "Missing episodes"
    HOMELESSNESS = "homelessness", "Homelessness or housing"
    YOUNG_CARER = "young_carer", "Young carer"


class CaseQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)


class Case(models.Model):
    """A case in the pool: usually a family, with one or more children."""

    # Not indexed on its own: the unique (partnership, reference) index serves every
    # query by partnership, and each index is written for each of 50,000 cases an import.
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reference = models.CharField(max_length=64, help_text="The case (family) reference. Does not name anyone.")
    locality = models.CharField(max_length=120, blank=True)
    service_level = models.CharField(max_length=20, choices=ServiceLevel.choices, default=ServiceLevel.NONE)
    flags = models.JSONField(default=list, blank=True)
    open_date = models.DateField(null=True, blank=True)
    closed_date = models.DateField(null=True, blank=True)
    referrals_last_12_months = models.PositiveSmallIntegerField(default=0)
    # Derived from the children, for sampling and display (maca.cases.dimensions).
    youngest_birth_month = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, blank=True)
    ethnicity_group = models.CharField(max_length=20, blank=True)
    disability = models.CharField(max_length=10, blank=True)
    children_count = models.PositiveSmallIntegerField(default=0)
    # A default in the database too: a case list's rows are written by raw SQL
    # (``cases.upsert``) that names only the columns it fills.
    from_past_audit = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Brought in with a past audit (manage.py import_audit), not from a case list: "
        "not in the pool, never drawn.",
    )
    agencies = models.ManyToManyField(
        "partnerships.Agency", blank=True, related_name="+", help_text="Agencies known to be involved, from the import."
    )
    identifiers = EncryptedJSONField(default=dict, blank=True)
    # Imports are never deleted, so nothing looks cases up by it: no index to write.
    last_import = models.ForeignKey(
        "CaseImport", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="case_reference_unique_in_partnership")
        ]
        indexes = [models.Index(fields=["partnership", "service_level"], name="case_partnership_level")]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class Child(models.Model):
    """A child within a case. Holds what sampling and reporting need, and the
    identifiers agencies need, encrypted."""

    # Served by the unique (partnership, reference) index, as for Case.
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="children")
    reference = models.CharField(max_length=64, help_text="The child's reference in the case list.")
    birth_month = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the month of birth (for an unborn child, of the month it is due): enough for age "
        "bands, less identifying.",
    )
    unborn = models.BooleanField(
        default=False, help_text="Unborn when the list was imported (a pre-birth plan): birth_month is when it is due."
    )
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=80, blank=True, help_text="As recorded.")
    ethnicity_group = models.CharField(max_length=20, choices=EthnicityGroup.choices, default=EthnicityGroup.UNKNOWN)
    disability = models.BooleanField(null=True, blank=True, help_text="Disability or SEND; empty when not known.")
    service_level = models.CharField(max_length=20, choices=ServiceLevel.choices, default=ServiceLevel.NONE)
    locality = models.CharField(max_length=120, blank=True)
    flags = models.JSONField(default=list, blank=True)
    referral_dates = models.JSONField(
        default=list, blank=True, help_text="ISO dates of referrals in the last 12 months."
    )
    open_date = models.DateField(null=True, blank=True)
    closed_date = models.DateField(null=True, blank=True)
    identifiers = EncryptedJSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "reference"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="child_reference_unique_in_partnership")
        ]

    def __str__(self) -> str:
        return f"Child {self.reference}"


class ColumnMapping(models.Model):
    """How the columns of a partnership's export map onto maca's fields, saved
    under a name for the next import."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    columns = models.JSONField(help_text="{maca field: column heading in the file}")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="mapping_name_unique")]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for column mapping"
    QUEUED = "queued", "Checking and importing"
    FAILED = "failed", "Not imported: the file has errors"
    IMPORTED = "imported", "Imported"
    DISCARDED = "discarded", "Discarded"
    EXPIRED = "expired", "Expired: not imported in time, file deleted"


class CaseImportQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)


class CaseImport(models.Model):
    """One upload of a case list, from upload to result.

    The uploaded file is kept encrypted only until it has been imported,
    discarded or has expired (``maca.cases.services.case_uploads_expire``); the
    record of the import stays.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Who matched the columns and started the import (maybe not who uploaded
    # it): the import's result is recorded in their name. Empty for an import
    # started from the command line, or before this was kept.
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    filename = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=4, choices=[("csv", "CSV"), ("xlsx", "Excel")])
    content = models.BinaryField(null=True, blank=True, help_text="The uploaded file, encrypted; cleared once used.")
    headers = models.JSONField(default=list, blank=True)
    notes = models.JSONField(
        default=list, blank=True, help_text="How the file was read: the sheet, hidden rows left out. No cell values."
    )
    columns = models.JSONField(default=dict, blank=True, help_text="The mapping used.")
    mapping = models.ForeignKey(ColumnMapping, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    row_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{row, column, message}]")
    summary = models.JSONField(default=dict, blank=True, help_text="Counts: cases and children created and updated.")
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = CaseImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        # Not by its file's name, which a person chose and may name a family:
        # this label is copied into the audit log, kept longer than the import.
        return f"Case list import {self.pk}"
