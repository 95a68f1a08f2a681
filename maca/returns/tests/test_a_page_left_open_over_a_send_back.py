"""A section page left open while the return was submitted and sent back.

A submission and a send-back move the return's version on without a save of
answers (ADR 0007). When nobody saved answers since the page was drawn, its
save is made on the current version, with no merge page: nothing anyone saved
can be overwritten. When someone did, the merge page says who did what, the
later change of state included, and never "you saved this on another page"
when it was someone else's send-back."""

from __future__ import annotations

import html

from django.urls import reverse

from maca.returns.models import Return, ReturnStatus
from maca.returns.services import asks_the_same_since, return_review, return_submit, return_withdraw
from maca.returns.tests.builders import audit_with_returns, save
from maca.tests.page import Page, words_shown
from maca.tools import services as tools

COMPLETE = {"info_grade": "good", "health_involved": "yes"}


def _shown(response) -> str:
    return words_shown(html.unescape(response.content.decode()))


def _submit_and_send_back(world, ret) -> Return:
    ret.refresh_from_db()
    ret = return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )
    return return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=False,
        comment="Say more about health",
        expected_version=ret.version,
    )


def _police_return(world) -> Return:
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    return Return.objects.get(audit=audit, agency=world.police)


def test_a_page_left_open_over_a_submission_and_send_back_saves_without_a_merge_page(world, client_for):
    ret = save(_police_return(world), world["auditor"], COMPLETE)
    auditor = client_for(world["auditor"])
    opened_at = ret.version  # the auditor opens the section now and leaves it open
    _submit_and_send_back(world, ret)

    response = auditor.post(
        reverse("returns:section", args=[ret.pk, 1]),
        {"version": opened_at, **COMPLETE, "worried": "Health were not told"},
        follow=True,
    )

    shown = _shown(response)
    assert "Combine" not in shown
    assert "Your answers to ‘Information sharing’ have been saved" in shown
    assert "Say more about health" in shown  # the task list says why it came back
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.RETURNED
    reopened = Page(auditor.get(reverse("returns:section", args=[ret.pk, 1])).content.decode())
    assert reopened.value("worried") == "Health were not told"
    assert reopened.checked("info_grade") == {"good"}


def test_a_save_after_a_send_back_and_another_save_says_who_did_both(world, client_for):
    ret = save(_police_return(world), world["auditor"], COMPLETE)
    auditor = client_for(world["auditor"])
    opened_at = ret.version
    save(ret, world["lead"], {**COMPLETE, "worried": "Nobody asked the school"})
    _submit_and_send_back(world, ret)

    response = auditor.post(
        reverse("returns:section", args=[ret.pk, 1]),
        {"version": opened_at, **COMPLETE, "worried": "Health were not told"},
    )

    shown = _shown(response)
    assert "Combine your changes with theirs" in shown
    assert "You saved this return" not in shown and "another tab or window" not in shown
    lead, qa = world["lead"].user.full_name, world["qa"].user.full_name
    assert f"{lead} saved this return on " in shown
    assert f"; then {qa} sent this return back on " in shown
    assert "while you were editing it. Your changes have not been saved yet." in shown


def test_a_save_from_another_tab_is_still_called_the_persons_own(world, client_for):
    ret = save(_police_return(world), world["auditor"], COMPLETE)
    auditor = client_for(world["auditor"])
    opened_at = ret.version
    save(ret, world["auditor"], {**COMPLETE, "worried": "Nobody asked the school"})

    response = auditor.post(
        reverse("returns:section", args=[ret.pk, 1]),
        {"version": opened_at, **COMPLETE, "worried": "Health were not told"},
    )

    shown = _shown(response)
    assert "Combine your changes from both pages" in shown
    assert "on another page (another tab or window), while you were editing it here." in shown


def test_a_return_nobody_ever_saved_is_never_saved_over_without_asking(world):
    """Without a save at or before the page's version (or the save made from
    it), the questions themselves may have changed since (a return nobody saved
    moves onto a newly published tool version): never saved over without asking."""
    ret = _police_return(world)
    opened_at = ret.version
    return_withdraw(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        reason="Made in error",
        expected_version=ret.version,
    )
    ret.refresh_from_db()
    assert not asks_the_same_since(ret, opened_at)


def _autosaved(client, ret, opened_at: int, *, worried: str) -> str:
    """What the autosave of section 1 from a page drawn at ``opened_at`` says."""
    response = client.post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": opened_at, "_section": 1, **COMPLETE, "worried": worried},
    )
    return words_shown(response.content.decode())


def test_a_save_by_someone_else_and_then_by_the_person_is_not_called_only_theirs(world, client_for):
    """The lead saved, then the auditor in another tab: the auditor's first
    page is not told the change was only theirs, and the lead is named."""
    ret = save(_police_return(world), world["auditor"], COMPLETE)
    auditor = client_for(world["auditor"])
    opened_at = ret.version
    save(ret, world["lead"], {**COMPLETE, "worried": "Nobody asked the school"})
    save(ret, world["auditor"], {**COMPLETE, "worried": "Nobody asked the school or the GP"})

    autosaved = _autosaved(auditor, ret, opened_at, worried="Health were not told")
    assert "Not saved: someone else has changed this return." in autosaved
    assert "another tab or window" not in autosaved

    shown = _shown(
        auditor.post(
            reverse("returns:section", args=[ret.pk, 1]),
            {"version": opened_at, **COMPLETE, "worried": "Health were not told"},
        )
    )
    lead = world["lead"].user.full_name
    assert f"{lead} saved this return; then you saved this return on " in shown
    assert "another tab or window" not in shown and "editing it here" not in shown


def test_a_page_drawn_on_the_questions_of_a_version_since_replaced_is_refused(world, client_for):
    """Opened before anyone saved, the return then moved onto a newly
    published tool version and someone saved it: the page's answers were to
    the old questions, so its save is never put on top without asking."""
    ret = _police_return(world)
    auditor = client_for(world["auditor"])
    opened_at = ret.version
    v2 = tools.version_new_draft(actor=world["qa"].user, tool=ret.tool_version.tool)
    tools.version_publish(actor=world["admin"].user, version=v2, expected_version=v2.version)
    ret.refresh_from_db()
    assert ret.tool_version_id == v2.pk and ret.version == opened_at + 1
    save(ret, world["lead"], {"health_involved": "yes"})

    autosaved = _autosaved(auditor, ret, opened_at, worried="Health were not told")
    assert "Not saved: someone else has changed this return." in autosaved
    ret.refresh_from_db()
    assert "worried" not in ret.answers
