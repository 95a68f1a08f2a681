"""The demo's past audits agree with themselves: an audit written up last year
has its agencies' returns in and accepted, its findings about the agencies
that made them, and its history dated when it happened."""

import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maca.accounts.models import User
from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.demo.publications import BABIES_AUDIT
from maca.programme.models import Audit
from maca.programme.services import business_year
from maca.tests.page import words_shown


def test_last_years_written_up_audit_has_its_returns_in_and_its_history_dated(db, client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sign_in_with_second_factor(client, User.objects.get(email="qa@wyvernshire.example"))
    audit = Audit.objects.get(title=BABIES_AUDIT)
    last_year = business_year(timezone.localdate()) - 1
    label = f"{last_year}–{str(last_year + 1)[-2:]}"

    responses = words_shown(client.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert "15 of 15 returns in (100%)." in responses and "Not started" not in responses
    # All came in in November, before the deadline: none is said to be submitted late.
    assert "submitted late" not in responses.lower()
    counts = words_shown(client.get(reverse("returns:summary", args=[audit.pk])).content.decode())
    assert "From the 15 returns submitted or accepted" in counts
    progress = words_shown(client.get(reverse("returns:progress", args=[last_year])).content.decode())
    assert f"of {label} with agencies’ returns, 15 of 15 (100%) returns are in" in progress
    assert "(0%)" not in progress

    # The health visitor's strength is the community health trust's, taken from its return.
    meeting = words_shown(client.get(reverse("findings:audit_findings", args=[audit.pk])).content.decode())
    visitor = re.search(r"The health visitor described how the baby responded.*?(Wyvernshire \w+ \w+)", meeting)
    assert visitor and visitor.group(1) == "Wyvernshire Community Health"

    # Its moves from stage to stage are dated from September to its meeting in January, not today.
    page = words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    history = page[page.index("History When Move Who Why") :]
    assert f"15 September {last_year} at 10:00am Planned → Selecting cases" in history
    assert f"21 January {last_year + 1} at 4:00pm Meeting → Writing up" in history
    assert timezone.localdate().strftime("%-d %B %Y") not in history

    # Its meeting record says what the meeting of 21 January recorded, as the audit's history does.
    record = words_shown(client.get(reverse("findings:meeting", args=[audit.pk])).content.decode())
    assert f"21 January {last_year + 1}" in record and "Not confirmed yet" not in record
    assert "Practice safeguarding lead" in record and "Requires improvement" in record

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert audit.returns.count() == 15


def test_the_meeting_audits_returns_came_in_on_time_as_its_meeting_says(db, client):
    """The demo loads today, after the meeting audit's deadline; its returns
    are dated before it, as its meeting's notes say (QA walk: every one was
    said to be submitted late)."""
    from maca.demo.meeting import MEETING_AUDIT

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sign_in_with_second_factor(client, User.objects.get(email="qa@wyvernshire.example"))
    audit = Audit.objects.get(title=MEETING_AUDIT)
    responses = words_shown(client.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert "submitted late" not in responses.lower()
    meeting = words_shown(client.get(reverse("findings:meeting", args=[audit.pk])).content.decode())
    assert "All returns arrived on time." in meeting
