"""One return open in two tabs (or by two people) on different sections
(QA walk): a save of one section no longer makes the other page's save of
its own section refuse and send the person to the combine page for nothing.
When the answers saved since the page was drawn touch none of the page's
own questions, the page's answers are saved on top of them, as the combine
page would have saved them with nothing to choose (ADR 0007), and the page
is given the new version, so its next save is not refused either. When they
do touch the page's questions, the save is refused as before."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from maca.returns.models import ReturnRevision
from maca.returns.tests.builders import autosave, police_return, reopened, save
from maca.tests.page import words_shown


@pytest.fixture
def ret(world):
    return police_return(world, two_sections=True)


def test_autosaves_of_different_sections_in_two_tabs_are_both_saved(world, ret, client_for):
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")  # both tabs opened now, on the same version
    assert reopened(auditor, ret, 2).value("version") == opened_at

    shown_a, _ = autosave(auditor, ret, opened_at, 1, {"info_grade": "good", "health_involved": "yes"})
    assert "Draft saved" in shown_a
    shown_b, version_b = autosave(auditor, ret, opened_at, 2, {"voice": "Seen alone at school."})

    assert "Draft saved" in shown_b and "Not saved" not in shown_b
    ret.refresh_from_db()
    assert version_b == str(ret.version)  # the page's next save starts from what is saved now
    # ...so tab B's next autosave is not refused either.
    shown_b, version_b = autosave(auditor, ret, version_b, 2, {"voice": "Seen alone at school.", "visits": "2"})
    assert "Draft saved" in shown_b

    # Re-opened: both tabs' answers are shown as saved.
    first, second = reopened(auditor, ret, 1), reopened(auditor, ret, 2)
    assert first.checked("info_grade") == {"good"}
    assert first.checked("health_involved") == {"yes"}
    assert second.value("voice") == "Seen alone at school."
    assert second.value("visits") == "2"
    check = words_shown(auditor.get(reverse("returns:check", args=[ret.pk])).content.decode())
    assert "Seen alone at school." in check and "Good" in check
    # Each save's changed answers were logged as always: tab B's names only its own.
    changed = list(ReturnRevision.objects.filter(return_record=ret).order_by("version").values_list("changed_keys"))
    assert changed == [(["health_involved", "info_grade"],), (["voice"],), (["visits"],)]


def test_someone_elses_save_of_another_section_never_goes_back_to_what_the_page_was_drawn_with(world, ret, client_for):
    save(ret, world["lead"], {"info_grade": "good", "health_involved": "yes", "voice": "Not recorded."})
    ret.refresh_from_db()
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 2).value("version")
    save(ret, world["lead"], {"info_grade": "inadequate", "health_involved": "no", "voice": "Not recorded."})

    shown, _ = autosave(auditor, ret, opened_at, 2, {"voice": "Seen alone at school.", "visits": "1"})

    assert "Draft saved" in shown
    first = reopened(client_for(world["lead"]), ret, 1)
    assert first.checked("info_grade") == {"inadequate"}  # the lead's, not the answers the auditor's page started from
    assert first.checked("health_involved") == {"no"}
    assert reopened(client_for(world["lead"]), ret, 2).value("voice") == "Seen alone at school."


def test_save_and_continue_of_another_section_is_saved_without_the_combine_page(world, ret, client_for):
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 2).value("version")
    autosave(auditor, ret, opened_at, 1, {"info_grade": "good", "health_involved": "yes"})

    response = auditor.post(
        reverse("returns:section", args=[ret.pk, 2]), {"version": opened_at, "voice": "Seen alone."}, follow=True
    )

    shown = words_shown(html.unescape(response.content.decode()))
    assert "Combine" not in shown
    assert "Your answers to ‘The child's voice’ have been saved." in shown
    assert reopened(auditor, ret, 1).checked("info_grade") == {"good"}
    assert reopened(auditor, ret, 2).value("voice") == "Seen alone."


def test_two_tabs_on_the_same_question_are_still_refused(world, ret, client_for):
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")
    autosave(auditor, ret, opened_at, 1, {"info_grade": "good", "health_involved": "yes"})

    shown, version = autosave(auditor, ret, opened_at, 1, {"info_grade": "inadequate", "health_involved": "yes"})

    assert (
        "Not saved: you changed this return on another page (another tab or window) while editing it here. "
        "Use ‘Save and continue’ to combine the changes from both pages." in shown
    )
    assert version == opened_at
    assert reopened(auditor, ret, 1).checked("info_grade") == {"good"}


def test_a_save_of_another_question_on_the_same_page_is_still_refused(world, ret, client_for):
    """Saving on top would leave the page showing the answer it was drawn with,
    and its next save would put that back: the person combines instead."""
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 2).value("version")
    save(ret, world["lead"], {"visits": 3})

    shown, version = autosave(auditor, ret, opened_at, 2, {"voice": "Seen alone."})

    assert "Not saved: someone else has changed this return." in shown
    assert version == opened_at
    second = reopened(auditor, ret, 2)
    assert second.value("visits") == "3" and not second.value("voice")
