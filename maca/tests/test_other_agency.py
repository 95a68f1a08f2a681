"""Another agency of the same partnership sees none of the police's case-level
data: its lists leave the police's cases out, and the police's records are
404 (the permission matrix checks every URL; this checks what the lists show)."""

from __future__ import annotations

import html

from django.urls import reverse

from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.selection.services import assignments_set


def _page(client, name: str, **kwargs) -> str:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    return html.unescape(response.content.decode())


def test_the_care_board_lists_only_its_own_cases_and_returns(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    police_return, shared_return = Return.objects.filter(audit=audit).order_by("audit_case__number")
    shared_case = shared_return.audit_case
    assignments_set(actor=world["qa"].user, audit_case=shared_case, agencies=[world.police, world.health])
    police_only, shared = police_return.audit_case.case.reference, shared_case.case.reference
    health = client_for(world["health_lead"])
    police = client_for(world["lead"])
    for name in ("selection:my_cases", "returns:mine"):
        theirs, ours = _page(health, name), _page(police, name)
        assert police_only in ours and shared in ours, name
        assert police_only not in theirs and shared in theirs, name
    for name, kwargs in (
        ("pool:case", {"pk": police_return.audit_case.case_id}),
        ("returns:detail", {"pk": police_return.pk}),
        ("chronology:return", {"return_pk": police_return.pk}),
        ("chronology:integrated", {"audit_pk": audit.pk, "audit_case_pk": police_return.audit_case_id}),
    ):
        assert health.get(reverse(name, kwargs=kwargs)).status_code == 404, name
        assert police.get(reverse(name, kwargs=kwargs)).status_code == 200, name
