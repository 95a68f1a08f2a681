"""A finding whose polarity is still maca's suggestion (nobody confirmed or
chose it) can be made good practice without new words: its polarity follows,
to a strength, as it does when the words change. A polarity a person
confirmed as a concern is still refused as good practice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import FindingKind, Polarity
from maca.findings.tests.builders import audit_at_meeting
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

WORDS = "Fathers were rarely seen and their views were not recorded."


def _make_good_practice(client, audit, finding):
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    page = Page(client.get(url).content.decode())
    return client.post(
        url,
        {
            "version": page.value("version"),
            "started": page.value("started"),
            "kind": FindingKind.GOOD_PRACTICE,
            "agency": "",
            "text": WORDS,
        },
    )


def test_a_suggested_concern_made_good_practice_with_the_same_words_becomes_a_strength(world, client_for):
    audit = audit_at_meeting(world)
    case = audit.audit_cases.order_by("number").first()
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=WORDS)
    assert finding.tags_confirmed_at is None and finding.polarity == finding.suggested_polarity == Polarity.CONCERN

    client = client_for(world["qa"])
    response = _make_good_practice(client, audit, finding)

    assert response.status_code == 302, words_shown(response.content.decode())[:400]
    finding.refresh_from_db()
    assert (finding.kind, finding.polarity) == (FindingKind.GOOD_PRACTICE, Polarity.STRENGTH)
    edit = Page(client.get(reverse("findings:finding_edit", args=[audit.pk, finding.pk])).content.decode())
    assert edit.checked("kind") == {FindingKind.GOOD_PRACTICE}


def test_a_confirmed_concern_made_good_practice_is_still_refused(world, client_for):
    audit = audit_at_meeting(world)
    case = audit.audit_cases.order_by("number").first()
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=WORDS)
    finding = services.finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity=Polarity.CONCERN,
        theme_keys=[],
        expected_version=finding.version,
    )

    response = _make_good_practice(client_for(world["qa"]), audit, finding)

    assert response.status_code == 200
    assert (
        "This is recorded as a concern, and good practice resulting from the audit is always a strength: "
        "select ‘Finding’, or first make it a strength on its ‘Themes and changes’ page"
    ) in words_shown(response.content.decode())
    finding.refresh_from_db()
    assert (finding.kind, finding.polarity) == (FindingKind.FINDING, Polarity.CONCERN)
