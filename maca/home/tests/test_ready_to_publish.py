"""Once the approver (a board member here) approves a publication, it waits on
the home page of those who publish it: the QA officer (and the admin, who
may publish too), until it is published. Nobody else is asked to publish."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import long_date
from maca.publications import services
from maca.publications.models import Kind, Publication, PublicationSettings, PublicationVersion, Status
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

PANEL = "Ready to publish"
EMPTY = "Briefings and reports the approver has approved will appear here, for you to publish."


def _home(client) -> str:
    return words_shown(client.get(reverse("home:index")).content.decode())


@pytest.fixture
def approved_by_the_board(world):
    """A 6 Step Briefing the QA officer submitted and the board member approved."""
    PublicationSettings.objects.update_or_create(
        partnership=world.partnership, defaults={"approver_role": world["board"].membership.role}
    )
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get()
    version = services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    services.version_approve(
        actor=world["board"].user,
        membership=world["board"].membership,
        version=version,
        expected_version=version.version,
    )
    return publication


def test_the_qa_officer_sees_what_the_board_approved_until_it_is_published(world, approved_by_the_board, client_for):
    qa = client_for(world["qa"])
    today = long_date(timezone.localdate())
    item = f"{approved_by_the_board.title}, version 1: approved by Bea Board on {today}"
    page = _home(qa)
    assert PANEL in page
    assert item in page
    html = qa.get(reverse("home:index")).content.decode()
    assert f'href="{reverse("publications:detail", args=[approved_by_the_board.pk])}"' in html

    # The admin publishes too, so it waits for them as well.
    assert item in _home(client_for(world["admin"]))

    # Published, it leaves the panel, which says what will appear there.
    version = approved_by_the_board.versions.get()
    qa.post(reverse("publications:publish", args=[approved_by_the_board.pk]), {"version": version.version})
    assert approved_by_the_board.versions.get().status == Status.PUBLISHED
    page = _home(qa)
    assert item not in page
    assert PANEL in page and EMPTY in page


@pytest.mark.parametrize("persona", ["board", "lead", "auditor", "health_lead", "scrutineer", "outsider"])
def test_nobody_else_is_asked_to_publish(world, approved_by_the_board, client_for, persona):
    page = _home(client_for(world[persona]))
    assert "approved by Bea Board" not in page
    if persona != "outsider":  # another partnership's admin publishes their own, never this one
        assert PANEL not in page


def test_a_draft_or_one_waiting_for_approval_is_not_ready_to_publish(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    page = _home(client_for(world["qa"]))
    assert EMPTY in page and publication.title not in page.split(PANEL, 1)[1].split("All publications", 1)[0]


def test_the_ready_to_publish_panel_costs_the_same_queries_however_many_wait(world, client_for):
    qa = client_for(world["qa"])
    now = timezone.now()

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
                status=Status.APPROVED,
                submitted_by=world["qa"].user,
                submitted_at=now,
                approved_by=world["board"].user,
                approved_at=now,
            )

    assert_queries_do_not_grow(lambda: qa.get(reverse("home:index")), add)
    assert _home(qa).count(": approved by Bea Board on ") == Publication.objects.count()
