"""The accessibility statement says what the 2018 regulations ask for
(compliance status, known problems, the date), and only what maca does."""

import html
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from maca.core.views import ACCESSIBILITY_STATEMENT_REVIEWED


def test_the_statement_has_its_status_its_known_problems_and_its_dates(db):
    page = html.unescape(Client().get(reverse("core:accessibility")).content.decode())
    assert "Compliance status" in page
    assert "is partially compliant with the Web Content Accessibility Guidelines (WCAG) version 2.2 AA" in page
    assert "Non-accessible content" in page and "2.2.1 (timing adjustable)" in page
    assert f"signs everyone out {settings.SESSION_MAX_HOURS} hours after" in page
    reviewed = f"{ACCESSIBILITY_STATEMENT_REVIEWED.day} {ACCESSIBILITY_STATEMENT_REVIEWED:%B %Y}"
    assert f"It was last reviewed on {reviewed}." in page
    assert "Enforcement procedure" in page and "Equality Advisory and Support Service" in page


def test_the_statement_claims_nothing_untested(db):
    page = html.unescape(Client().get(reverse("core:accessibility")).content.decode())
    # Never tried with these: the statement says so rather than claiming they work.
    assert "has not been tested with screen readers" in page
    assert "navigate most of the service using speech recognition" not in page
    assert f"not using maca for {settings.SESSION_IDLE_MINUTES} minutes" in page


def test_the_copys_banner_is_inside_a_landmark(db):
    """Outside production every page says it is a copy; the banner sits in a
    landmark of its own, so that axe-core finds no content outside one
    ("region") and a screen reader's list of landmarks names it."""
    page = Client().get(reverse("core:accessibility")).content.decode()
    assert re.search(
        r'<div role="region" aria-label="About this copy of maca">\s*<div class="govuk-phase-banner', page
    ), "the banner is not inside its region"
    assert "This is a development copy of maca" in page
