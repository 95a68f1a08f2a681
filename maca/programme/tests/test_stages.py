"""The audit's stages: forward one at a time, with conditions, recorded."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.partnerships.models import Agency
from maca.partnerships.services import agency_set_active
from maca.programme.models import AuditTransition, Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory, replan
from maca.selection.services import assignments_set, nomination_create, nomination_decide
from maca.selection.tests.builders import make_case


def move(audit, to_stage, actor, reason="Next step"):
    audit.refresh_from_db()
    return audit_move(actor=actor, audit=audit, to_stage=to_stage, reason=reason, expected_version=audit.version)


@pytest.fixture
def audit(world):
    return AuditFactory(partnership=world.partnership, lead=world["qa"].user)


def test_an_audit_without_a_lead_cannot_start_selecting(world):
    audit = AuditFactory(partnership=world.partnership, lead=None)
    with pytest.raises(ValidationError) as error:
        move(audit, Stage.SELECTING, world["qa"].user)
    assert error.value.messages == ["Choose an audit lead."]


def test_an_audit_moves_one_stage_at_a_time(world, audit):
    with pytest.raises(ValidationError, match="from ‘Planned’ the next stage is ‘Selecting cases’"):
        move(audit, Stage.MEETING, world["qa"].user)


def test_agencies_cannot_start_without_cases_each_with_an_agency(world, audit):
    qa = world["qa"].user
    move(audit, Stage.SELECTING, qa)
    with pytest.raises(ValidationError) as error:
        move(audit, Stage.AUDITING, qa)
    assert "Select at least one case." in error.value.messages

    case = make_case(world.partnership)
    nomination_create(
        actor=qa, audit=audit, case_reference=case.reference, reason="Recent re-referrals", can_see_pool=True
    )
    from maca.selection.services import nomination_decide

    with pytest.raises(ValidationError) as error:
        move(audit, Stage.AUDITING, qa)
    assert "Decide the 1 nomination still waiting." in error.value.messages
    nomination_decide(actor=qa, nomination=audit.nominations.get(), accept=True)
    with pytest.raises(ValidationError) as error:
        move(audit, Stage.AUDITING, qa)
    assert error.value.messages == ["Case 1 has no agency to audit it."]
    assignments_set(actor=qa, audit_case=audit.audit_cases.get(), agencies=[world.police])
    move(audit, Stage.AUDITING, qa, reason="Cases and agencies agreed")
    audit.refresh_from_db()
    assert audit.stage == Stage.AUDITING


def test_a_deadline_and_meeting_date_are_needed_to_move_on(world, audit):
    replan(audit, return_deadline=None, planned_meeting_date=None)
    qa = world["qa"].user
    move(audit, Stage.SELECTING, qa)
    with pytest.raises(ValidationError) as error:
        move(audit, Stage.AUDITING, qa)
    assert "Set the date agencies must return their audits by." in error.value.messages


def test_every_move_is_recorded_with_who_when_and_why(world, audit):
    qa = world["qa"].user
    move(audit, Stage.SELECTING, qa, reason="Theme agreed at the QA sub-group")
    transition = AuditTransition.objects.get(audit=audit)
    assert (transition.from_stage, transition.to_stage, transition.actor, transition.reason) == (
        Stage.PLANNED,
        Stage.SELECTING,
        qa,
        "Theme agreed at the QA sub-group",
    )
    with pytest.raises(ValueError, match="append-only"):
        transition.save()
    assert AuditEvent.objects.filter(action="audit.stage_changed", object_id=str(audit.pk)).exists()


def test_a_move_needs_a_reason(world, audit):
    with pytest.raises(ValidationError, match="Enter why"):
        move(audit, Stage.SELECTING, world["qa"].user, reason="  ")


def test_an_audit_can_be_cancelled_from_any_stage_but_not_moved_after(world, audit):
    qa = world["qa"].user
    move(audit, Stage.CANCELLED, qa, reason="Superseded by a review")
    with pytest.raises(ValidationError, match="cancelled"):
        move(audit, Stage.SELECTING, qa)


def test_a_stale_move_is_refused(world, audit):
    from maca.core.concurrency import EditConflict

    stale = audit.version
    move(audit, Stage.SELECTING, world["qa"].user)
    with pytest.raises(EditConflict):
        audit_move(actor=world["qa"].user, audit=audit, to_stage=Stage.AUDITING, reason="x", expected_version=stale)


def test_dates_must_be_in_order(world):
    from maca.programme.services import audit_create
    from maca.programme.tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(partnership=world.partnership, year=2026)
    with pytest.raises(ValidationError) as error:
        audit_create(
            actor=world["qa"].user,
            programme=programme,
            title="x",
            theme="y",
            kind="themed",
            target_cases=5,
            target_children=None,
            planned_selection_date=dt.date(2026, 9, 1),
            return_deadline=dt.date(2026, 8, 1),
            planned_meeting_date=dt.date(2026, 7, 1),
            lead=world["board"].user,
        )
    assert set(error.value.message_dict) == {"return_deadline", "planned_meeting_date", "lead"}


def test_the_tool_and_kind_are_fixed_once_agencies_are_auditing(world):
    from maca.programme.services import audit_update
    from maca.returns.tests.builders import audit_with_returns
    from maca.tools.tests.factories import published_tool

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    other = published_tool(world.partnership, name="Another tool").tool
    fields = {k: getattr(audit, k) for k in ("title", "theme", "kind", "target_cases", "lead")}
    with pytest.raises(ValidationError, match="audit tool cannot change"):
        audit_update(actor=world["qa"].user, audit=audit, expected_version=audit.version, tool=other, **fields)
    with pytest.raises(ValidationError, match="kind of audit cannot change"):
        audit_update(
            actor=world["qa"].user,
            audit=audit,
            expected_version=audit.version,
            tool=audit.tool,
            **{**fields, "kind": "deep_dive"},
        )


def test_a_stale_move_through_the_page_keeps_the_reason_typed_and_points_at_the_audit_as_it_is(
    world, audit, client_for
):
    from maca.tests.forms_shown import fields_shown
    from maca.tests.page import words_shown

    stale = audit.version
    move(audit, Stage.SELECTING, world["admin"].user)  # someone else moves it first
    audit.refresh_from_db()
    response = client_for(world["qa"]).post(
        reverse("programme:audit_move", args=[audit.pk]),
        {"version": stale, "to_stage": Stage.CANCELLED.value, "reason": "The theme is covered elsewhere."},
    )
    body = response.content.decode()
    shown = fields_shown(body)
    assert response.status_code == 200 and "Someone else changed this audit" in words_shown(body)
    assert shown["reason"].chosen == ["The theme is covered elsewhere."]
    assert shown["version"].chosen == [str(audit.version)]
    audit.refresh_from_db()
    assert audit.stage == Stage.SELECTING


def test_agencies_cannot_start_while_a_case_is_given_to_an_agency_that_no_longer_takes_part(world, audit, client_for):
    qa = world["qa"].user
    move(audit, Stage.SELECTING, qa)
    case = make_case(world.partnership)
    nomination_create(actor=qa, audit=audit, case_reference=case.reference, reason="Re-referrals", can_see_pool=True)
    nomination_decide(actor=qa, nomination=audit.nominations.get(), accept=True)
    assignments_set(actor=qa, audit_case=audit.audit_cases.get(), agencies=[world.police, world.health])
    police = Agency.objects.get(pk=world.police.pk)
    agency_set_active(actor=world["admin"].user, agency=police, active=False, expected_version=police.version)
    said = "Case 1: Testshire Police no longer takes part. Take it off the case."
    with pytest.raises(ValidationError) as error:
        move(audit, Stage.AUDITING, qa)
    assert error.value.messages == [said]
    page = client_for(world["qa"]).get(reverse("programme:audit", args=[audit.pk])).content.decode()
    assert said in page.replace("&#x27;", "'")
    assignments_set(actor=qa, audit_case=audit.audit_cases.get(), agencies=[world.health])
    move(audit, Stage.AUDITING, qa, reason="Cases and agencies agreed")
    audit.refresh_from_db()
    assert audit.stage == Stage.AUDITING
