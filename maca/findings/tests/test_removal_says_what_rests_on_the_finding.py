"""The page that removes a finding says beforehand what rests on it: the
recommendations drawn from it (the ones whose pages say, once it is removed,
that a finding they were drawn from has been), with links, and the actions
raised from them still open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.actions.presenters import action_href
from maca.actions.services import action_raise_from_recommendation
from maca.findings.models import Finding, Recommendation
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

BEHIND = "The father was not invited to the core group."
CONFIRMED = "Invite fathers to every core group."


def _page(client, url) -> str:
    return client.get(url).content.decode()


def _confirmed(world, qa):
    audit = meeting_audit(world.partnership)
    qa.post(reverse("findings:propose_recommendations", args=[audit.pk]))
    abuse, family = Recommendation.objects.filter(audit=audit).order_by("position")
    qa.post(
        reverse("findings:recommendation", args=[family.pk]),
        {"version": family.version, "text": CONFIRMED, "confirm": "1"},
    )
    family.refresh_from_db()
    return audit, abuse, family


def test_the_removal_page_names_the_recommendation_and_its_open_action_before_removing(world, client_for):
    qa = client_for(world["qa"])
    audit, abuse, family = _confirmed(world, qa)
    action = action_raise_from_recommendation(
        actor=world["qa"].user,
        recommendation=family,
        title="Fathers at core groups",
        text="Invite fathers to every core group and record why when one is not.",
        measure="Fathers invited in nine of ten sampled core groups.",
        owner_agency=world.police,
        owner=world["lead"].user,
        due_on=dt.date.today() + dt.timedelta(days=60),
    )
    finding = Finding.objects.get(audit=audit, text=BEHIND)
    url = reverse("findings:finding_remove", args=[audit.pk, finding.pk])
    html = _page(qa, url)
    shown = words_shown(html)
    assert "A recommendation was drawn from this finding." in shown
    assert "its page will ask you to check it still stands" in shown
    assert f"{CONFIRMED} (confirmed)" in shown
    assert f'href="{reverse("findings:recommendation", args=[family.pk])}"' in html
    assert "An action raised from it is still open:" in shown and str(action) in shown
    assert f'href="{action_href(action.pk)}"' in html
    # Only what rests on this finding: not the audit's other recommendation.
    assert abuse.text not in shown


def test_a_finding_nothing_rests_on_asks_only_for_a_reason(world, client_for):
    qa = client_for(world["qa"])
    audit, _abuse, _family = _confirmed(world, qa)
    lone = Finding.objects.filter(audit=audit, removed_at__isnull=True, recommendations__isnull=True).first()
    shown = words_shown(_page(qa, reverse("findings:finding_remove", args=[audit.pk, lone.pk])))
    assert "Remove this finding?" in shown and "drawn from this finding" not in shown
