"""Found in a QA walk: the audit log said a person was "deactivated" and
"reactivated" where the person's page says "Remove access" and "Give access
again". The log now says it in the page's words, for events stored before the
change too (the stored action codes are not renamed)."""

from __future__ import annotations

import re

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record


def text_of(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def test_removing_and_giving_back_access_reads_in_the_member_pages_words(world, client_for):
    admin = client_for(world["admin"])
    membership = world["auditor"].membership
    removed = admin.post(
        reverse("accounts:deactivate_member", args=[membership.pk]),
        {"reason": "Left the agency", "version": membership.version},
    )
    assert removed.status_code == 302
    membership.refresh_from_db()
    given = admin.post(reverse("accounts:reactivate_member", args=[membership.pk]), {"version": membership.version})
    assert given.status_code == 302
    # The stored codes are as before.
    assert set(AuditEvent.objects.filter(object_id=str(membership.pk)).values_list("action", flat=True)) >= {
        "membership.deactivated",
        "membership.reactivated",
    }

    page = text_of(admin.get(reverse("audit_trail:events")))
    assert "Asha Admin removed the access of Aiden Auditor" in page
    assert "Asha Admin gave access again to Aiden Auditor" in page
    # The "Action" filter names them alike.
    assert "Access removed" in page and "Access given again" in page
    assert "deactivated Aiden" not in page and "reactivated Aiden" not in page
    assert "Member deactivated" not in page and "Member reactivated" not in page


def test_an_event_stored_before_reads_in_the_same_words(world, client_for):
    membership = world["lead"].membership
    event = record(
        actor=world["admin"].user,
        action="membership.deactivated",
        partnership=world.partnership,
        target=membership,
        changes={"is_active": [True, False]},
    )
    page = text_of(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])))
    assert "removed the access of Lena Lead" in page
    assert "deactivated Lena" not in page


def test_an_agency_no_longer_taking_part_reads_in_the_agency_pages_words(world, client_for):
    for action in ("agency.deactivated", "agency.reactivated"):
        record(actor=world["admin"].user, action=action, partnership=world.partnership, target=world.health)
    page = text_of(client_for(world["admin"]).get(reverse("audit_trail:events")))
    assert f"Asha Admin marked the agency ‘{world.health.name}’ as no longer taking part" in page
    assert f"Asha Admin marked the agency ‘{world.health.name}’ as taking part again" in page
    # The "Action" filter names them alike.
    assert "Agency no longer taking part" in page and "Agency taking part again" in page
    assert "deactivated" not in page and "reactivated" not in page
