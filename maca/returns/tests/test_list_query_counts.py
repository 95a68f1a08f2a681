"""A return's history, a care board lead's returns and the integrated
chronology read the same number of queries however many saves, returns and
agencies they show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, save
from maca.returns.tests.chronology_factories import (
    add_agency,
    make_chronology_audit,
    make_entries,
    more_agencies,
    submit,
)
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _shown(client, url):
    return words_shown(client.get(url).content.decode())


def test_a_returns_history_does_not_get_slower_with_more_saves(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police], two_sections=True)
    ret = Return.objects.get(audit=audit, agency=world.police)
    said = []

    def add(n):
        for _ in range(n):
            said.append(f"Seen alone at visit {len(said) + 1}.")
            answers = {
                "info_grade": "good" if len(said) % 2 else "requires_improvement",
                "health_involved": "yes" if len(said) % 2 else "no",
                "voice": said[-1],
                "visits": len(said),
            }
            save(ret, world["auditor"] if len(said) % 2 else world["lead"], answers)

    url = reverse("returns:history", args=[ret.pk])
    for persona in ("qa", "admin"):
        client = client_for(world[persona])
        assert_queries_do_not_grow(lambda client=client: client.get(url), add)
    assert said[-1] in _shown(client_for(world["qa"]), url)


def test_my_returns_for_a_care_board_lead_do_not_get_slower_with_more_gp_practice_returns(world, client_for):
    client = client_for(world["health_lead"])
    audits = []

    def add(n):
        audits.append(audit_with_returns(world, cases=n, agencies=[world.gp_practice, world.health]))

    assert_queries_do_not_grow(lambda: client.get(reverse("returns:mine")), add)
    page = _shown(client, reverse("returns:mine"))
    assert audits[-1].title in page and world.gp_practice.name in page


def test_the_integrated_chronology_for_the_scrutineer_does_not_get_slower_with_more_agencies(world, client_for):
    made = make_chronology_audit(world, agencies=[world.police, world.health, world.gp_practice])
    added = []

    def add(n):
        for agency in more_agencies(world, n, prefix="Testshire Youth Service"):
            return_record = add_agency(made, agency)
            make_entries(return_record, 2, start=dt.date(2024, 1, 1))
            submit(return_record)  # the integrated chronology shows submitted returns' entries
            added.append(agency)

    client = client_for(world["scrutineer"])
    url = reverse("chronology:integrated", args=[made.audit.pk, made.audit_case.pk])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    assert added[-1].name in _shown(client, url)


def test_the_cases_to_audit_do_not_get_slower_with_more_late_returns(world, client_for):
    """Each case of the agency's "Cases to audit" says whether its return is
    late: one query for the page, not one a case."""
    from django.utils import timezone

    from maca.programme.tests.factories import ProgrammeFactory, replan, year_past

    today = timezone.localdate()
    audits = []

    def add(n):
        audit = audit_with_returns(
            world,
            cases=n,
            agencies=[world.police],
            programme=ProgrammeFactory(partnership=world.partnership, year=year_past()),
        )
        replan(
            audit,
            planned_selection_date=today - dt.timedelta(days=40),
            return_deadline=today - dt.timedelta(days=2),
            planned_meeting_date=today + dt.timedelta(days=10),
        )
        audits.append(audit)

    client = client_for(world["auditor"])
    assert_queries_do_not_grow(lambda: client.get(reverse("selection:my_cases")), add)
    assert "(late)" in _shown(client, reverse("selection:my_cases"))
