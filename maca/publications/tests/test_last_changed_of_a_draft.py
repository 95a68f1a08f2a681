"""The publications list's "Last changed" of a draft is when it was last
edited: a section saved or a hit of the safety check kept moves it, not
only the steps (submitted, sent back, approved)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import date_time
from maca.publications import checking, services
from maca.publications.document import Document
from maca.publications.models import PublicationVersion
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db

NUMBER = "Call 07700 900461 for the out-of-hours worker."


def _drafted_weeks_ago(world):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    drafted = timezone.now() - dt.timedelta(days=20)
    # As a draft made then and not touched since (``update`` leaves ``auto_now`` alone).
    PublicationVersion.objects.filter(publication=publication).update(created_at=drafted, updated_at=drafted)
    return publication, drafted


def _last_changed(world, client_for, publication) -> str:
    page = client_for(world["qa"]).get(reverse("publications:index")).content.decode()
    return read_tables(page)["Publications"].cell(publication.title, "Last changed")


def test_a_draft_not_edited_since_shows_when_it_was_drafted(world, client_for):
    publication, drafted = _drafted_weeks_ago(world)
    assert _last_changed(world, client_for, publication) == date_time(drafted)


def test_saving_a_section_of_a_draft_moves_its_last_changed(world, client_for):
    publication, drafted = _drafted_weeks_ago(world)
    version = publication.versions.get()
    section = Document.from_json(version.document).section("theme")
    response = client_for(world["qa"]).post(
        reverse("publications:section_edit", args=[publication.pk, "theme"]),
        {"heading": section.heading, "text": "Edited today.", "version": version.version},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    shown = _last_changed(world, client_for, publication)
    assert shown != date_time(drafted)
    assert shown == date_time(version.updated_at)
    assert version.updated_at > timezone.now() - dt.timedelta(minutes=5)


def test_keeping_a_hit_of_the_safety_check_moves_its_last_changed(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get()
    section = Document.from_json(version.document).section("findings")
    version = services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"{section.text}\n\n{NUMBER}",
        expected_version=version.version,
    )
    drafted = timezone.now() - dt.timedelta(days=20)
    PublicationVersion.objects.filter(pk=version.pk).update(created_at=drafted, updated_at=drafted)
    version.refresh_from_db()
    (hit,) = checking.check_version(version)
    services.hit_override(
        actor=world["qa"].user,
        version=version,
        fingerprint=hit.fingerprint,
        reason="The duty team's number, published on the council's own site.",
    )
    version.refresh_from_db()
    assert version.updated_at > timezone.now() - dt.timedelta(minutes=5)
    assert _last_changed(world, client_for, publication) == date_time(version.updated_at)


def test_versions_saved_before_updated_at_start_at_their_latest_known_step(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("maca.publications.migrations.0008_publication_version_updated_at")
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    drafted = timezone.now() - dt.timedelta(days=30)
    sent_back = drafted + dt.timedelta(days=3)
    submitted = drafted + dt.timedelta(days=2)
    PublicationVersion.objects.filter(publication=publication).update(
        created_at=drafted, submitted_at=submitted, sent_back_at=sent_back, updated_at=timezone.now()
    )
    other = six_step_for(world, audit_with_findings(world, child_names={}))
    PublicationVersion.objects.filter(publication=other).update(created_at=drafted, updated_at=timezone.now())

    migration.latest_known_step(apps, None)

    assert publication.versions.get().updated_at == sent_back
    assert other.versions.get().updated_at == drafted
