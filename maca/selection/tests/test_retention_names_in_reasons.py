"""Years after an audit ended, the retention run (ADR 0017) has taken the
child's name out of what people typed about the case when choosing it: why it
was nominated, why the nomination was accepted, and why it was taken out of
the audit. The nominations are still listed, with what is left."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from maca.cases.models import Child
from maca.partnerships.retention import retention_apply
from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.retention import REMOVED
from maca.returns.tests.builders import move
from maca.selection.models import AuditCase
from maca.selection.services import audit_case_remove, nomination_create, nomination_decide
from maca.selection.tests.builders import make_case
from maca.tests.retention import CHILD_NAME, YEARS_LATER, audited_case, no_identifier_in, walk_to_close
from maca.tests.test_words_on_pages import words_of
from maca.tools.tests.factories import published_tool

WHY = f"{CHILD_NAME} was missing from school for six weeks and nobody asked why."
DECISION = "Robin’s school has not been heard from in any audit."


def _nominations_page(client_for, world, audit) -> str:
    response = client_for(world["qa"]).get(reverse("selection:nominations", args=[audit.pk]))
    assert response.status_code == 200
    return words_of(response.content.decode())


def test_years_later_the_nominations_are_listed_without_the_childs_name(world, client_for):
    audited = audited_case(world, why=WHY, decision=DECISION)
    walk_to_close(audited, [])
    shown = _nominations_page(client_for, world, audited.audit)
    assert WHY in shown and DECISION in shown

    retention_apply(now=timezone.now() + YEARS_LATER)

    shown = _nominations_page(client_for, world, audited.audit)
    assert f"{REMOVED} was missing from school for six weeks and nobody asked why." in shown
    assert f"{REMOVED}’s school has not been heard from in any audit." in shown
    assert no_identifier_in(shown), shown


def test_years_later_why_a_case_was_taken_out_of_an_audit_no_longer_names_the_child(world):
    qa = world["qa"].user
    case = make_case(world.partnership, agencies=[world.police])
    Child.objects.filter(case=case).update(identifiers={"name": CHILD_NAME})
    audit = AuditFactory(
        partnership=world.partnership, lead=qa, tool=published_tool(world.partnership, name="Removal tool").tool
    )
    move(audit, Stage.SELECTING, qa)
    nomination = nomination_create(actor=qa, audit=audit, case_reference=case.reference, reason=WHY, can_see_pool=True)
    nomination_decide(actor=qa, nomination=nomination, accept=True)
    audit_case_remove(
        actor=qa, audit_case=AuditCase.objects.get(audit=audit), reason=f"{CHILD_NAME} is in another audit."
    )
    move(audit, Stage.CANCELLED, qa)

    retention_apply(now=timezone.now() + YEARS_LATER)

    removed = AuditCase.objects.get(audit=audit)
    assert removed.removed_reason == f"{REMOVED} is in another audit."
    assert no_identifier_in(removed.removed_reason)
