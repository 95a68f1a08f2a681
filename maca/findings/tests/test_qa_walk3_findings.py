"""What the QA officer read on a third walk of the meeting: the page that
removes a finding names its case, as the finding's other pages do; the
e-mail about an immediate concern writes its apostrophe as every other
e-mail does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.notifications.models import SentEmail
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_the_remove_page_names_the_case_the_finding_is_about(world, audit, case, qa):
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text="A plan, no dates.")
    across = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=None, text="No agency asked.")

    page = words_of(qa.get(reverse("findings:finding_remove", args=[audit.pk, finding.pk])).content.decode())
    assert f"{audit.title} – case {case.number} Remove this finding?" in page
    page = words_of(qa.get(reverse("findings:finding_remove", args=[audit.pk, across.pk])).content.decode())
    assert f"{audit.title} – across cases Remove this finding?" in page


def test_the_immediate_concern_email_writes_a_curly_apostrophe(world, case):
    services.concern_raise(actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="A bruise.")
    body = SentEmail.objects.get(kind="immediate_concern").body
    assert "For the child’s privacy this e-mail does not say what was found." in body
    assert "'" not in body
