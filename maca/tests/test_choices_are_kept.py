"""Every page where a person ticks several boxes keeps all of them: after
saving, the page is opened again and shows each choice ticked."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory
from maca.cases.models import ServiceLevel
from maca.partnerships.tests.factories import AgencyFactory
from maca.programme.models import Stage
from maca.programme.services import audit_move, priority_create
from maca.programme.tests.factories import AuditFactory
from maca.selection.models import AuditCase
from maca.selection.services import nomination_create, nomination_decide
from maca.selection.tests.builders import make_case
from maca.tests.page import Page

pytestmark = pytest.mark.django_db


def page_of(client, url: str) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    return Page(response.content.decode())


@pytest.fixture
def audit(world):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, target_cases=4)
    audit_move(actor=world["qa"].user, audit=audit, to_stage=Stage.SELECTING, reason="Next", expected_version=1)
    audit.refresh_from_db()
    return audit


def test_three_agencies_ticked_for_a_case_stay_ticked(world, audit, client_for):
    qa = world["qa"].user
    case = make_case(world.partnership, agencies=[world.police])
    school = AgencyFactory(partnership=world.partnership, name="Testshire Academy")
    nomination = nomination_create(actor=qa, audit=audit, case_reference=case.reference, reason="x", can_see_pool=True)
    nomination_decide(actor=qa, nomination=nomination, accept=True)
    audit_case = AuditCase.objects.get(audit=audit)
    url = reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])
    client = client_for(world["qa"])
    shown = page_of(client, url)
    assert shown.input_types("agencies") == {"checkbox"}
    assert shown.checked("agencies") == {str(world.police.pk)}

    chosen = {str(world.police.pk), str(world.gp_practice.pk), str(school.pk)}
    response = client.post(url, {"agencies": sorted(chosen), "shown": shown.value("shown")})
    assert response.status_code == 302
    assert page_of(client, url).checked("agencies") == chosen


def test_a_draw_keeps_its_four_dimensions_and_the_levels_and_localities_chosen(world, audit, client_for):
    levels = [ServiceLevel.EARLY_HELP, ServiceLevel.CHILD_IN_NEED, ServiceLevel.CHILD_PROTECTION]
    for i in range(24):
        make_case(world.partnership, service_level=levels[i % 3], locality=["North", "South", "East"][i % 3])
    url = reverse("selection:draw", args=[audit.pk])
    client = client_for(world["qa"])
    dimensions = {"age_band", "locality", "disability", "service_level"}
    response = client.post(
        url,
        {
            "size": "4",
            "dimensions": sorted(dimensions),
            "allocation": "equal",
            "open_within_months": "",
            "exclude_audited_within_months": "12",
            "service_levels": [ServiceLevel.CHILD_IN_NEED, ServiceLevel.CHILD_PROTECTION],
            "localities": ["North", "South"],
            "seed": "77",
        },
    )
    assert response.status_code == 302, response.content.decode()
    summary = html.unescape(client.get(response["Location"]).content.decode())
    balanced_on = re.search(r"Balanced on\s*</dt>\s*<dd[^>]*>\s*([^<]*?)\s*</dd>", summary).group(1)
    assert set(balanced_on.split(", ")) == {
        "Age band (youngest child)",
        "Disability or SEND",
        "Level of service",
        "Locality or team",
    }

    # Opening the draw page again shows the current draw's choices.
    again = page_of(client, url)
    assert again.input_types("dimensions") == {"checkbox"}
    assert again.checked("dimensions") == dimensions
    assert again.checked("allocation") == {"equal"}
    assert again.checked("service_levels") == {ServiceLevel.CHILD_IN_NEED.value, ServiceLevel.CHILD_PROTECTION.value}
    assert again.checked("localities") == {"North", "South"}


def test_an_audit_keeps_every_board_priority_ticked(world, audit, client_for):
    qa = world["qa"].user
    priorities = [
        priority_create(actor=qa, partnership=world.partnership, title=title)
        for title in ("Neglect", "Exploitation", "Early help", "Voice of the child")
    ]
    url = reverse("programme:audit_edit", args=[audit.pk])
    client = client_for(world["qa"])
    before = page_of(client, url)
    assert before.input_types("priorities") == {"checkbox"}
    data = {
        "title": audit.title,
        "theme": audit.theme,
        "kind": audit.kind,
        "target_cases": "4",
        "version": before.value("version"),
        "priorities": [str(p.pk) for p in priorities[:3]],
        "tool": str(audit.tool_id),
        "lead": str(qa.pk),
        "reminder_days_before": "7",
        "reminder_days_after": "3",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert page_of(client, url).checked("priorities") == {str(p.pk) for p in priorities[:3]}


def test_an_audit_keeps_every_scrutineer_ticked(world, audit, client_for):
    scrutineers = [world["scrutineer"].user]
    for name in ("Rhys Reviewer", "Ines Independent"):
        user = UserFactory(full_name=name)
        MembershipFactory(user=user, partnership=world.partnership, role=Role.INDEPENDENT_SCRUTINEER)
        scrutineers.append(user)
    url = reverse("programme:audit_scrutineers", args=[audit.pk])
    client = client_for(world["qa"])
    before = page_of(client, url)
    assert before.input_types("scrutineers") == {"checkbox"}
    chosen = {str(u.pk) for u in scrutineers}
    response = client.post(url, {"scrutineers": sorted(chosen), "version": before.value("version")})
    assert response.status_code == 302, response.content.decode()
    assert page_of(client, url).checked("scrutineers") == chosen
