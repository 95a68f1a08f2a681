"""An audit's confirmed recommendations are read, from its meeting on, on its
read-only "What the audit found" page: by the board and by scrutineers as by
those who record the meeting, with no control that changes them; proposals not
yet agreed and withdrawn ones are not shown there. The meeting's working pages
(across the cases, a recommendation's own page) stay the recorders'."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Recommendation
from maca.findings.recommendation_services import recommendation_withdraw
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.programme.models import Audit, Stage
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

CONFIRMED = "Invite fathers to every core group."


def _audit_with_one_confirmed(world, client_for):
    audit = meeting_audit(world.partnership)
    qa = client_for(world["qa"])
    qa.post(reverse("findings:propose_recommendations", args=[audit.pk]))
    abuse, family = Recommendation.objects.filter(audit=audit).order_by("position")
    qa.post(
        reverse("findings:recommendation", args=[family.pk]),
        {"version": family.version, "text": CONFIRMED, "confirm": "1"},
    )
    return audit, abuse, family


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("qa", 200),
        ("board", 200),
        ("scrutineer", 200),
        ("lead", 403),
        ("auditor", 403),
        ("health_lead", 403),
        ("outsider", 404),
    ],
)
def test_each_role_reads_the_confirmed_recommendations_or_not(world, client_for, persona, status):
    audit, abuse, _family = _audit_with_one_confirmed(world, client_for)
    response = client_for(world[persona]).get(reverse("findings:audit_findings", args=[audit.pk]))
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    shown = words_shown(html)
    assert "Recommendations" in shown and CONFIRMED in shown and "Think family" in shown
    assert abuse.text not in shown  # proposed, not yet agreed
    # Read-only: nothing on the page changes a recommendation.
    assert "<form" not in html.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    for control in ("Confirm", "Withdraw", "Propose", "Save"):
        assert control not in shown
    for url in (
        reverse("findings:recommendation", args=[abuse.pk]),
        reverse("findings:across_cases", args=[audit.pk]),
    ):
        assert f'href="{url}"' not in html


def test_the_board_still_does_not_open_the_meetings_working_pages(world, client_for):
    audit, _abuse, family = _audit_with_one_confirmed(world, client_for)
    for persona in ("board", "scrutineer"):
        client = client_for(world[persona])
        assert client.get(reverse("findings:across_cases", args=[audit.pk])).status_code == 403
        assert client.get(reverse("findings:recommendation", args=[family.pk])).status_code == 403


def test_a_withdrawn_recommendation_is_not_shown_and_none_is_said_plainly(world, client_for):
    audit, _abuse, family = _audit_with_one_confirmed(world, client_for)
    family.refresh_from_db()
    recommendation_withdraw(
        actor=world["qa"].user, recommendation=family, reason="Said twice.", expected_version=family.version
    )
    shown = words_shown(
        client_for(world["board"]).get(reverse("findings:audit_findings", args=[audit.pk])).content.decode()
    )
    assert CONFIRMED not in shown and "No recommendations have been confirmed yet." in shown


def test_before_the_meeting_no_recommendation_is_shown(world, client_for):
    audit, _abuse, _family = _audit_with_one_confirmed(world, client_for)
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.AUDITING)
    shown = words_shown(
        client_for(world["board"]).get(reverse("findings:audit_findings", args=[audit.pk])).content.decode()
    )
    assert CONFIRMED not in shown and "Findings appear here once the audit has reached its meeting." in shown
