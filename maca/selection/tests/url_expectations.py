"""What each persona gets from the selection and case pages (see maca/tests/url_expectations.py)."""

from maca.tests.url_expectations import Expect, only

EXPECTATIONS = {
    # selecting cases: case-level data
    "selection:cases": Expect(
        only("admin", "qa", "scrutineer", outsider=404),
        kwargs=lambda f: {"audit_pk": f.audit.pk},
        why="The scrutineer scrutinises this audit.",
    ),
    "selection:case_agencies": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"audit_pk": f.audit.pk, "pk": f.audit_case.pk}
    ),
    "selection:remove_case": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"audit_pk": f.audit.pk, "pk": f.audit_case.pk}
    ),
    "selection:draw": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"audit_pk": f.audit.pk}),
    "selection:draw_detail": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"audit_pk": f.audit.pk, "pk": f.draw.pk}
    ),
    "selection:draw_export": Expect(
        only("admin", "qa", outsider=404),
        kwargs=lambda f: {"audit_pk": f.audit.pk, "pk": f.draw.pk, "fmt": "xlsx"},
    ),
    "selection:nominations": Expect(
        only("admin", "qa", "lead", outsider=404, other_agency=200),
        kwargs=lambda f: {"audit_pk": f.audit.pk},
        why="Any agency lead may nominate cases for an audit, and sees only their own nominations.",
    ),
    "selection:nominate": Expect(
        only("admin", "qa", "lead", outsider=404, other_agency=200), kwargs=lambda f: {"audit_pk": f.audit.pk}
    ),
    "selection:decide_nomination": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"audit_pk": f.nomination.audit_id, "pk": f.nomination.pk}
    ),
    "selection:my_cases": Expect(
        {**only("lead", "auditor", outsider=404, other_agency=200), "admin": 404},
        why="Admins belong to no agency, so have no agency cases; another agency sees only its own.",
    ),
    "pool:index": Expect(only("admin", "qa", "outsider")),
    "pool:export": Expect(
        only("admin", "qa", "outsider"),
        kwargs=lambda f: {"fmt": "csv"},
        why="As the pool page: another partnership's admin downloads their own pool.",
    ),
    "pool:case": Expect(
        only("admin", "qa", "lead", "auditor", "scrutineer", outsider=404),
        kwargs=lambda f: {"pk": f.case.pk},
        why="Assigned to the police (the lead's and auditor's agency); scrutinised audit.",
    ),
}
