"""Feedback to practitioners is recorded by an agency that audited the case: an
agency whose return on it was withdrawn (made in error) is neither offered the
case nor can record feedback on it, by the page or the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Meeting, PractitionerFeedback
from maca.findings.tests.builders import audit_at_meeting
from maca.findings.tests.test_pages import text_of
from maca.programme.models import Audit
from maca.returns.models import Return
from maca.returns.services import return_withdraw
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

NOT_AUDITED = "Your agency did not audit this case: feedback is recorded by an agency that did"


def _health_withdrawn_in_error(world, audit):
    """Health's return on case 1 withdrawn by the QA officer: it was asked in error."""
    first, second = audit.audit_cases.order_by("number")
    made = Return.objects.get(audit_case=first, agency=world.health)
    return_withdraw(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=made,
        reason="Health was never involved with this family.",
        expected_version=made.version,
    )
    return first, second


def _post(client, url):
    return client.post(
        url,
        {
            "what_was_fed_back": "Seeing fathers.",
            "given_to": "The team",
            "given_on-day": "20",
            "given_on-month": "11",
            "given_on-year": "2026",
        },
    )


def test_an_agency_whose_return_was_withdrawn_is_not_offered_the_case(world, audit, client_for):
    first, second = _health_withdrawn_in_error(world, audit)
    lead = client_for(world["health_lead"])
    withdrawn = world.health.assignments.get(audit_case=first, removed_at__isnull=True)
    audited = world.health.assignments.get(audit_case=second, removed_at__isnull=True)
    listing = lead.get(reverse("findings:feedback_cases")).content.decode()
    assert reverse("findings:feedback_new", args=[audited.pk]) in listing
    assert reverse("findings:feedback_new", args=[withdrawn.pk]) not in listing
    assert f"Case {first.number} " not in words_shown(listing)
    # Sent all the same (a page kept open, an address typed): nothing is recorded.
    assert _post(lead, reverse("findings:feedback_new", args=[withdrawn.pk])).status_code == 404
    assert not PractitionerFeedback.objects.filter(audit_case=first, agency=world.health).exists()
    # The case it audited is still offered and takes its feedback.
    url = reverse("findings:feedback_new", args=[audited.pk])
    assert _post(lead, url).status_code == 302
    assert "Seeing fathers." in text_of(lead.get(url))


def test_the_service_refuses_feedback_from_an_agency_whose_return_was_withdrawn(world, audit):
    first, _ = _health_withdrawn_in_error(world, audit)
    with pytest.raises(ValidationError) as refused:
        services.feedback_record(
            actor=world["health_lead"].user,
            audit_case=first,
            agency=world.health,
            what_was_fed_back="Seeing fathers.",
            given_to="",
            given_on=dt.date(2026, 11, 20),
        )
    assert refused.value.message_dict == {"agency": [NOT_AUDITED]}
    assert not PractitionerFeedback.objects.exists()
    # The police's return on the case is live: it audited the case.
    services.feedback_record(
        actor=world["lead"].user,
        audit_case=first,
        agency=world.police,
        what_was_fed_back="Seeing fathers.",
        given_to="",
        given_on=dt.date(2026, 11, 20),
    )
    assert PractitionerFeedback.objects.filter(audit_case=first, agency=world.police).exists()


def test_the_cases_to_feed_back_on_come_newest_meeting_first_by_the_day_it_was_held(world, client_for):
    """An audit planned for an earlier day but held later is the newer one."""
    held_late = audit_at_meeting(world, cases=1)
    planned_later = audit_at_meeting(world, cases=1)
    assert held_late.programme_id == planned_later.programme_id
    Audit.objects.filter(pk=held_late.pk).update(planned_meeting_date=dt.date(2026, 11, 10))
    Audit.objects.filter(pk=planned_later.pk).update(planned_meeting_date=dt.date(2026, 11, 20))
    Meeting.objects.create(partnership=world.partnership, audit=held_late, held_on=dt.date(2026, 11, 28))
    listing = words_shown(client_for(world["lead"]).get(reverse("findings:feedback_cases")).content.decode())
    assert listing.index(held_late.title) < listing.index(planned_later.title)
