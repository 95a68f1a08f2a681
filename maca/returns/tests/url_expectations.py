"""What each persona gets from the returns pages (see maca/tests/url_expectations.py)."""

from maca.tests.url_expectations import Expect, everyone, only

EXPECTATIONS = {
    "returns:mine": Expect(
        {**only("lead", "auditor", outsider=404, other_agency=200), "admin": 404},
        why="Admins belong to no agency, so have no agency returns; another agency sees only its own.",
    ),
    "returns:detail": Expect(
        only("admin", "qa", "lead", "auditor", "scrutineer", outsider=404), kwargs=lambda f: {"pk": f.return_record.pk}
    ),
    "returns:edit": Expect(
        only("lead", "auditor", outsider=404),
        kwargs=lambda f: {"pk": f.return_record.pk},
        why="Only the police, whose return it is, may change it.",
    ),
    "returns:autosave": Expect(
        only("lead", "auditor", outsider=404),
        kwargs=lambda f: {"pk": f.return_record.pk},
        method="post",
        data=lambda f: {"version": f.return_record.version},
    ),
    "returns:merge": Expect(
        only("lead", "auditor", outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.return_record.pk},
        method="post",
        data=lambda f: {"mine": "{}", "base_version": 1, "version": f.return_record.version},
    ),
    "returns:review": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.submitted_return.pk}),
    "returns:withdraw": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.return_record.pk}),
    "returns:history": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.return_record.pk}),
    "returns:tracking": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"audit_pk": f.returns_audit.pk}),
    "returns:remind": Expect(
        only("admin", "qa", outsider=404, ok=302),
        kwargs=lambda f: {"audit_pk": f.returns_audit.pk},
        method="post",
        data=lambda f: {"agency": f.returns_audit.returns.first().agency_id},
    ),
    "returns:summary": Expect(
        only("admin", "qa", "board", outsider=404),
        kwargs=lambda f: {"audit_pk": f.returns_audit.pk},
        why="Counts across the returns, never a case: the board reads them too (view_figures).",
    ),
    "returns:tracking_export": Expect(
        only("admin", "qa", outsider=404),
        kwargs=lambda f: {"audit_pk": f.returns_audit.pk, "fmt": "xlsx"},
        why="As the response grid it downloads.",
    ),
    "returns:summary_export": Expect(
        only("admin", "qa", "board", outsider=404),
        kwargs=lambda f: {"audit_pk": f.returns_audit.pk, "fmt": "csv"},
        why="As the counts page it downloads.",
    ),
    "returns:progress": Expect(
        everyone(),
        kwargs=lambda f: {"year": f.returns_audit.programme.year},
        why="Counts per stage, audit and agency for everyone who reads the programme, the board included; "
        "another partnership's admin sees their own partnership's year.",
    ),
}
