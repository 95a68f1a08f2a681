"""An audit's plan stays possible: its dates in order, at least as many
children as cases, numbers in range with GOV.UK messages, and what a stage
needed to be entered is not taken away once the audit is there."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.programme.models import Audit, Stage
from maca.programme.tests.factories import ProgrammeFactory, replan


def _plan(**dates) -> dict:
    data = {
        "title": "Neglect of babies",
        "theme": "Early signs of neglect in under-twos.",
        "kind": "themed",
        "target_cases": "6",
        "target_children": "",
    }
    for prefix in ("planned_selection_date", "return_deadline", "planned_meeting_date"):
        day = dates.get(prefix)
        data[f"{prefix}-day"] = str(day.day) if day else ""
        data[f"{prefix}-month"] = str(day.month) if day else ""
        data[f"{prefix}-year"] = str(day.year) if day else ""
    return data


def test_cases_selected_after_the_meeting_is_refused_when_no_deadline_is_set(world, client_for):
    """Selection on 1 December, the meeting on 1 October: impossible, whether or not
    the return deadline is filled in yet."""
    ProgrammeFactory(partnership=world.partnership, year=2026)
    client = client_for(world["qa"])
    response = client.post(
        reverse("programme:audit_new") + "?year=2026",
        _plan(planned_selection_date=dt.date(2026, 12, 1), planned_meeting_date=dt.date(2026, 10, 1)),
    )
    assert response.status_code == 200, "the plan was saved with the meeting two months before cases are selected"
    assert "There is a problem" in html.unescape(response.content.decode())
    assert not Audit.objects.exists()


def test_fewer_children_than_cases_is_refused(world, client_for):
    """Each case is at least one child: 6 cases cannot review 2 children."""
    ProgrammeFactory(partnership=world.partnership, year=2026)
    client = client_for(world["qa"])
    response = client.post(reverse("programme:audit_new") + "?year=2026", {**_plan(), "target_children": "2"})
    assert response.status_code == 200, "6 cases of 2 children were accepted"
    assert not Audit.objects.exists()


def test_the_return_deadline_cannot_be_cleared_once_agencies_are_auditing(world):
    """Agencies could not start auditing without a deadline; clearing it afterwards
    leaves an audit in 'agencies auditing' with no deadline (no reminders, never late)."""
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    assert audit.stage == Stage.AUDITING
    with pytest.raises(ValidationError):
        replan(audit, actor=world["qa"].user, return_deadline=None)
    audit.refresh_from_db()
    assert audit.return_deadline is not None


def _error_summary(response) -> str:
    body = html.unescape(response.content.decode())
    start = body.index("There is a problem")
    return " ".join(body[start : body.index("</ul>", start)].split())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"planned_selection_date": dt.date(2026, 12, 1), "planned_meeting_date": dt.date(2026, 10, 1)},
            "The meeting must be on or after the day cases are selected",
        ),
        (
            {"planned_selection_date": dt.date(2026, 12, 1), "return_deadline": dt.date(2026, 11, 30)},
            "The return deadline must be on or after the day cases are selected",
        ),
    ],
)
def test_dates_out_of_order_are_named_in_the_error_summary(world, client_for, changes, message):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    response = client_for(world["qa"]).post(reverse("programme:audit_new") + "?year=2026", _plan(**changes))
    assert message in _error_summary(response)
    assert not Audit.objects.exists()


def test_a_deadline_on_the_day_cases_are_selected_is_accepted(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    day = dt.date(2026, 12, 1)
    response = client_for(world["qa"]).post(
        reverse("programme:audit_new") + "?year=2026",
        _plan(planned_selection_date=day, return_deadline=day, planned_meeting_date=day),
    )
    assert response.status_code == 302
    assert Audit.objects.get().return_deadline == day


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("target_children", "0", "Enter 1 child or more"),
        ("target_children", "6000", "Enter 5,000 children or fewer"),
        ("target_children", "2", "Enter at least as many children as cases: each case is at least 1 child"),
        ("reminder_days_before", "90", "Enter from 0 to 60 days before the deadline"),
        ("reminder_days_after", "61", "Enter from 0 to 60 days after the deadline"),
    ],
)
def test_each_number_out_of_range_has_its_own_message(world, client_for, field, typed, message):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    response = client_for(world["qa"]).post(reverse("programme:audit_new") + "?year=2026", {**_plan(), field: typed})
    assert message in _error_summary(response)


def test_the_pages_say_why_a_deadline_cannot_be_cleared_and_keep_it(world, client_for):
    from maca.returns.tests.builders import audit_with_returns
    from maca.tests.forms_shown import fields_shown

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    deadline = audit.return_deadline
    client = client_for(world["qa"])
    url = reverse("programme:audit_edit", args=[audit.pk])
    shown = fields_shown(html.unescape(client.get(url).content.decode()))
    data = {name: f.chosen if f.kind == "checkbox" else (f.chosen[0] if f.chosen else "") for name, f in shown.items()}
    for part in ("day", "month", "year"):
        data[f"return_deadline-{part}"] = ""
    response = client.post(url, data)
    assert "The return deadline cannot be removed once agencies are auditing" in _error_summary(response)
    audit.refresh_from_db()
    assert audit.return_deadline == deadline


def test_an_audit_title_is_kept_on_one_line(world, client_for):
    """A browser sends no line break from a one-line box; a crafted request
    can, and the title goes into e-mail subjects and file names."""
    ProgrammeFactory(partnership=world.partnership, year=2026)
    client = client_for(world["qa"])
    response = client.post(
        reverse("programme:audit_new") + "?year=2026",
        {**_plan(), "title": "Neglect of babies\r\nBcc: someone@elsewhere.example\tnow"},
    )
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert audit.title == "Neglect of babies Bcc: someone@elsewhere.example now"
    page = html.unescape(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Neglect of babies Bcc: someone@elsewhere.example now" in page
