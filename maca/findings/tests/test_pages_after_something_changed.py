"""Pages opened, then something changed before they were saved (or a first
page saved made the record another page starts from): the person is told
what happened and loses nothing they typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Recommendation, RecommendationStatus
from maca.findings.recommendation_services import recommendation_withdraw
from maca.programme.models import Stage
from maca.returns.tests.builders import move
from maca.tests.forms_shown import fields_shown
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

TYPED = "Partners to agree a shared approach to seeing fathers by March."


@pytest.fixture
def recommendation(world, audit):
    return Recommendation.objects.create(partnership=world.partnership, audit=audit, text="Do better.")


def _save(qa, url, opened):
    return qa.post(
        url, {"version": opened.value("version"), "started": opened.value("started"), "text": TYPED, "save": "1"}
    )


def test_a_recommendation_withdrawn_while_it_was_edited_says_so_and_keeps_the_words_typed(world, recommendation, qa):
    url = reverse("findings:recommendation", args=[recommendation.pk])
    opened = Page(qa.get(url).content.decode())
    recommendation_withdraw(
        actor=world["admin"].user, recommendation=recommendation, reason="Duplicate", expected_version=1
    )

    response = _save(qa, url, opened)

    assert response.status_code == 200
    shown = words_shown(response.content.decode())
    assert shown.startswith("Error: ")
    assert "There is a problem" in shown
    assert "Your words have not been saved: this recommendation was withdrawn while you were editing it." in shown
    assert f"Your words, not saved {TYPED}" in shown
    recommendation.refresh_from_db()
    assert recommendation.text == "Do better."


def test_a_recommendation_edited_while_the_audit_moved_on_says_why_it_was_not_saved(world, audit, recommendation, qa):
    # Confirmed: an audit moves to actions only once none is still proposed.
    Recommendation.objects.filter(pk=recommendation.pk).update(status=RecommendationStatus.CONFIRMED)
    url = reverse("findings:recommendation", args=[recommendation.pk])
    opened = Page(qa.get(url).content.decode())
    move(audit, Stage.WRITING_UP, world["qa"].user)
    move(audit, Stage.ACTIONS, world["qa"].user)

    response = _save(qa, url, opened)

    assert response.status_code == 200
    shown = words_shown(response.content.decode())
    assert "Your words have not been saved: recommendations can be changed while the audit is at" in shown
    assert "(it is at ‘Actions’)" in shown
    assert TYPED in shown


def test_the_meeting_date_offers_the_planned_date_after_attendance_was_recorded_first(world, audit, qa):
    url = reverse("findings:attendance", args=[audit.pk])
    opened = Page(qa.get(url).content.decode())
    response = qa.post(
        url, {"version": opened.value("version"), "started": opened.value("started"), "others": "Business manager"}
    )
    assert response.status_code == 302

    shown = fields_shown(qa.get(reverse("findings:meeting_edit", args=[audit.pk])).content.decode())

    planned = audit.planned_meeting_date
    assert [shown[f"held_on-{part}"].chosen for part in ("day", "month", "year")] == [
        [str(planned.day)],
        [str(planned.month)],
        [str(planned.year)],
    ]


def test_an_audit_moves_to_actions_only_once_no_recommendation_is_still_proposed(world, audit, recommendation, qa):
    move(audit, Stage.WRITING_UP, world["qa"].user)
    audit.refresh_from_db()
    url = reverse("programme:audit_move", args=[audit.pk])
    opened = Page(qa.get(url).content.decode())

    refused = qa.post(url, {"version": opened.value("version"), "to_stage": "actions", "reason": "Briefing approved"})

    shown = words_shown(refused.content.decode())
    assert "There is a problem" in shown
    assert "1 recommendation is still proposed: confirm or withdraw each on the audit’s ‘Across the cases’ page." in (
        shown
    )
    audit.refresh_from_db()
    assert audit.stage == Stage.WRITING_UP

    recommendation_withdraw(
        actor=world["qa"].user, recommendation=recommendation, reason="Covered by last year's", expected_version=1
    )
    opened = Page(qa.get(url).content.decode())
    moved = qa.post(url, {"version": opened.value("version"), "to_stage": "actions", "reason": "Briefing approved"})
    assert moved.status_code == 302, words_shown(moved.content.decode())[:600]
    audit.refresh_from_db()
    assert audit.stage == Stage.ACTIONS
