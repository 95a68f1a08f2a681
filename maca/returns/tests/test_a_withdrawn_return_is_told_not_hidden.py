"""A return the QA officer withdraws (made in error, say: ``services.
return_withdraw``) is kept, and no longer asked for. Its agency used to lose
it from "Your agency’s returns" without a word, while "Cases to audit" went
on listing the case with its deadline. Now both pages tell the truth, in one
wording (``presenters.NOT_DUE_WITHDRAWN``, ``presenters.withdrawn_note``):
the returns page lists it as withdrawn, when and why, with no date it is
due by; Cases to audit says "Withdrawn" in place of its deadline."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_withdraw
from maca.returns.tests.builders import audit_with_returns
from maca.selection.models import AuditCase
from maca.selection.services import assignments_set
from maca.tests.page import words_shown
from maca.tests.tables import read_tables


def _page(client, url) -> str:
    return client.get(url).content.decode()


def _withdraw(world, ret, reason="Made in error: the case was chosen twice") -> Return:
    qa = world["qa"]
    ret.refresh_from_db()
    return return_withdraw(
        actor=qa.user, membership=qa.membership, return_record=ret, reason=reason, expected_version=ret.version
    )


def _returns_by_case(client) -> dict[str, list[str]]:
    table = read_tables(_page(client, reverse("returns:mine")))["Your agency’s returns"]
    return {row[1].split(" –")[0]: row for row in table.rows}


def _cases_to_audit(client) -> dict[str, str]:
    table = read_tables(_page(client, reverse("selection:my_cases"))).get("Cases your agency is auditing")
    return {row[1]: row[table.head.index("Return by")] for row in table.rows} if table else {}


def test_a_withdrawn_return_is_listed_as_withdrawn_with_when_and_why(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number").first()
    _withdraw(world, first)
    today = f"{timezone.localdate():%-d %b %Y}"
    deadline = f"{audit.return_deadline:%-d %b %Y}"

    auditor = client_for(world["auditor"])
    rows = _returns_by_case(auditor)
    assert set(rows) == {"Case 1", "Case 2"}
    assert rows["Case 1"][3] == ReturnStatus.WITHDRAWN.label
    assert rows["Case 1"][4] == f"Withdrawn on {today}: Made in error: the case was chosen twice"
    assert deadline not in rows["Case 1"][4]
    assert rows["Case 2"][4].startswith(deadline)

    detail = words_shown(_page(auditor, reverse("returns:detail", args=[first.pk])))
    assert f"Return by Withdrawn on {timezone.localdate():%-d %B %Y}" in detail
    assert "Withdrawn because Made in error: the case was chosen twice" in detail

    return_by = _cases_to_audit(auditor)
    assert return_by["Case 1"] == "Withdrawn"
    assert return_by["Case 2"].startswith(deadline)


def test_a_deep_dives_withdrawn_summative_report_is_told_on_each_of_its_cases(world, client_for):
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    report = Return.objects.get(audit=audit, agency=world.police, audit_case=None)
    _withdraw(world, report, reason="Chosen in error")
    auditor = client_for(world["auditor"])
    assert _returns_by_case(auditor)["All its cases"][4].endswith(": Chosen in error")
    assert _cases_to_audit(auditor) == {"Case 1": "Withdrawn", "Case 2": "Withdrawn"}


def test_a_return_withdrawn_with_its_agency_taken_off_the_case_says_why(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police, world.health])
    audit_case = AuditCase.objects.current().get(audit=audit)
    assignments_set(actor=world["qa"].user, audit_case=audit_case, agencies=[world.health])
    rows = _returns_by_case(client_for(world["auditor"]))
    assert rows["Case 1"][4].endswith(": The agency is no longer auditing this case.")
    # Taken off the case, the case is no longer on its list at all.
    assert _cases_to_audit(client_for(world["auditor"])) == {}


def test_a_return_brought_back_is_due_again(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police, world.health])
    audit_case = AuditCase.objects.current().get(audit=audit)
    qa = world["qa"].user
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health])
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health, world.police])
    auditor = client_for(world["auditor"])
    deadline = f"{audit.return_deadline:%-d %b %Y}"
    rows = _returns_by_case(auditor)
    assert rows["Case 1"][4].startswith(deadline) and rows["Case 1"][3] != ReturnStatus.WITHDRAWN.label
    assert _cases_to_audit(auditor)["Case 1"].startswith(deadline)
