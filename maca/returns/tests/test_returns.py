"""Returns: created when agencies start, drafts, submission, review, withdrawal,
concurrent edits, history, and who sees what."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.core.concurrency import EditConflict
from maca.programme.models import Stage
from maca.returns.models import Return, ReturnRevision, ReturnStatus, ReturnTransition
from maca.returns.services import return_review, return_save_draft, return_submit, return_withdraw
from maca.returns.tests.builders import audit_with_returns, move, save
from maca.selection.services import assignments_set
from maca.selection.tests.builders import draw_from_whole_pool
from maca.tests.querycount import assert_queries_do_not_grow

COMPLETE = {"info_grade": "good", "health_involved": "yes"}


@pytest.fixture
def audit(world):
    return audit_with_returns(world)


def police_return(audit, world):
    return Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number").first()


def test_agencies_get_one_return_per_case_when_auditing_starts(world, audit):
    assert Return.objects.filter(audit=audit).count() == 4  # 2 cases x 2 agencies
    assert set(Return.objects.values_list("status", flat=True)) == {ReturnStatus.NOT_STARTED}


def test_auditing_cannot_start_without_a_published_tool(world):
    from maca.programme.services import audit_move
    from maca.programme.tests.factories import AuditFactory
    from maca.selection.tests.builders import make_case

    qa = world["qa"].user
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=None)
    make_case(world.partnership, agencies=[world.police])
    move(audit, Stage.SELECTING, qa)
    draw_from_whole_pool(actor=qa, audit=audit, size=1)
    with pytest.raises(ValidationError) as error:
        audit_move(actor=qa, audit=audit, to_stage=Stage.AUDITING, reason="x", expected_version=audit.version)
    assert "Choose the audit tool agencies will complete." in error.value.messages


def test_a_deep_dive_asks_each_agency_for_one_summative_report(world):
    audit = audit_with_returns(world, cases=3, kind="deep_dive", tool_kind="summative")
    returns = Return.objects.filter(audit=audit)
    assert returns.count() == 2
    assert all(r.audit_case_id is None for r in returns)


def test_the_full_cycle_auditor_drafts_lead_submits_qa_sends_back_and_accepts(world, audit):
    ret = police_return(audit, world)
    save(ret, world["auditor"], {"info_grade": "good"})  # partial: drafts may be
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT
    with pytest.raises(ValidationError) as error:
        return_submit(
            actor=world["lead"].user,
            membership=world["lead"].membership,
            return_record=ret,
            expected_version=ret.version,
        )
    assert error.value.messages == ["Answer ‘Were health part of decision-making?’"]
    save(ret, world["auditor"], COMPLETE)
    ret.refresh_from_db()
    with pytest.raises(ValidationError, match="Only the agency lead"):
        return_submit(
            actor=world["auditor"].user,
            membership=world["auditor"].membership,
            return_record=ret,
            expected_version=ret.version,
        )
    return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )
    ret.refresh_from_db()
    return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=False,
        comment="Say more about information sharing",
        expected_version=ret.version,
    )
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.RETURNED and ret.is_editable
    save(ret, world["auditor"], {**COMPLETE, "worried": "Late notifications"})
    ret.refresh_from_db()
    return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )
    ret.refresh_from_db()
    return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=True,
        comment="",
        expected_version=ret.version,
    )
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.ACCEPTED
    moves = list(ReturnTransition.objects.filter(return_record=ret).values_list("to_status", flat=True))
    assert moves == ["draft", "submitted", "returned", "submitted", "accepted"]
    with pytest.raises(ValueError, match="append-only"):
        ReturnTransition.objects.filter(return_record=ret).first().save()


def test_sending_back_needs_a_comment_and_tells_the_agency(world, audit):
    from maca.notifications.models import SentEmail

    ret = police_return(audit, world)
    save(ret, world["auditor"], COMPLETE)
    ret.refresh_from_db()
    return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )
    ret.refresh_from_db()
    with pytest.raises(ValidationError, match="Enter what the agency needs to change"):
        return_review(
            actor=world["qa"].user,
            membership=world["qa"].membership,
            return_record=ret,
            accept=False,
            comment=" ",
            expected_version=ret.version,
        )
    return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=False,
        comment="Add the strategy meeting",
        expected_version=ret.version,
    )
    message = SentEmail.objects.get(kind="return_sent_back")
    assert message.to == world["lead"].user.email
    # The comment may be about a child: it stays in maca, out of e-mail and the audit log.
    assert "Add the strategy meeting" not in message.body
    assert all("strategy meeting" not in str(event.changes) for event in AuditEvent.objects.all())


def test_a_concurrent_edit_is_refused_and_nothing_is_lost(world, audit):
    ret = police_return(audit, world)
    start = ret.version
    save(ret, world["auditor"], {"info_grade": "good", "worried": "First person's worry"})
    with pytest.raises(EditConflict):
        return_save_draft(
            actor=world["lead"].user,
            membership=world["lead"].membership,
            return_record=ret,
            answers={"info_grade": "inadequate"},
            expected_version=start,
        )
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "good", "worried": "First person's worry"}


def test_the_second_editor_sees_both_versions_and_merges(world, audit, client_for):
    ret = police_return(audit, world)
    start = ret.version
    save(ret, world["auditor"], {"info_grade": "good", "worried": "Theirs"})
    client = client_for(world["lead"])
    response = client.post(
        reverse("returns:section", args=[ret.pk, 1]),
        {
            "version": start,
            "info_grade": "inadequate",
            "health_involved": "yes",
            "worried": "",
        },
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Someone else changed this return" in page
    assert "Keep their answer: Good" in page and "Use your answer: Inadequate" in page
    # health_involved was changed only by the lead: kept without asking.
    assert "Were health part of decision-making?" in page
    merge_data = {
        "mine": response.context["mine_json"],
        "base_version": start,
        "choice-info_grade": "mine",
        "version": response.context["return_record"].version,
    }
    # 'worried' was added only by the auditor, on a question the lead's page
    # showed blank: the lead chooses (here, to keep the auditor's answer).
    assert "choice-worried" in response.context["form"].fields
    for field in response.context["form"].fields:
        merge_data.setdefault(field, "theirs")
    client.post(reverse("returns:merge", args=[ret.pk]), merge_data)
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "inadequate", "health_involved": "yes", "worried": "Theirs"}


def test_every_save_is_kept_and_the_qa_officer_sees_who_changed_what(world, audit, client_for):
    ret = police_return(audit, world)
    save(ret, world["auditor"], {"info_grade": "good"})
    save(ret, world["lead"], {"info_grade": "requires_improvement"})
    assert ReturnRevision.objects.filter(return_record=ret).count() == 2
    page = html.unescape(client_for(world["qa"]).get(reverse("returns:history", args=[ret.pk])).content.decode())
    assert "Lena Lead" in page and "Good → Requires improvement" in page
    assert client_for(world["auditor"]).get(reverse("returns:history", args=[ret.pk])).status_code == 403


def test_the_audit_log_records_which_answers_changed_but_not_what_they_say(world, audit):
    ret = police_return(audit, world)
    save(ret, world["auditor"], {"worried": "Sensitive words"})
    event = AuditEvent.objects.filter(action="return.saved").latest("id")
    assert event.changes["changed"] == ["worried"]
    assert "Sensitive words" not in str(event.changes)


def test_a_return_is_withdrawn_with_a_reason_and_never_deleted(world, audit):
    ret = police_return(audit, world)
    with pytest.raises(ValidationError, match="Enter why"):
        return_withdraw(
            actor=world["qa"].user,
            membership=world["qa"].membership,
            return_record=ret,
            reason="",
            expected_version=ret.version,
        )
    return_withdraw(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        reason="Agency had no contact",
        expected_version=ret.version,
    )
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.WITHDRAWN and ret.withdrawn_reason == "Agency had no contact"


def test_taking_an_agency_off_a_case_withdraws_its_return_and_adding_one_creates_it(world, audit):
    audit_case = audit.audit_cases.current().order_by("number").first()
    assignments_set(actor=world["qa"].user, audit_case=audit_case, agencies=[world.health, world.gp_practice])
    assert Return.objects.get(audit_case=audit_case, agency=world.police).status == ReturnStatus.WITHDRAWN
    assert Return.objects.live().filter(audit_case=audit_case, agency=world.gp_practice).exists()


def test_agencies_see_only_their_own_returns_until_the_meeting(world, audit, client_for):
    ret = police_return(audit, world)
    health = Return.objects.get(audit_case=ret.audit_case, agency=world.health)
    lead = client_for(world["lead"])
    assert lead.get(reverse("returns:detail", args=[ret.pk])).status_code == 200
    assert lead.get(reverse("returns:detail", args=[health.pk])).status_code == 404
    move(audit, Stage.MEETING, world["qa"].user)
    assert lead.get(reverse("returns:detail", args=[health.pk])).status_code == 200
    # ...but still cannot change another agency's return.
    assert lead.get(reverse("returns:edit", args=[health.pk])).status_code == 403


def test_the_board_and_other_partnerships_see_no_return(world, audit, client_for):
    ret = police_return(audit, world)
    assert client_for(world["board"]).get(reverse("returns:detail", args=[ret.pk])).status_code == 403
    assert client_for(world["outsider"]).get(reverse("returns:detail", args=[ret.pk])).status_code == 404


def test_required_answers_are_enforced_only_on_submit_with_a_summary_linking_to_each(world, audit, client_for):
    ret = police_return(audit, world)
    client = client_for(world["lead"])
    draft = client.post(reverse("returns:section", args=[ret.pk, 1]), {"version": ret.version})
    assert draft.status_code == 302
    ret.refresh_from_db()
    response = client.post(reverse("returns:check", args=[ret.pk]), {"version": ret.version})
    page = html.unescape(response.content.decode())
    section = reverse("returns:section", args=[ret.pk, 1])
    assert f'href="{section}?from=check#id_info_grade"' in page and "Answer ‘How well was information shared?’" in page
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT


def test_autosave_keeps_a_draft_and_hands_back_the_new_version(world, audit, client_for):
    ret = police_return(audit, world)
    response = client_for(world["auditor"]).post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": ret.version, "_section": 1, "info_grade": "good"},
        HTTP_HX_REQUEST="true",
    )
    ret.refresh_from_db()
    body = response.content.decode()
    assert "Draft saved at" in body and f'value="{ret.version}"' in body
    assert ret.answers == {"info_grade": "good"}


def test_very_long_text_is_refused_with_the_limit(world, audit, client_for):
    ret = police_return(audit, world)
    response = client_for(world["auditor"]).post(
        reverse("returns:section", args=[ret.pk, 1]), {"version": ret.version, "worried": "x" * 10_001}
    )
    assert "‘What are we worried about?’ must be 10,000 characters or fewer" in html.unescape(response.content.decode())


def test_my_returns_list_does_not_get_slower_with_more_returns(world, client_for):
    client = client_for(world["auditor"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("returns:mine")),
        lambda n: audit_with_returns(world, cases=n, agencies=[world.police]),
    )


def test_answers_that_the_tool_does_not_accept_are_never_stored(world, audit, client_for):
    ret = police_return(audit, world)
    client = client_for(world["auditor"])
    client.post(
        reverse("returns:merge", args=[ret.pk]),
        {
            "mine": '{"info_grade": {"x": [1]}, "made_up_key": "' + "A" * 500 + '", "worried": "' + "w" * 10_001 + '"}',
            "base_version": ret.version,
            "version": ret.version,
        },
    )
    ret.refresh_from_db()
    assert ret.answers == {}
    with pytest.raises(ValidationError, match="not one this question accepts"):
        save(ret, world["auditor"], {"health_involved": "maybe"})


def test_a_merge_page_that_went_stale_is_drawn_again_not_saved_over(world, audit, client_for):
    ret = police_return(audit, world)
    start = ret.version
    save(ret, world["auditor"], {"info_grade": "good"})
    shown = Return.objects.get(pk=ret.pk).version
    save(ret, world["auditor"], {"info_grade": "requires_improvement"})  # a third save after the page was drawn
    response = client_for(world["lead"]).post(
        reverse("returns:merge", args=[ret.pk]),
        {"mine": '{"info_grade": "inadequate"}', "base_version": start, "version": shown, "choice-info_grade": "mine"},
    )
    assert response.status_code == 200
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "requires_improvement"}


def test_saving_the_merge_page_without_a_choice_names_the_question_in_one_error_summary(world, audit, client_for):
    ret = police_return(audit, world)
    start = ret.version
    save(ret, world["auditor"], {"info_grade": "good"})
    shown = Return.objects.get(pk=ret.pk).version
    response = client_for(world["lead"]).post(
        reverse("returns:merge", args=[ret.pk]),
        {"mine": '{"info_grade": "inadequate"}', "base_version": start, "version": shown},
    )
    assert response.status_code == 200  # a page working as meant: the browser logs no error
    page = html.unescape(response.content.decode())
    assert page.count('class="govuk-error-summary"') == 1
    assert "Choose which answer to keep for" in page
    assert "Keep their answer: Good" in page and "Use your answer: Inadequate" in page
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "good"}


def test_a_closed_audits_returns_are_its_record_and_are_not_withdrawn(world, audit, client_for):
    from maca.programme.models import Audit

    ret = police_return(audit, world)
    qa = client_for(world["qa"])
    withdraw = reverse("returns:withdraw", args=[ret.pk])

    def page():
        return qa.get(reverse("returns:detail", args=[ret.pk])).content.decode()

    assert withdraw in page()
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.CLOSED)
    assert withdraw not in page()
    ret = Return.objects.get(pk=ret.pk)
    with pytest.raises(ValidationError, match="This return cannot be withdrawn"):
        return_withdraw(
            actor=world["qa"].user,
            membership=world["qa"].membership,
            return_record=ret,
            reason="Wrong case",
            expected_version=ret.version,
        )
    assert Return.objects.get(pk=ret.pk).status != ReturnStatus.WITHDRAWN
