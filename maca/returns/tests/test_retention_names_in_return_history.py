"""Years after an audit closed, the retention run (ADR 0017) has taken the
child's name out of everything people typed about the case in its returns,
not only the answers and the chronology: the QA officer's comment when sending
a return back, why a return was withdrawn, and an agency's summative report
of a deep dive. The return's page shows what is left; a second run changes
nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from maca.cases.models import Child
from maca.partnerships.retention import retention_apply
from maca.programme.models import Stage
from maca.returns.models import Return, ReturnTransition
from maca.returns.retention import REMOVED
from maca.returns.services import return_review, return_save_draft, return_submit, return_withdraw
from maca.returns.tests.builders import audit_with_returns, move
from maca.tests.retention import CHILD_NAME, NHS_NUMBER, YEARS_LATER, audited_case, no_identifier_in, walk_to_close
from maca.tests.test_words_on_pages import words_of


def _return_page(client_for, world, ret) -> str:
    response = client_for(world["qa"]).get(reverse("returns:detail", args=[ret.pk]))
    assert response.status_code == 200
    return words_of(response.content.decode())


def _submitted(world, ret):
    lead = world["lead"]
    ret = return_save_draft(
        actor=lead.user,
        membership=lead.membership,
        return_record=ret,
        answers={"info_grade": "good", "health_involved": "yes"},
        expected_version=ret.version,
    )
    return return_submit(actor=lead.user, membership=lead.membership, return_record=ret, expected_version=ret.version)


def _sent_back(world):
    audited = audited_case(world)
    qa = world["qa"]
    ret = _submitted(world, Return.objects.get(audit=audited.audit, agency=world.police))
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        accept=False,
        comment=f"Say when {CHILD_NAME} was last seen by the school nurse.",
        expected_version=ret.version,
    )
    # The agency answers and submits again: the audit moves on only then.
    ret.refresh_from_db()
    ret = _submitted(world, ret)
    walk_to_close(audited, [])
    return ret


def test_years_later_the_send_back_comment_is_shown_without_the_childs_name(world, client_for):
    ret = _sent_back(world)
    assert f"Say when {CHILD_NAME} was last seen" in _return_page(client_for, world, ret)

    retention_apply(now=timezone.now() + YEARS_LATER)

    shown = _return_page(client_for, world, ret)
    assert f"Say when {REMOVED} was last seen by the school nurse." in shown  # the history is kept...
    assert no_identifier_in(shown), shown  # ...without the child's name


def test_years_later_a_withdrawn_returns_reason_is_shown_without_the_childs_name(world, client_for):
    audited = audited_case(world)
    qa = world["qa"]
    ret = Return.objects.get(audit=audited.audit, agency=world.police)
    return_withdraw(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        reason=f"Police never knew {CHILD_NAME}: the case list was wrong.",
        expected_version=ret.version,
    )
    walk_to_close(audited, [])
    assert f"Withdrawn because Police never knew {CHILD_NAME}" in _return_page(client_for, world, ret)

    retention_apply(now=timezone.now() + YEARS_LATER)

    shown = _return_page(client_for, world, ret)
    assert f"Withdrawn because Police never knew {REMOVED}: the case list was wrong." in shown
    assert no_identifier_in(shown), shown


def test_years_later_a_deep_dives_summative_report_no_longer_names_the_child(world, client_for):
    qa, auditor = world["qa"], world["auditor"]
    audit = audit_with_returns(world, cases=1, agencies=[world.police], kind="deep_dive", tool_kind="summative")
    Child.objects.filter(case__audit_cases__audit=audit).update(identifiers={"name": CHILD_NAME})
    ret = Return.objects.get(audit=audit, agency=world.police, audit_case__isnull=True)
    return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=ret,
        answers={"info_grade": "good", "worried": f"Across our cases, {CHILD_NAME}’s school was never asked."},
        expected_version=ret.version,
    )
    for stage in (Stage.MEETING, Stage.WRITING_UP, Stage.ACTIONS, Stage.CLOSED):
        move(audit, stage, qa.user)

    retention_apply(now=timezone.now() + YEARS_LATER)

    shown = _return_page(client_for, world, ret)
    assert f"Across our cases, {REMOVED}’s school was never asked." in shown
    assert no_identifier_in(shown), shown


def test_a_second_run_changes_nothing(world, client_for):
    ret = _sent_back(world)
    retention_apply(now=timezone.now() + YEARS_LATER)
    ret.refresh_from_db()
    first = (ret.version, ret.updated_at, list(ReturnTransition.objects.filter(return_record=ret).values()))
    shown = _return_page(client_for, world, ret)

    retention_apply(now=timezone.now() + YEARS_LATER)

    ret.refresh_from_db()
    assert (ret.version, ret.updated_at, list(ReturnTransition.objects.filter(return_record=ret).values())) == first
    assert _return_page(client_for, world, ret) == shown
    assert NHS_NUMBER not in shown
