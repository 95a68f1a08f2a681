"""Two saves at once: merging after a send-back, and a double-clicked Submit."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.returns import services
from maca.returns.models import Return, ReturnStatus, ReturnTransition
from maca.returns.services import merge_for, return_review, return_submit
from maca.returns.tests.builders import audit_with_returns, save

COMPLETE = {"info_grade": "good", "health_involved": "yes"}


def police_return(audit, world):
    return Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number").first()


def submit(ret, world):
    ret.refresh_from_db()
    return return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )


def send_back(ret, world):
    ret.refresh_from_db()
    return return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=False,
        comment="Say more",
        expected_version=ret.version,
    )


def test_a_merge_after_a_send_back_compares_with_the_answers_as_they_were_then(world):
    """The send-back moves the version on without a new revision: the merge base is
    the last revision at or before the version the auditor started from."""
    audit = audit_with_returns(world)
    ret = police_return(audit, world)
    save(ret, world["auditor"], {**COMPLETE, "worried": "Late notifications"})
    submit(ret, world)
    send_back(ret, world)
    ret.refresh_from_db()
    started = ret.version  # the auditor opens the return that was sent back...
    # ...while the lead changes one answer and saves first.
    save(ret, world["lead"], {"info_grade": "inadequate", "health_involved": "yes", "worried": "Late notifications"})
    # The auditor cleared 'worried' and touched nothing else.
    merge = merge_for(Return.objects.get(pk=ret.pk), base_version=started, mine=COMPLETE)
    assert merge.conflicts == []  # never asked to choose on a question they did not touch
    assert merge.merged == {"info_grade": "inadequate", "health_involved": "yes"}  # the cleared answer stays cleared


def _double_click(ret, persona, data):
    """Post the same Submit twice at the same moment, each from its own connection."""
    responses = []
    release = threading.Barrier(2, timeout=20)
    real_submit = services.return_submit

    def submit_together(**kwargs):
        release.wait()  # both requests have saved the draft: now both submit
        return real_submit(**kwargs)

    def post():
        try:
            client = sign_in_with_second_factor(Client(), persona.user)
            responses.append(client.post(reverse("returns:check", args=[ret.pk]), data))
        finally:
            connection.close()

    services.return_submit = submit_together
    try:
        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        services.return_submit = real_submit
    return responses


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_submit_submits_once_and_shows_the_return(world):
    if connection.vendor != "postgresql":
        pytest.skip("Two requests writing at the same moment need PostgreSQL's row locks")
    audit = audit_with_returns(world)
    ret = police_return(audit, world)
    save(ret, world["auditor"], COMPLETE)
    ret.refresh_from_db()
    responses = _double_click(ret, world["lead"], {"version": ret.version})
    assert [response.status_code for response in responses] == [302, 302]
    assert {response.url for response in responses} == {reverse("returns:detail", args=[ret.pk])}
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
    assert ReturnTransition.objects.filter(return_record=ret, to_status=ReturnStatus.SUBMITTED).count() == 1


def test_a_submit_that_arrives_after_the_first_says_the_return_is_submitted(world, client_for):
    audit = audit_with_returns(world)
    ret = police_return(audit, world)
    save(ret, world["auditor"], COMPLETE)
    ret.refresh_from_db()
    client = client_for(world["lead"])
    data = {"version": ret.version}
    assert client.post(reverse("returns:check", args=[ret.pk]), data).status_code == 302
    second = client.post(reverse("returns:check", args=[ret.pk]), data, follow=True)
    assert second.status_code == 200
    assert second.redirect_chain[-1][0] == reverse("returns:detail", args=[ret.pk])
    assert "This return has been submitted." in second.content.decode()
    assert ReturnTransition.objects.filter(return_record=ret, to_status=ReturnStatus.SUBMITTED).count() == 1
