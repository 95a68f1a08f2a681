"""Each page about a return says in its title which case, agency and audit
it is about (WCAG 2.4.2): a browser's tabs and a screen reader's first words."""

import html
import re

from django.urls import reverse

from maca.returns.tests.matrix_fixtures import build


def _title(response) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)).strip()


def test_return_pages_name_the_case_the_agency_and_the_audit(world, client_for):
    records = build(world)
    draft, audit = records["return_record"], records["returns_audit"]
    named = f"Case {draft.audit_case.number} – Testshire Police’s return – {audit.title}"
    case_and_audit = f"Case {draft.audit_case.number} – {audit.title}"
    auditor = client_for(world["auditor"])
    detail = auditor.get(reverse("returns:detail", args=[draft.pk]))
    assert _title(detail) == f"Testshire Police’s return – {case_and_audit} – maca"
    tasks = auditor.get(reverse("returns:edit", args=[draft.pk]))
    assert _title(tasks) == f"Testshire Police’s audit – {case_and_audit} – maca"
    section = auditor.get(reverse("returns:section", args=[draft.pk, 1]))
    assert _title(section) == f"Information sharing – {named} – maca"
    check = auditor.get(reverse("returns:check", args=[draft.pk]))
    assert _title(check) == f"Check your answers before submitting the return – {named} – maca"
    history = client_for(world["qa"]).get(reverse("returns:history", args=[draft.pk]))
    assert _title(history) == f"Every change to Testshire Police’s return – {case_and_audit} – maca"
    assert _title(auditor.get(reverse("chronology:return", args=[draft.pk]))) == f"Chronology – {named} – maca"
