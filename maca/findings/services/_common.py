"""Private helpers shared by the services of the meeting, findings and feedback."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from maca.findings.access import recording_open, recording_opens_text
from maca.programme.models import Audit


def _check_recording(audit: Audit) -> None:
    if not recording_open(audit):
        raise ValidationError(recording_opens_text(audit))


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"
