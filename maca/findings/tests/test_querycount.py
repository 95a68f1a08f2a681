"""The meeting's list pages cost the same number of queries however many
findings, concerns and themes there are."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.tests.builders import audit_at_meeting
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


@pytest.fixture
def audit(world):
    return audit_at_meeting(world, cases=2)


def _add_findings(world, audit, *, confirm=True, concerns=True):
    qa = world["qa"].user
    cases = list(audit.audit_cases.order_by("number"))

    def add(n):
        for i in range(n):
            case = cases[i % len(cases)] if (i + 1) % 3 else None
            f = services.finding_create(
                actor=qa, audit=audit, audit_case=case, agency=world.police, text=f"Fathers not seen {next(_n)}."
            )
            if confirm:
                services.finding_confirm_tags(
                    actor=qa,
                    finding=f,
                    polarity="concern",
                    theme_keys=["think_family", "voice_of_child"],
                    expected_version=f.version,
                )
            if concerns and case is not None:
                services.concern_raise(actor=qa, audit_case=case, agency=world.police, what_was_found="x")

    return add


def test_the_meeting_page(world, audit, client_for):
    client = client_for(world["qa"])
    url = reverse("findings:meeting", args=[audit.pk])
    assert_queries_do_not_grow(lambda: client.get(url), _add_findings(world, audit))


def test_a_case_page(world, audit, client_for):
    client = client_for(world["qa"])
    case = audit.audit_cases.order_by("number").first()
    url = reverse("findings:case", args=[audit.pk, case.pk])
    assert_queries_do_not_grow(lambda: client.get(url), _add_findings(world, audit))


def test_the_findings_the_board_sees(world, audit, client_for):
    client = client_for(world["board"])
    url = reverse("findings:audit_findings", args=[audit.pk])
    assert_queries_do_not_grow(lambda: client.get(url), _add_findings(world, audit, concerns=False))


def test_the_themes_page(world, client_for):
    client = client_for(world["qa"])

    def add(n):
        for _ in range(n):
            services.theme_create(actor=None, partnership=world.partnership, name=f"Local theme {next(_n)}")

    assert_queries_do_not_grow(lambda: client.get(reverse("findings:themes")), add)


def test_the_concerns_lists_and_the_lead_home(world, audit, client_for):
    lead = client_for(world["lead"])
    add = _add_findings(world, audit, confirm=False)
    assert_queries_do_not_grow(lambda: lead.get(reverse("findings:concerns")), add)
    assert_queries_do_not_grow(lambda: lead.get(reverse("home:index")), add)


def test_the_feedback_list(world, client_for):
    lead = client_for(world["lead"])

    def add(n):
        audit = audit_at_meeting(world, cases=n)
        case = audit.audit_cases.first()
        services.feedback_record(
            actor=world["lead"].user,
            audit_case=case,
            agency=world.police,
            what_was_fed_back="x",
            given_to="",
            given_on=audit.planned_meeting_date,
        )

    assert_queries_do_not_grow(lambda: lead.get(reverse("findings:feedback_cases")), add)
