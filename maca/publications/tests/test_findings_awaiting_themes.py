"""A briefing drafted before anyone confirmed the themes of the meeting's
findings lists none of them (it lists what the year's report counts): it says
so, and never that the audit found nothing (review of 22f5f57). The draft's
page tells the QA officer how many were left out and where to confirm them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Finding
from maca.publications import services
from maca.publications.models import Kind
from maca.publications.tests.builders import audit_with_findings
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

LEFT_OUT = "4 strengths or findings recorded are left out until their themes are confirmed."


def _nothing_confirmed(world):
    """The builder's audit (2 cases, a strength and a finding in each), at its
    meeting, before anyone confirmed the themes of its 4 findings."""
    audit = audit_with_findings(world)
    Finding.objects.filter(audit=audit).update(tags_confirmed_at=None)
    return audit


def _draft_page(world, client_for, audit, kind):
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=kind, audit=audit
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode())
    return publication, page


@pytest.mark.parametrize("kind", [Kind.SIX_STEP, Kind.KEY_MESSAGES, Kind.SEVEN_MINUTE])
def test_a_briefing_drafted_before_the_themes_are_confirmed_says_what_it_left_out(world, client_for, kind):
    _publication, page = _draft_page(world, client_for, _nothing_confirmed(world), kind)
    assert "No findings have been recorded yet." not in page
    assert "No strengths have been recorded yet." not in page
    assert "None recorded yet." not in page
    assert "found no strengths and no findings." not in page
    assert "None yet with confirmed themes: 2 strengths recorded are left out until their themes are confirmed." in page
    assert "None yet with confirmed themes: 2 findings recorded are left out until their themes are confirmed." in page
    assert (
        "4 strengths and findings have themes nobody has confirmed yet: this draft leaves them out, as a briefing "
        "lists only those whose themes a person has confirmed. Confirm the themes at the meeting, then discard this "
        "draft and draft the briefing again. See the strengths and findings whose themes are not confirmed" in page
    )


def test_the_six_step_briefing_says_what_was_found_and_what_waits(world, client_for):
    _publication, page = _draft_page(world, client_for, _nothing_confirmed(world), Kind.SIX_STEP)
    assert f"The audit found no strengths and no findings across the cases. {LEFT_OUT}" in page
    # Each empty section says what of its own kind waits, and one with nothing waiting says so as before.
    assert "None yet with confirmed themes: 2 strengths recorded are left out until their themes are confirmed." in page
    assert "None yet with confirmed themes: 2 findings recorded are left out until their themes are confirmed." in page
    assert "No good practice has been recorded yet." in page


def test_a_finding_of_a_case_taken_out_is_not_counted_as_waiting(world, client_for):
    """The meeting page lists nothing to confirm of a case taken out of the
    audit, and a briefing lists nothing of it: it waits for nothing (review)."""
    from django.utils import timezone

    from maca.findings.selectors import unconfirmed_count
    from maca.selection.models import AuditCase

    audit = audit_with_findings(world)
    second = audit.audit_cases.get(number=2)
    Finding.objects.filter(audit=audit, audit_case=second).update(tags_confirmed_at=None)
    AuditCase.objects.filter(pk=second.pk).update(removed_at=timezone.now())
    assert unconfirmed_count(audit) == 0
    _publication, page = _draft_page(world, client_for, audit, Kind.SIX_STEP)
    assert "left out until" not in page and "this draft leaves" not in page


@pytest.mark.parametrize("kind", [Kind.SIX_STEP, Kind.KEY_MESSAGES, Kind.SEVEN_MINUTE])
def test_once_the_themes_are_confirmed_a_draft_that_left_some_out_is_said_to_be_out_of_date(world, client_for, kind):
    """Whether or not its words said so: key messages and the 7 Minute
    Briefing list what is there and say nothing of a section not empty (QA walk)."""
    audit = audit_with_findings(world)
    # One finding of the first case waits: every section still has something to list.
    Finding.objects.filter(audit=audit, audit_case__number=1, polarity="concern").update(tags_confirmed_at=None)
    publication, _page = _draft_page(world, client_for, audit, kind)
    Finding.objects.filter(audit=audit).update(tags_confirmed_at=audit.created_at)
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode())
    assert "this draft leaves" not in page
    assert (
        "This draft was drafted leaving out strengths or findings until their themes were confirmed. Their themes "
        "are confirmed now: discard this draft and draft the briefing again to include them." in page
    )
    # Drafted again, nothing is left out and nothing is said.
    another = Kind.SIX_STEP if kind != Kind.SIX_STEP else Kind.KEY_MESSAGES
    _again, page = _draft_page(world, client_for, audit, another)
    assert "left out until" not in page and "were left out" not in page


def test_a_briefing_drafted_once_every_theme_is_confirmed_says_nothing_of_it(world, client_for):
    _publication, page = _draft_page(world, client_for, audit_with_findings(world), Kind.SIX_STEP)
    assert "left out until" not in page and "this draft leaves" not in page
    assert "The audit found 2 strengths and 2 findings across the cases." in page


def test_only_those_who_manage_briefings_read_the_notice_and_it_goes_once_the_themes_are_confirmed(world, client_for):
    audit = _nothing_confirmed(world)
    publication, _page = _draft_page(world, client_for, audit, Kind.SIX_STEP)
    url = reverse("publications:detail", args=[publication.pk])
    for persona in ("lead", "board", "scrutineer"):
        response = client_for(world[persona]).get(url)
        if response.status_code == 200:
            assert "this draft leaves" not in words_of(response.content.decode())
    Finding.objects.filter(audit=audit).update(tags_confirmed_at=audit.created_at)
    page = words_of(client_for(world["qa"]).get(url).content.decode())
    assert "this draft leaves" not in page and "Their themes are confirmed now" in page
