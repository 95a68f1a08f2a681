"""What a writer sees when the approver sends a version back, and what a
person sees when a version's status changed under them (another tab, another
person): the page says what happened, never "your role does not include
this"."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import long_date
from maca.publications.models import Kind, Publication, PublicationSettings, PublicationVersion, Status
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

REASON = "Say how the fathers were asked about, and by whom."


@pytest.fixture
def submitted(world):
    """A 6 Step Briefing the admin submitted: the QA officer (the default approver) approves it."""
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get()
    from maca.publications import services

    services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    return publication


def _version(publication) -> PublicationVersion:
    return publication.versions.order_by("-number").first()


def _words(response) -> str:
    return words_of(response.content.decode())


def _follow_message(client, response) -> str:
    """The page a redirect leads to, as words (its message banner included)."""
    assert response.status_code == 302, response.status_code
    return _words(client.get(response.url))


def test_the_reason_for_sending_back_is_shown_to_the_writers(world, submitted, client_for):
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("publications:send_back", args=[submitted.pk])
    response = qa.post(url, {"version": _version(submitted).version, "reason": ""})
    assert "Say what needs to change" in _words(response)
    response = qa.post(url, {"version": _version(submitted).version, "reason": REASON})
    assert response.status_code == 302
    today = long_date(timezone.localdate())

    # The writer opens the publication: the reason is at the top, with who and when.
    page = admin.get(reverse("publications:detail", args=[submitted.pk])).content.decode()
    banner = page[page.index("govuk-notification-banner") : page.index('id="version-status"')]
    assert f"Sent back by Quinn Quality on {today}:" in words_of(banner)
    assert REASON in words_of(banner)
    assert read_tables(page)["Versions"].cell("Version 1", "Sent back") == (
        f"Sent back by Quinn Quality on {today}: {REASON}"
    )

    # It waits for them on their home page, as it does for every QA officer and admin.
    for persona in ("admin", "qa"):
        home = html.unescape(client_for(world[persona]).get(reverse("home:index")).content.decode())
        assert "Publications sent back to draft" in home
        assert f"{submitted.title}, version 1: sent back by Quinn Quality on {today}" in home
    board_home = html.unescape(client_for(world["board"]).get(reverse("home:index")).content.decode())
    assert "sent back by" not in board_home

    # Submitted again, the banner and the home page item go; the versions table keeps the reason.
    version = _version(submitted)
    admin.post(reverse("publications:submit", args=[submitted.pk]), {"version": version.version})
    page = admin.get(reverse("publications:detail", args=[submitted.pk])).content.decode()
    assert "sent-back-title" not in page
    assert read_tables(page)["Versions"].cell("Version 1", "Sent back").endswith(REASON)
    home = html.unescape(admin.get(reverse("home:index")).content.decode())
    assert "Publications sent back to draft" not in home

    # Once published, everyone reads it; what the approver said stays with the writers and the approver.
    version = _version(submitted)
    qa.post(reverse("publications:approve", args=[submitted.pk]), {"version": version.version})
    version.refresh_from_db()
    admin.post(reverse("publications:publish", args=[submitted.pk]), {"version": version.version})
    page = client_for(world["board"]).get(reverse("publications:detail", args=[submitted.pk])).content.decode()
    assert "Published" in page and REASON not in page and "Sent back" not in read_tables(page)["Versions"].head
    assert REASON in qa.get(reverse("publications:detail", args=[submitted.pk])).content.decode()


def test_the_home_page_lists_drafts_sent_back_in_a_fixed_number_of_queries(world, client_for):
    qa = client_for(world["qa"])

    def add(n):
        for _ in range(n):
            publication = Publication.objects.create(
                partnership=world.partnership,
                kind=Kind.ANNUAL_REPORT,
                year=2000 + Publication.objects.count(),
                title=f"Annual report {Publication.objects.count()}",
                created_by=world["qa"].user,
            )
            PublicationVersion.objects.create(
                partnership=world.partnership,
                publication=publication,
                number=1,
                document={"title": publication.title, "sections": []},
                created_by=world["qa"].user,
                sent_back_by=world["board"].user,
                sent_back_at=timezone.now(),
                sent_back_reason=REASON,
            )

    assert_queries_do_not_grow(lambda: qa.get(reverse("home:index")), add)
    home = html.unescape(qa.get(reverse("home:index")).content.decode())
    assert home.count(": sent back by Bea Board on ") == 12


def test_approving_after_sending_back_in_another_tab_says_what_happened(world, submitted, client_for):
    qa = client_for(world["qa"])
    approve = reverse("publications:approve", args=[submitted.pk])
    send_back = reverse("publications:send_back", args=[submitted.pk])
    started = _version(submitted).version
    assert qa.get(approve).status_code == 200  # the first tab
    qa.post(send_back, {"version": started, "reason": REASON})  # the second tab
    response = qa.post(approve, {"version": started})
    assert response.url == reverse("publications:detail", args=[submitted.pk])
    page = _follow_message(qa, response)
    assert "This version has already been sent back to draft, so it cannot be approved." in page
    assert _version(submitted).status == Status.DRAFT
    # Sending it back twice: it is done already.
    page = _follow_message(qa, qa.post(send_back, {"version": started, "reason": REASON}))
    assert "This version has already been sent back to draft." in page


def test_publishing_twice_and_submitting_twice_say_so(world, submitted, client_for):
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    version = _version(submitted)
    qa.post(reverse("publications:approve", args=[submitted.pk]), {"version": version.version})
    version.refresh_from_db()
    publish = reverse("publications:publish", args=[submitted.pk])
    assert admin.post(publish, {"version": version.version}).status_code == 302
    page = _follow_message(admin, admin.post(publish, {"version": version.version}))
    assert "This version has already been published." in page
    # A draft's submit page, once submitted in another tab.
    draft = six_step_for(world, audit_with_findings(world, child_names={}))
    started = _version(draft).version
    submit = reverse("publications:submit", args=[draft.pk])
    admin.post(submit, {"version": started})
    page = _follow_message(admin, admin.post(submit, {"version": started}))
    assert "This version has already been submitted for approval." in page
    page = _follow_message(admin, admin.get(reverse("publications:publish", args=[draft.pk])))
    assert "This version is waiting for approval, so it cannot be published." in page


def test_a_role_that_may_not_approve_is_still_refused(world, submitted, client_for):
    approve = reverse("publications:approve", args=[submitted.pk])
    # The admin is not the approving role; the QA officer is, but may not approve what they submitted.
    assert client_for(world["admin"]).get(approve).status_code == 403
    other = six_step_for(world, audit_with_findings(world, child_names={}))
    version = _version(other)
    from maca.publications import services

    services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    # The QA officer's role approves: they are told why not this one, rather than "your role does not include this".
    qa = client_for(world["qa"])
    page = _follow_message(qa, qa.get(reverse("publications:approve", args=[other.pk])))
    assert "You submitted this version, so someone else with the approver’s role must approve it." in page
    # A board member, who may not approve, gets no hint that a version waits.
    assert client_for(world["board"]).get(approve).status_code == 404
    # Someone of another partnership: not found.
    assert client_for(world["outsider"]).get(approve).status_code == 404


def test_an_approver_who_cannot_see_drafts_is_told_it_was_sent_back(world, submitted, client_for):
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="board_member")
    board = client_for(world["board"])
    approve = reverse("publications:approve", args=[submitted.pk])
    started = _version(submitted).version
    assert board.get(approve).status_code == 200
    board.post(reverse("publications:send_back", args=[submitted.pk]), {"version": started, "reason": REASON})
    response = board.post(approve, {"version": started})
    assert response.url == reverse("publications:index")
    assert "This version has already been sent back to draft, so it cannot be approved." in _follow_message(
        board, response
    )
    # Nobody else learns the draft exists.
    assert client_for(world["scrutineer"]).get(approve).status_code == 404


def test_the_sent_back_banner_shows_the_reason_as_typed(world, submitted, client_for):
    from maca.publications import services

    qa = world["qa"]
    version = _version(submitted)
    services.version_return(
        actor=qa.user,
        membership=qa.membership,
        version=version,
        reason="Take out <b>this</b>.\n\nAnd this.",
        expected_version=version.version,
    )
    page = client_for(world["admin"]).get(reverse("publications:detail", args=[submitted.pk])).content.decode()
    assert "Take out &lt;b&gt;this&lt;/b&gt;." in page
    assert re.search(r"<p>And this\.</p>", page)


def test_the_list_and_the_page_say_sent_back_to_draft_as_the_home_page_does(world, submitted, client_for):
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    qa.post(
        reverse("publications:send_back", args=[submitted.pk]),
        {"version": _version(submitted).version, "reason": REASON},
    )
    for client in (qa, admin):
        listed = read_tables(client.get(reverse("publications:index")).content.decode())["Publications"]
        assert listed.cell(submitted.title, "Status") == "Sent back to draft"
    page = admin.get(reverse("publications:detail", args=[submitted.pk])).content.decode()
    status = page[page.index('id="version-status"') :].split("</p>", 1)[0]
    assert "Sent back to draft" in words_of(status)
    assert read_tables(page)["Versions"].cell("Version 1", "Status") == "Sent back to draft"
    # Submitted again, it is "Submitted for approval" everywhere.
    admin.post(reverse("publications:submit", args=[submitted.pk]), {"version": _version(submitted).version})
    listed = read_tables(qa.get(reverse("publications:index")).content.decode())["Publications"]
    assert listed.cell(submitted.title, "Status") == "Submitted for approval"
