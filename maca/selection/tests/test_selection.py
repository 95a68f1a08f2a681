"""Selecting cases: nominations, draws, agencies, and who sees what."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.notifications.models import SentEmail
from maca.programme.models import Stage
from maca.programme.services import audit_set_scrutineers
from maca.programme.tests.factories import AuditFactory
from maca.selection.models import Assignment, AuditCase, Draw, Nomination
from maca.selection.services import (
    PoolFilter,
    assignments_set,
    draw_make,
    nomination_create,
    nomination_decide,
)
from maca.selection.tests.builders import EVERYTHING, accept_case, make_case, move_audit
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

# ``audit`` (at ‘Selecting cases’) and ``pool`` (30 cases) are in conftest.py.


def test_an_agency_lead_nominates_and_the_lead_accepts(world, audit, pool, client_for):
    case = pool[0]
    response = client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": case.reference.lower(), "reason": "Three referrals in a year"},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    client_for(world["qa"]).post(
        reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]), {"decision": "accept", "reason": ""}
    )
    audit_case = AuditCase.objects.get(audit=audit)
    assert (audit_case.case, audit_case.source, audit_case.number) == (case, "nominated", 1)
    # The agencies the case list names are asked to audit it.
    assert [a.agency for a in audit_case.assignments.all()] == list(case.agencies.all())


def test_a_qa_officer_nominating_an_unknown_reference_is_told_at_once(world, audit, client_for):
    response = client_for(world["qa"]).post(
        reverse("selection:nominate", args=[audit.pk]), {"case_reference": "F-999999", "reason": "x"}
    )
    assert "There is no case with the reference ‘F-999999’" in html.unescape(response.content.decode())


def test_declining_a_nomination_needs_a_reason(world, audit, pool):
    nomination = nomination_create(
        actor=world["lead"].user, audit=audit, case_reference=pool[0].reference, reason="x", can_see_pool=True
    )
    with pytest.raises(ValidationError, match="Enter why"):
        nomination_decide(actor=world["qa"].user, nomination=nomination, accept=False, reason="")


def test_a_draw_is_recorded_reproducible_and_balanced(world, audit, pool):
    qa = world["qa"].user
    first = draw_make(
        actor=qa,
        audit=audit,
        size=6,
        dimensions=["service_level", "locality"],
        allocation="proportional",
        pool_filter=EVERYTHING,
        seed=42,
    )
    assert len(first.selected_case_ids) == 6 and first.seed == 42
    assert AuditCase.objects.current().filter(audit=audit).count() == 6
    levels = {row["value"]: row for row in first.balance[0]}
    assert all(abs(row["deviation"]) < 1 + 1e-9 for row in levels.values())
    # Every dimension is shown, balanced or not.
    shown = {rows[0]["dimension"] for rows in first.balance}
    assert {"service_level", "locality", "age_band", "sex", "ethnicity", "disability"} <= shown
    # The same seed gives the same cases.
    again = draw_make(
        actor=qa,
        audit=audit,
        size=6,
        dimensions=["service_level", "locality"],
        allocation="proportional",
        pool_filter=EVERYTHING,
        seed=42,
    )
    assert again.selected_case_ids == first.selected_case_ids
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert AuditCase.objects.current().filter(audit=audit).count() == 6
    assert AuditCase.objects.filter(audit=audit, removed_at__isnull=False).count() == 6  # kept, with why
    event = AuditEvent.objects.filter(action="draw.made").latest("id")
    assert event.changes["seed"] == 42


def test_a_redraw_keeps_nominated_cases_and_counts_them(world, audit, pool):
    qa = world["qa"].user
    accept_case(audit, pool[0], actor=qa)
    draw = draw_make(
        actor=qa,
        audit=audit,
        size=4,
        dimensions=["service_level"],
        allocation="proportional",
        pool_filter=EVERYTHING,
        seed=7,
    )
    assert len(draw.selected_case_ids) == 3
    assert pool[0].pk not in draw.selected_case_ids
    numbers = list(AuditCase.objects.current().filter(audit=audit).order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]


def test_cases_audited_in_the_last_year_are_left_out(world, audit, pool):
    qa = world["qa"].user
    other = AuditFactory(partnership=world.partnership, lead=qa)
    move_audit(other, Stage.SELECTING, qa)
    taken = draw_make(
        actor=qa, audit=other, size=10, dimensions=[], allocation="proportional", pool_filter=EVERYTHING, seed=1
    )
    draw = draw_make(
        actor=qa,
        audit=audit,
        size=20,
        dimensions=[],
        allocation="proportional",
        pool_filter=PoolFilter(open_within_months=None, exclude_audited_within_months=12),
        seed=2,
    )
    assert not set(taken.selected_case_ids) & set(draw.selected_case_ids)
    assert draw.exclusions["audited in the last 12 months"] == 10


def test_a_sample_larger_than_the_pool_is_refused_clearly(world, audit, pool):
    with pytest.raises(ValidationError, match="The pool has only 30 eligible cases"):
        draw_make(
            actor=world["qa"].user,
            audit=audit,
            size=31,
            dimensions=[],
            allocation="proportional",
            pool_filter=EVERYTHING,
            seed=1,
        )


def test_no_redraw_once_agencies_are_auditing(world, audit, pool):
    qa = world["qa"].user
    draw_make(actor=qa, audit=audit, size=3, dimensions=[], allocation="proportional", pool_filter=EVERYTHING, seed=3)
    move_audit(audit, Stage.AUDITING, qa)
    with pytest.raises(ValidationError, match="A sample can be drawn only while"):
        draw_make(
            actor=qa, audit=audit, size=3, dimensions=[], allocation="proportional", pool_filter=EVERYTHING, seed=4
        )


def test_agencies_are_told_and_see_only_their_own_cases(world, audit, pool, client_for):
    qa = world["qa"].user
    draw = draw_make(
        actor=qa, audit=audit, size=6, dimensions=[], allocation="proportional", pool_filter=EVERYTHING, seed=5
    )
    police_case = AuditCase.objects.current().filter(audit=audit, assignments__agency=world.police).first()
    health_case = AuditCase.objects.current().filter(audit=audit).exclude(assignments__agency=world.police).first()
    lead = client_for(world["lead"])
    # Before agencies start, the lead sees nothing of the selection.
    assert lead.get(reverse("pool:case", args=[police_case.case_id])).status_code == 404
    assert police_case.case.reference not in lead.get(reverse("selection:my_cases")).content.decode()

    move_audit(audit, Stage.AUDITING, qa)
    email = SentEmail.objects.get(kind="assignment", to=world["lead"].user.email)
    assert audit.title in email.subject
    page = lead.get(reverse("selection:my_cases")).content.decode()
    assert police_case.case.reference in page
    assert health_case.case.reference not in page
    detail = lead.get(reverse("pool:case", args=[police_case.case_id]))
    assert detail.status_code == 200
    assert "CS" in detail.content.decode()  # the identifier, decrypted for someone entitled
    assert lead.get(reverse("pool:case", args=[health_case.case_id])).status_code == 404
    assert AuditEvent.objects.filter(action="case.viewed", actor=world["lead"].user).exists()
    assert len(draw.selected_case_ids) == 6


def test_a_care_board_lead_sees_its_gp_practices_cases(world, audit, client_for):
    from maca.accounts.tests.factories import MembershipFactory, give_authenticator

    qa = world["qa"].user
    case = make_case(world.partnership, agencies=[world.gp_practice])
    accept_case(audit, case, actor=qa)
    move_audit(audit, Stage.AUDITING, qa)
    board_lead = MembershipFactory(partnership=world.partnership, role="agency_lead", agency=world.health)
    give_authenticator(board_lead.user)
    from django.test import Client

    from maca.accounts.tests.factories import sign_in_with_second_factor

    client = sign_in_with_second_factor(Client(), board_lead.user)
    assert client.get(reverse("pool:case", args=[case.pk])).status_code == 200


def test_a_scrutineer_sees_only_the_audits_they_scrutinise(world, audit, pool, client_for):
    qa = world["qa"].user
    draw_make(actor=qa, audit=audit, size=2, dimensions=[], allocation="proportional", pool_filter=EVERYTHING, seed=9)
    client = client_for(world["scrutineer"])
    assert client.get(reverse("selection:cases", args=[audit.pk])).status_code == 403
    audit.refresh_from_db()
    audit_set_scrutineers(actor=qa, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version)
    assert client.get(reverse("selection:cases", args=[audit.pk])).status_code == 200
    drawn = set(AuditCase.objects.current().filter(audit=audit).values_list("case_id", flat=True))
    for case_id in drawn:
        assert client.get(reverse("pool:case", args=[case_id])).status_code == 200
    not_drawn = next(case for case in pool if case.pk not in drawn)
    assert client.get(reverse("pool:case", args=[not_drawn.pk])).status_code == 404


def test_the_board_never_sees_case_level_data(world, audit, pool, client_for):
    client = client_for(world["board"])
    assert client.get(reverse("pool:case", args=[pool[0].pk])).status_code == 403
    assert client.get(reverse("selection:cases", args=[audit.pk])).status_code == 403


def test_changing_agencies_keeps_a_trace(world, audit, pool):
    qa = world["qa"].user
    accept_case(audit, pool[1], actor=qa)
    audit_case = AuditCase.objects.get(audit=audit)
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health])
    assert Assignment.objects.filter(audit_case=audit_case, removed_at__isnull=False).count() == 1
    assert [a.agency for a in Assignment.objects.current().filter(audit_case=audit_case)] == [world.health]


def test_the_qa_officer_draws_through_the_page_and_sees_the_balance(world, audit, pool, client_for):
    client = client_for(world["qa"])
    response = client.post(
        reverse("selection:draw", args=[audit.pk]),
        {
            "size": "6",
            "dimensions": ["service_level", "locality"],
            "allocation": "proportional",
            "open_within_months": "",
            "exclude_audited_within_months": "12",
            "seed": "123",
        },
    )
    assert response.status_code == 302
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "123" in page and "Level of service (balanced)" in page and "Age band" in page
    cases_page = html.unescape(client.get(reverse("selection:cases", args=[audit.pk])).content.decode())
    assert "6 cases reviewing 6 children" in cases_page


def test_cases_whose_children_were_not_recorded_are_not_counted_as_no_children(world, audit, client_for):
    """An audit brought in from an earlier year keeps its cases without their
    children: the audit, the year's programme and the cases page say the number
    was not recorded, in the same words, rather than "reviewing 0 children"."""
    qa = world["qa"].user
    known = [make_case(world.partnership, children=n) for n in (1, 2)]
    unknown = [make_case(world.partnership, children=0) for _ in range(2)]
    for case in known + unknown[:1]:
        accept_case(audit, case, actor=qa)
    client = client_for(world["qa"])

    def shown(name, *args):
        return words_shown(client.get(reverse(name, args=args)).content.decode())

    sentence = "3 cases reviewing 3 children (not recorded for 1 case)"
    assert sentence in shown("selection:cases", audit.pk)
    assert sentence in shown("programme:audit", audit.pk)
    assert "3 of 4 (3 children, not recorded for 1 case)" in shown("programme:year", audit.programme.year)

    for case in known:
        AuditCase.objects.filter(audit=audit, case=case).update(removed_at=timezone.now())
    accept_case(audit, unknown[1], actor=qa)
    assert "2 cases (number of children not recorded)" in shown("selection:cases", audit.pk)
    assert "2 cases (number of children not recorded)" in shown("programme:audit", audit.pk)
    assert "0 children" not in shown("programme:year", audit.programme.year)


def test_the_case_list_pages_do_not_get_slower_with_more_cases(world, audit, client_for):
    qa = world["qa"].user

    def add(n):
        for _ in range(n):
            case = make_case(world.partnership, agencies=[world.police, world.health], children=2)
            accept_case(audit, case, actor=qa)

    client = client_for(world["qa"])
    assert_queries_do_not_grow(lambda: client.get(reverse("selection:cases", args=[audit.pk])), add)
    assert_queries_do_not_grow(
        lambda: client.get(reverse("pool:index")), lambda n: [make_case(world.partnership) for _ in range(n)]
    )


def test_the_agency_list_does_not_get_slower_with_more_cases(world, audit, client_for):
    qa = world["qa"].user
    cases = [make_case(world.partnership, agencies=[world.police]) for _ in range(15)]
    for case in cases[:2]:
        accept_case(audit, case, actor=qa)
    move_audit(audit, Stage.AUDITING, qa)
    client = client_for(world["lead"])
    state = {"next": 2}

    def add(n):
        for case in cases[state["next"] : state["next"] + n]:
            from maca.selection.services import _add_case

            _add_case(actor=qa, audit=audit, case=case, source="nominated")
        state["next"] += n

    assert_queries_do_not_grow(lambda: client.get(reverse("selection:my_cases")), add)


def test_the_command_line_draw_prints_the_balance_table(world, audit, pool, capsys):
    call_command(
        "select_cases", "--audit", str(audit.pk), "--size", "5", "--balance", "service_level,locality", "--seed", "11"
    )
    output = capsys.readouterr().out
    assert "seed 11" in output and "Level of service" in output and "target" in output
    assert Draw.objects.filter(audit=audit, seed=11, drawn_by__isnull=True).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--audit", "999999", "--size", "5"], "There is no audit 999999"),
        (["--size", "5", "--balance", "shoe_size"], "Unknown dimension"),
        (["--size", "500"], "The pool has only"),
    ],
)
def test_the_command_line_draw_explains_bad_input(world, audit, pool, args, message):
    if "--audit" not in args:
        args = ["--audit", str(audit.pk), *args]
    with pytest.raises(CommandError, match=message):
        call_command("select_cases", *args)


def test_an_agency_lead_cannot_use_nominations_to_find_out_who_is_in_the_pool(world, audit, pool, client_for):
    client = client_for(world["lead"])
    url = reverse("selection:nominate", args=[audit.pk])
    answers = []
    # Another agency's nomination of the same case waiting is not mentioned either.
    for who, reference in (("lead", "F-999999"), ("lead", pool[0].reference), ("health_lead", pool[0].reference)):
        response = client_for(world[who]).post(url, {"case_reference": reference, "reason": "x"}, follow=True)
        answers.append(html.unescape(response.content.decode()).count("Your nomination has been sent"))
    assert answers == [1, 1, 1]  # the same answer whatever is typed
    # Nominating again what one's own agency nominated is refused the same way,
    # in the case list or not.
    for reference in ("f-999999", pool[0].reference.lower()):
        page = html.unescape(client.post(url, {"case_reference": reference, "reason": "x"}).content.decode())
        assert "You have already nominated" in page
        assert "There is no case" not in page and "already selected" not in page
    unknown = Nomination.objects.get(case_reference="F-999999")
    assert unknown.case is None
    page = html.unescape(
        client_for(world["qa"])
        .get(reverse("selection:decide_nomination", args=[audit.pk, unknown.pk]))
        .content.decode()
    )
    assert "There is no case with the reference ‘F-999999’ in the case list: decline it." in page
    with pytest.raises(ValidationError, match="decline it"):
        nomination_decide(actor=world["qa"].user, nomination=unknown, accept=True)


def test_a_stale_agencies_page_never_takes_an_agency_off_silently(world, audit, pool, client_for):
    qa = world["qa"].user
    accept_case(audit, pool[1], actor=qa)
    audit_case = AuditCase.objects.get(audit=audit)
    shown = sorted(Assignment.objects.current().filter(audit_case=audit_case).values_list("agency_id", flat=True))
    # Someone else adds the GP practice after the page was drawn.
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.police, world.gp_practice])
    response = client_for(world["admin"]).post(
        reverse("selection:case_agencies", args=[audit.pk, audit_case.pk]),
        {"agencies": [world.police.pk], "shown": ",".join(map(str, shown))},
    )
    assert "Someone else changed the agencies for this case" in response.content.decode()
    assert Assignment.objects.current().filter(audit_case=audit_case, agency=world.gp_practice).exists()
    # The boxes show their change (the GP practice) and nothing of the person's is lost.
    from maca.tests.page import Page

    page = Page(response.content.decode())
    assert page.checked("agencies") == {str(world.police.pk), str(world.gp_practice.pk)}
    # Had the person ticked health, it stays ticked beside the other's change.
    response = client_for(world["admin"]).post(
        reverse("selection:case_agencies", args=[audit.pk, audit_case.pk]),
        {"agencies": [world.police.pk, world.health.pk], "shown": ",".join(map(str, shown))},
    )
    assert "Someone else changed the agencies for this case" in response.content.decode()
    page = Page(response.content.decode())
    assert page.checked("agencies") == {str(world.police.pk), str(world.gp_practice.pk), str(world.health.pk)}


def _form(**values) -> dict:
    return {
        "size": "3",
        "dimensions": [],
        "allocation": "proportional",
        "open_within_months": "",
        "exclude_audited_within_months": "",
        "seed": "7",
        **values,
    }


def test_a_themed_draw_limited_to_a_flag_draws_only_those_cases_and_shows_the_choice_again(world, client_for):
    audit = AuditFactory(
        partnership=world.partnership, lead=world["qa"].user, title="Exploitation of teenagers", target_cases=3
    )
    move_audit(audit, Stage.SELECTING, world["qa"].user)
    flagged = {make_case(world.partnership, flags=["exploitation"]).pk for _ in range(4)}
    for _ in range(20):
        make_case(world.partnership, flags=["neglect"])
    client = client_for(world["qa"])
    response = client.post(reverse("selection:draw", args=[audit.pk]), _form(flags=["exploitation"]))
    assert response.status_code == 302
    draw = Draw.objects.get(audit=audit)
    assert set(draw.selected_case_ids) <= flagged and len(draw.selected_case_ids) == 3
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "only cases flagged Exploitation" in page and "20 cases not flagged Exploitation" in page
    assert "No case in this sample is flagged" not in page
    # The draw page shows the box ticked, as it was saved.
    from maca.tests.page import Page

    assert Page(client.get(reverse("selection:draw", args=[audit.pk])).content.decode()).checked("flags") == {
        "exploitation"
    }


def test_a_themed_sample_with_no_case_of_its_theme_is_warned_about(world, client_for):
    audit = AuditFactory(
        partnership=world.partnership, lead=world["qa"].user, title="Exploitation of teenagers", target_cases=3
    )
    move_audit(audit, Stage.SELECTING, world["qa"].user)
    make_case(world.partnership, flags=["exploitation"])
    for _ in range(20):
        make_case(world.partnership, flags=["neglect"])
    client = client_for(world["qa"])
    # Balanced on the flag, proportionally: 1 in 21 cases is flagged, so 3 cases hold none.
    response = client.post(reverse("selection:draw", args=[audit.pk]), _form(dimensions=["flag:exploitation"]))
    assert response.status_code == 302
    draw = Draw.objects.get(audit=audit)
    from maca.cases.models import Case

    assert not any("exploitation" in c.flags for c in Case.objects.filter(pk__in=draw.selected_case_ids))
    warning = "No case in this sample is flagged Exploitation, which this audit is about."
    assert warning in html.unescape(client.get(response["Location"]).content.decode())
    assert warning in html.unescape(client.get(reverse("selection:draw", args=[audit.pk])).content.decode())
    # Drawn again, limited to the flag: the warning goes.
    client.post(
        reverse("selection:draw", args=[audit.pk]), _form(flags=["exploitation"], size="1", current_draw=str(draw.pk))
    )
    assert warning not in html.unescape(client.get(reverse("selection:draw", args=[audit.pk])).content.decode())


def test_an_audit_whose_theme_names_no_flag_gets_no_warning(world):
    from maca.selection.services import theme_flags

    audit = AuditFactory(partnership=world.partnership, title="Children missing education and at home", theme="x")
    assert theme_flags(audit) == ["missing"]
    assert theme_flags(AuditFactory(partnership=world.partnership, title="Transitions to adult services")) == []


def test_only_agency_staff_see_a_cases_identifiers(world, client_for):
    """A scrutineer (and a QA officer) sees the case, its returns and its
    chronology without the NHS number or the case-system number; the police,
    who audit it, see them to find their own records."""
    from maca.returns.models import Return
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    audit.refresh_from_db()
    audit_set_scrutineers(
        actor=world["qa"].user, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
    )
    audit_case = AuditCase.objects.get(audit=audit)
    system_number = f"CS{int(audit_case.case.reference.split('-')[1]):07d}"
    return_record = Return.objects.get(audit=audit)
    pages = [
        reverse("pool:case", args=[audit_case.case_id]),
        reverse("returns:detail", args=[return_record.pk]),
        reverse("chronology:integrated", args=[audit.pk, audit_case.pk]),
    ]
    for persona in ("scrutineer", "qa"):
        client = client_for(world[persona])
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (persona, url)
            page = response.content.decode()
            assert "9434765919" not in page and system_number not in page, (persona, url)
        case_page = html.unescape(client.get(pages[0]).content.decode())
        assert "Identifiers for finding your own records" not in case_page
        assert "shown only to the staff of the agencies auditing it" in case_page
        assert audit_case.case.reference in case_page
    lead_page = client_for(world["lead"]).get(pages[0]).content.decode()
    assert "9434765919" in lead_page and system_number in lead_page
    events = AuditEvent.objects.filter(action="case.viewed").order_by("id")
    shown = {(e.actor_id, e.changes["identifiers_shown"]) for e in events}
    assert shown == {(world["scrutineer"].user.pk, False), (world["qa"].user.pk, False), (world["lead"].user.pk, True)}
