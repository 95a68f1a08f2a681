"""An audit does not move on to writing up while a return sent back at the
meeting has not been submitted again: after the meeting agencies can no
longer change their returns, and the return would be left with nobody able
to act on it. The audit's "move" page says which agency it waits for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.programme.models import Stage
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_review, return_withdraw
from maca.returns.tests.builders import audit_with_returns, move
from maca.returns.tests.chronology_factories import move_return
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

WAITING = (
    "1 return was sent back and not yet submitted again (Testshire Police): "
    "wait for the agencies to submit them, or withdraw them."
)


@pytest.fixture
def sent_back(world):
    qa = world["qa"]
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)
    move(audit, Stage.MEETING, qa.user)
    ret.refresh_from_db()
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        accept=False,
        comment="Say more about the school",
        expected_version=ret.version,
    )
    audit.refresh_from_db()
    ret.refresh_from_db()
    return audit, ret


def _move_on(client, audit):
    return client.post(
        reverse("programme:audit_move", args=[audit.pk]),
        {"to_stage": Stage.WRITING_UP.value, "reason": "Meeting held", "version": audit.version},
    )


def test_the_move_to_writing_up_is_refused_naming_the_agency(world, client_for, sent_back):
    audit, ret = sent_back
    client = client_for(world["qa"])
    assert WAITING in words_shown(client.get(reverse("programme:audit_move", args=[audit.pk])).content.decode())

    response = _move_on(client, audit)

    assert response.status_code == 200 and WAITING in words_shown(response.content.decode())
    audit.refresh_from_db()
    assert audit.stage == Stage.MEETING
    assert Return.objects.get(pk=ret.pk).status == ReturnStatus.RETURNED


def test_once_the_return_is_withdrawn_the_audit_moves_on(world, client_for, sent_back):
    audit, ret = sent_back
    qa = world["qa"]
    return_withdraw(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        reason="Asked of the police in error.",
        expected_version=ret.version,
    )
    audit.refresh_from_db()

    assert _move_on(client_for(qa), audit).status_code == 302
    audit.refresh_from_db()
    assert audit.stage == Stage.WRITING_UP
