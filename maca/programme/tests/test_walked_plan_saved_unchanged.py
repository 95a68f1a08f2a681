"""Found on a walk of the demo: saving an audit's plan as it was said "The
audit has been updated", recorded a change of nothing in the audit log, and
made every other open page of the audit out of date (as the agencies' pages
do, nothing is saved and it says so)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.programme.tests.factories import AuditFactory
from maca.tests.forms_shown import fields_shown

pytestmark = pytest.mark.django_db


def test_a_plan_saved_as_it_was_says_nothing_was_changed(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk")
    version = audit.version
    client = client_for(world["qa"])
    url = reverse("programme:audit_edit", args=[audit.pk])
    shown = fields_shown(html.unescape(client.get(url).content.decode()))
    data = {name: f.chosen if f.kind == "checkbox" else (f.chosen[0] if f.chosen else "") for name, f in shown.items()}
    response = client.post(url, data, follow=True)
    words = " ".join(html.unescape(response.content.decode()).split())
    assert "Nothing was changed: ‘Babies at risk’ is as it was." in words
    assert "The audit has been updated." not in words
    audit.refresh_from_db()
    assert audit.version == version
    assert not AuditEvent.objects.filter(action="audit.updated", object_id=str(audit.pk)).exists()

    data["target_cases"] = "7"
    words = " ".join(html.unescape(client.post(url, data, follow=True).content.decode()).split())
    assert "The audit has been updated." in words
    audit.refresh_from_db()
    assert audit.target_cases == 7 and audit.version == version + 1
    event = AuditEvent.objects.get(action="audit.updated", object_id=str(audit.pk))
    assert event.changes == {"target_cases": [6, 7]}
