"""A case list that failed and was discarded later (QA walk): its page said
"Discarded" with the time the import had failed."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from maca.cases.models import CaseImport, ImportStatus
from maca.cases.tests.factories import child_row, import_rows
from maca.core.presenters import date_time
from maca.tests.page import words_shown


def test_a_failed_list_discarded_later_says_when_it_was_discarded(world, client_for):
    case_import = import_rows(world.partnership, [child_row("F-1", "C-1", Sex="Femail")], actor=world["qa"].user)
    assert case_import.status == ImportStatus.FAILED
    failed_at = timezone.now() - dt.timedelta(days=2)
    CaseImport.objects.filter(pk=case_import.pk).update(finished_at=failed_at)
    client = client_for(world["qa"])

    assert client.post(reverse("cases:import_discard", args=[case_import.pk])).status_code == 302
    shown = words_shown(client.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode())
    assert "Status Discarded" in shown
    assert f"Discarded {date_time(failed_at)}" not in shown
    assert f"Discarded {date_time(CaseImport.objects.get(pk=case_import.pk).finished_at)}" in shown
    assert CaseImport.objects.get(pk=case_import.pk).finished_at > failed_at
