"""A QA officer who accepts or sends back a return from a page left open
after it was already decided is told what was decided, by whom and when,
not only that the return is not submitted."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import long_date
from maca.programme.models import Stage
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_review
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.chronology_factories import move_return
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _submitted(world):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    assert audit.stage in (Stage.AUDITING, Stage.MEETING)
    return move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)


def _post_from_the_old_page(client, ret, version, **data):
    response = client.post(reverse("returns:review", args=[ret.pk]), {"version": version, **data}, follow=True)
    return words_shown(html.unescape(response.content.decode()))


@pytest.mark.parametrize(
    ("accept", "said"),
    [
        (
            False,
            "This return was sent back to the agency by {who} on {when}, so it cannot be accepted or sent back now.",
        ),
        (True, "This return was accepted by {who} on {when}: there is nothing more to decide."),
    ],
)
def test_the_older_page_says_what_was_decided_by_whom_and_when(world, client_for, accept, said):
    ret = _submitted(world)
    version_shown = ret.version
    first = world["qa"]
    return_review(
        actor=first.user,
        membership=first.membership,
        return_record=ret,
        accept=accept,
        comment="" if accept else "Say more about the school",
        expected_version=ret.version,
    )
    shown = _post_from_the_old_page(client_for(world["qa"]), ret, version_shown, decision="accept")

    expected = said.format(who=first.user.full_name, when=long_date(timezone.localdate()))
    assert expected in shown
    assert "Only a submitted return can be accepted or sent back." not in shown
    ret.refresh_from_db()
    assert ret.status == (ReturnStatus.ACCEPTED if accept else ReturnStatus.RETURNED)


def test_the_service_says_the_same(world):
    ret = _submitted(world)
    first = world["qa"]
    return_review(
        actor=first.user,
        membership=first.membership,
        return_record=ret,
        accept=False,
        comment="Say more",
        expected_version=ret.version,
    )
    ret.refresh_from_db()
    with pytest.raises(ValidationError, match="was sent back to the agency by"):
        return_review(
            actor=first.user,
            membership=first.membership,
            return_record=ret,
            accept=True,
            comment="",
            expected_version=ret.version,
        )


def test_a_return_brought_back_names_the_reviewers_decision_not_who_ticked_the_agency_again(world):
    from maca.returns.access import review_refusal
    from maca.returns.models import ReturnTransition

    ret = _submitted(world)
    first = world["qa"]
    return_review(
        actor=first.user,
        membership=first.membership,
        return_record=ret,
        accept=True,
        comment="",
        expected_version=ret.version,
    )
    # The agency taken off the case and ticked again: the return is withdrawn,
    # then brought back in the state it was in, by the person who ticked it.
    for from_status, to_status in (
        (ReturnStatus.ACCEPTED, ReturnStatus.WITHDRAWN),
        (ReturnStatus.WITHDRAWN, ReturnStatus.ACCEPTED),
    ):
        ReturnTransition.objects.create(
            partnership=ret.partnership,
            return_record=ret,
            from_status=from_status,
            to_status=to_status,
            actor=world["admin"].user,
        )
    ret.refresh_from_db()
    said = review_refusal(ret)
    assert said.startswith(f"This return was accepted by {first.user.full_name} on ")
    assert world["admin"].user.full_name not in said
