"""What a return's pages say back (QA walk): who last saved the answers and
when, a history that lists only answers that changed, typed paragraphs kept,
a plain reason when a submitted return is opened for editing, and autosave
words that are true. Checked by opening the pages as a person would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from maca.returns.models import Return, ReturnRevision
from maca.returns.services import return_review, return_submit, return_withdraw
from maca.returns.tests.builders import audit_with_returns, police_return, save
from maca.tests.page import words_shown

COMPLETE = {"info_grade": "good", "health_involved": "yes"}
TWO_PARAGRAPHS = "Referrals came late.\r\n\r\nThe school <b>was not</b> told."


@pytest.fixture
def ret(world):
    return police_return(world)


def submit(ret, world) -> Return:
    ret.refresh_from_db()
    return return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )


def words(client, name, ret, *args) -> str:
    return words_shown(client.get(reverse(name, args=[ret.pk, *args])).content.decode())


def html_of(client, name, ret, *args) -> str:
    return client.get(reverse(name, args=[ret.pk, *args])).content.decode()


def summary_value(page_words: str, key: str) -> str:
    """What the summary list shows against ``key`` (up to the next key)."""
    found = re.search(rf"{key} (.*?) (?:Withdrawn because|Answers)", page_words)
    return found.group(1) if found else ""


# Last saved ------------------------------------------------------------------------------


def test_last_saved_shows_the_last_save_of_answers_not_a_send_back(world, ret, client_for):
    save(ret, world["auditor"], {**COMPLETE, "worried": "Late referrals"})
    ReturnRevision.objects.filter(return_record=ret).update(saved_at=dt.datetime(2026, 1, 5, 10, 15, tzinfo=dt.UTC))
    ret = submit(ret, world)
    return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=False,
        comment="Say more",
        expected_version=ret.version,
    )
    shown = words(client_for(world["qa"]), "returns:detail", ret)
    assert "Last saved 5 January 2026 at 10:15am by Aiden Auditor" in shown
    assert "Quinn Quality" not in summary_value(shown, "Last saved")


def test_last_saved_is_not_changed_by_a_withdrawal(world, ret, client_for):
    save(ret, world["auditor"], {"worried": "Late referrals"})
    ReturnRevision.objects.filter(return_record=ret).update(saved_at=dt.datetime(2026, 1, 5, 10, 15, tzinfo=dt.UTC))
    ret.refresh_from_db()
    return_withdraw(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        reason="Made in error",
        expected_version=ret.version,
    )
    shown = words(client_for(world["qa"]), "returns:detail", ret)
    assert "Last saved 5 January 2026 at 10:15am by Aiden Auditor" in shown


def test_a_return_never_saved_shows_no_last_save(world, ret, client_for):
    shown = words(client_for(world["lead"]), "returns:detail", ret)
    assert "Not started" in shown
    assert "Last saved" not in shown


# History: only answers that changed ------------------------------------------------------------


def test_the_same_text_with_other_line_endings_is_not_a_change(world, ret, client_for):
    client = client_for(world["auditor"])
    typed = "Late referrals.\r\nNo strategy meeting."
    response = client.post(
        reverse("returns:section", args=[ret.pk, 1]),
        {"version": ret.version, "info_grade": "good", "health_involved": "yes", "worried": typed},
    )
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.answers["worried"] == "Late referrals.\nNo strategy meeting."  # one kind of line ending
    # The autosave sends the same words with "\n": nothing has changed, so nothing is saved.
    client.post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": ret.version, "_section": 1, **COMPLETE, "worried": typed.replace("\r\n", "\n")},
    )
    shown = words(client_for(world["qa"]), "returns:history", ret)
    assert shown.count("What are we worried about?") == 1
    assert ReturnRevision.objects.filter(return_record=ret).count() == 1


def test_history_saved_before_the_fix_does_not_list_line_endings_as_changes(world, ret, client_for):
    ReturnRevision.objects.create(
        partnership_id=ret.partnership_id,
        return_record=ret,
        version=2,
        answers={"worried": "Late.\r\nNo meeting."},
        changed_keys=["worried"],
        actor=world["auditor"].user,
    )
    ReturnRevision.objects.create(
        partnership_id=ret.partnership_id,
        return_record=ret,
        version=3,
        answers={"worried": "Late.\nNo meeting.", "info_grade": "good"},
        changed_keys=["info_grade", "worried"],
        actor=world["auditor"].user,
    )
    shown = words(client_for(world["qa"]), "returns:history", ret)
    version_3 = shown[shown.index("Version 3") : shown.index("Version 2")]
    assert "How well was information shared?" in version_3
    assert "What are we worried about?" not in version_3


# Paragraphs as typed -------------------------------------------------------------------------------


def paragraphs_in(page: str) -> list[str]:
    return [words_shown(p) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", page, flags=re.S)]


def test_typed_paragraphs_are_kept_on_the_return_check_answers_and_history(world, ret, client_for):
    save(ret, world["auditor"], {"worried": "Late notifications"})
    save(ret, world["auditor"], {"worried": TWO_PARAGRAPHS})
    lead = client_for(world["lead"])
    for page in (html_of(lead, "returns:detail", ret), html_of(lead, "returns:check", ret)):
        shown = paragraphs_in(page)
        assert "Referrals came late." in shown and "The school <b>was not</b> told." in shown
        assert "<b>was not</b>" not in page  # escaped, never markup
    history = paragraphs_in(html_of(client_for(world["qa"]), "returns:history", ret))
    assert "Referrals came late." in history and "The school <b>was not</b> told." in history
    assert "Late notifications" in history


def _sent_back(world, ret, comment: str):
    """The return completed by the auditor, submitted, and sent back by the QA officer with ``comment``."""
    save(ret, world["auditor"], COMPLETE)
    ret = submit(ret, world)
    return return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=ret,
        accept=False,
        comment=comment,
        expected_version=ret.version,
    )


def test_a_send_back_comment_keeps_its_paragraphs_in_what_happened(world, ret, client_for):
    ret = _sent_back(world, ret, "First point.\r\n\r\nSecond point.")
    shown = paragraphs_in(html_of(client_for(world["qa"]), "returns:history", ret))
    assert "First point." in shown and "Second point." in shown


# A submitted return opened for editing ---------------------------------------------------------------


def test_an_auditor_opening_a_submitted_return_for_editing_is_told_why_it_cannot_change(world, ret, client_for):
    save(ret, world["auditor"], COMPLETE)
    submit(ret, world)
    auditor = client_for(world["auditor"])
    for name, args in (("returns:section", [1]), ("returns:edit", []), ("returns:check", [])):
        response = auditor.get(reverse(name, args=[ret.pk, *args]))
        assert response.status_code == 200, name
        shown = words_shown(response.content.decode())
        assert "This return cannot be changed because it has been submitted." in shown, name
        assert "Your role does not include this part of maca" not in shown
        assert f'href="{reverse("returns:detail", args=[ret.pk])}"' in response.content.decode()
    # A section page left open: its autosave says why nothing was saved.
    response = auditor.post(reverse("returns:autosave", args=[ret.pk]), {"version": 1, "_section": 1, **COMPLETE})
    assert "Not saved: this return cannot be changed because it has been submitted." in words_shown(
        response.content.decode()
    )
    # Someone whose role does not change returns is still refused as before.
    assert client_for(world["qa"]).get(reverse("returns:section", args=[ret.pk, 1])).status_code == 403


# Autosave words --------------------------------------------------------------------------------------


def test_the_section_page_says_when_answers_are_saved(world, ret, client_for):
    shown = words(client_for(world["auditor"]), "returns:section", ret, 1)
    assert (
        "Your answers are saved as you go: each time you choose an answer or move on from a box you typed in." in shown
    )
    assert "as you type" not in shown
    assert "as you type" not in words(client_for(world["auditor"]), "returns:edit", ret)


def test_answers_typed_while_the_return_was_submitted_are_shown_to_copy(world, ret, client_for):
    """The lead submitted while the auditor was typing: pressing "Save and
    continue" saves nothing, says why, and shows what they typed (their
    browser let go of its copy when the form was sent)."""
    auditor = client_for(world["auditor"])
    url = reverse("returns:section", args=[ret.pk, 1])
    opened = auditor.get(url)
    assert opened.status_code == 200
    save(ret, world["auditor"], COMPLETE)
    submit(ret, world)
    typed = "Nobody asked the school about the bruise.\r\nThe nursery was not told."
    response = auditor.post(url, {"version": 1, "worried": typed, "info_grade": "good"})
    assert response.status_code == 200
    shown = words_shown(response.content.decode())
    assert "This return cannot be changed because it has been submitted." in shown
    assert "Your answers, not saved" in shown
    assert "How well was information shared? Good" in shown
    assert "What are we worried about? Nobody asked the school about the bruise. The nursery was not told." in shown
    assert Return.objects.get(pk=ret.pk).answers.get("worried", "") != typed.replace("\r\n", "\n")


def test_history_lists_a_saves_changed_answers_in_the_order_the_form_asks_them(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police], two_sections=True)
    ret = Return.objects.get(audit=audit, agency=world.police)
    save(ret, world["auditor"], {"info_grade": "good", "health_involved": "yes", "voice": "Seen alone.", "visits": 2})
    shown = words(client_for(world["qa"]), "returns:history", ret)
    asked = [
        "How well was information shared?",
        "Were health part of decision-making?",
        "How was the child's voice heard?",
        "How many times was the child seen alone?",
    ]
    assert sorted(asked, key=shown.index) == asked


def test_an_autosave_refused_after_the_persons_own_save_in_another_tab_does_not_blame_someone_else(
    world, ret, client_for
):
    auditor = client_for(world["auditor"])
    opened_at = ret.version  # two tabs opened on the same version
    autosave = reverse("returns:autosave", args=[ret.pk])
    first = auditor.post(autosave, {"version": opened_at, "_section": 1, "info_grade": "good"})
    assert "Draft saved" in words_shown(first.content.decode())

    second = words_shown(
        auditor.post(autosave, {"version": opened_at, "_section": 1, "info_grade": "inadequate"}).content.decode()
    )
    assert (
        "Not saved: you changed this return on another page (another tab or window) while editing it here. "
        "Use ‘Save and continue’ to combine the changes from both pages."
    ) in second
    assert "someone else" not in second

    # Someone else's save is still called so.
    ret.refresh_from_db()
    lead_opened_at = ret.version
    save(ret, world["auditor"], {"info_grade": "good", "health_involved": "no"})
    lead = client_for(world["lead"])
    third = words_shown(
        lead.post(autosave, {"version": lead_opened_at, "_section": 1, "info_grade": "inadequate"}).content.decode()
    )
    assert "Not saved: someone else has changed this return." in third


def test_the_sent_back_banner_asks_only_the_agency_lead_to_submit_again(world, ret, client_for):
    ret = _sent_back(world, ret, "Say whether the school was told.")
    lead_asks = "Change the answers it asks about, then check them and submit the return again."
    for page in ("returns:detail", "returns:edit", "returns:check"):
        assert lead_asks in words(client_for(world["lead"]), page, ret)
        auditor = words(client_for(world["auditor"]), page, ret)
        assert "Say whether the school was told." in auditor
        assert "Change the answers it asks about and check them: your agency lead submits the return again." in auditor
        assert "submit the return again" not in auditor
    qa = words(client_for(world["qa"]), "returns:detail", ret)
    assert "The agency changes the answers it asks about and submits the return again." in qa
    assert lead_asks not in qa
