"""What a QA walk of the meeting's theme-tagging pages found, each kept fixed:
the words, counts and errors a person sees while writing a finding and
confirming its themes."""

from __future__ import annotations

import html
import importlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.findings import presenters, services
from maca.findings.models import Finding, FindingTag, Theme
from maca.findings.tagging import polarity as polarity_rules
from maca.returns.models import Return
from maca.tests.forms_shown import fields_shown
from maca.tests.page import Page, words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db

HEALTH = "The health visitor did not see the baby at the health visitor review, and no health check was done."


def _shown(response) -> str:
    assert response.status_code == 200, response.status_code
    return words_shown(response.content.decode())


def _error_summary(response) -> str:
    body = response.content.decode()
    assert "govuk-error-summary" in body, words_shown(body)[:2000]
    start = body.index("govuk-error-summary")
    return words_shown(body[start : body.index("</ul>", start)])


def _panel_reasons(response, theme: str) -> str:
    """The reasons the typing panel gives for ``theme``, as read."""
    found = re.search(rf"<li><strong>{theme}</strong>: (.*?)</li>", response.content.decode(), re.S)
    assert found, words_shown(response.content.decode())
    return html.unescape(found.group(1))


def _retire(world, key: str) -> Theme:
    theme = Theme.objects.get(partnership=world.partnership, key=key)
    return services.theme_update(
        actor=world["qa"].user,
        theme=theme,
        name=theme.name,
        description=theme.description,
        is_retired=True,
        expected_version=theme.version,
    )


# A. The typing panel gives each reason once, as the saved finding does ---------------------------


def test_the_typing_panel_gives_each_reason_once_in_the_words_the_saved_finding_gives(world, audit, case, qa):
    panel = qa.post(reverse("findings:suggest", args=[audit.pk]), {"text": HEALTH, "kind": "finding"})
    typed = _panel_reasons(panel, "Health")
    assert typed.count("health visitor") == 1, typed
    assert "‘health’" not in typed  # inside ‘health visitor’, said once
    response = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]), {"kind": "finding", "polarity": "", "text": HEALTH}
    )
    finding_page = _shown(qa.get(response["Location"]))
    assert f"Health Suggested by maca: {typed}." in finding_page


# B. Retired themes ----------------------------------------------------------------------------------


def test_a_retired_theme_is_labelled_and_its_hint_says_it_cannot_be_added_back(world, audit, case, qa):
    qa_user = world["qa"].user
    finding = services.finding_create(actor=qa_user, audit=audit, audit_case=case, text=HEALTH)
    services.finding_confirm_tags(
        actor=qa_user, finding=finding, polarity="concern", theme_keys=["housing"], expected_version=finding.version
    )
    _retire(world, "housing")
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    response = qa.get(url)
    shown = _shown(response)
    assert fields_shown(response.content.decode())["themes"].chosen == ["housing"]
    assert "Housing (retired) Retired: it is no longer offered, so once unticked it cannot be added back." in shown, (
        shown
    )
    # Unticked, it is gone from the page, as the hint said.
    version = Page(response.content.decode()).value("version")
    assert qa.post(url, {"version": version, "polarity": "concern", "themes": []}).status_code == 302
    assert "Housing" not in _shown(qa.get(url))


def test_the_case_table_counts_only_the_suggestions_still_offered(world, audit, case, qa):
    text = "The school and the health visitor did not share what they knew, and fathers were never asked."
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=text)
    suggested = [s["theme"] for s in finding.suggestions]
    assert len(suggested) >= 2, suggested
    _retire(world, suggested[0])
    tables = read_tables(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    row = tables["Findings: what needs to improve"].rows[0]
    assert f"Not confirmed yet ({len(suggested) - 1} suggested)" in row, row
    # As many as the finding's page offers ticked.
    page = fields_shown(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])).content.decode())
    assert len(page["themes"].chosen) == len(suggested) - 1


def test_a_theme_retired_while_the_page_is_open_is_named_in_the_error(world, audit, case, qa):
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=HEALTH)
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    version = Page(qa.get(url).content.decode()).value("version")
    _retire(world, "housing")  # by someone else, while the page is open with it ticked
    response = qa.post(url, {"version": version, "polarity": "concern", "themes": ["housing", "health"]})
    said = "‘Housing’ was retired while this page was open, so it cannot be added: confirm the themes without it"
    assert said in _error_summary(response)
    assert "Select themes from the list" not in _shown(response)
    assert not FindingTag.objects.filter(finding=finding).exists()
    # Retired between the page's check and the save: the service says the same.
    with pytest.raises(ValidationError) as refused:
        services.finding_confirm_tags(
            actor=world["qa"].user,
            finding=finding,
            polarity="concern",
            theme_keys=["housing"],
            expected_version=finding.version,
        )
    assert refused.value.message_dict["themes"] == [said]


# C. Good practice is always a strength ---------------------------------------------------------------

GOOD = "Since the audit, the duty team checks who else lives in the home at every new referral."


def test_good_practice_chosen_as_a_concern_is_said_while_typing_and_refused_in_the_same_words(audit, case, qa):
    suggest = reverse("findings:suggest", args=[audit.pk])
    said = "Good practice resulting from the audit is a strength: select strength, or choose another kind"
    panel = _shown(qa.post(suggest, {"text": GOOD, "kind": "good_practice", "polarity": "concern"}))
    assert f"{said}." in panel and "as you chose" not in panel
    panel = _shown(qa.post(suggest, {"text": GOOD, "kind": "good_practice", "polarity": ""}))
    assert "A strength: good practice resulting from the audit is always a strength." in panel
    response = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]),
        {"kind": "good_practice", "polarity": "concern", "text": GOOD},
    )
    assert said in _error_summary(response)
    assert not Finding.objects.exists()


def test_the_themes_page_of_good_practice_offers_strength_alone(world, audit, case, qa):
    finding = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, kind="good_practice", text=GOOD
    )
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    response = qa.get(url)
    polarity = fields_shown(response.content.decode())["polarity"]
    assert polarity.options == ["strength"] and polarity.chosen == ["strength"]
    assert "Strength or concern Good practice resulting from the audit is always a strength." in _shown(response)
    # A concern posted all the same is refused in words that say why.
    version = Page(response.content.decode()).value("version")
    refused = qa.post(url, {"version": version, "polarity": "concern", "themes": []})
    assert "Good practice resulting from the audit is a strength: select strength" in _error_summary(refused)
    finding.refresh_from_db()
    assert finding.polarity == "strength" and finding.tags_confirmed_at is None


# D. A finding says something in words ------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["!!!...???", " - ; ! "])
def test_a_finding_of_punctuation_alone_is_refused(world, audit, case, qa, typed):
    response = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]), {"kind": "finding", "polarity": "", "text": typed}
    )
    assert "Enter the strength or finding in words" in _error_summary(response)
    assert not Finding.objects.exists()
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=GOOD)
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    version = Page(qa.get(url).content.decode()).value("version")
    response = qa.post(url, {"version": version, "kind": "finding", "agency": "", "text": typed})
    assert "Enter the strength or finding in words" in _error_summary(response)
    finding.refresh_from_db()
    assert finding.text == GOOD


# F. The finding page's words ------------------------------------------------------------------------------


def test_the_finding_page_says_where_it_came_from_and_names_the_agency_once(world, audit, case, qa):
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    taken = qa.post(reverse("findings:take", args=[audit.pk, case.pk]), {"return": return_record.pk, "key": "worried"})
    shown = _shown(qa.get(taken["Location"]))
    police = world.police.name
    assert f"From {police}’s return. Its themes are not confirmed yet." in shown
    assert f"about {police}" not in shown
    written = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]),
        {"kind": "finding", "polarity": "concern", "agency": str(world.police.pk), "text": HEALTH},
    )
    shown = _shown(qa.get(written["Location"]))
    assert f"Written at the meeting, about {police}. Its themes are not confirmed yet." in shown
    assert "The meeting." not in shown


def test_the_polarity_and_its_reason_are_said_once_while_typing_and_on_the_finding(world, audit, case, qa):
    text = "The social worker did not visit and the plan was not reviewed."
    panel = _shown(qa.post(reverse("findings:suggest", args=[audit.pk]), {"text": text, "kind": "finding"}))
    assert re.search(r"A concern: the words? ‘[^’]+’", panel), panel
    assert "reads as" not in panel
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=text)
    assert finding.suggested_polarity == "concern"
    shown = _shown(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])))
    assert re.search(r"maca suggests a concern: the words? ‘[^’]+’", shown), shown
    assert "reads as" not in shown


# What a page says for maca's polarity, written so that the tagger's own words for it cannot change it.
SAID_FOR = {
    "Why did the social worker not visit the family?": "a concern: the word ‘not’; a question",
    "Ensure fathers are not left out of assessments.": (
        "a concern: the words ‘not’, ‘are not’; an instruction (‘ensure’)"
    ),
}


def test_rewording_the_taggers_reason_changes_nothing_the_pages_say(world, audit, case, qa, monkeypatch):
    def reworded(kind, words):
        return f"maca read it as {kind} from " + " and ".join(words)

    monkeypatch.setattr(polarity_rules, "_reason", reworded)
    for text, said in SAID_FOR.items():
        panel = _shown(qa.post(reverse("findings:suggest", args=[audit.pk]), {"text": text, "kind": "finding"}))
        assert f"{said[0].upper()}{said[1:]}." in panel, panel
        response = qa.post(
            reverse("findings:finding_new", args=[audit.pk, case.pk]), {"kind": "finding", "polarity": "", "text": text}
        )
        finding = Finding.objects.get(text=text)
        # The tagger's words did change...
        assert finding.suggested_polarity_reason.startswith("maca read it as a concern from"), finding
        # ...and the page says what it always said.
        shown = _shown(qa.get(response["Location"]))
        assert f"maca suggests {said}." in shown, shown
        assert "maca read it" not in shown


def test_the_polarity_is_said_from_its_reason_as_data_never_from_words():
    with pytest.raises(TypeError):
        presenters.polarity_said("concern", "reads as a concern: 'not'")


# Reasons as findings kept them in words before they were kept as data, and what the page said for each.
KEPT_IN_WORDS = [
    (
        "concern",
        "reads as a concern: 'not', 'did not', 'a question'",
        "a concern: the words ‘not’, ‘did not’; a question",
    ),
    (
        "strength",
        "like the confirmed example 'The school didn't wait to be asked' (87% alike), confirmed as a strength",
        "a strength: like the confirmed example ‘The school didn’t wait to be asked’ (87% alike), "
        "confirmed as a strength",
    ),
    ("concern", "written in the worries field", "a concern: written as a worry or something that needs to improve"),
    ("concern", "negative wording ('never')", "a concern: negative wording (‘never’)"),
]


def test_a_finding_kept_before_reasons_were_data_says_what_its_page_said(world, audit, case, qa):
    from django.apps import apps as live_apps

    migration = importlib.import_module("maca.findings.migrations.0009_finding_suggested_polarity_basis")
    findings = []
    for polarity, reason, _ in KEPT_IN_WORDS:
        finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=HEALTH)
        Finding.objects.filter(pk=finding.pk).update(
            suggested_polarity=polarity, suggested_polarity_reason=reason, suggested_polarity_basis={}
        )
        findings.append(finding)
    migration.reasons_as_data(live_apps, None)
    for finding, (_, reason, said) in zip(findings, KEPT_IN_WORDS, strict=True):
        shown = _shown(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])))
        assert f"maca suggests {said}." in shown, shown
        finding.refresh_from_db()
        assert finding.suggested_polarity_reason == reason  # the words kept are left as they were


def test_a_null_character_is_refused_in_the_apps_words_naming_the_field(audit, case, qa):
    response = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]),
        {"kind": "finding", "polarity": "", "text": "Fathers were\x00 not seen."},
    )
    summary = _error_summary(response)
    assert "Remove the hidden character (a null character) from the strength or finding" in summary
    assert "Null characters are not allowed" not in _shown(response)
    response = qa.post(reverse("findings:theme_new"), {"name": "Transitions\x00", "description": ""})
    assert "Remove the hidden character (a null character) from the name" in _error_summary(response)
    assert not Finding.objects.exists()


def test_the_theme_name_is_asked_for_with_a_curly_apostrophe(qa):
    response = qa.post(reverse("findings:theme_new"), {"name": "", "description": ""})
    assert "Enter the theme’s name" in _error_summary(response)


# G. A finding that may name someone is warned of ------------------------------------------------------

# Made up: no such child, street or postcode.
NAMING = "Tyler-Jay Smith (aged 4) was not seen by the health visitor at 12 Elm Road, WY1 2AB, for six months."


def test_a_finding_that_may_name_someone_is_saved_with_a_warning_saying_what(audit, case, qa):
    response = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]), {"kind": "finding", "polarity": "", "text": NAMING}
    )
    assert response.status_code == 302  # warned, not refused
    page = qa.get(response["Location"])
    shown = _shown(page)
    warning = (
        "This finding may name or identify a person: ‘Tyler-Jay Smith’, ‘12 Elm Road’, ‘WY1 2AB’. "
        "Write it without them before it is confirmed."
    )
    assert f"Warning {warning}" in shown, shown
    assert "govuk-warning-text" in page.content.decode()
    # Confirmed all the same, it still warns, now that the board reads it.
    finding = Finding.objects.get()
    version = Page(page.content.decode()).value("version")
    assert qa.post(response["Location"], {"version": version, "polarity": "concern"}).status_code == 302
    assert "It is confirmed, so the board reads it: change its words to leave them out." in _shown(
        qa.get(response["Location"])
    )
    # Written without them, the warning goes.
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    version = Page(qa.get(url).content.decode()).value("version")
    text = "The child (aged 4) was not seen by the health visitor at home for six months."
    assert qa.post(url, {"version": version, "kind": "finding", "agency": "", "text": text}).status_code == 302
    again = _shown(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])))
    assert "may name or identify a person" not in again


def test_the_warning_comes_from_the_finder_registered_above_findings(world, audit, case, qa, monkeypatch):
    from maca.findings import extensions

    monkeypatch.setattr(extensions, "_identifier_finders", [])
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text=NAMING)
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    assert "may name or identify a person" not in _shown(qa.get(url))  # none registered, none found
    extensions.register_identifier_finder(lambda *, text, audit: ["Tyler-Jay"] if "Tyler" in text else [])
    shown = _shown(qa.get(url))
    assert "This finding may name or identify a person: ‘Tyler-Jay’. Write it without that before it is confirmed." in (
        shown
    )
