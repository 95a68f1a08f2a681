"""After the retention run: the audited case, its children and its place in the
audit stay, without identifiers (maca/tests/retention.py)."""

from maca.cases.models import Case, Child
from maca.selection.models import AuditCase
from maca.tests.retention import Survivor


def _arrange(audited):
    return {
        "reference": audited.case.reference,
        "children": list(audited.case.children.values_list("pk", "birth_month")),
    }


def _check(audited, before):
    case = Case.objects.get(pk=audited.case.pk)
    assert case.reference == before["reference"]
    assert case.identifiers == {}
    assert list(Child.objects.filter(case=case).values_list("pk", "birth_month")) == before["children"]
    assert all(child.identifiers == {} for child in Child.objects.filter(case=case))
    assert AuditCase.objects.filter(pk=audited.audit_case.pk, case=case).exists()


SURVIVORS = [Survivor("the case and its children", _arrange, _check)]
