"""The meeting's list pages cost the same number of queries however many
findings, concerns, themes and agencies there are."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import ImmediateConcern, Recommendation, RecommendationFinding, RecommendationStatus
from maca.findings.tests.builders import audit_at_meeting
from maca.partnerships.models import AgencyKind
from maca.partnerships.services import agency_create
from maca.selection.models import Assignment
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

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


def test_the_concerns_list_for_the_qa_officer(world, audit, client_for):
    qa = client_for(world["qa"])
    assert_queries_do_not_grow(lambda: qa.get(reverse("findings:concerns")), _add_findings(world, audit))
    listed = read_tables(qa.get(reverse("findings:concerns")).content.decode())["Immediate concerns"].rows
    assert len(listed) == ImmediateConcern.objects.filter(partnership=world.partnership).count() > 2


def test_a_recommendation_with_more_findings(world, client_for):
    audit = audit_at_meeting(world, cases=2, agencies=[world.police, world.gp_practice])
    cases = list(audit.audit_cases.order_by("number"))
    recommendation = Recommendation.objects.create(
        partnership=world.partnership, audit=audit, text="Ask about fathers.", status=RecommendationStatus.PROPOSED
    )
    texts = []

    def add(n):
        for i in range(n):
            texts.append(f"Father not asked about at visit {next(_n)}.")
            finding = services.finding_create(
                actor=world["qa"].user, audit=audit, audit_case=cases[i % 2], agency=world.gp_practice, text=texts[-1]
            )
            RecommendationFinding.objects.create(
                partnership=world.partnership, recommendation=recommendation, finding=finding
            )

    qa = client_for(world["qa"])
    url = reverse("findings:recommendation", args=[recommendation.pk])
    assert_queries_do_not_grow(lambda: qa.get(url), add)
    page = words_shown(qa.get(url).content.decode())
    assert texts[-1] in page and f"{world.gp_practice.name} ({world.health.name})" in page


def test_the_attendance_page_with_more_agencies(world, audit, client_for):
    cases = list(audit.audit_cases.order_by("number"))
    practices = []

    def add(n):
        for i in range(n):
            number = next(_n)
            top = agency_create(
                actor=None, partnership=world.partnership, name=f"Testshire Trust {number}", kind=AgencyKind.OTHER
            )
            practices.append(
                agency_create(
                    actor=None,
                    partnership=world.partnership,
                    name=f"Surgery {number}",
                    kind=AgencyKind.GP_PRACTICE,
                    parent=top,
                )
            )
            Assignment.objects.create(partnership=world.partnership, audit_case=cases[i % 2], agency=practices[-1])

    qa = client_for(world["qa"])
    url = reverse("findings:attendance", args=[audit.pk])
    assert_queries_do_not_grow(lambda: qa.get(url), add)
    assert f"{practices[-1].name} ({practices[-1].parent.name})" in words_shown(qa.get(url).content.decode())
