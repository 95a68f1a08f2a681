"""Two people drafting the same briefing (or the same year's annual report)
at the same moment: the second is told it exists, on the form, not shown an
error page; and the "Draft it" button cannot be pressed twice."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from maca.publications import services
from maca.publications.models import Kind, Publication
from maca.publications.tests.builders import audit_with_findings
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _someone_drafts_first(monkeypatch, **drafting):
    """As the service opens its transaction, someone else drafts the same:
    the moment between a check made beforehand and the insert."""
    real_atomic, first = transaction.atomic, [True]

    class Meanwhile:
        def atomic(self, *args, **kwargs):
            if first:
                first.clear()
                services.publication_create(**drafting)
            return real_atomic(*args, **kwargs)

    # The transaction of ``publication_create``, in the services' module of drafting.
    monkeypatch.setattr(services.drafts, "transaction", Meanwhile())


@pytest.mark.parametrize(
    "kind,said",
    [
        (Kind.SIX_STEP, "This audit already has a 6 Step Briefing: open it to edit it"),
        (Kind.ANNUAL_REPORT, "There is already an annual report for"),
    ],
)
def test_two_qa_officers_drafting_the_same_at_once_get_a_message_not_an_error(
    world, client_for, monkeypatch, kind, said
):
    audit = audit_with_findings(world, child_names={})
    year = audit.programme.year
    _someone_drafts_first(
        monkeypatch,
        actor=world["admin"].user,
        partnership=world.partnership,
        kind=kind,
        audit=audit if kind == Kind.SIX_STEP else None,
        year=year if kind == Kind.ANNUAL_REPORT else None,
    )
    form = {"kind": kind, "audit": audit.pk} if kind == Kind.SIX_STEP else {"kind": kind, "year": year}

    response = client_for(world["qa"]).post(reverse("publications:new"), form)

    assert response.status_code == 200
    assert said in words_shown(response.content.decode())
    assert Publication.objects.filter(kind=kind).count() == 1


def test_the_draft_it_button_cannot_be_pressed_twice(world, client_for):
    page = client_for(world["qa"]).get(reverse("publications:new")).content.decode()

    assert "data-prevent-double-click" in page
