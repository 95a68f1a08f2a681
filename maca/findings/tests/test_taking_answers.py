"""Taking an answer of a return as a finding with one click ("Add as a concern").

Two clicks at once (a double click, or two people at the meeting) make one
finding; and only an answer of a return the agency has sent can be taken,
whatever is posted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Finding
from maca.findings.services import findings as findings_services
from maca.findings.tests.builders import WORRY
from maca.returns.models import Return, ReturnStatus
from maca.tests.page import words_shown
from maca.tests.races import meet_before, needs_row_locks, run_each

pytestmark = pytest.mark.django_db


def _take(client, audit, case, return_record):
    return client.post(
        reverse("findings:take", args=[audit.pk, case.pk]), {"return": return_record.pk, "key": "worried"}
    )


def _findings_listed(client, audit, case) -> int:
    return words_shown(client.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode()).count(WORRY)


def test_an_answer_taken_twice_at_once_becomes_one_finding(world, audit, case, qa, client_for, monkeypatch):
    """The second click is run at the point where the first one holds the lock."""
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    admin = client_for(world["admin"])
    read_answer = findings_services.answer_text
    second = {}

    def second_click_meanwhile(record, key):
        if not second:
            second["clicked"] = True
            second["response"] = _take(admin, audit, case, return_record)
        return read_answer(record, key)

    monkeypatch.setattr(findings_services, "answer_text", second_click_meanwhile)
    first = _take(qa, audit, case, return_record)

    taken = Finding.objects.current().filter(source_return=return_record, source_question_key="worried")
    assert taken.count() == 1
    assert (
        first["Location"]
        == second["response"]["Location"]
        == reverse("findings:finding", args=[audit.pk, taken.get().pk])
    )
    # The answer is shown once on the case page: in the return, and as one finding.
    assert _findings_listed(qa, audit, case) == 2


@pytest.mark.parametrize("status", [ReturnStatus.DRAFT, ReturnStatus.RETURNED])
def test_an_answer_of_a_return_not_sent_cannot_be_taken_by_a_crafted_post(world, audit, case, qa, status):
    """The case page offers only the answers of returns the agency has sent."""
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    Return.objects.filter(pk=return_record.pk).update(status=status)  # sent back, or a draft again

    response = _take(qa, audit, case, return_record)

    assert response.status_code == 302
    shown = words_shown(qa.get(response["Location"]).content.decode())
    assert "Only an answer of a return the agency has sent can be taken as a finding" in shown
    assert not Finding.objects.filter(source_return=return_record).exists()


@pytest.mark.django_db(transaction=True)
def test_an_answer_taken_by_two_people_at_the_same_moment_becomes_one_finding(world):
    from maca.findings.tests.builders import audit_at_meeting

    needs_row_locks()
    audit = audit_at_meeting(world)
    case = audit.audit_cases.order_by("number").first()
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    take = meet_before(services.finding_from_answer)
    taken: list = [None, None]

    def by(index, person):
        def work():
            taken[index] = take(actor=person.user, return_record=return_record, question_key="worried")

        return work

    errors = run_each([by(0, world["qa"]), by(1, world["admin"])])
    assert errors == [None, None], errors
    assert sorted(new for _, new in taken) == [False, True]
    assert Finding.objects.current().filter(source_return=return_record).count() == 1
