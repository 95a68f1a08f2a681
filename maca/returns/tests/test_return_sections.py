"""The return section by section (issue 8, item 5): a task list whose statuses
follow what is saved, one page per section that leaves the other sections be,
check your answers before Submit (there before any draft was saved), and the
send-back comment first on every page of the return. What is checked is what a
person sees when the page is opened again."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.returns.models import ReturnStatus, ReturnTransition
from maca.returns.services import return_review, return_submit
from maca.returns.tests.builders import police_return, save
from maca.tests.page import Page

SHARING_DONE = {"info_grade": "good", "health_involved": "yes"}
VOICE_DONE = {"voice": "Seen alone at school; said she was frightened at home."}
COMMENT = "Please say whether the father was seen at the second visit."


@pytest.fixture
def ret(world):
    return police_return(world, two_sections=True)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def task_statuses(client, ret) -> dict[str, str]:
    """Each section's title with the status the task list shows for it."""
    body = text_of(client.get(reverse("returns:edit", args=[ret.pk])))
    rows = re.findall(
        r'govuk-task-list__link"[^>]*>\s*([^<]+?)\s*</a>.*?govuk-task-list__status[^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*<',
        body,
        re.S,
    )
    return dict(rows)


def test_the_task_list_follows_what_is_saved_section_by_section(world, ret, client_for):
    client = client_for(world["auditor"])
    assert task_statuses(client, ret) == {
        "Information sharing": "Not yet started",
        "The child's voice": "Not yet started",
        "Chronology": "No chronology entries",
    }
    response = client.post(reverse("returns:section", args=[ret.pk, 1]), {"version": ret.version, "info_grade": "good"})
    assert response.status_code == 302 and response.url == reverse("returns:edit", args=[ret.pk])
    assert task_statuses(client, ret) == {
        "Information sharing": "In progress",
        "The child's voice": "Not yet started",
        "Chronology": "No chronology entries",
    }
    ret.refresh_from_db()
    client.post(reverse("returns:section", args=[ret.pk, 1]), {"version": ret.version, **SHARING_DONE})
    tasks = text_of(client.get(reverse("returns:edit", args=[ret.pk])))
    assert "You have completed 1 of 2 sections." in tasks
    assert task_statuses(client, ret) == {
        "Information sharing": "Completed",
        "The child's voice": "Not yet started",
        "Chronology": "No chronology entries",
    }
    # Opened again, the section's page shows the saved answers chosen.
    page = Page(text_of(client.get(reverse("returns:section", args=[ret.pk, 1]))))
    assert page.checked("info_grade") == {"good"} and page.checked("health_involved") == {"yes"}


def test_a_section_shows_only_its_own_questions_and_saving_it_keeps_the_others(world, ret, client_for):
    save(ret, world["auditor"], {**SHARING_DONE, "visits": 2})
    client = client_for(world["lead"])
    page = Page(text_of(client.get(reverse("returns:section", args=[ret.pk, 2]))))
    assert page.value("voice") == "" and page.value("visits") == "2"
    assert page.inputs("info_grade") == []  # the other section's questions are on their own page
    ret.refresh_from_db()
    client.post(reverse("returns:section", args=[ret.pk, 2]), {"version": ret.version, **VOICE_DONE, "visits": ""})
    ret.refresh_from_db()
    assert ret.answers == {**SHARING_DONE, **VOICE_DONE}  # the cleared number is cleared, nothing else touched
    again = Page(text_of(client.get(reverse("returns:section", args=[ret.pk, 2]))))
    assert again.value("voice") == VOICE_DONE["voice"] and again.value("visits") == ""
    assert task_statuses(client, ret) == {
        "Information sharing": "Completed",
        "The child's voice": "Completed",
        "Chronology": "No chronology entries",
    }


def test_autosave_saves_only_the_section_it_comes_from(world, ret, client_for):
    save(ret, world["auditor"], SHARING_DONE)
    ret.refresh_from_db()
    response = client_for(world["auditor"]).post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": ret.version, "_section": 2, **VOICE_DONE},
        HTTP_HX_REQUEST="true",
    )
    assert "Draft saved at" in response.content.decode()
    ret.refresh_from_db()
    assert ret.answers == {**SHARING_DONE, **VOICE_DONE}


def test_a_section_that_does_not_exist_is_not_found(world, ret, client_for):
    client = client_for(world["auditor"])
    assert client.get(reverse("returns:section", args=[ret.pk, 3])).status_code == 404
    assert client.get(reverse("returns:section", args=[ret.pk, 0])).status_code == 404
    response = client.post(reverse("returns:autosave", args=[ret.pk]), {"version": ret.version, "_section": 9})
    assert response.status_code == 404


def test_a_section_saved_over_someone_elses_change_asks_only_about_what_both_changed(world, ret, client_for):
    start = ret.version
    save(ret, world["lead"], {"info_grade": "inadequate", **VOICE_DONE})  # the lead saves first
    client = client_for(world["auditor"])
    response = client.post(
        reverse("returns:section", args=[ret.pk, 1]), {"version": start, "info_grade": "good", "health_involved": "no"}
    )
    assert response.status_code == 200
    body = text_of(response)
    assert "Keep their answer: Inadequate" in body and "Use your answer: Good" in body
    # The lead's answer in the other section is not the auditor's change: never asked about, never lost.
    assert "How was the child's voice heard?" not in body
    ret.refresh_from_db()
    assert ret.answers == {"info_grade": "inadequate", **VOICE_DONE}  # nothing saved over it


def test_check_answers_and_submit_are_there_before_any_draft_was_saved(world, ret, client_for):
    lead = client_for(world["lead"])
    assert ret.status == ReturnStatus.NOT_STARTED
    page = text_of(lead.get(reverse("returns:check", args=[ret.pk])))
    assert "Check your answers before submitting the return" in page
    assert "Submit to the QA officer" in page
    assert page.count("Not answered") == 4
    # Submitting with questions unanswered: each listed, linking to its section's page; nothing changes.
    response = lead.post(reverse("returns:check", args=[ret.pk]), {"version": ret.version})
    body = text_of(response)
    assert body.count('class="govuk-error-summary"') == 1
    assert f'href="{reverse("returns:section", args=[ret.pk, 2])}?from=check#id_voice"' in body
    assert "Answer ‘How was the child's voice heard?’" in body
    assert "<title>Error:" in body
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.NOT_STARTED


def test_the_auditor_checks_the_answers_and_the_lead_submits_them(world, ret, client_for):
    save(ret, world["auditor"], {**SHARING_DONE, **VOICE_DONE})
    auditor = text_of(client_for(world["auditor"]).get(reverse("returns:check", args=[ret.pk])))
    assert "Your agency lead checks and submits this return." in auditor
    assert "Submit to the QA officer" not in auditor
    assert "Good" in auditor and VOICE_DONE["voice"] in auditor
    assert f'href="{reverse("returns:section", args=[ret.pk, 2])}?from=check#id_voice"' in auditor  # "Change"
    assert client_for(world["auditor"]).post(reverse("returns:check", args=[ret.pk]), {"version": 1}).status_code == 403
    lead = client_for(world["lead"])
    ret.refresh_from_db()
    response = lead.post(reverse("returns:check", args=[ret.pk]), {"version": ret.version}, follow=True)
    assert "The return has been submitted to the QA officer." in text_of(response)
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
    # The read-only view: every section as a summary card with its answers, and no way to change them.
    detail = text_of(lead.get(reverse("returns:detail", args=[ret.pk])))
    assert len(re.findall(r'class="govuk-summary-card__title"', detail)) == 2 and VOICE_DONE["voice"] in detail
    assert reverse("returns:section", args=[ret.pk, 1]) not in detail


def test_a_submit_from_an_out_of_date_check_page_is_refused_and_shows_the_answers_as_they_are(world, ret, client_for):
    save(ret, world["auditor"], {**SHARING_DONE, **VOICE_DONE})
    ret.refresh_from_db()
    checked_version = ret.version
    save(ret, world["auditor"], {**SHARING_DONE, "voice": "Changed after the lead looked"})
    response = client_for(world["lead"]).post(reverse("returns:check", args=[ret.pk]), {"version": checked_version})
    assert response.status_code == 200
    body = text_of(response)
    assert "Someone else changed this return since this page was shown" in body
    assert "Changed after the lead looked" in body
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT


def test_a_submit_from_a_check_page_left_open_while_the_lead_changed_it_elsewhere_says_so(world, ret, client_for):
    """The lead checks the answers in one tab, changes one in another, then
    submits from the first: the page says they changed it on another page,
    not that someone else did."""
    save(ret, world["auditor"], {**SHARING_DONE, **VOICE_DONE})
    ret.refresh_from_db()
    checked_version = ret.version
    save(ret, world["lead"], {**SHARING_DONE, "voice": "Changed by the lead in another tab"})
    response = client_for(world["lead"]).post(reverse("returns:check", args=[ret.pk]), {"version": checked_version})
    assert response.status_code == 200
    body = text_of(response)
    assert (
        "You changed this return on another page (another tab or window) while editing it here. "
        "Check the answers below, as they are now, then submit again."
    ) in body
    assert "Someone else" not in body
    assert "Changed by the lead in another tab" in body
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT


def test_a_send_back_comment_comes_first_on_every_page_of_the_return_until_it_is_resubmitted(world, ret, client_for):
    save(ret, world["auditor"], {**SHARING_DONE, **VOICE_DONE})
    ret.refresh_from_db()
    lead_persona, qa = world["lead"], world["qa"]
    ret = return_submit(
        actor=lead_persona.user, membership=lead_persona.membership, return_record=ret, expected_version=ret.version
    )
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        accept=False,
        comment=COMMENT,
        expected_version=ret.version,
    )
    lead = client_for(lead_persona)
    for name in ("returns:detail", "returns:edit", "returns:check"):
        body = text_of(lead.get(reverse(name, args=[ret.pk])))
        main = body[body.index("<main") :]
        assert COMMENT in main, name
        assert main.index(COMMENT) < main.index("<h1"), f"{name}: the comment is not above the heading"
        assert f"{qa.user.full_name} sent this return back on" in main, name
    ret.refresh_from_db()
    return_submit(
        actor=lead_persona.user, membership=lead_persona.membership, return_record=ret, expected_version=ret.version
    )
    assert COMMENT not in text_of(lead.get(reverse("returns:detail", args=[ret.pk]))).split("What has happened")[0]
    assert ReturnTransition.objects.filter(return_record=ret, to_status=ReturnStatus.RETURNED).count() == 1


def test_a_section_changed_from_check_your_answers_leads_back_there(world, ret, client_for):
    """The GOV.UK check answers pattern: a "Change" link's section goes back
    to Check your answers, by its back link and once saved, where the change
    is shown; it led to the task list, from where the person had to find
    Check your answers again. Opened from the task list, it still leads there."""
    save(ret, world["auditor"], {**SHARING_DONE, **VOICE_DONE})
    lead = client_for(world["lead"])
    check_url = reverse("returns:check", args=[ret.pk])
    change = re.search(r'href="([^"#]+)#id_voice"', lead.get(check_url).content.decode()).group(1)
    page = lead.get(change).content.decode()
    assert re.search(rf'<a href="{re.escape(check_url)}" class="govuk-back-link">Back to check your answers</a>', page)
    assert f'action="{change}"' in page
    ret.refresh_from_db()
    response = lead.post(change, {"version": ret.version, "voice": "Heard at each visit.", "visits": ""})
    assert response.status_code == 302 and response["Location"] == check_url
    assert "Heard at each visit." in text_of(lead.get(check_url))
    # From the task list: back to the task list, as before.
    section = reverse("returns:section", args=[ret.pk, 2])
    page = lead.get(section).content.decode()
    tasks_url = re.escape(reverse("returns:edit", args=[ret.pk]))
    assert re.search(rf'<a href="{tasks_url}" class="govuk-back-link">Back to the sections</a>', page)
    ret.refresh_from_db()
    response = lead.post(section, {"version": ret.version, "voice": "Heard at every visit.", "visits": ""})
    assert response["Location"] == reverse("returns:edit", args=[ret.pk])
