"""An audit's planned dates stay near its programme year (April to March):
one of 2026–27 cannot be planned for 2031. Its selection date and deadline may
start in the 3 months before the year (cases chosen while the programme is
agreed), its meeting not before the year begins (as the meeting record keeps
it), and all may end in the year after it (a meeting slipping); further off,
the error summary names the field and the year's range, and nothing is saved."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.programme.models import Audit
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.programme.tests.test_audit_plan_checks import _error_summary, _plan
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

RANGE = (
    "between 1 January 2026 and 31 March 2028 for an audit in the 2026–27 programme, "
    "which runs from 1 April 2026 to 31 March 2027"
)
# The meeting: not before its year begins, as the meeting record keeps it.
MEETING_RANGE = (
    "between 1 April 2026 and 31 March 2028 for an audit in the 2026–27 programme, "
    "which runs from 1 April 2026 to 31 March 2027"
)


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"planned_meeting_date": dt.date(2031, 11, 5)}, f"The meeting date must be {MEETING_RANGE}"),
        (
            {
                "planned_selection_date": dt.date(2026, 1, 5),
                "return_deadline": dt.date(2026, 2, 10),
                "planned_meeting_date": dt.date(2026, 3, 20),
            },
            f"The meeting date must be {MEETING_RANGE}",
        ),
        ({"return_deadline": dt.date(2031, 10, 15)}, f"The return deadline must be {RANGE}"),
        ({"planned_selection_date": dt.date(2025, 9, 1)}, f"The date cases are selected by must be {RANGE}"),
        (
            {"planned_selection_date": dt.date(2026, 9, 1), "planned_meeting_date": dt.date(2028, 4, 1)},
            f"The meeting date must be {MEETING_RANGE}",
        ),
    ],
)
def test_a_date_far_from_the_programme_year_is_refused_naming_the_field_and_the_year(world, client_for, dates, message):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    response = client_for(world["qa"]).post(reverse("programme:audit_new") + "?year=2026", _plan(**dates))
    assert response.status_code == 200
    assert message in _error_summary(response)
    assert not Audit.objects.exists()
    assert not AuditEvent.objects.filter(action="audit.created").exists()


def test_a_meeting_slipping_past_the_year_end_is_accepted_and_shown(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    client = client_for(world["qa"])
    response = client.post(
        reverse("programme:audit_new") + "?year=2026",
        _plan(
            planned_selection_date=dt.date(2026, 1, 15),
            return_deadline=dt.date(2027, 3, 20),
            planned_meeting_date=dt.date(2027, 5, 12),
        ),
    )
    assert response.status_code == 302
    page = words_shown(client.get(response["Location"]).content.decode())
    assert "12 May 2027" in page


def _edit_data(client, audit) -> dict:
    shown = fields_shown(html.unescape(client.get(reverse("programme:audit_edit", args=[audit.pk])).content.decode()))
    return {name: f.chosen if f.kind == "checkbox" else (f.chosen[0] if f.chosen else "") for name, f in shown.items()}


def test_a_deadline_moved_to_another_year_on_the_plan_is_refused_and_the_plan_kept(world, client_for):
    audit = AuditFactory(partnership=world.partnership)
    client = client_for(world["qa"])
    data = _edit_data(client, audit)
    data.update({"return_deadline-day": "15", "return_deadline-month": "10", "return_deadline-year": "2031"})
    data["title"] = "A new title"
    response = client.post(reverse("programme:audit_edit", args=[audit.pk]), data)
    assert f"The return deadline must be {RANGE}" in _error_summary(response)
    page = words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "15 October 2026" in page and "2031" not in page
    assert "A new title" not in page


def test_an_audit_kept_with_a_date_from_before_the_rule_can_still_be_changed(world, client_for):
    """Only the dates changed are checked: an audit with a date outside the range
    (planned before the rule) keeps it while the rest of its plan is saved."""
    audit = AuditFactory(partnership=world.partnership)
    Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=dt.date(2029, 11, 5))
    client = client_for(world["qa"])
    data = {**_edit_data(client, audit), "title": "Neglect of babies, renamed"}
    response = client.post(reverse("programme:audit_edit", args=[audit.pk]), data)
    assert response.status_code == 302
    page = words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Neglect of babies, renamed" in page
