"""An import stuck in the queue (its worker stopped, say) can always be stopped
and discarded by the QA officer, and a late run then imports nothing."""

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.cases.models import Case, ImportStatus
from maca.cases.services import case_import_run, case_import_start
from maca.cases.tests.factories import COLUMNS, uploaded_case_import


def test_the_qa_officer_stops_a_stuck_import_and_a_late_run_imports_nothing(world, client_for):
    qa = world["qa"]
    case_import = uploaded_case_import(partnership=world.partnership, actor=qa.user)
    case_import_start(actor=qa.user, case_import=case_import, columns=COLUMNS, enqueue=False)
    client = client_for(qa)
    page = client.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert "Checking and importing" in page or "Importing" in page
    assert "Stop and discard this import" in page

    response = client.post(reverse("cases:import_discard", args=[case_import.pk]), follow=True)
    assert "has been discarded" in response.content.decode()
    case_import.refresh_from_db()
    assert case_import.status == ImportStatus.DISCARDED and case_import.content is None
    event = AuditEvent.objects.get(action="case_import.discarded", object_id=str(case_import.pk))
    assert event.actor == qa.user and event.changes["status"] == ["queued", "discarded"]

    # The worker comes back to it later: nothing happens.
    case_import_run(case_import_id=case_import.pk)
    case_import.refresh_from_db()
    assert case_import.status == ImportStatus.DISCARDED
    assert not Case.objects.filter(partnership=world.partnership).exists()
    page = client.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert "Stop and discard" not in page and "Discarded" in page
