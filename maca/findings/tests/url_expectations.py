"""What each persona gets from the meeting, findings, themes, concerns and
feedback pages (see maca/tests/url_expectations.py and maca/findings/access.py)."""

from maca.tests.url_expectations import Expect, only


def _audit(f):
    return {"audit_pk": f.meeting_audit.pk}


def _case(f):
    return {"audit_pk": f.meeting_audit.pk, "pk": f.meeting_case.pk}


def _finding(f):
    return {"audit_pk": f.meeting_audit.pk, "pk": f.finding.pk}


RECORDERS = ("admin", "qa")

EXPECTATIONS = {
    "findings:meeting": Expect(
        only(*RECORDERS, "scrutineer", outsider=404), kwargs=_audit, why="The scrutineer scrutinises this audit."
    ),
    "findings:meeting_edit": Expect(only(*RECORDERS, outsider=404), kwargs=_audit),
    "findings:attendance": Expect(only(*RECORDERS, outsider=404), kwargs=_audit),
    "findings:case": Expect(
        only(*RECORDERS, "scrutineer", outsider=404), kwargs=_case, why="Read-only for the scrutineer."
    ),
    "findings:discussion": Expect(only(*RECORDERS, outsider=404), kwargs=_case),
    "findings:take": Expect(
        only(*RECORDERS, outsider=404, ok=302),
        kwargs=_case,
        method="post",
        data=lambda f: {"return": f.meeting_return.pk, "key": "worried"},
        why="Taken once; a second click opens the finding already taken.",
    ),
    "findings:take_across": Expect(
        only(*RECORDERS, outsider=404, ok=404),
        kwargs=_audit,
        method="post",
        data=lambda f: {"return": f.meeting_return.pk, "key": "worried"},
        why="Only a deep dive's summative report is taken across cases; a case's return is not one.",
    ),
    "findings:finding_new": Expect(only(*RECORDERS, outsider=404), kwargs=_case),
    "findings:concern_new": Expect(only(*RECORDERS, outsider=404), kwargs=_case),
    "findings:cross_finding_new": Expect(only(*RECORDERS, outsider=404), kwargs=_audit),
    "findings:suggest": Expect(
        only(*RECORDERS, outsider=404),
        kwargs=_audit,
        method="post",
        data=lambda f: {"text": "Fathers were not seen at home visits."},
        why="Suggestions for the words being typed; nothing is stored.",
    ),
    "findings:finding": Expect(only(*RECORDERS, outsider=404), kwargs=_finding),
    "findings:finding_edit": Expect(only(*RECORDERS, outsider=404), kwargs=_finding),
    "findings:finding_remove": Expect(only(*RECORDERS, outsider=404), kwargs=_finding),
    "findings:audit_findings": Expect(
        only(*RECORDERS, "board", "scrutineer", outsider=404),
        kwargs=_audit,
        why="Confirmed findings by case number only, never a reference, and confirmed recommendations, read-only.",
    ),
    "findings:themes": Expect(only(*RECORDERS, "outsider")),
    "findings:theme_new": Expect(only(*RECORDERS, "outsider")),
    "findings:theme_edit": Expect(only(*RECORDERS, outsider=404), kwargs=lambda f: {"pk": f.theme.pk}),
    "findings:concerns": Expect(
        only(*RECORDERS, "lead", "outsider", other_agency=200),
        why="Each agency lead lists their own agency's concerns; another partnership's admin their own.",
    ),
    "findings:concern": Expect(
        only(*RECORDERS, "lead", outsider=404), kwargs=lambda f: {"pk": f.concern.pk}, why="Owned by the police."
    ),
    "findings:feedback_cases": Expect(
        only("admin", "lead", "outsider", other_agency=200),
        why="Agency leads list their own agency's cases; an admin, who belongs to no agency, an empty list.",
    ),
    "findings:feedback_new": Expect(
        {**only("lead", outsider=404), "admin": 404},
        kwargs=lambda f: {"pk": f.police_assignment.pk},
        why="The police's case: only the police lead feeds back on it; admins belong to no agency.",
    ),
}
