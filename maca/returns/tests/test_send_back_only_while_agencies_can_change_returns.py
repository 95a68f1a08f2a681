"""A submitted return is sent back only while its agency can still change it
(agencies auditing, meeting); after that the QA officer can only accept it, and
once the audit is finished, neither: its returns are its record. The home
page's "returns to review" follows the same rule."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.programme.models import Stage
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_review
from maca.returns.tests.builders import audit_with_returns, move
from maca.returns.tests.chronology_factories import move_return
from maca.tests.page import Page, words_shown


def _submitted_at(world, stage):
    """A police return submitted while agencies audit, the audit then moved on to ``stage``."""
    qa = world["qa"].user
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)
    later = [Stage.MEETING, Stage.WRITING_UP, Stage.ACTIONS, Stage.CLOSED]
    for next_stage in later[: later.index(stage) + 1]:
        move(audit, next_stage, qa)
    ret.refresh_from_db()
    return ret


def _shown(response) -> str:
    return words_shown(html.unescape(response.content.decode()))


@pytest.mark.parametrize("stage", [Stage.WRITING_UP, Stage.ACTIONS])
def test_after_the_meeting_a_submitted_return_is_accepted_not_sent_back(world, client_for, stage):
    ret = _submitted_at(world, stage)
    qa = client_for(world["qa"])

    detail = _shown(qa.get(reverse("returns:detail", args=[ret.pk])))
    assert "Accept or send back" not in detail and "Accept" in detail
    page = qa.get(reverse("returns:review", args=[ret.pk]))
    shown = _shown(page)
    assert "can no longer be sent back" in shown
    assert Page(page.content.decode()).input_types("decision") == {"radio"}
    assert [i["value"] for i in Page(page.content.decode()).inputs("decision")] == ["accept"]

    # A page drawn before the audit moved on still offers "send back": refused, in words.
    refused = qa.post(
        reverse("returns:review", args=[ret.pk]),
        {"decision": "send_back", "comment": "Say more about the school", "version": ret.version},
    )
    assert "This return can no longer be sent back" in _shown(refused)
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
    lead_page = _shown(client_for(world["lead"]).get(reverse("returns:detail", args=[ret.pk])))
    assert "Say more about the school" not in lead_page

    accepted = qa.post(reverse("returns:review", args=[ret.pk]), {"decision": "accept", "version": ret.version})
    assert accepted.status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.ACCEPTED


def test_the_service_refuses_a_send_back_once_agencies_cannot_change_the_return(world):
    ret = _submitted_at(world, Stage.WRITING_UP)
    with pytest.raises(ValidationError, match="can no longer be sent back"):
        return_review(
            actor=world["qa"].user,
            membership=world["qa"].membership,
            return_record=ret,
            accept=False,
            comment="Say more",
            expected_version=ret.version,
        )
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED


def test_at_the_meeting_a_submitted_return_can_still_be_sent_back(world, client_for):
    ret = _submitted_at(world, Stage.MEETING)
    qa = client_for(world["qa"])
    assert "Accept or send back" in _shown(qa.get(reverse("returns:detail", args=[ret.pk])))
    qa.post(
        reverse("returns:review", args=[ret.pk]),
        {"decision": "send_back", "comment": "Say more about the school", "version": ret.version},
    )
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.RETURNED
    # ...and the agency can act on it.
    lead_page = _shown(client_for(world["lead"]).get(reverse("returns:edit", args=[ret.pk])))
    assert "You cannot change this return" not in lead_page and "Say more about the school" in lead_page


def test_once_the_audit_is_closed_its_submitted_returns_are_not_reviewed_nor_counted_to_review(world, client_for):
    ret = _submitted_at(world, Stage.CLOSED)
    qa = client_for(world["qa"])

    detail = _shown(qa.get(reverse("returns:detail", args=[ret.pk])))
    assert "Accept or send back" not in detail
    response = qa.get(reverse("returns:review", args=[ret.pk]), follow=True)
    assert "This audit is closed: its returns are its record" in _shown(response)
    home = _shown(qa.get(reverse("home:index")))
    assert f"{ret.audit.title}: 1 return to review" not in home

    # While the audit was open, the same return was counted.
    open_ret = _submitted_at(world, Stage.WRITING_UP)
    home = _shown(qa.get(reverse("home:index")))
    assert f"{open_ret.audit.title}: 1 return to review" in home
