"""What each persona gets from the action plan's pages (see maca/tests/url_expectations.py).

Everyone of the partnership reads the plan; agency leads and auditors only
their agency's actions (another agency's is a 404). The owner agency posts
progress; the QA officer (and admin) raise, sign off, move due dates, reopen
and cancel. Evidence files open to those two groups only."""

from maca.tests.url_expectations import Expect, everyone, only

VIEWERS = ("admin", "qa", "lead", "auditor", "board", "scrutineer")

EXPECTATIONS = {
    "actions:plan": Expect(everyone(), why="The whole plan, or for an agency's people their agency's part."),
    "actions:plan_export": Expect(everyone(), kwargs=lambda f: {"fmt": "csv"}, why="As the plan it downloads."),
    "actions:plan_pdf": Expect(everyone(), why="The plan as a board paper."),
    "actions:plan_docx": Expect(everyone(), why="The plan as a board paper."),
    "actions:board": Expect(everyone()),
    "actions:mine": Expect(
        {**only("lead", "auditor", outsider=404, other_agency=200), "admin": 404},
        why="Admins belong to no agency, so have no agency actions; another agency sees its own.",
    ),
    "actions:raise": Expect(only("admin", "qa", "outsider")),
    "actions:raise_from_recommendation": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.actions_recommendation.pk}
    ),
    "actions:raise_from_finding": Expect(
        only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.actions_finding.pk}
    ),
    "actions:audit": Expect(
        {**everyone(), "outsider": 404},
        kwargs=lambda f: {"audit_pk": f.actions_audit.pk},
        why="Each person sees the audit's actions they may see.",
    ),
    "actions:detail": Expect(only(*VIEWERS, outsider=404), kwargs=lambda f: {"pk": f.action.pk}),
    "actions:progress": Expect(only("admin", "lead", "auditor", outsider=404), kwargs=lambda f: {"pk": f.action.pk}),
    "actions:request_sign_off": Expect(
        only("admin", "lead", "auditor", outsider=404), kwargs=lambda f: {"pk": f.action.pk}
    ),
    "actions:sign_off": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.action_awaiting.pk}),
    "actions:move_due_date": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.action.pk}),
    "actions:change_owner": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.action.pk}),
    "actions:cancel": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.action.pk}),
    "actions:reopen": Expect(only("admin", "qa", outsider=404), kwargs=lambda f: {"pk": f.action_closed.pk}),
    "actions:evidence": Expect(
        only("admin", "qa", "lead", "auditor", outsider=404),
        kwargs=lambda f: {"pk": f.action_evidence.pk},
        why="Evidence may describe a family: never the board or a scrutineer.",
    ),
}
