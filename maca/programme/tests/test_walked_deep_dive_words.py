"""Found on a walk of the demo: a deep dive's agencies send summative reports,
its page says "Summative reports due", yet its plan said "Agencies return
their audits by" and "agencies with returns outstanding", its errors named
"the return deadline" and its move page asked for "the date agencies must
return their audits by"."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory, replan
from maca.tools.tests.factories import published_tool

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture
def deep_dive(world):
    summative = published_tool(world.partnership, kind="summative", name="Summative report").tool
    return AuditFactory(
        partnership=world.partnership, lead=world["qa"].user, kind="deep_dive", tool=summative, title="MASH referrals"
    )


def test_a_deep_dives_plan_asks_for_its_summative_reports(world, client_for, deep_dive):
    words = _main(client_for(world["qa"]).get(reverse("programme:audit_edit", args=[deep_dive.pk])))
    assert "Agencies send their summative reports by" in words
    assert "Only agencies with summative reports outstanding. 0 for no reminder." in words
    assert "return their audits" not in words and "returns outstanding" not in words


def test_the_plan_of_a_new_audit_says_what_a_deep_dive_sends(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    words = _main(client_for(world["qa"]).get(reverse("programme:audit_new") + "?year=2026"))
    assert "Agencies return their audits by For a deep dive, their summative reports." in words


def test_a_deep_dives_dates_out_of_order_name_its_summative_report_deadline(world, client_for, deep_dive):
    client = client_for(world["qa"])
    url = reverse("programme:audit_edit", args=[deep_dive.pk])
    from maca.tests.forms_shown import fields_shown

    shown = fields_shown(html.unescape(client.get(url).content.decode()))
    data = {name: f.chosen if f.kind == "checkbox" else (f.chosen[0] if f.chosen else "") for name, f in shown.items()}
    data.update({"return_deadline-day": "1", "return_deadline-month": "8", "return_deadline-year": "2026"})
    words = _main(client.post(url, data))
    assert "The summative report deadline must be on or after the day cases are selected" in words
    assert "return deadline" not in words


def test_a_deep_dive_without_a_deadline_is_asked_for_its_summative_reports_date(world, client_for, deep_dive):
    qa = world["qa"].user
    deep_dive = replan(deep_dive, return_deadline=None)
    deep_dive = audit_move(
        actor=qa, audit=deep_dive, to_stage=Stage.SELECTING, reason="Agreed", expected_version=deep_dive.version
    ).audit
    words = _main(client_for(world["qa"]).get(reverse("programme:audit_move", args=[deep_dive.pk])))
    assert "Set the date agencies must send their summative reports by." in words
    with pytest.raises(ValidationError) as error:
        audit_move(actor=qa, audit=deep_dive, to_stage=Stage.AUDITING, reason="Go", expected_version=deep_dive.version)
    assert "Set the date agencies must send their summative reports by." in error.value.messages


def test_a_deep_dives_deadline_once_set_is_named_when_cleared(world):
    from maca.programme.services import audit_update
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=1, agencies=[world.police], kind="deep_dive", tool_kind="summative")
    with pytest.raises(ValidationError) as error:
        # The kind is not among the fields sent: the audit's own names the deadline.
        audit_update(actor=world["qa"].user, audit=audit, expected_version=audit.version, return_deadline=None)
    assert error.value.message_dict["return_deadline"] == [
        "The summative report deadline cannot be removed once agencies are auditing"
    ]


def test_a_deep_dives_deadline_before_its_selection_is_named_without_the_kind_sent(world, deep_dive):
    import datetime as dt

    from maca.programme.services import audit_update

    with pytest.raises(ValidationError) as error:
        audit_update(
            actor=world["qa"].user,
            audit=deep_dive,
            expected_version=deep_dive.version,
            planned_selection_date=deep_dive.planned_meeting_date,
            return_deadline=deep_dive.planned_meeting_date - dt.timedelta(days=1),
        )
    assert error.value.message_dict["return_deadline"] == [
        "The summative report deadline must be on or after the day cases are selected"
    ]
