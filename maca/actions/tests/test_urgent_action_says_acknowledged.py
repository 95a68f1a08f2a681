"""An urgent action's page says, in its "Immediate concern" row, that the
owning agency acknowledged the concern: by whom (name and agency) and when,
as the plan says who took a step, not only in the history; and the QA
officer deciding on its sign-off is led to the concern, where the history
says the agency's steps are recorded."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from maca.actions.models import Action
from maca.actions.tests.builders import audit_with_recommendations
from maca.actions.tests.test_corrections import html
from maca.core.presenters import long_date
from maca.findings.models import ImmediateConcern
from maca.findings.services.concerns import concern_acknowledge
from maca.partnerships.presenters import agency_name
from maca.tests.test_words_on_pages import words_of


def _concern(world):
    audit, _finding, _recs, _theme = audit_with_recommendations(world)
    case = audit.audit_cases.order_by("number").first()
    concern = ImmediateConcern.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=case,
        agency=world.police,
        what_was_found="Seen only on the concern's page.",
        raised_by=world["qa"].user,
    )
    return concern, case


def test_the_concern_row_says_who_acknowledged_it_and_when(world, client_for):
    concern, case = _concern(world)
    action = Action.objects.get(concern=concern)
    url = reverse("actions:detail", args=[action.pk])
    before = words_of(html(client_for(world["qa"]).get(url)))
    assert "Acknowledged" not in before.split("Themes")[0]
    # No alert went (no lead to e-mail): said so, as the concern's own page says it.
    raised = f"Immediate concern Raised {long_date(timezone.localdate())} about case {case.number}"
    police = agency_name(world.police)
    assert f"{raised} Not sent: {police} has no lead to e-mail. Telephone them." in before
    ImmediateConcern.objects.filter(pk=concern.pk).update(alert_sent_at=timezone.now())
    sent = words_of(html(client_for(world["qa"]).get(url)))
    assert f"{raised} Sent to {police}, not yet acknowledged" in sent
    concern.refresh_from_db()

    concern_acknowledge(
        actor=world["lead"].user,
        concern=concern,
        acknowledgement="Steps only the concern's page shows.",
        expected_version=concern.version,
    )
    # Half past midnight on 2 July in London is 1 July in UTC: the day is the partnership's.
    ImmediateConcern.objects.filter(pk=concern.pk).update(
        raised_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC),
        acknowledged_at=dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC),
    )
    lead = world["lead"].user.full_name
    police = agency_name(world.police)
    for persona in ("qa", "lead"):
        page = words_of(html(client_for(world[persona]).get(url)))
        assert (
            f"Immediate concern Raised 1 July 2026 about case {case.number} "
            f"Acknowledged 2 July 2026 by {lead} ({police})"
        ) in page
        assert "Steps only the concern's page shows." not in page


def test_the_qa_officer_signing_off_an_urgent_action_is_led_to_its_concern(world, client_for):
    from maca.actions.services import sign_off_request

    concern, _case = _concern(world)
    concern_acknowledge(
        actor=world["lead"].user,
        concern=concern,
        acknowledgement="Steps only the concern's page shows.",
        expected_version=concern.version,
    )
    action = Action.objects.get(concern=concern)
    sign_off_request(
        actor=world["lead"].user, action=action, note="Done.", expected_version=Action.objects.get(pk=action.pk).version
    )
    page = html(client_for(world["qa"]).get(reverse("actions:sign_off", args=[action.pk])))
    link = reverse("findings:concern", args=[concern.pk])
    assert (
        f'<a class="govuk-link" href="{link}">Read the immediate concern this action came from, '
        "and what the agency is doing</a>"
    ) in page
