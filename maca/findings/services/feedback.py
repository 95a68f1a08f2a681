"""Feedback to practitioners, recorded by the agency lead."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.findings.access import FEEDBACK_STAGES
from maca.findings.models import Meeting, PractitionerFeedback
from maca.findings.selectors import agencies_that_audited
from maca.findings.services._common import _long
from maca.programme.models import Audit, Stage
from maca.selection.models import AuditCase

FEEDBACK_NOT_AUDITED = "Your agency did not audit this case: feedback is recorded by an agency that did"


def feedback_record(
    *, actor, audit_case: AuditCase, agency, what_was_fed_back: str, given_to: str, given_on
) -> PractitionerFeedback:
    """The agency lead records that what was found for this case was fed back
    to the practitioners whose work was audited.

    Only an agency that audited the case (``selectors.audited_assignments``)
    records feedback on it.

    The same feedback sent again (a double click, the page sent twice) is
    recorded once: the feedback already recorded is given back."""
    what_was_fed_back = what_was_fed_back.strip()
    if not what_was_fed_back:
        raise ValidationError({"what_was_fed_back": "Enter what was fed back"})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "The date feedback was given must be today or in the past"})
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
        if audit.stage not in FEEDBACK_STAGES:
            raise ValidationError(f"Feedback is recorded once the audit has reached ‘{Stage.MEETING.label}’.")
        # Not an agency whose return on the case was withdrawn: it did not audit it.
        if agency.pk not in {a.pk for a in agencies_that_audited(audit_case)}:
            raise ValidationError({"agency": FEEDBACK_NOT_AUDITED})
        # Feedback follows the meeting (or, with no date recorded, the start of the programme year).
        held_on = Meeting.objects.filter(audit=audit).values_list("held_on", flat=True).first()
        earliest = held_on or dt.date(audit.programme.year, 4, 1)
        if given_on < earliest:
            since = f"the meeting on {_long(earliest)}" if held_on else f"the programme year began ({_long(earliest)})"
            raise ValidationError({"given_on": f"Feedback is given after {since}: enter that date or a later one"})
        same = (
            PractitionerFeedback.objects.filter(
                partnership_id=audit.partnership_id,
                audit_case=audit_case,
                agency=agency,
                what_was_fed_back=what_was_fed_back,
                given_to=given_to.strip(),
                given_on=given_on,
            )
            .order_by("pk")
            .first()
        )
        if same is not None:
            return same
        feedback = PractitionerFeedback.objects.create(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case=audit_case,
            agency=agency,
            what_was_fed_back=what_was_fed_back,
            given_to=given_to.strip(),
            given_on=given_on,
            given_by=actor,
        )
        record(
            actor=actor,
            action="practitioner_feedback.recorded",
            partnership=audit.partnership,
            target=feedback,
            changes={"case": audit_case.number, "agency": agency.name, "given_on": given_on},
        )
    return feedback
