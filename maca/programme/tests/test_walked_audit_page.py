"""What a QA walk of an audit's page found (December 2026), as a person sees
it: an agency lead is not sent to a list that cannot hold the audit's cases
yet; once agencies are auditing, the QA officer's link to the draw says what
the draw page then does (shows how the sample was drawn), not "draw"; and
planning fewer cases than are selected says to take cases out only while
they can be taken out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.programme.models import Audit, Stage
from maca.programme.tests.factories import AuditFactory
from maca.selection.tests.builders import draw_from_whole_pool, make_case, move_audit
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

LISTED_LATER = (
    "The cases your agency is asked to audit will be on its list of cases to audit "
    "once the audit moves to ‘Agencies auditing’."
)


def _at(audit: Audit, stage: Stage) -> Audit:
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    return audit


def _page(client, audit) -> tuple[str, str]:
    body = client.get(reverse("programme:audit", args=[audit.pk])).content.decode()
    return body, words_shown(body)


@pytest.mark.parametrize("stage", [Stage.PLANNED, Stage.SELECTING])
def test_an_agency_lead_is_told_when_the_audit_cases_will_be_listed(world, client_for, stage):
    audit = _at(AuditFactory(partnership=world.partnership, lead=world["qa"].user), stage)
    body, shown = _page(client_for(world["lead"]), audit)
    assert "Your agency’s cases to audit" not in shown
    assert f'href="{reverse("selection:my_cases")}"' not in body
    assert LISTED_LATER in shown


@pytest.mark.parametrize("stage", [Stage.AUDITING, Stage.MEETING])
def test_an_agency_lead_is_sent_to_the_agency_cases_once_agencies_are_auditing(world, client_for, stage):
    audit = _at(AuditFactory(partnership=world.partnership, lead=world["qa"].user), stage)
    body, shown = _page(client_for(world["lead"]), audit)
    assert "Your agency’s cases to audit" in shown
    assert f'href="{reverse("selection:my_cases")}"' in body
    assert LISTED_LATER not in shown


@pytest.mark.parametrize(
    ("stage", "link"),
    [
        (Stage.PLANNED, "Draw a random, balanced sample"),
        (Stage.SELECTING, "Draw a random, balanced sample"),
        (Stage.AUDITING, "How the sample was drawn"),
        (Stage.WRITING_UP, "How the sample was drawn"),
    ],
)
def test_the_link_to_the_draw_says_what_the_draw_page_does_at_each_stage(world, client_for, stage, link):
    audit = _at(AuditFactory(partnership=world.partnership, lead=world["qa"].user), stage)
    body, shown = _page(client_for(world["qa"]), audit)
    assert f'<a class="govuk-link" href="{reverse("selection:draw", args=[audit.pk])}">{link}</a>' in body
    other = {"Draw a random, balanced sample", "How the sample was drawn"} - {link}
    assert other.pop() not in shown


def test_planning_fewer_cases_than_selected_while_selecting_says_cases_can_be_taken_out(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, target_cases=3)
    move_audit(audit, Stage.SELECTING, world["qa"].user)
    for _ in range(3):
        make_case(world.partnership, agencies=[world.police])
    draw_from_whole_pool(actor=world["qa"].user, audit=audit, size=3)
    client = client_for(world["qa"])
    shown = fields_shown(client.get(reverse("programme:audit_edit", args=[audit.pk])).content.decode())
    data = {
        name: field.chosen if field.kind == "checkbox" else (field.chosen or [""])[0] for name, field in shown.items()
    }
    data["target_cases"] = "2"

    response = client.post(reverse("programme:audit_edit", args=[audit.pk]), data)

    assert response.status_code == 200
    assert (
        "There is a problem 3 cases are already selected for this audit: plan at least 3, or take cases out first"
        in words_shown(response.content.decode())
    )
