"""What each persona gets from the chronology pages (see maca/tests/url_expectations.py).

The records (maca/returns/tests/matrix_fixtures_chronology.py): a draft police
return of an audit at 'agencies auditing' that the scrutineer scrutinises.
Admins and QA officers see every return but do not write agencies' chronologies;
the board never sees case-level data."""

from maca.tests.url_expectations import Expect, only


def _return(f):
    return {"return_pk": f.chronology_return.pk}


def _entry(f):
    return {"return_pk": f.chronology_return.pk, "pk": f.chronology_entry.pk}


EXPECTATIONS = {
    "chronology:return": Expect(
        only("admin", "qa", "lead", "auditor", "scrutineer", outsider=404),
        kwargs=_return,
        why="A police return: the lead and auditor are police; the scrutineer scrutinises the audit.",
    ),
    "chronology:add": Expect(
        only("lead", "auditor", outsider=404),
        kwargs=_return,
        method="post",
        why="An empty form is shown again with its errors (200) to those who may change the return.",
    ),
    "chronology:upload": Expect(
        only("lead", "auditor", outsider=404),
        kwargs=_return,
        method="post",
        why="No file: the page is shown again with the error (200) to those who may change the return.",
    ),
    "chronology:edit": Expect(only("lead", "auditor", outsider=404), kwargs=_entry),
    "chronology:remove": Expect(only("lead", "auditor", outsider=404), kwargs=_entry),
    "chronology:template": Expect(
        only("admin", "qa", "lead", "auditor", "outsider"),
        why="A blank template with a made-up row, for those who fill in or review returns.",
    ),
    "chronology:integrated": Expect(
        only("admin", "qa", "lead", "auditor", "scrutineer", outsider=404, other_agency=200),
        kwargs=lambda f: {"audit_pk": f.chronology_audit.pk, "audit_case_pk": f.chronology_audit_case.pk},
        why="The case is assigned to the police and the care board; agency people see their own agency's entries only.",
    ),
}
