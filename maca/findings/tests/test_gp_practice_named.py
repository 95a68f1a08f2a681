"""A GP practice auditing a case reads the same on every meeting page, form
and e-mail: with the agency at the top of its tree, "Mill Lane Surgery
(Testshire Care Board)" (``partnerships.presenters.agency_name``), as the
case's agencies are named in selection, without a query a row."""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.tests.builders import audit_at_meeting
from maca.notifications.models import SentEmail
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db
GP = "Mill Lane Surgery (Testshire Care Board)"
_n = itertools.count(1)


@pytest.fixture
def audit(world):
    return audit_at_meeting(world, cases=2, agencies=[world.police, world.gp_practice])


def _words(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return words_shown(response.content.decode())


def test_a_gp_practice_reads_the_same_on_the_meeting_its_cases_forms_and_concerns(world, audit, case, qa):
    meeting_url = reverse("findings:meeting", args=[audit.pk])
    cases = read_tables(qa.get(meeting_url).content.decode())["Cases"]
    assert cases.cell("Case 1", "Agencies") == f"{GP}, Testshire Police"

    attendance = _words(qa, reverse("findings:attendance", args=[audit.pk]))
    assert f"Who came or sent apologies for {GP} (optional)" in attendance
    services.attendance_save(
        actor=world["qa"].user,
        audit=audit,
        rows=[{"agency": world.gp_practice, "status": "attended", "people": "Practice nurse"}],
        expected_version=None,
    )
    assert read_tables(qa.get(meeting_url).content.decode())["Who came"].cell(GP, "Attendance") == "Attended"

    new_finding = qa.get(reverse("findings:finding_new", args=[audit.pk, case.pk])).content.decode()
    agencies = re.search(r'<select[^>]*name="agency".*?</select>', new_finding, re.S).group(0)
    assert f">{GP}</option>" in agencies

    services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, agency=world.gp_practice, text="x")
    concern = services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.gp_practice, what_was_found="Something."
    )
    case_page = qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode()
    assert f"Agencies auditing: {GP}, Testshire Police" in words_shown(case_page)
    found = read_tables(case_page)["Findings: what needs to improve"]
    assert [row[found.head.index("Agency")] for row in found.rows] == [GP]
    assert [row[1] for row in read_tables(case_page)["Immediate concerns"].rows] == [GP]
    assert f"Agency to act {GP}" in _words(qa, reverse("findings:concern", args=[concern.pk]))

    # The care board's lead is e-mailed for its practice, named as the pages name it.
    message = SentEmail.objects.get(kind="immediate_concern")
    assert message.to == world["health_lead"].user.email
    assert f"raised for {GP} to act on" in " ".join(message.body.split())

    grades = read_tables(qa.get(reverse("findings:discussion", args=[audit.pk, case.pk])).content.decode())
    assert grades["Grades the agencies gave"].cell(GP, "Grade in its return") == "Return not submitted"


def test_naming_a_gp_practice_asks_no_query_a_row(world, audit, qa):
    cases = list(audit.audit_cases.order_by("number"))

    def add(n):
        for i in range(n):
            case = cases[i % len(cases)]
            services.finding_create(
                actor=world["qa"].user, audit=audit, audit_case=case, agency=world.gp_practice, text=f"x {next(_n)}"
            )
            services.concern_raise(
                actor=world["qa"].user, audit_case=case, agency=world.gp_practice, what_was_found="x"
            )

    assert_queries_do_not_grow(lambda: qa.get(reverse("findings:meeting", args=[audit.pk])), add)
    url = reverse("findings:case", args=[audit.pk, cases[0].pk])
    assert_queries_do_not_grow(lambda: qa.get(url), add)
