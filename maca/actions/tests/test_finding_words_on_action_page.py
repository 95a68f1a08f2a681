"""An action's page shows the words of the findings and recommendation it
answers only to those who may read them on the findings pages: a finding the
meeting removed (it may name a child) to nobody, a finding whose themes are
not confirmed yet only to those who read the audit's meeting, a withdrawn
recommendation only to those who record the meeting. The board, the owner
agency and everyone else read what became of it instead."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from maca.actions.links import REMOVED_FINDING, UNCONFIRMED_FINDING, WITHDRAWN_RECOMMENDATION
from maca.actions.models import ActionFinding
from maca.actions.services import action_cancel, action_raise_from_finding, action_raise_from_recommendation
from maca.findings.models import Finding, Recommendation, RecommendationStatus
from maca.findings.recommendation_services import recommendation_withdraw
from maca.findings.services.findings import finding_confirm_tags, finding_remove
from maca.findings.tests.builders import audit_at_meeting
from maca.programme.models import Stage
from maca.returns.tests.builders import move
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.test_words_on_pages import words_of

SECRET = "Amelia Smith (born 3 May 2019) was left with her uncle at 14 Elm Road."
EVERY_READER = ("qa", "admin", "lead", "auditor", "board", "scrutineer")


def _fields(world) -> dict:
    return {
        "title": "Strategy meetings include health",
        "text": "Health is invited to every strategy meeting.",
        "measure": "A dip sample of 10 strategy meetings shows health invited to all.",
        "owner_agency": world.police,
        "owner": world["lead"].user,
        "due_on": dt.date.today() + dt.timedelta(days=60),
    }


def _concern(world, audit, text=SECRET) -> Finding:
    case = audit.audit_cases.order_by("number").first()
    return Finding.objects.create(
        partnership=world.partnership, audit=audit, audit_case=case, agency=world.police, polarity="concern", text=text
    )


def _scrutinised_audit(world):
    audit = audit_at_meeting(world)
    audit.scrutineers.add(world["scrutineer"].user)  # so the scrutineer reads its meeting
    return audit


def _words(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (name, response.status_code)
    return words_of(response.content.decode())


def test_a_removed_findings_words_are_read_by_nobody_on_its_actions_page(world, client_for):
    audit = _scrutinised_audit(world)
    finding = _concern(world, audit)
    action = action_raise_from_finding(actor=world["qa"].user, finding=finding, **_fields(world))
    qa = world["qa"].user
    finding_remove(actor=qa, finding=finding, reason="It names the child.", expected_version=finding.version)
    move(audit, Stage.WRITING_UP, world["qa"].user)
    move(audit, Stage.ACTIONS, world["qa"].user)
    # The board's findings page leaves it out...
    assert SECRET not in _words(client_for(world["board"]), "findings:audit_findings", audit.pk)
    # ...and so does the action's page, for everyone who reads the plan.
    for persona in EVERY_READER:
        page = _words(client_for(world[persona]), "actions:detail", action.pk)
        assert SECRET not in page, persona
        assert f"Findings {REMOVED_FINDING}" in page, persona


def test_an_unconfirmed_findings_words_are_read_only_by_those_who_read_the_meeting(world, client_for):
    audit = _scrutinised_audit(world)
    finding = _concern(world, audit)
    assert finding.tags_confirmed_at is None
    action = action_raise_from_finding(actor=world["qa"].user, finding=finding, **_fields(world))
    board = client_for(world["board"])
    assert SECRET not in _words(board, "findings:audit_findings", audit.pk)
    for persona in ("board", "lead", "auditor"):
        page = _words(client_for(world[persona]), "actions:detail", action.pk)
        assert SECRET not in page, persona
        assert f"Findings {UNCONFIRMED_FINDING}" in page, persona
    # Those who read the meeting (where the finding is listed) read it here too.
    for persona in ("qa", "admin", "scrutineer"):
        page = _words(client_for(world[persona]), "actions:detail", action.pk)
        assert f"Findings {SECRET}" in page, persona
        assert UNCONFIRMED_FINDING not in page, persona
    # Once its themes are confirmed the board reads it on both pages.
    finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity="concern",
        theme_keys=["think_family"],
        expected_version=finding.version,
    )
    assert SECRET in _words(board, "findings:audit_findings", audit.pk)
    assert f"Findings {SECRET}" in _words(board, "actions:detail", action.pk)


def test_a_withdrawn_recommendations_words_are_read_only_by_those_who_record_the_meeting(world, client_for):
    audit = _scrutinised_audit(world)
    qa = world["qa"].user
    recommendation = Recommendation.objects.create(
        partnership=world.partnership, audit=audit, text=SECRET, status=RecommendationStatus.CONFIRMED, confirmed_by=qa
    )
    action = action_raise_from_recommendation(actor=qa, recommendation=recommendation, **_fields(world))
    assert f"Recommendation {SECRET}" in _words(client_for(world["board"]), "actions:detail", action.pk)
    # Withdrawn once its action is cancelled (refused while an action raised from it is open).
    action_cancel(actor=qa, action=action, reason="Its recommendation is withdrawn.", expected_version=action.version)
    recommendation_withdraw(
        actor=qa, recommendation=recommendation, reason="It names the child.", expected_version=recommendation.version
    )
    for persona in ("board", "scrutineer", "lead", "auditor"):
        page = _words(client_for(world[persona]), "actions:detail", action.pk)
        assert SECRET not in page, persona
        assert f"Recommendation {WITHDRAWN_RECOMMENDATION}" in page, persona
    # The QA officer still reads it on the recommendation's page, and here.
    for persona in ("qa", "admin"):
        page = _words(client_for(world[persona]), "actions:detail", action.pk)
        assert f"Recommendation Since withdrawn: {SECRET}" in page, persona


def test_the_action_page_asks_no_more_queries_for_more_findings(world, client_for):
    audit = _scrutinised_audit(world)
    qa = world["qa"].user
    first = _concern(world, audit, text="Health was not invited to the strategy meeting.")
    action = action_raise_from_finding(actor=qa, finding=first, **_fields(world))
    kept = []

    def add(n):
        for i in range(n):
            finding = _concern(world, audit, text=f"Finding {len(kept) + 1}.")
            kept.append(finding)
            ActionFinding.objects.create(partnership=world.partnership, action=action, finding=finding)
            if i % 2:
                finding_remove(actor=qa, finding=finding, reason="Said twice.", expected_version=finding.version)

    for persona in ("scrutineer", "board", "qa"):
        client = client_for(world[persona])
        assert_queries_do_not_grow(lambda client=client: client.get(reverse("actions:detail", args=[action.pk])), add)
