"""In the audit log every row links its time to the event's details. Two
events in the same second have the same time, so each link says, for screen
readers, which log entry it opens, and the event's page shows that number."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import lxml.html
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.services import record


def _text(el) -> str:
    return " ".join(el.text_content().split())


def test_events_in_the_same_second_have_links_that_are_told_apart(world, client_for):
    moment = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 15, 7))
    viewed = {"actor": world["qa"].user, "action": "case.viewed", "partnership": world.partnership}
    with mock.patch("django.utils.timezone.now", return_value=moment):
        first = record(**viewed, target=world.police)
        second = record(**viewed, target=world.police)
    client = client_for(world["admin"])
    doc = lxml.html.fromstring(client.get(reverse("audit_trail:events")).content.decode())
    links = [(_text(a), a.get("href")) for a in doc.xpath("//main//table//a[@href]")]
    assert len({text for text, _ in links}) == len(links), "no two links in the log read the same"
    first_url = reverse("audit_trail:event", args=[first.pk])
    assert (f"2 March 2026 at 9:15:07am, log entry {first.pk}", first_url) in links
    second_url = reverse("audit_trail:event", args=[second.pk])
    assert (f"2 March 2026 at 9:15:07am, log entry {second.pk}", second_url) in links
    # What a sighted person sees in the link is still the time alone.
    (link,) = doc.xpath(f'//main//a[@href="{first_url}"]')
    assert link.text == "2 March 2026 at 9:15:07am"
    # The event's own page shows the entry number the link named.
    event_page = lxml.html.fromstring(client.get(first_url).content.decode())
    rows = {_text(row.xpath("./dt")[0]): _text(row.xpath("./dd")[0]) for row in event_page.xpath("//main//dl/div")}
    assert rows["Log entry"] == str(first.pk)
