"""One return's section open in two tabs by the same auditor (QA walk, seen
once): the "Combine your changes" page showed nothing to choose, and saving it
kept the other tab's answer where this tab showed (and had typed) another.

How: tab A's answer was autosaved, so it was part of the version tab A's page
stood on; tab B then changed that answer (combining by choice). Tab A still
showed its own answer, and its next save found the question "changed only by
the other page": the combine page took the other page's answer without a word.
Now every question of the page whose answer differs from the one saved since
is the person's choice, shown with both answers."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, autosave, police_return, reopened, save
from maca.tests.page import Page, words_shown


@pytest.fixture
def ret(world):
    return police_return(world, two_sections=True)


def save_and_continue(client, ret, version, section: int, answers: dict):
    return client.post(reverse("returns:section", args=[ret.pk, section]), {"version": version, **answers})


def combine(client, response, choices: dict):
    """Save the combine page as drawn, with ``choices`` ticked."""
    page = Page(response.content.decode())
    data = {name: page.value(name) for name in ("mine", "base_version", "version", "section") if page.value(name)}
    return client.post(reverse("returns:merge", args=[response.context["return_record"].pk]), {**data, **choices})


def shown(response) -> str:
    return words_shown(html.unescape(response.content.decode()))


def test_a_tabs_autosaved_answer_changed_by_the_other_tab_is_the_persons_choice(world, ret, client_for):
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")  # tabs A and B, both opened now
    # Tab A: "Good" chosen, autosaved; the page is given the new version.
    said, version_a = autosave(auditor, ret, opened_at, 1, {"info_grade": "good"})
    assert "Draft saved" in said
    # Tab B: "Inadequate" chosen; its autosave is refused, and it combines, keeping its own answer.
    said, _ = autosave(auditor, ret, opened_at, 1, {"info_grade": "inadequate"})
    assert "Not saved" in said
    page_b = save_and_continue(auditor, ret, opened_at, 1, {"info_grade": "inadequate"})
    assert "Use this page’s answer: Inadequate" in shown(page_b)
    combine(auditor, page_b, {"choice-info_grade": "mine"})
    assert reopened(auditor, ret, 1).checked("info_grade") == {"inadequate"}

    # Back in tab A, which still shows "Good": a yes/no chosen, autosave refused.
    tab_a = {"info_grade": "good", "health_involved": "yes"}
    said, version = autosave(auditor, ret, version_a, 1, tab_a)
    assert "Not saved: you changed this return on another page" in said and version == version_a
    page_a = save_and_continue(auditor, ret, version_a, 1, tab_a)

    # The combine page asks about the grade: both answers shown, neither taken unasked.
    words = shown(page_a)
    assert "Combine your changes from both pages" in words
    assert "Keep the saved answer: Inadequate" in words and "Use this page’s answer: Good" in words
    assert "Were health part of decision-making?" in words  # only this page changed it: kept
    saved_without_a_choice = combine(auditor, page_a, {})
    assert "Choose which answer to keep for ‘How well was information shared?’" in shown(saved_without_a_choice)
    assert reopened(auditor, ret, 1).checked("info_grade") == {"inadequate"}

    combine(auditor, page_a, {"choice-info_grade": "mine"})
    first = reopened(auditor, ret, 1)
    assert first.checked("info_grade") == {"good"}
    assert first.checked("health_involved") == {"yes"}


def test_keeping_the_saved_answer_keeps_it_and_this_pages_other_changes(world, ret, client_for):
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")
    _, version_a = autosave(auditor, ret, opened_at, 1, {"info_grade": "good"})
    save(Return.objects.get(pk=ret.pk), world["auditor"], {"info_grade": "inadequate"})  # the other tab

    page_a = save_and_continue(auditor, ret, version_a, 1, {"info_grade": "good", "health_involved": "no"})
    assert "Keep the saved answer: Inadequate" in shown(page_a)
    combine(auditor, page_a, {"choice-info_grade": "theirs"})

    first = reopened(auditor, ret, 1)
    assert first.checked("info_grade") == {"inadequate"}
    assert first.checked("health_involved") == {"no"}


def test_someone_elses_answer_to_a_question_on_the_page_is_shown_as_a_choice(world, ret, client_for):
    """The page was drawn before the lead answered a question on it: the
    auditor is shown the lead's answer and chooses, rather than having the
    page's blank answer replaced (or put back) unseen."""
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 2).value("version")
    save(ret, world["lead"], {"visits": 3})

    page = save_and_continue(auditor, ret, opened_at, 2, {"voice": "Seen alone."})

    words = shown(page)
    assert "Keep their answer: 3" in words and "Use your answer: –" in words
    combine(auditor, page, {"choice-visits": "theirs"})
    second = reopened(auditor, ret, 2)
    assert second.value("visits") == "3" and second.value("voice") == "Seen alone."


def test_the_same_answers_in_both_tabs_are_saved_without_the_combine_page(world, ret, client_for):
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")
    answers = {"info_grade": "good", "health_involved": "yes"}
    autosave(auditor, ret, opened_at, 1, answers)

    response = auditor.post(
        reverse("returns:section", args=[ret.pk, 1]), {"version": opened_at, **answers}, follow=True
    )

    assert "Combine" not in shown(response)
    first = reopened(auditor, ret, 1)
    assert first.checked("info_grade") == {"good"} and first.checked("health_involved") == {"yes"}


def test_a_combine_page_drawn_before_this_change_still_saves(world, ret, client_for):
    """A page drawn without the section's number (open when this was put live)
    combines as before."""
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")
    save(ret, world["lead"], {"info_grade": "good"})
    ret.refresh_from_db()

    auditor.post(
        reverse("returns:merge", args=[ret.pk]),
        {"mine": '{"health_involved": "yes"}', "base_version": opened_at, "version": ret.version},
    )

    first = reopened(auditor, ret, 1)
    assert first.checked("info_grade") == {"good"} and first.checked("health_involved") == {"yes"}


def test_ticked_choices_autosaved_in_one_tab_and_changed_in_the_other_are_the_persons_choice(world, client_for):
    from maca.returns.tests.test_counts_of_choices_and_numbers import _publish_with_new_questions

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    _publish_with_new_questions(world, audit)  # a multiple-choice and a single-choice question on section 1
    ret = Return.objects.get(audit=audit, agency=world.police)
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")
    _, version_a = autosave(auditor, ret, opened_at, 1, {"activities": ["Cooking", "Reading"]})  # tab A
    page_b = save_and_continue(auditor, ret, opened_at, 1, {"activities": ["Sport"]})  # tab B
    combine(auditor, page_b, {"choice-activities": "mine"})

    # Tab B's same ticks again, from tab B's page: nothing to combine.
    response = auditor.post(
        reverse("returns:section", args=[ret.pk, 1]), {"version": opened_at, "activities": ["Sport"]}, follow=True
    )
    assert "Combine" not in shown(response)

    tab_a = {"activities": ["Cooking", "Reading"], "home": "At home"}
    page_a = save_and_continue(auditor, ret, version_a, 1, tab_a)
    words = shown(page_a)
    assert "Keep the saved answer: Sport" in words and "Use this page’s answer: Cooking, Reading" in words
    combine(auditor, page_a, {"choice-activities": "mine"})

    first = reopened(auditor, ret, 1)
    assert first.checked("activities") == {"Cooking", "Reading"}
    assert first.checked("home") == {"At home"}
