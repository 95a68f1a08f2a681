"""The home pages of an agency auditor, an independent scrutineer and a
partnership admin read the same number of queries however many audits and
returns are waiting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.programme.services import audit_set_scrutineers
from maca.programme.tests.factories import AuditFactory, replan
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _home(client):
    return words_shown(client.get(reverse("home:index")).content.decode())


def test_the_agency_auditors_home_page_does_not_get_slower_with_more_audits(world, client_for):
    audits = []

    def add(n):
        for _ in range(n):
            audits.append(audit_with_returns(world, cases=1, agencies=[world.police]))

    client = client_for(world["auditor"])
    assert_queries_do_not_grow(lambda: client.get(reverse("home:index")), add)
    # The page lists ten of the returns (which ten depends on the titles'
    # order) and links to them all.
    page = _home(client)
    assert sum(f"{audit.title}:" in page for audit in audits) == 10 < len(audits)
    assert "All your agency’s returns" in page


def test_the_scrutineers_home_page_does_not_get_slower_with_more_audits_to_scrutinise(world, client_for):
    audits = []

    def add(n):
        for _ in range(n):
            audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
            audit_set_scrutineers(
                actor=world["qa"].user,
                audit=audit,
                scrutineers=[world["scrutineer"].user],
                expected_version=audit.version,
            )
            audits.append(audit)

    client = client_for(world["scrutineer"])
    assert_queries_do_not_grow(lambda: client.get(reverse("home:index")), add)
    assert audits[-1].title in _home(client)


def test_the_partnership_admins_home_page_does_not_get_slower_with_more_late_audits(world, client_for):
    deadline = timezone.localdate() - dt.timedelta(days=2)
    audits = []

    def add(n):
        for _ in range(n):
            audit = audit_with_returns(world, cases=1, agencies=[world.police])
            replan(
                audit,
                planned_selection_date=deadline - dt.timedelta(days=30),
                return_deadline=deadline,
                planned_meeting_date=deadline + dt.timedelta(days=14),
            )
            audits.append(audit)

    client = client_for(world["admin"])
    assert_queries_do_not_grow(lambda: client.get(reverse("home:index")), add)
    assert audits[-1].title in _home(client)
