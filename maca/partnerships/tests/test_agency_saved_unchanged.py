"""Saving an agency's page without changing anything changes nothing: no
"agency changed" entry in the audit log, and the agency's version stays, so
another admin with the page open can still save theirs."""

from __future__ import annotations

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.tests.page import words_shown


def _save(client, agency, version: int, **changed):
    data = {"name": agency.name, "kind": agency.kind, "parent": "", "version": version, **changed}
    return client.post(reverse("partnerships:edit", args=[agency.pk]), data)


def test_saving_an_agency_unchanged_records_nothing_and_another_admins_save_still_goes_through(world, client_for):
    police = world.police
    police.refresh_from_db()
    opened_at = police.version
    admin = client_for(world["admin"])

    saved = _save(admin, police, opened_at)
    assert saved.status_code == 302
    told = words_shown(admin.get(saved.url).content.decode())
    assert f"Nothing was changed: {police.name} is as it was." in told
    assert f"{police.name} has been updated." not in told
    police.refresh_from_db()
    assert police.version == opened_at
    assert not AuditEvent.objects.filter(action="agency.updated", object_id=str(police.pk)).exists()
    log = words_shown(admin.get(reverse("audit_trail:events")).content.decode())
    assert f"changed the agency ‘{police.name}’" not in log

    # Another admin opened the page at the same time and renames it: no conflict over nothing.
    response = _save(admin, police, opened_at, name="Testshire Constabulary")
    assert response.status_code == 302
    assert "Testshire Constabulary has been updated." in words_shown(admin.get(response.url).content.decode())
    page = words_shown(admin.get(reverse("partnerships:edit", args=[police.pk])).content.decode())
    assert "Testshire Constabulary" in page
    renamed = AuditEvent.objects.get(action="agency.updated", object_id=str(police.pk))
    assert renamed.changes["name"] == [police.name, "Testshire Constabulary"]
