"""Found in a QA walk: a person's page let an admin change their job title, but
the summary at the top never showed it, so a saved job title could not be
seen. The summary now shows it ("Not given" when there is none)."""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse


def summary_of(page: str) -> dict[str, str]:
    """The first summary list on the page, key to value, as a person reads it."""
    pairs = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    text = lambda html: " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())  # noqa: E731
    return {text(key): text(value) for key, value in pairs}


def test_a_job_title_saved_on_a_persons_page_is_shown_when_it_is_opened_again(world, client_for):
    admin = client_for(world["admin"])
    membership = world["auditor"].membership
    url = reverse("accounts:member", args=[membership.pk])
    assert summary_of(admin.get(url).content.decode())["Job title"] == "Not given"

    saved = admin.post(
        url,
        {
            "role": membership.role,
            "agency": membership.agency_id,
            "job_title": "Detective Sergeant",
            "version": membership.version,
        },
    )
    assert saved.status_code == 302

    summary = summary_of(admin.get(url).content.decode())
    assert summary["Job title"] == "Detective Sergeant"
    assert summary["Role"] == "Agency auditor"
