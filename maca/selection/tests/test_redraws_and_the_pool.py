"""What a redraw keeps and leaves out, and which cases the pool holds: a drawn
case whose nomination was accepted, a case taken out by hand, the cases of a
past audit brought in, the "open in the last months" window; and the pages
around them (an agency's cases in case order, a finished audit's nominations)."""

import datetime as dt
import importlib
import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.cases.models import Case, ServiceLevel
from maca.findings.audit_transfer import audit_import
from maca.findings.tests.past_audits import as_bytes, past_audit
from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.selection.models import AuditCase, Draw, Nomination, SelectionSource
from maca.selection.services import (
    PoolFilter,
    _add_case,
    assignments_set,
    draw_make,
    eligible_pool,
    nomination_create,
    nomination_decide,
)
from maca.selection.tests.builders import EVERYTHING, make_case, move_audit
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def draw_on_the_page(client, audit, **over):
    current = Draw.objects.filter(audit=audit, superseded_at__isnull=True).first()
    data = {
        "size": "4",
        "allocation": "proportional",
        "open_within_months": "",
        "exclude_audited_within_months": "",
        "seed": "1",
        "current_draw": str(current.pk) if current else "",
    }
    data.update(over)
    response = client.post(reverse("selection:draw", args=[audit.pk]), data)
    assert response.status_code == 302, words_shown(response.content.decode())
    return response


def cases_listed(client, audit) -> dict[str, list[str]]:
    """The audit's cases page, as ``{reference: [case, chosen by]}``."""
    table = read_tables(client.get(reverse("selection:cases", args=[audit.pk])).content.decode())["Selected cases"]
    at = {name: table.head.index(name) for name in ("Case", "Reference", "Chosen by")}
    return {row[at["Reference"]]: [row[at["Case"]], row[at["Chosen by"]]] for row in table.rows}


def test_a_redraw_keeps_a_drawn_case_whose_nomination_was_accepted(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    draw_on_the_page(qa, audit, seed="1")
    drawn = AuditCase.objects.current().filter(audit=audit).select_related("case").order_by("number")[1]
    # An agency lead nominates a case that the draw has already picked.
    client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": drawn.case.reference, "reason": "Three referrals in a year"},
    )
    nomination = Nomination.objects.get(audit=audit)
    response = qa.post(
        reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]),
        {"decision": "accept", "reason": ""},
        follow=True,
    )
    # The case keeps the number the audit lead has just been told.
    said = words_shown(response.content.decode())
    assert f"it is already in the audit as case {drawn.number}." in said and "has been added" not in said
    assert cases_listed(qa, audit)[drawn.case.reference] == [f"Case {drawn.number}", "Nominated"]
    logged = AuditEvent.objects.get(action="nomination.accepted", object_id=str(nomination.pk)).changes
    assert logged["audit_case"]["number"] == drawn.number
    assert logged["audit_case"]["source"] == ["drawn", "nominated"]

    # "Drawing again replaces the drawn cases. Nominated cases stay." Drawn
    # again from other levels of service only, so that the draw cannot pick it.
    others = [
        level for level in ("early_help", "child_in_need", "child_protection") if level != drawn.case.service_level
    ]
    draw_on_the_page(qa, audit, seed="2", service_levels=others)

    listed = cases_listed(qa, audit)
    assert listed[drawn.case.reference] == ["Case 1", "Nominated"]
    assert len(listed) == 4
    nominations = words_shown(qa.get(reverse("selection:nominations", args=[audit.pk])).content.decode())
    assert "Accepted" in nominations


def test_a_redraw_does_not_draw_again_a_case_taken_out_by_hand(world, audit, client_for):
    qa = client_for(world["qa"])
    cases = [make_case(world.partnership, agencies=[world.police]) for _ in range(5)]
    draw_on_the_page(qa, audit, size="4")
    removed = AuditCase.objects.current().filter(audit=audit).select_related("case").first()
    response = qa.post(
        reverse("selection:remove_case", args=[audit.pk, removed.pk]), {"reason": "The family moved away"}
    )
    assert response.status_code == 302
    # Five cases, four to draw, one taken out by hand: the redraw takes the other four.
    response = draw_on_the_page(qa, audit, size="4", seed="9")
    assert removed.case.reference not in cases_listed(qa, audit)
    assert set(cases_listed(qa, audit)) == {case.reference for case in cases} - {removed.case.reference}
    detail = words_shown(qa.get(response["Location"]).content.decode())
    assert "1 case taken out of this audit by hand" in detail


def test_an_imported_past_audits_cases_are_not_in_the_case_pool(world, client_for):
    real = make_case(world.partnership)
    audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    qa = client_for(world["qa"])
    pool_page = words_shown(qa.get(reverse("pool:index")).content.decode())
    assert real.reference in pool_page
    assert "past-" not in pool_page
    assert "1 case" in pool_page and "4 cases" not in pool_page
    export = qa.get(reverse("pool:export", args=["csv"]))
    exported = b"".join(export.streaming_content if export.streaming else [export.content]).decode("utf-8-sig")
    assert real.reference in exported and "past-" not in exported
    imports = words_shown(client_for(world["admin"]).get(reverse("cases:imports")).content.decode())
    assert "The pool has 1 case and 1 child." in imports


def test_a_draw_leaves_a_past_audits_cases_out_without_counting_them(world, client_for):
    for _ in range(6):
        make_case(world.partnership, locality="North")
    audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, target_cases=4)
    move_audit(audit, Stage.SELECTING, world["qa"].user)
    qa = client_for(world["qa"])
    # Every case of the case list has a locality: the draw form offers no "Not recorded".
    form = fields_shown(qa.get(reverse("selection:draw", args=[audit.pk])).content.decode())
    assert form["localities"].options == ["North"]
    response = draw_on_the_page(qa, audit, size="3")
    detail = words_shown(qa.get(response["Location"]).content.decode())
    assert "6 eligible cases" in detail
    assert "no children left in the case list" not in detail
    assert "past-" not in " ".join(cases_listed(qa, audit))


@pytest.mark.parametrize(
    "on, first_day",
    [
        (dt.date(2026, 5, 31), dt.date(2026, 4, 30)),  # April has 30 days
        (dt.date(2026, 3, 31), dt.date(2026, 2, 28)),  # and February 28
        (dt.date(2028, 3, 30), dt.date(2028, 2, 29)),  # or 29
        (dt.date(2026, 5, 15), dt.date(2026, 4, 15)),
    ],
)
def test_open_in_the_last_month_reaches_back_one_calendar_month(world, audit, on, first_day):
    closed_before = make_case(
        world.partnership, open_date=dt.date(2026, 1, 5), closed_date=first_day - dt.timedelta(days=1)
    )
    closed_on = make_case(world.partnership, open_date=dt.date(2026, 1, 5), closed_date=first_day)
    pool = eligible_pool(audit, PoolFilter(open_within_months=1, exclude_audited_within_months=None), on=on)
    ids = {row["id"] for row in pool.rows}
    assert closed_on.pk in ids
    assert closed_before.pk not in ids


def test_an_agencys_cases_are_listed_in_case_order_within_an_audit(world, audit, client_for):
    qa = world["qa"].user
    drawn = [make_case(world.partnership, agencies=[world.police]) for _ in range(3)]
    draw_make(actor=qa, audit=audit, size=3, dimensions=[], allocation="proportional", pool_filter=EVERYTHING, seed=3)
    # Nominated last, so numbered first; and the police are asked last of all, once agencies audit.
    extra = make_case(world.partnership, agencies=[world.health])
    nomination = nomination_create(
        actor=qa, audit=audit, case_reference=extra.reference, reason="Seen", can_see_pool=True
    )
    nomination_decide(actor=qa, nomination=nomination, accept=True)
    move_audit(audit, Stage.AUDITING, qa)
    case_1 = AuditCase.objects.get(audit=audit, case=extra)
    assert case_1.number == 1 and len(drawn) == 3
    assignments_set(actor=qa, audit_case=case_1, agencies=[world.health, world.police])

    lead = client_for(world["lead"])
    page = words_shown(lead.get(reverse("selection:my_cases")).content.decode())
    numbers = [int(n) for n in re.findall(r"Babies at risk Case (\d+)", page)]
    assert numbers == [1, 2, 3, 4], page
    # The agency's returns: the same order.
    returns = read_tables(lead.get(reverse("returns:mine")).content.decode())["Your agency’s returns"]
    assert [re.search(r"[Cc]ase (\d+)", row[1]).group(1) for row in returns.rows] == ["1", "2", "3", "4"]


def test_a_cancelled_audits_page_does_not_say_nominations_wait_for_a_decision(world, audit, client_for):
    qa = world["qa"].user
    case = make_case(world.partnership, agencies=[world.police])
    nomination_create(
        actor=world["lead"].user, audit=audit, case_reference=case.reference, reason="Seen", can_see_pool=False
    )
    client = client_for(world["qa"])
    audit_page = words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Nominations (1 waiting for a decision)" in audit_page
    move_audit(audit, Stage.CANCELLED, qa)
    nominations_page = words_shown(client.get(reverse("selection:nominations", args=[audit.pk])).content.decode())
    assert "Decide" not in nominations_page  # the list it links to offers nothing to decide
    audit_page = words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "waiting for a decision" not in audit_page


def test_a_past_audits_case_cannot_be_nominated(world, audit, client_for):
    audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    past = AuditCase.objects.exclude(audit=audit).select_related("case").first().case
    response = client_for(world["qa"]).post(
        reverse("selection:nominate", args=[audit.pk]), {"case_reference": past.reference, "reason": "Seen"}
    )
    assert f"There is no case with the reference ‘{past.reference}’ in the case list" in words_shown(
        response.content.decode()
    )


def test_the_cases_past_audits_brought_in_before_are_marked(world, audit):
    """The data migration marks the cases that only a past audit's import
    selected; not a case of the case list, nor one an audit of maca selected too."""
    from django.apps import apps

    migration = importlib.import_module("maca.cases.migrations.0005_case_from_past_audit")
    audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    past = list(AuditCase.objects.exclude(audit=audit).order_by("number").select_related("case"))
    listed = make_case(world.partnership)
    draw_make(
        actor=world["qa"].user,
        audit=audit,
        size=1,
        dimensions=[],
        allocation="proportional",
        pool_filter=EVERYTHING,
        seed=1,
    )
    _add_case(actor=world["qa"].user, audit=audit, case=past[0].case, source=SelectionSource.NOMINATED)
    assert AuditCase.objects.filter(audit=audit, case=listed).exists()
    Case.objects.update(from_past_audit=False)  # as they were before the mark

    migration.mark_cases_of_past_audits(apps, None)

    marked = set(Case.objects.filter(from_past_audit=True).values_list("reference", flat=True))
    assert marked == {past[1].case.reference, past[2].case.reference}


def test_the_draw_page_keeps_every_choice_after_a_draw_and_after_an_error(world, audit, client_for):
    """Localities "Not recorded" and flags too, which the other pages' tests do not choose."""
    levels = [ServiceLevel.EARLY_HELP, ServiceLevel.CHILD_IN_NEED, ServiceLevel.CHILD_PROTECTION]
    for i in range(30):
        make_case(world.partnership, service_level=levels[i % 3], locality=["North", ""][i % 2], flags=["neglect"])
    client = client_for(world["qa"])
    choices = {
        "size": "4",
        "allocation": "equal",
        "dimensions": ["sex", "locality"],
        "service_levels": ["early_help", "child_in_need"],
        "localities": ["", "North"],
        "flags": ["neglect"],
        "seed": "7",
    }
    refused = client.post(reverse("selection:draw", args=[audit.pk]), {**choices, "size": "200", "current_draw": ""})
    assert refused.status_code == 200 and "eligible" in words_shown(refused.content.decode())
    draw_on_the_page(client, audit, **choices)
    drawn = client.get(reverse("selection:draw", args=[audit.pk]))
    for page in (refused, drawn):
        shown = fields_shown(page.content.decode())
        assert sorted(shown["localities"].chosen) == ["", "North"]
        assert sorted(shown["dimensions"].chosen) == ["locality", "sex"]
        assert sorted(shown["service_levels"].chosen) == ["child_in_need", "early_help"]
        assert shown["flags"].chosen == ["neglect"]
        assert shown["allocation"].chosen == ["equal"]


def test_the_nominations_page_says_when_an_accepted_case_was_later_taken_out(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    case = police_pool[0]
    client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": case.reference, "reason": "Three referrals in a year"},
    )
    nomination = Nomination.objects.get(audit=audit)
    qa.post(reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]), {"decision": "accept"})
    url = reverse("selection:nominations", args=[audit.pk])
    assert "Accepted; the case was later taken out" not in words_shown(qa.get(url).content.decode())

    in_audit = AuditCase.objects.current().get(audit=audit, case=case)
    response = qa.post(reverse("selection:remove_case", args=[audit.pk, in_audit.pk]), {"reason": "Moved away"})
    assert response.status_code == 302

    for viewer in (qa, client_for(world["lead"])):
        words = words_shown(viewer.get(url).content.decode())
        assert "Accepted; the case was later taken out of the audit" in words
