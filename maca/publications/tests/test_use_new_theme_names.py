"""The button beside the notice that themes were renamed since a draft was
drafted: "Use the new theme names" writes the new names where the draft still
uses the old ones (its chart, its summary, its tables and its sections' text),
for those who may edit the draft, and only while it is a draft."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.sentences import sentence
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import PublicationSettings, PublicationVersion
from maca.publications.tests.builders import publish, rename_theme, six_step_for
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

BUTTON = "Use the new theme names"
NOTICE = "Theme names have changed since this was drafted: ‘Think family’ is now ‘Whole family’."


def _draft_renamed(world):
    """A 6 step briefing drafted with ‘Think family’, renamed since to ‘Whole family’."""
    briefing = six_step_for(world)
    rename_theme(world, "think_family", "Whole family")
    return briefing


def _version_on(page: str) -> str:
    """The version the page's "Use the new theme names" form was opened with."""
    form = re.search(r"<form[^>]*theme-names/.*?</form>", page, re.S)
    assert form, "no ‘Use the new theme names’ button on the page"
    return re.search(r'name="version" value="(\d+)"', form.group(0)).group(1)


def _document(briefing) -> Document:
    return Document.from_json(PublicationVersion.objects.get(publication=briefing).document)


def _chart(briefing) -> tuple[list[str], str]:
    figure = _document(briefing).section("recommendations").figure
    return figure.categories, figure.summary


def test_the_qa_officer_uses_the_new_theme_names_and_the_draft_shows_them(world, client_for):
    briefing = _draft_renamed(world)
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    page = qa.get(url).content.decode()
    words = words_of(page)
    assert NOTICE in words
    assert BUTTON in words
    assert "Think family had the most findings (2), in 2 cases." in words  # the chart's summary, as drafted
    version = _version_on(page)

    after = qa.post(reverse("publications:theme_names", args=[briefing.pk]), {"version": version}, follow=True)
    words = words_of(after.content.decode())
    assert after.redirect_chain[-1][0] == url
    assert "The new theme names are used throughout this draft: ‘Think family’ is now ‘Whole family’." in words
    assert "Theme names have changed" not in words
    assert BUTTON not in words
    assert "Think family" not in words.split("Version 1 Draft", 1)[1]  # only in the message saying what was done
    assert "Whole family had the most findings (2), in 2 cases." in words  # the chart's summary
    assert "Whole family: findings in 2 of the 2 cases." in words  # the section's text
    categories, summary = _chart(briefing)
    assert "Whole family" in categories and "Think family" not in categories
    assert summary == "Whole family had the most findings (2), in 2 cases."

    # Recorded: who, on which publication, which sections and which names; the log reads as a sentence.
    event = AuditEvent.objects.filter(
        action="publication.section_changed", object_id=str(briefing.pk), changes__has_key="theme_names"
    ).get()
    assert event.actor_id == world["qa"].user.pk
    assert event.changes["theme_names"] == [["Think family", "Whole family"]]
    assert event.changes["sections"] == ["recommendations"]
    assert sentence(event).startswith("Quinn Quality changed a section of")


def test_only_a_whole_name_in_the_text_is_changed(world, client_for):
    """‘Think family’ standing alone in a section's text is the theme; inside
    a longer word it is not, and is left as it was written."""
    briefing = _draft_renamed(world)
    draft = PublicationVersion.objects.get(publication=briefing)
    process = _document(briefing).section("process")
    services.section_update(
        actor=world["qa"].user,
        version=draft,
        key="process",
        heading=process.heading,
        text="We asked each agency how Think family was used. Think familyhood is a made-up word.",
        expected_version=draft.version,
    )
    qa = client_for(world["qa"])
    page = qa.get(reverse("publications:detail", args=[briefing.pk])).content.decode()
    qa.post(reverse("publications:theme_names", args=[briefing.pk]), {"version": _version_on(page)})
    assert _document(briefing).section("process").text == (
        "We asked each agency how Whole family was used. Think familyhood is a made-up word."
    )


def test_a_draft_changed_since_the_page_was_opened_is_not_changed(world, client_for):
    briefing = _draft_renamed(world)
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    opened = _version_on(qa.get(url).content.decode())

    # The admin edits a section after the QA officer opened the page.
    draft = PublicationVersion.objects.get(publication=briefing)
    admin_opened = _version_on(client_for(world["admin"]).get(url).content.decode())
    section = _document(briefing).section("process")
    services.section_update(
        actor=world["admin"].user,
        version=draft,
        key="process",
        heading=section.heading,
        text=section.text + " Added by the admin.",
        expected_version=int(admin_opened),
    )

    after = qa.post(reverse("publications:theme_names", args=[briefing.pk]), {"version": opened}, follow=True)
    words = words_of(after.content.decode())
    assert "Asha Admin changed the section ‘2. Process’ on " in words
    assert "after you opened this page, so it has not been given the new theme names." in words
    assert NOTICE in words  # still to do, with the button set to the draft as it is now
    assert BUTTON in words
    assert "Think family" in _chart(briefing)[0]
    assert "Added by the admin." in _document(briefing).section("process").text
    assert not AuditEvent.objects.filter(changes__has_key="theme_names").exists()


def test_the_persons_own_change_in_another_tab_is_told_as_theirs(world, client_for):
    briefing = _draft_renamed(world)
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    first_tab = _version_on(qa.get(url).content.decode())
    second_tab = _version_on(qa.get(url).content.decode())
    qa.post(reverse("publications:theme_names", args=[briefing.pk]), {"version": first_tab})
    words = words_of(
        qa.post(
            reverse("publications:theme_names", args=[briefing.pk]), {"version": second_tab}, follow=True
        ).content.decode()
    )
    assert "You changed this publication on another page (another tab or window) after opening this one" in words
    assert "Someone" not in words
    assert AuditEvent.objects.filter(changes__has_key="theme_names").count() == 1


@pytest.mark.parametrize("stage", ["submitted", "approved"])
def test_a_version_waiting_for_approval_or_approved_is_not_offered_it_and_refuses_it(world, client_for, stage):
    briefing = _draft_renamed(world)
    qa = client_for(world["qa"])
    opened = _version_on(qa.get(reverse("publications:detail", args=[briefing.pk])).content.decode())
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="partnership_admin")
    version = PublicationVersion.objects.get(publication=briefing)
    version = services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    if stage == "approved":
        admin = world["admin"]
        services.version_approve(
            actor=admin.user, membership=admin.membership, version=version, expected_version=version.version
        )

    words = words_of(qa.get(reverse("publications:detail", args=[briefing.pk])).content.decode())
    assert NOTICE in words
    assert "It must be sent back to draft to use the new name before it is published." in words
    assert BUTTON not in words

    # A page opened while it was a draft: refused, saying why.
    after = qa.post(reverse("publications:theme_names", args=[briefing.pk]), {"version": opened}, follow=True)
    words = words_of(after.content.decode())
    now = "This version is waiting for approval" if stage == "submitted" else "This version has already been approved"
    assert f"{now}, so it cannot be given the new theme names." in words
    assert "Think family" in _chart(briefing)[0]
    assert not AuditEvent.objects.filter(changes__has_key="theme_names").exists()


def test_a_published_version_is_not_offered_it_and_refuses_it(world, client_for):
    briefing = six_step_for(world)
    publish(world, briefing)
    rename_theme(world, "think_family", "Whole family")
    qa = client_for(world["qa"])
    words = words_of(qa.get(reverse("publications:detail", args=[briefing.pk])).content.decode())
    assert "Think family" in words  # as it was published
    assert BUTTON not in words
    version = PublicationVersion.objects.get(publication=briefing)
    after = qa.post(reverse("publications:theme_names", args=[briefing.pk]), {"version": version.version}, follow=True)
    assert "This version has already been published, so it cannot be given the new theme names." in words_of(
        after.content.decode()
    )
    assert "Think family" in _chart(briefing)[0]
    with pytest.raises(services.ValidationError):
        services.theme_names_update(actor=world["qa"].user, version=version, expected_version=version.version)


def test_those_who_cannot_edit_the_draft_have_no_button_and_are_refused(world, client_for):
    briefing = _draft_renamed(world)
    version = PublicationVersion.objects.get(publication=briefing)
    post = reverse("publications:theme_names", args=[briefing.pk])
    for persona in ("lead", "auditor", "board", "scrutineer"):
        client = client_for(world[persona])
        assert client.get(reverse("publications:detail", args=[briefing.pk])).status_code == 404
        assert client.post(post, {"version": version.version}).status_code == 403
    # Another partnership's admin is not told it exists.
    assert client_for(world["outsider"]).post(post, {"version": version.version}).status_code == 404
    assert "Think family" in _chart(briefing)[0]

    # A board member who approves sees the notice on the version submitted, without the button.
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="board_member")
    services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    board = client_for(world["board"])
    words = words_of(board.get(reverse("publications:detail", args=[briefing.pk])).content.decode())
    assert NOTICE in words
    assert BUTTON not in words
    assert board.post(post, {"version": version.version + 1}).status_code == 403
    assert not AuditEvent.objects.filter(changes__has_key="theme_names").exists()


def test_a_new_name_that_holds_the_old_one_is_not_read_as_the_old_name(world):
    """Renamed from ‘Think family’ to ‘Think family (whole household)’: once the
    draft uses the new name the notice is gone, and the button changes the old
    name once, never the old name inside the new one."""
    from maca.publications import sources

    briefing = six_step_for(world)
    rename_theme(world, "think_family", "Think family (whole household)")
    version = PublicationVersion.objects.get(publication=briefing)
    assert sources.themes_renamed_since(version) == [("Think family", "Think family (whole household)")]

    services.theme_names_update(actor=world["qa"].user, version=version, expected_version=version.version)
    version.refresh_from_db()
    assert sources.themes_renamed_since(version) == []
    words = " ".join(text for _address, text in sources.theme_name_fields(_document(briefing)))
    assert "Think family (whole household)" in words
    assert "(whole household) (whole household)" not in words
