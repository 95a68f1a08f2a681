"""What an agency auditor and lead meet while filling in a return, page by page:
an address of the chronology's forms opened or reloaded in the browser, the
autosave status under a section's heading, the chronology's date named one way
on every page, and the link texts a screen reader reads (curly apostrophes, a
section's title said once on Check your answers)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, move
from maca.returns.tests.chronology_factories import make_chronology_audit, make_entry
from maca.selection.tests.builders import draw_from_whole_pool, make_case
from maca.tests.page import words_shown

# Each a GOV.UK link's words with its visually hidden part, as a screen reader reads the link.
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
HIDDEN = re.compile(r'<span class="govuk-visually-hidden">(.*?)</span>', re.S)


def link_names(page: str) -> list[str]:
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()) for inner in LINK.findall(page)]


def hidden_texts(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", inner)) for inner in HIDDEN.findall(page)]


@pytest.fixture
def made(world):
    return make_chronology_audit(world)


@pytest.fixture
def police_return(made, world):
    return made.return_of(world.police)


# 1. The chronology's form addresses, opened or reloaded ------------------------------------------


@pytest.mark.parametrize(("name", "anchor"), [("chronology:add", "#add"), ("chronology:upload", "#upload")])
def test_opening_a_chronology_form_address_leads_to_the_form_on_the_chronology_page(
    world, client_for, police_return, name, anchor
):
    client = client_for(world["auditor"])
    # A failed post leaves the browser at the form's address...
    failed = client.post(reverse(name, args=[police_return.pk]), {})
    assert failed.status_code == 200
    assert "There is a problem" in words_shown(failed.content.decode())
    # ...and opening it again (the address bar, a reload, a bookmark) leads to the form, not "405".
    opened = client.get(reverse(name, args=[police_return.pk]), follow=True)
    assert opened.redirect_chain == [(reverse("chronology:return", args=[police_return.pk]) + anchor, 302)]
    assert opened.status_code == 200
    shown = words_shown(opened.content.decode())
    assert "Add an entry" in shown and "Add entries from a spreadsheet" in shown
    assert "There is a problem" not in shown


@pytest.mark.parametrize("name", ["chronology:add", "chronology:upload"])
def test_a_chronology_form_address_opened_by_others_is_refused_as_its_post_is(world, client_for, police_return, name):
    url = reverse(name, args=[police_return.pk])
    expected = {"lead": 302, "auditor": 302, "qa": 403, "admin": 403, "board": 403, "scrutineer": 403, "outsider": 404}
    got = {persona: client_for(world[persona]).get(url).status_code for persona in expected}
    assert got == expected


# 2. The autosave status ------------------------------------------------------------------------


def test_a_section_says_how_answers_are_saved_without_a_sentence_left_hanging(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = Return.objects.get(audit=audit, agency=world.police)
    page = client_for(world["auditor"]).get(reverse("returns:section", args=[ret.pk, 1])).content.decode()
    shown = words_shown(page)
    assert "Your answers are saved as you go: each time you choose an answer or move on from a box you typed in." in (
        shown
    )
    assert "shows here" not in shown
    assert not re.search(r":\s*</p>", page), "a paragraph ends on a colon, with nothing after it"
    # The status region stays, empty until there is something to say, for screen readers to hear.
    region = re.search(r'<div id="autosave-status"([^>]*)>(.*?)</div>', page, re.S)
    assert region and 'aria-live="polite"' in region.group(1) and region.group(2).strip() == ""


# 3. The chronology's date, named one way --------------------------------------------------------


def test_the_date_of_an_entry_is_named_the_same_on_the_add_and_change_pages_and_in_their_errors(
    world, client_for, police_return
):
    client = client_for(world["auditor"])
    entry = make_entry(police_return, date=dt.date(2025, 1, 3))
    pages = {
        "add": client.get(reverse("chronology:return", args=[police_return.pk])),
        "change": client.get(reverse("chronology:edit", args=[police_return.pk, entry.pk])),
    }
    future = {"date-day": "1", "date-month": "1", "date-year": str(dt.date.today().year + 1), "impact": "neutral"}
    not_real = {"date-day": "31", "date-month": "2", "date-year": "2025", "impact": "neutral"}
    for data in (future, not_real):
        pages[f"add, {data['date-day']}"] = client.post(reverse("chronology:add", args=[police_return.pk]), data)
        pages[f"change, {data['date-day']}"] = client.post(
            reverse("chronology:edit", args=[police_return.pk, entry.pk]), {**data, "version": entry.version}
        )
    for page, response in pages.items():
        shown = words_shown(response.content.decode())
        assert "Date of the event" in shown, page
        assert "The date of the event" not in shown, f"{page}: the date is named two ways"
    assert "Date of the event must be today or in the past" in words_shown(pages["add, 1"].content.decode())
    assert "Date of the event must be a real date" in words_shown(pages["change, 31"].content.decode())


# 4. Curly apostrophes in the words only screen readers hear --------------------------------------


def test_hidden_link_words_use_the_curly_apostrophe_as_the_visible_words_do(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    page = client_for(world["auditor"]).get(reverse("returns:mine")).content.decode()
    hidden = hidden_texts(page)
    assert any("the case’s record" in text for text in hidden), hidden
    assert not [text for text in hidden if "'" in text], "a straight apostrophe in hidden link words"
    assert audit.title in " ".join(hidden)


# 5. A section's title said once on Check your answers --------------------------------------------


def _tool_with_a_question_named_as_its_section(partnership):
    from maca.tools import services
    from maca.tools.models import QuestionKind
    from maca.tools.tests.factories import simple_scale

    tool = services.tool_create(actor=None, partnership=partnership, name="Tool with an Overall", kind="case")
    version = tool.versions.get()
    section = services.section_add(actor=None, version=version, title="Overall", expected_version=version.version)
    for question in (
        {"key": "overall", "text": "Overall", "kind": QuestionKind.GRADE, "scale": simple_scale()},
        {"key": "summary", "text": "Summary of the audit", "kind": QuestionKind.TEXT, "required": False},
    ):
        version.refresh_from_db()
        services.question_add(actor=None, section=section, expected_version=version.version, **question)
    version.refresh_from_db()
    return services.version_publish(actor=None, version=version, expected_version=version.version)


def test_check_your_answers_names_a_section_once_in_each_change_link(world, client_for):
    qa = world["qa"].user
    version = _tool_with_a_question_named_as_its_section(world.partnership)
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=version.tool, kind="themed", target_cases=1)
    make_case(world.partnership, agencies=[world.police])
    move(audit, Stage.SELECTING, qa)
    draw_from_whole_pool(actor=qa, audit=audit, size=1)
    move(audit, Stage.AUDITING, qa)
    ret = Return.objects.get(audit=audit, agency=world.police)
    client = client_for(world["lead"])
    client.post(
        reverse("returns:section", args=[ret.pk, 1]),
        {"version": ret.version, "overall": "good", "summary": "Slow at first."},
    )
    names = link_names(client.get(reverse("returns:check", args=[ret.pk])).content.decode())
    changes = [name for name in names if name.startswith(("Change", "Answer"))]
    assert "Change Summary of the audit (Overall)" in changes
    for name in changes:
        assert name.count("Overall") == 1, f"{name!r} says the section's title twice"
    # Each link is told apart from the others: the section's, and the question's.
    section_links = [name for name in changes if "Summary" not in name and "Chronology" not in name]
    assert len(section_links) == len(set(section_links)) == 2, section_links
